import type { Querier } from '../analysis/types';
import { sqlIdent, sqlString } from '../analysis/filters';
import { PROBLEM_TABLES } from '../analysis/problem-phrases/build';

/**
 * Working tables: of the phrase mining only its result, problem_phrases, is for analysts; of the
 * stored audit, audit_total_rows is an index (the flags themselves are listed).
 */
const HIDDEN = new Set<string>([
  ...PROBLEM_TABLES.filter((t) => t !== 'problem_phrases'),
  'audit_total_rows',
]);

export interface TableInfo {
  name: string;
  rows: number;
  columns: { name: string; type: string }[];
}

/**
 * Every user table with its exact row count and columns, in two queries. Temporary tables (the
 * ingest's and the phrase mining's scratch tables) are not listed. Another task may drop a table
 * between the two queries (the phrase mining rebuilds its tables while panels query): then the list
 * is read again.
 */
export async function listTables(query: Querier, attempts = 3): Promise<TableInfo[]> {
  const cols = await query(
    `SELECT table_name, column_name, data_type FROM duckdb_columns()
     WHERE schema_name = 'main' AND NOT internal AND database_name <> 'temp'
       AND table_name NOT LIKE '\\_\\_%' ESCAPE '\\'
     ORDER BY table_name, column_index`,
  );
  const byTable = new Map<string, TableInfo>();
  for (const row of cols) {
    const { table_name, column_name, data_type } = row.toJSON() as Record<string, string>;
    const name = table_name ?? '';
    if (HIDDEN.has(name)) continue;
    const info = byTable.get(name) ?? { name, rows: 0, columns: [] };
    info.columns.push({ name: column_name ?? '', type: data_type ?? '' });
    byTable.set(name, info);
  }
  if (!byTable.size) return [];
  let counts;
  try {
    counts = await query(
      [...byTable.keys()]
        .map((t) => `SELECT ${sqlString(t)} AS t, count(*)::DOUBLE AS n FROM ${sqlIdent(t)}`)
        .join(' UNION ALL '),
    );
  } catch (e) {
    if (attempts > 1 && /Catalog Error/.test(String(e))) return listTables(query, attempts - 1);
    throw e;
  }
  for (const row of counts) {
    const { t, n } = row.toJSON() as { t: string; n: number };
    const info = byTable.get(t);
    if (info) info.rows = n;
  }
  const canonical = ['evaluations', 'indicators', 'ingest_rejects'];
  return [...byTable.values()].sort(
    (a, b) =>
      (canonical.indexOf(a.name) + 1 || 99) - (canonical.indexOf(b.name) + 1 || 99) ||
      a.name.localeCompare(b.name),
  );
}
