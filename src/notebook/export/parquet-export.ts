/**
 * Parquet export of a query. DuckDB writes it when the parquet extension is present
 * (`COPY … TO '/uploads/…' (FORMAT parquet)`); duckdb-wasm 1.32 ships without it and the locked-down
 * engine cannot fetch it, so the usual path is: DuckDB normalises each column's type in SQL, and
 * hyparquet-writer writes the file (parquet-columns.ts).
 */
import type { Table } from 'apache-arrow';
import { sqlIdent, sqlString } from '../../analysis/filters';
import type { Connector } from '../../engine/connector';
import { tableToParquet, type ParquetColumn } from './parquet-columns';

function body(sql: string): string {
  return sql.replace(/;\s*$/, '');
}

interface Plan {
  column: ParquetColumn;
  /** SQL for the column, over positional aliases c0, c1, … */
  expr: string;
}

/** How one DuckDB column type is carried into Parquet. */
export function planColumn(name: string, duckType: string, ref: string): Plan {
  const type = duckType.toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2]);
    return { column: { name, kind: 'decimal', precision, scale }, expr: ref };
  }
  switch (type) {
    case 'BOOLEAN':
      return { column: { name, kind: 'bool' }, expr: ref };
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'UTINYINT':
    case 'USMALLINT':
      return { column: { name, kind: 'int32' }, expr: `${ref}::INTEGER` };
    case 'BIGINT':
    case 'UINTEGER':
      return { column: { name, kind: 'int64' }, expr: `${ref}::BIGINT` };
    case 'UBIGINT':
    case 'HUGEINT':
    case 'UHUGEINT':
      return { column: { name, kind: 'decimal', precision: 38, scale: 0 }, expr: `${ref}::DECIMAL(38,0)` };
    case 'FLOAT':
    case 'DOUBLE':
      return { column: { name, kind: 'double' }, expr: `${ref}::DOUBLE` };
    case 'DATE':
      return { column: { name, kind: 'date' }, expr: `(${ref} - DATE '1970-01-01')::INTEGER` };
    case 'TIMESTAMP':
    case 'TIMESTAMP_S':
    case 'TIMESTAMP_MS':
    case 'TIMESTAMP_NS':
    case 'TIMESTAMP WITH TIME ZONE':
      return { column: { name, kind: 'timestamp' }, expr: `epoch_us(${ref})` };
    default:
      // Text, and anything Parquet readers would not agree on (lists, structs, intervals…) as text.
      return { column: { name, kind: 'utf8' }, expr: `${ref}::VARCHAR` };
  }
}

async function viaWriter(query: (sql: string) => Promise<Table>, sql: string): Promise<Uint8Array> {
  const described = await query(`DESCRIBE SELECT * FROM (\n${body(sql)}\n) AS ${sqlIdent('__pq_shape')}`);
  const rows = described.toArray().map((r) => r.toJSON() as { column_name: string; column_type: string });
  const plans = rows.map((r, i) => planColumn(r.column_name, r.column_type, `c${i}`));
  const aliases = plans.map((_, i) => `c${i}`).join(', ');
  const select = plans.map((p, i) => `${p.expr} AS c${i}`).join(', ');
  const table = await query(`SELECT ${select} FROM (\n${body(sql)}\n) AS ${sqlIdent('__pq')}(${aliases})`);
  return tableToParquet(
    table,
    plans.map((p) => p.column),
  );
}

/** The query's result as Parquet bytes. `fileName` names the scratch file under /uploads/. */
export async function exportParquet(
  conn: Connector,
  sql: string,
  fileName = '__export.parquet',
): Promise<Uint8Array> {
  const scratch = fileName.replace(/[^\w.-]/g, '_');
  try {
    await conn.query(`COPY (\n${body(sql)}\n) TO ${sqlString('/uploads/' + scratch)} (FORMAT parquet)`);
  } catch (e) {
    if (e instanceof Error && /parquet/i.test(e.message) && /extension/i.test(e.message))
      return viaWriter((s) => conn.query(s), sql);
    throw e;
  }
  try {
    return await conn.readFile(scratch);
  } finally {
    await conn.dropFile(scratch);
  }
}

export { viaWriter as parquetViaWriter };
