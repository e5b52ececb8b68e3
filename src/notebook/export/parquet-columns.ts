/**
 * An Arrow table (already normalised in SQL by parquet-export.ts) as Parquet bytes, written by
 * hyparquet-writer. Each column gets an explicit schema element so types never depend on guessing
 * from the data (an empty result, or a column of NULLs, keeps its type).
 */
import { util, type Table, type Vector } from 'apache-arrow';
import { parquetWriteBuffer, type ColumnSource, type SchemaElement } from 'hyparquet-writer';

export type ParquetKind = 'bool' | 'int32' | 'int64' | 'double' | 'decimal' | 'date' | 'timestamp' | 'utf8';

export interface ParquetColumn {
  name: string;
  kind: ParquetKind;
  /** DECIMAL only. */
  precision?: number;
  scale?: number;
}

/** DECIMAL up to 18 digits fits INT64; wider ones go in 16 bytes (DuckDB's DECIMAL(38) maximum). */
function schemaElement(c: ParquetColumn): SchemaElement {
  const base = { name: c.name, repetition_type: 'OPTIONAL' } as const;
  switch (c.kind) {
    case 'bool':
      return { ...base, type: 'BOOLEAN' };
    case 'int32':
      return { ...base, type: 'INT32' };
    case 'int64':
      return { ...base, type: 'INT64' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
    case 'date':
      return { ...base, type: 'INT32', converted_type: 'DATE' };
    case 'timestamp':
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MICROS' };
    case 'utf8':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'decimal': {
      const precision = c.precision ?? 38;
      const scale = c.scale ?? 0;
      return precision <= 18
        ? { ...base, type: 'INT64', converted_type: 'DECIMAL', precision, scale }
        : {
            ...base,
            type: 'FIXED_LEN_BYTE_ARRAY',
            type_length: 16,
            converted_type: 'DECIMAL',
            precision,
            scale,
          };
    }
  }
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  // Arrow's DECIMAL values are BigNum views; bigNumToBigInt returns a decimal string at runtime in
  // this Arrow version despite its type, so BigInt() makes it a bigint either way.
  return BigInt(util.bigNumToBigInt(value as Parameters<typeof util.bigNumToBigInt>[0]));
}

/**
 * The column's values in the form hyparquet-writer expects. DECIMAL goes in as the unscaled
 * bigint, so it is written exactly (a JS number would round through float64).
 */
function columnValues(c: ParquetColumn, vector: Vector): unknown[] {
  const out = new Array<unknown>(vector.length);
  for (let row = 0; row < vector.length; row++) {
    const v: unknown = vector.get(row);
    if (v === null || v === undefined) {
      out[row] = null;
      continue;
    }
    switch (c.kind) {
      case 'bool':
        out[row] = Boolean(v);
        break;
      case 'int32':
      case 'date':
      case 'double':
        out[row] = Number(v);
        break;
      case 'int64':
      case 'timestamp':
      case 'decimal':
        out[row] = toBigInt(v);
        break;
      case 'utf8':
        out[row] = String(v);
        break;
    }
  }
  return out;
}

/** The table as Parquet bytes. `columns` must match the table's columns, in order. */
export function tableToParquet(table: Table, columns: readonly ParquetColumn[]): Uint8Array {
  if (columns.length !== table.numCols) throw new Error('Parquet columns do not match the table.');
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map(schemaElement),
  ];
  const columnData: ColumnSource[] = columns.map((c, i) => ({
    name: c.name,
    data: columnValues(c, table.getChildAt(i)!) as ColumnSource['data'],
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, createdBy: 'selfeval-lens' }));
}
