/**
 * The phrase build's tables (problem-phrases/build.ts) made from hand-written (unit, year, phrase)
 * rows, for tests of queries that read them without mining texts: problem_phrases as given, and the
 * id tables it would come from — one text per (unit, year) holding that pair's phrases (no text,
 * no copies).
 */
import type { Connector } from '../../src/engine/connector';
import { sqlString } from '../../src/analysis/filters';

export async function loadPhraseTables(
  conn: Connector,
  rows: readonly (readonly [string, number, string])[],
): Promise<void> {
  for (const t of [
    'problem_phrases',
    'problem_units',
    'problem_phrase_vocab',
    'problem_unit_texts',
    'problem_text_phrases',
    'problem_texts',
  ])
    await conn.query(`DROP TABLE IF EXISTS ${t}`);
  await conn.query('CREATE TABLE problem_phrases (unit VARCHAR, year INTEGER, phrase VARCHAR)');
  if (rows.length)
    await conn.query(
      `INSERT INTO problem_phrases VALUES ${rows.map(([u, y, p]) => `(${sqlString(u)}, ${y}, ${sqlString(p)})`).join(', ')}`,
    );
  await conn.query(`CREATE TABLE problem_units AS
    SELECT (row_number() OVER (ORDER BY unit) - 1)::INTEGER AS unit_id, unit FROM (SELECT DISTINCT unit FROM problem_phrases)`);
  await conn.query(`CREATE TABLE problem_phrase_vocab AS
    SELECT (row_number() OVER (ORDER BY phrase) - 1)::INTEGER AS phrase_id, phrase FROM (SELECT DISTINCT phrase FROM problem_phrases)`);
  await conn.query(`CREATE TABLE problem_unit_texts AS
    SELECT u.unit, u.unit_id, p.year, (row_number() OVER (ORDER BY u.unit_id, p.year) - 1)::INTEGER AS text_id
    FROM (SELECT DISTINCT unit, year FROM problem_phrases) p JOIN problem_units u USING (unit)`);
  await conn.query(`CREATE TABLE problem_text_phrases AS
    SELECT DISTINCT t.text_id, v.phrase_id
    FROM problem_phrases p JOIN problem_unit_texts t ON t.unit = p.unit AND t.year = p.year
    JOIN problem_phrase_vocab v ON v.phrase = p.phrase`);
  await conn.query(`CREATE TABLE problem_texts AS
    SELECT text_id, NULL::VARCHAR AS problems, NULL::INTEGER AS copy_id, list(phrase_id ORDER BY phrase_id) AS phrase_ids
    FROM problem_text_phrases GROUP BY text_id`);
}
