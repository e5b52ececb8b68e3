export { tableToCsv, csvExportSql, csvTextField, exportCsv, type CsvOptions } from './csv';
export { exportParquet, planColumn } from './parquet-export';
export { tableToParquet, type ParquetColumn, type ParquetKind } from './parquet-columns';
export { downloadBlob } from './download';
export { chartToSvg, chartToPng } from './chart';
export {
  notebookToFile,
  notebookToJson,
  notebookFromFile,
  notebookFileName,
  NOTEBOOK_EXTENSION,
  NOTEBOOK_MIME,
} from './notebook-file';
