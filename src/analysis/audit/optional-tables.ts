/**
 * Tables other parts of the app may or may not have created: ingest_totals (ingest) and
 * problem_phrases (phrase mining). Queries that use them ask first, so a missing one leaves a
 * column empty instead of failing the whole panel.
 */
import type { Table } from 'apache-arrow';

export interface OptionalTables {
  /** ingest_totals(label, …evaluation columns, source_file, source_row) */
  totals: boolean;
  /** problem_phrases(unit, year, phrase) and the id tables it is made from (problem-phrases/build.ts) */
  phrases: boolean;
}

export const NO_OPTIONAL_TABLES: OptionalTables = { totals: false, phrases: false };

const REQUIRED: Record<keyof OptionalTables, [string, readonly string[]][]> = {
  totals: [['ingest_totals', ['label', 'budget_initial', 'budget', 'spent', 'source_file', 'source_row']]],
  phrases: [
    ['problem_phrases', ['unit', 'year', 'phrase']],
    ['problem_units', ['unit_id', 'unit']],
    ['problem_unit_texts', ['unit_id', 'year', 'text_id']],
    ['problem_texts', ['text_id', 'phrase_ids']],
    ['problem_phrase_vocab', ['phrase_id', 'phrase']],
  ],
};
const NAMES = Object.values(REQUIRED).flatMap((tables) => tables.map(([name]) => `'${name}'`));

/** One row per optional table that exists (tables or views), with its column names. */
export const OPTIONAL_TABLES_SQL = `SELECT table_name, list(column_name) AS columns
FROM information_schema.columns
WHERE table_name IN (${NAMES.join(', ')})
GROUP BY table_name`;

export function readOptionalTables(table: Table): OptionalTables {
  const found = new Map<string, Set<string>>();
  for (const row of table.toArray() as Record<string, unknown>[]) {
    const columns = row['columns'] as { toArray(): unknown[] } | null;
    found.set(String(row['table_name']), new Set((columns?.toArray() ?? []).map(String)));
  }
  const has = (tables: [string, readonly string[]][]) =>
    tables.every(([name, columns]) => {
      const cols = found.get(name);
      return cols !== undefined && columns.every((c) => cols.has(c));
    });
  return { totals: has(REQUIRED.totals), phrases: has(REQUIRED.phrases) };
}
