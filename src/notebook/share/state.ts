/**
 * The notebook as a plain value: what a share link, a `.selfeval.json` file and the autosave store
 * all carry. `parseNotebookState` is the one gate for outside input: it type-checks every field,
 * drops unknown keys, caps sizes and never evaluates anything.
 */
import { NO_FILTERS, type Filters } from '../../analysis/filters';
import { NotebookFormatError } from './errors';

export interface NotebookCell {
  id: string;
  sql: string;
  note?: string;
}

/** Which file a notebook was written against: name, row count and a short SHA-256 of the bytes. */
export interface DatasetFingerprint {
  file: string;
  rows: number;
  /** First 16 hex characters of the SHA-256 of the file bytes. */
  hash: string;
}

export type ChartSettings = Record<string, string | number | boolean>;

export interface NotebookState {
  v: 1;
  title: string;
  cells: NotebookCell[];
  filters: Filters;
  chart: ChartSettings;
  datasets: DatasetFingerprint[];
}

/** Size caps: generous for real notebooks, small enough that a hostile link cannot hang the tab. */
export const LIMITS = {
  title: 200,
  cells: 200,
  cellId: 64,
  sql: 20_000,
  note: 5_000,
  listItems: 1_000,
  listItem: 500,
  chartKeys: 64,
  chartKey: 64,
  chartValue: 1_000,
  datasets: 64,
  fileName: 255,
} as const;

export function emptyNotebook(title = ''): NotebookState {
  return { v: 1, title, cells: [], filters: structuredClone(NO_FILTERS), chart: {}, datasets: [] };
}

function invalid(zh: string, en: string): NotebookFormatError {
  return new NotebookFormatError('invalid', `笔记本内容无效：${zh}`, `Invalid notebook: ${en}`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function text(x: unknown, max: number, where: string): string {
  if (typeof x !== 'string') throw invalid(`${where} 应为文本`, `${where} must be text`);
  if (x.length > max)
    throw invalid(`${where} 超过 ${max} 个字符`, `${where} is longer than ${max} characters`);
  return x;
}

function numberOrNull(x: unknown, where: string): number | null {
  if (x === null || x === undefined) return null;
  if (typeof x !== 'number' || !Number.isFinite(x))
    throw invalid(`${where} 应为数字`, `${where} must be a number`);
  return x;
}

function textList(x: unknown, where: string): string[] {
  if (x === undefined) return [];
  if (!Array.isArray(x)) throw invalid(`${where} 应为列表`, `${where} must be a list`);
  if (x.length > LIMITS.listItems)
    throw invalid(`${where} 超过 ${LIMITS.listItems} 项`, `${where} has more than ${LIMITS.listItems} items`);
  return x.map((item, i) => text(item, LIMITS.listItem, `${where}[${i}]`));
}

/** Missing filter keys take their defaults (older links); present ones must have the right type. */
export function parseFilters(x: unknown): Filters {
  if (x === undefined) return structuredClone(NO_FILTERS);
  if (!isRecord(x)) throw invalid('filters 应为对象', 'filters must be an object');
  return {
    yearFrom: numberOrNull(x.yearFrom, 'filters.yearFrom'),
    yearTo: numberOrNull(x.yearTo, 'filters.yearTo'),
    regions: textList(x.regions, 'filters.regions'),
    supervisors: textList(x.supervisors, 'filters.supervisors'),
    kinds: textList(x.kinds, 'filters.kinds'),
    units: textList(x.units, 'filters.units'),
    grades: textList(x.grades, 'filters.grades'),
    unitSearch: x.unitSearch === undefined ? '' : text(x.unitSearch, LIMITS.listItem, 'filters.unitSearch'),
    scoreMin: numberOrNull(x.scoreMin, 'filters.scoreMin'),
    scoreMax: numberOrNull(x.scoreMax, 'filters.scoreMax'),
    rateMin: numberOrNull(x.rateMin, 'filters.rateMin'),
    rateMax: numberOrNull(x.rateMax, 'filters.rateMax'),
  };
}

const CELL_ID = /^[A-Za-z0-9_-]+$/;

function parseCells(x: unknown): NotebookCell[] {
  if (!Array.isArray(x)) throw invalid('cells 应为列表', 'cells must be a list');
  if (x.length > LIMITS.cells)
    throw invalid(`单元格超过 ${LIMITS.cells} 个`, `more than ${LIMITS.cells} cells`);
  const seen = new Set<string>();
  return x.map((c, i) => {
    if (!isRecord(c)) throw invalid(`cells[${i}] 应为对象`, `cells[${i}] must be an object`);
    const id = text(c.id, LIMITS.cellId, `cells[${i}].id`);
    if (!CELL_ID.test(id) || seen.has(id))
      throw invalid(`cells[${i}].id 无效或重复`, `cells[${i}].id is empty, has odd characters or repeats`);
    seen.add(id);
    const cell: NotebookCell = { id, sql: text(c.sql, LIMITS.sql, `cells[${i}].sql`) };
    if (c.note !== undefined) cell.note = text(c.note, LIMITS.note, `cells[${i}].note`);
    return cell;
  });
}

function parseChart(x: unknown): ChartSettings {
  if (x === undefined) return {};
  if (!isRecord(x)) throw invalid('chart 应为对象', 'chart must be an object');
  const entries = Object.entries(x);
  if (entries.length > LIMITS.chartKeys)
    throw invalid(`chart 超过 ${LIMITS.chartKeys} 项`, `chart has more than ${LIMITS.chartKeys} settings`);
  // A null-prototype object so a key like "__proto__" stays a plain key.
  const chart: ChartSettings = Object.create(null) as ChartSettings;
  for (const [key, value] of entries) {
    text(key, LIMITS.chartKey, 'chart key');
    if (typeof value === 'string') chart[key] = text(value, LIMITS.chartValue, `chart.${key}`);
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
      chart[key] = value;
    else
      throw invalid(
        `chart.${key} 应为文本、数字或布尔值`,
        `chart.${key} must be text, a number or a boolean`,
      );
  }
  return { ...chart };
}

const HASH = /^[0-9a-f]{16}$/;

function parseDatasets(x: unknown): DatasetFingerprint[] {
  if (x === undefined) return [];
  if (!Array.isArray(x)) throw invalid('datasets 应为列表', 'datasets must be a list');
  if (x.length > LIMITS.datasets)
    throw invalid(`数据文件超过 ${LIMITS.datasets} 个`, `more than ${LIMITS.datasets} datasets`);
  return x.map((d, i) => {
    if (!isRecord(d)) throw invalid(`datasets[${i}] 应为对象`, `datasets[${i}] must be an object`);
    const file = text(d.file, LIMITS.fileName, `datasets[${i}].file`);
    const rows = d.rows;
    if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0)
      throw invalid(`datasets[${i}].rows 应为非负整数`, `datasets[${i}].rows must be a whole number ≥ 0`);
    const hash = text(d.hash, 16, `datasets[${i}].hash`);
    if (!HASH.test(hash))
      throw invalid(`datasets[${i}].hash 应为 16 位十六进制`, `datasets[${i}].hash must be 16 hex digits`);
    return { file, rows, hash };
  });
}

/** Validates untrusted input (parsed JSON) into a NotebookState, or throws NotebookFormatError. */
export function parseNotebookState(x: unknown): NotebookState {
  if (!isRecord(x)) throw invalid('顶层应为对象', 'the top level must be an object');
  if (x.v !== 1)
    throw new NotebookFormatError(
      'version',
      `不支持的笔记本版本（${String(x.v).slice(0, 20)}）：请用较新版本的自评透视打开。`,
      `Unsupported notebook version (${String(x.v).slice(0, 20)}): open it with a newer Self-Evaluation Lens.`,
    );
  return {
    v: 1,
    title: x.title === undefined ? '' : text(x.title, LIMITS.title, 'title'),
    cells: parseCells(x.cells),
    filters: parseFilters(x.filters),
    chart: parseChart(x.chart),
    datasets: parseDatasets(x.datasets),
  };
}
