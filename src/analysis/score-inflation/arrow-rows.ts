import type { Table } from 'apache-arrow';

/**
 * Plain objects from an Arrow result. The SQL builders cast every column to INTEGER, DOUBLE or
 * VARCHAR, so each field arrives as number, string or null — `T` names those columns.
 * (Shared by the score-inflation and execution-rate analyses; a candidate for src/lib.)
 */
export function rowsOf<T>(table: Table): T[] {
  return table.toArray().map((row) => row.toJSON() as T);
}
