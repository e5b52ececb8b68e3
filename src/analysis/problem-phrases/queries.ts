/**
 * The phrase panel's SQL, over the tables `buildProblemPhrases` made. Each reduces the filtered
 * evaluations to distinct (unit, year, text) first: projects of one unit repeat the same text, so the
 * join with the phrases stays small. A filtered state's top phrases and copied texts are what 查看SQL
 * shows; the panel counts the same answers from `stateTextsSql`'s rows (counts.ts).
 */
import { filterWhere, sqlString, type Filters } from '../filters';
import { NO_YEAR } from './counts';
import { LABEL_COLUMNS, needsRows, type LabelColumn } from './label-rows';

/** Units named per copied-text group (the panel shows this many, then "等 N 个"). */
export const COPY_UNIT_SAMPLE = 8;

/** How many unfiltered copied-text groups the build stores (the panel shows fewer). */
export const COPY_GROUPS_KEPT = 200;

/**
 * The distinct (unit_id, year, text_id) of the evaluations the filters keep, with each text's
 * copy_id and phrase_ids: the one pass over the evaluation rows that both phrase queries start
 * from, which then need no other join.
 */
export function filteredTextsSql(f: Filters): string {
  return `SELECT s.unit_id, s.year, s.text_id, t.copy_id, t.phrase_ids
FROM (SELECT DISTINCT unit_id, year, text_id FROM ${textRows(f)}) s JOIN problem_texts t USING (text_id)`;
}

/** The evaluations with a unit and a text that the filters keep (one row per label row or evaluation). */
function textRows(f: Filters): string {
  const source = needsRows(f)
    ? 'problem_evals WHERE unit_id IS NOT NULL AND text_id IS NOT NULL AND'
    : 'problem_unit_texts WHERE';
  return `${source} (${filterWhere(f)})`;
}

/**
 * The same (unit_id, year, text_id) as `filteredTextsSql`, not made distinct (counts.ts does not
 * mind repeats; DISTINCT cost 60 ms of 70 at a million rows) and with a NULL year as NO_YEAR, for
 * counting in TypeScript.
 */
export function stateTextsSql(f: Filters): string {
  return `SELECT unit_id, coalesce(year, ${NO_YEAR})::INTEGER AS year, text_id FROM ${textRows(f)}`;
}

/**
 * Materialized: both aggregations read it. The dashboard keeps it per filter state
 * (dashboard/row-copies.ts), so the two phrase queries of a state make it once.
 */
function filtered(f: Filters): string {
  return `s AS MATERIALIZED (SELECT * FROM ${filteredTexts(f)})`;
}

/** The state's filtered texts: its copy, or the query that makes it (the same rows). */
function filteredTexts(f: Filters): string {
  return f.copies?.filteredTexts ?? `(${filteredTextsSql(f)})`;
}

/**
 * The `limit` phrases used by the most units under the filters, one row per (phrase, year):
 * phrase_id, phrase, units (filtered), all_units (whole data), year, year_units.
 */
export function topPhrasesSql(f: Filters, limit = 20): string {
  if (filterWhere(f) === 'TRUE') {
    // Unfiltered: the counts the build already made.
    return `WITH top AS (SELECT phrase_id, units FROM problem_phrase_vocab ORDER BY units DESC, phrase_id LIMIT ${Math.trunc(limit)})
SELECT top.phrase_id, v.phrase, top.units, v.units AS all_units, y.year, y.units AS year_units
FROM top JOIN problem_phrase_vocab v USING (phrase_id) LEFT JOIN problem_phrase_years y USING (phrase_id)
ORDER BY top.units DESC, top.phrase_id, y.year`;
  }
  // The filtered texts' phrases, one row per (unit, year, text, phrase), read twice (the top
  // phrases, their years). Counting distinct units per group straight from these rows is a quarter
  // faster than making them distinct over (unit, year, phrase) first (at a million rows: 60 → 46 ms
  // for a region, 410 → 270 ms for a kind that keeps most rows).
  return `WITH sp AS MATERIALIZED (
  SELECT unit_id, year, unnest(phrase_ids) AS phrase_id
  FROM ${filteredTexts(f)}
),
top AS (
  SELECT phrase_id, count(DISTINCT unit_id)::INTEGER AS units
  FROM sp GROUP BY phrase_id ORDER BY units DESC, phrase_id LIMIT ${Math.trunc(limit)}
),
by_year AS (
  SELECT phrase_id, year, count(DISTINCT unit_id)::INTEGER AS year_units
  FROM sp WHERE phrase_id IN (SELECT phrase_id FROM top)
  GROUP BY phrase_id, year
)
SELECT top.phrase_id, v.phrase, top.units, v.units AS all_units, y.year, y.year_units
FROM top JOIN problem_phrase_vocab v USING (phrase_id) LEFT JOIN by_year y USING (phrase_id)
ORDER BY top.units DESC, top.phrase_id, y.year`;
}

/**
 * Groups of units whose whole problems text is the same after normalisation, largest first:
 * copy_id, units (count), unit_sample (the first COPY_UNIT_SAMPLE units by name), years, variants
 * (distinct raw texts), text (one of them). A group can hold ten thousand units: all their names
 * cost more to send and read than the panel's whole table, so `copyUnitsSql` fetches them on demand.
 */
export function copiedTextsSql(f: Filters, limit = 20): string {
  if (filterWhere(f) === 'TRUE' && limit <= COPY_GROUPS_KEPT) {
    return `SELECT * FROM problem_copies ORDER BY units DESC, copy_id LIMIT ${Math.trunc(limit)}`;
  }
  return computeCopiedTextsSql(f, limit);
}

/** `copiedTextsSql` without the stored unfiltered answer (the build uses it to store that). */
export function computeCopiedTextsSql(f: Filters, limit: number): string {
  // text_id follows the texts' order (build.ts numbers them ORDER BY problems), so the group's
  // smallest text is its smallest text_id's: the long texts are read for the shown groups only.
  return `WITH ${filtered(f)},
groups AS (
  SELECT copy_id, count(DISTINCT unit_id)::INTEGER AS units, count(DISTINCT text_id)::INTEGER AS variants,
    min(text_id) AS first_text
  FROM s
  WHERE copy_id IS NOT NULL
  GROUP BY copy_id HAVING count(DISTINCT unit_id) >= 2
  ORDER BY units DESC, copy_id LIMIT ${Math.trunc(limit)}
),
members AS (
  SELECT DISTINCT copy_id, unit_id, year FROM s WHERE copy_id IN (SELECT copy_id FROM groups)
),
per_group AS (
  SELECT copy_id, list_slice(array_sort(list(DISTINCT unit_id)), 1, ${COPY_UNIT_SAMPLE}) AS sample_ids,
    array_sort(list(DISTINCT year)) AS years
  FROM members GROUP BY copy_id
),
-- unit_id follows the units' names (build.ts numbers them ORDER BY unit): the smallest ids are the
-- first names, so only the sample's names are looked up.
sample AS (
  SELECT p.copy_id, list(u.unit ORDER BY u.unit_id) AS unit_sample
  FROM (SELECT copy_id, unnest(sample_ids) AS unit_id FROM per_group) p JOIN problem_units u USING (unit_id)
  GROUP BY p.copy_id
)
SELECT g.copy_id, g.units, n.unit_sample, p.years, g.variants, x.problems AS text
FROM groups g JOIN per_group p USING (copy_id) JOIN sample n USING (copy_id)
  JOIN problem_texts x ON x.text_id = g.first_text
ORDER BY g.units DESC, g.copy_id`;
}

/** The texts behind a phrase, by phrase text so the SQL still means the same after a rebuild. */
function textsWithPhrase(phrase: string): string {
  return `SELECT t.problems FROM problem_texts t
    JOIN problem_text_phrases tp USING (text_id) JOIN problem_phrase_vocab v USING (phrase_id)
    WHERE v.phrase = ${sqlString(phrase)}`;
}

/** Units that used a phrase under the filters, with their full texts: unit, year, problems, rows. */
export function phraseTextsSql(f: Filters, phrase: string, limit = 200): string {
  return `SELECT unit, year, problems, count(*)::INTEGER AS rows
FROM evaluations
WHERE (${filterWhere(f)}) AND problems IN (${textsWithPhrase(phrase)})
GROUP BY unit, year, problems
ORDER BY unit, year LIMIT ${Math.trunc(limit)}`;
}

/** The evaluation rows behind a phrase (for the shared row viewer). */
export function phraseRowsSql(f: Filters, phrase: string): string {
  return `SELECT * FROM evaluations
WHERE (${filterWhere(f)}) AND problems IN (${textsWithPhrase(phrase)})
ORDER BY unit, year`;
}

/** The evaluation rows of one copied-text group. */
export function copyRowsSql(f: Filters, copyId: number): string {
  return `SELECT * FROM evaluations
WHERE (${filterWhere(f)}) AND problems IN (SELECT problems FROM problem_texts WHERE copy_id = ${Math.trunc(copyId)})
ORDER BY unit, year`;
}

/** The units of one copied-text group under the filters, for a cross-filter on them. */
export function copyUnitsSql(f: Filters, copyId: number): string {
  return `SELECT DISTINCT unit FROM evaluations
WHERE unit IS NOT NULL AND (${filterWhere(f)}) AND problems IN (SELECT problems FROM problem_texts WHERE copy_id = ${Math.trunc(copyId)})
ORDER BY unit`;
}

/** The units that used a phrase under the filters, for a cross-filter on them. */
export function phraseUnitsSql(f: Filters, phrase: string): string {
  return `SELECT DISTINCT unit FROM evaluations
WHERE unit IS NOT NULL AND (${filterWhere(f)}) AND problems IN (${textsWithPhrase(phrase)})
ORDER BY unit`;
}

/** How a label of problem_unit_texts is held: a problem_codes code, an ENUM, or nothing (all NULL). */
export type LabelHeld = 'code' | 'enum' | 'none';

/** How each label is held, from the table's column types (build.ts). */
export const LABEL_TYPES_SQL = `SELECT column_name AS label, data_type AS type FROM duckdb_columns()
WHERE table_name = 'problem_unit_texts' AND column_name IN (${LABEL_COLUMNS.map((c) => `'${c}'`).join(', ')})`;

/** `held` from the column type: kind and region by their codes; an ENUM; else (no values) nothing. */
export function labelHeld(label: LabelColumn, type: string): LabelHeld {
  if (label === 'kind' || label === 'region') return 'code';
  return type.startsWith('ENUM') ? 'enum' : 'none';
}

/**
 * Each label's values (label, v) in code order, a value's code being its place (label-rows.ts):
 * problem_codes for kind and region (numbered from 1), the ENUM's values for the others.
 */
export function labelValuesSql(held: Record<LabelColumn, LabelHeld>): string {
  const parts = LABEL_COLUMNS.flatMap((c) => {
    if (held[c] === 'code')
      return [`SELECT '${c}' AS label, value AS v, code AS i FROM problem_codes WHERE dim = '${c}'`];
    if (held[c] === 'enum')
      return [
        `SELECT '${c}' AS label, unnest(r) AS v, generate_subscripts(r, 1) AS i
FROM (SELECT enum_range(${c})::VARCHAR[] AS r FROM problem_unit_texts LIMIT 1)`,
      ];
    return [];
  });
  return `SELECT label, v FROM (${parts.join('\nUNION ALL\n')})\nORDER BY label, i`;
}

/** Every label row: unit_id, year (NO_YEAR for NULL), text_id and each label's code (−1 for NULL). */
export function labelRowsSql(held: Record<LabelColumn, LabelHeld>): string {
  const code = (c: LabelColumn) =>
    held[c] === 'code' ? `${c}_code - 1` : held[c] === 'enum' ? `enum_code(${c})` : 'NULL';
  return `SELECT unit_id, coalesce(year, ${NO_YEAR})::INTEGER AS year, text_id,
  ${LABEL_COLUMNS.map((c) => `coalesce(${code(c)}, -1)::INTEGER AS ${c}`).join(', ')}
FROM problem_unit_texts`;
}
