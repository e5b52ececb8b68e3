/**
 * Writes integer columns from JS into a DuckDB table through SQL alone (panels only have a Querier).
 * Each chunk travels as one string literal per column that DuckDB splits and unnests in parallel —
 * measured in Node (duckdb-wasm 1.32): 1,000,000 pairs in about 1 s this way, against about 10 s
 * as INSERT … VALUES (…), (…) rows, whose parsing dominates.
 */
import type { Querier } from '../types';

const CHUNK = 250_000;

export async function insertIntColumns(
  query: Querier,
  table: string,
  columns: Record<string, Int32Array>,
): Promise<void> {
  const names = Object.keys(columns);
  const length = columns[names[0]!]?.length ?? 0;
  for (const name of names) {
    if (columns[name]!.length !== length) throw new Error(`Column ${name} has a different length.`);
  }
  for (let from = 0; from < length; from += CHUNK) {
    const to = Math.min(length, from + CHUNK);
    // Integers only, so the literal needs no escaping.
    const lists = names.map(
      (name) => `unnest(string_split('${columns[name]!.subarray(from, to).join(',')}', ','))::INTEGER AS "${name}"`,
    );
    await query(`INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')}) SELECT ${lists.join(', ')}`);
  }
}
