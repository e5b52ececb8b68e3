/**
 * The problem-phrase tables, built once per data version:
 *
 *   problem_texts(text_id, problems, copy_id, phrase_ids)
 *                                                    the distinct problems texts; equal copy_id = copies;
 *                                                    phrase_ids: the phrases of problem_text_phrases
 *   problem_phrase_vocab(phrase_id, phrase, units, tokens)   the mined phrases, units over all data
 *   problem_text_phrases(text_id, phrase_id)         which phrases each distinct text contains
 *   problem_evals(unit, unit_id, supervisor, region, year, kind, project, score, grade, review_score,
 *     budget, spent, execution_rate, source_file, source_row, text_id, total_id, kind_code, region_code)
 *                                                    every evaluation's panel columns, text (NULL:
 *                                                    none) and the total row covering it (NULL: none;
 *                                                    the audit's cover), in kind and region order
 *                                                    (see CLUSTERED_EVALUATIONS); supervisor an
 *                                                    ENUM in text order (enumOf)
 *   problem_totals(total_id, source_file, source_row)   the total rows (ingest_totals), numbered
 *   problem_codes(dim, value, code)                  the kinds and regions, numbered
 *   problem_units(unit_id, unit)
 *   problem_unit_texts(unit, unit_id, supervisor, region, year, kind, grade, text_id, kind_code,
 *     region_code)                                   distinct; supervisor and grade ENUMs
 *   problem_copies                                   the unfiltered copied-text groups
 *   problem_phrase_years(phrase_id, year, units)     unfiltered units per phrase and year
 *   problem_phrases(unit, year, phrase)              for the notebook: who used which phrase when
 *
 * Mining works on distinct texts (exports repeat boilerplate, so 1,000,000 rows hold far fewer
 * texts) and happens in a worker in the app; filter changes are then SQL over these tables.
 */
import type { Querier } from '../types';
import { DEFAULT_MINING, minePhrases, type MinedPhrases, type MiningInput, type MiningOptions } from './mine';
import type { PhraseIndex } from './counts';
import { insertIdPairs } from './write-ints';
import { coverJoin, totalCoverSpansSql } from '../audit/build-audit-sql';
import { OPTIONAL_TABLES_SQL, readOptionalTables } from '../audit/optional-tables';
import { NO_FILTERS, sqlString } from '../filters';
import { COPY_GROUPS_KEPT, computeCopiedTextsSql } from './queries';

export type Miner = (input: MiningInput, options: MiningOptions) => MinedPhrases | Promise<MinedPhrases>;

export interface BuildResult {
  /** Distinct non-blank problems texts. */
  texts: number;
  phrases: number;
  /** Rows of problem_text_phrases. */
  pairs: number;
  ms: number;
  /** Milliseconds per step: read, mine, write, derive. */
  steps: Record<string, number>;
  /** The texts' phrases and copy groups as stored, for counting a filter state in TypeScript. */
  index: PhraseIndex;
}

export const PROBLEM_TABLES = [
  'problem_copies',
  'problem_phrases',
  'problem_phrase_years',
  'problem_unit_texts',
  'problem_evals',
  'problem_codes',
  'problem_totals',
  'problem_units',
  'problem_text_phrases',
  'problem_phrase_vocab',
  'problem_texts',
] as const;

/**
 * The same rows as evaluations, with every column a dashboard row copy keeps, stored in kind, region
 * and year order. A kind's rows, and a region's (one run per kind), are then a few row groups the
 * engine skips to by their min/max, not one row in fifteen of every group: copying a region's rows
 * from it took a third of the time, and a state of one kind or region is read here in place
 * (dashboard/row-copies.ts reads it once it is built).
 */
export const CLUSTERED_EVALUATIONS = 'problem_evals';

/** The columns CLUSTERED_EVALUATIONS also holds as codes (`kind_code`…; problem_codes). */
export const CODED_COLUMNS = ['kind', 'region'] as const;

/** problem_texts with its copy groups and phrases, until it replaces the one mining read. */
const TEXTS_MADE = 'problem_texts_made';

/** SQL that reads any of the tables above (their names all start with problem_). */
export const readsPhraseTables = (sql: string): boolean => sql.includes('problem_');

/**
 * An ENUM type of a label column's values in DuckDB's own text order (so it sorts as the text does),
 * or null when the column has none. The clustered evaluations hold the supervisor as one: the panels
 * group by it (share graded 优, execution rates per supervisor), and grouping by a small integer
 * instead of hashing each row's name took half the time (kind = 部门整体支出 at a million rows, in
 * duckdb-wasm: 100 → 40–60 ms; the rate quantiles 175 → 125–140 ms). Values compare, join and cast
 * as text; a value not in the type (a filter's) matches no row, as with text.
 */
async function enumOf(query: Querier, column: 'supervisor' | 'grade'): Promise<string | null> {
  const values = await query(
    `SELECT DISTINCT ${column} AS v FROM evaluations WHERE ${column} IS NOT NULL ORDER BY v`,
  );
  if (!values.numRows) return null;
  return `ENUM(${[...values.getChild('v')!].map((v) => sqlString(String(v))).join(', ')})`;
}

function int32(values: ArrayLike<unknown> & Iterable<unknown>): Int32Array {
  return values instanceof Int32Array ? values : Int32Array.from(values, Number);
}

/**
 * Rebuilds every problem-phrase table from `evaluations`. `mine` is the pure miner in Node and
 * tests, the worker in the app.
 */
export async function buildProblemPhrases(
  query: Querier,
  mine: Miner = minePhrases,
  overrides: Partial<MiningOptions> = {},
): Promise<BuildResult> {
  const options = { ...DEFAULT_MINING, ...overrides };
  const started = performance.now();
  const steps: Record<string, number> = {};
  let lap = started;
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = Math.round(now - lap);
    lap = now;
  };

  for (const table of [...PROBLEM_TABLES, TEXTS_MADE]) await query(`DROP TABLE IF EXISTS ${table}`);
  await query(
    `CREATE TABLE problem_texts AS
     SELECT (row_number() OVER (ORDER BY problems) - 1)::INTEGER AS text_id, problems
     FROM (SELECT DISTINCT problems FROM evaluations WHERE trim(problems) <> '')`,
  );
  const texts = [
    ...(await query(`SELECT problems FROM problem_texts ORDER BY text_id`)).getChild('problems')!,
  ].map(String);
  // Units numbered, and every evaluation with a text tied to its text_id: the one join on strings.
  // unit_id follows the names' order: queries.ts takes a group's first names from its smallest ids.
  await query(
    `CREATE TABLE problem_units AS
     SELECT (row_number() OVER (ORDER BY unit) - 1)::INTEGER AS unit_id, unit
     FROM (SELECT DISTINCT unit FROM evaluations WHERE unit IS NOT NULL)`,
  );
  // Total rows numbered: a state's visible totals are then the distinct ids of its rows, not distinct
  // (file name, row) pairs (kind = 部门整体支出 at a million rows, in the browser: ~170–300 → ~60–75 ms).
  const { totals } = readOptionalTables(await query(OPTIONAL_TABLES_SQL));
  await query(
    totals
      ? `CREATE TABLE problem_totals AS
         SELECT (row_number() OVER (ORDER BY source_file, source_row) - 1)::INTEGER AS total_id, source_file, source_row
         FROM (SELECT DISTINCT source_file, source_row FROM ingest_totals)`
      : `CREATE TABLE problem_totals (total_id INTEGER, source_file VARCHAR, source_row INTEGER)`,
  );
  // Kinds and regions numbered: a state's rows are read in place by these codes (row-copies.ts).
  // An integer test is cheap and DuckDB skips it for row groups whose min and max show it holds;
  // '部门整体支出' is too long for the engine to compare inline (kind = 部门整体支出 at a million rows,
  // in the browser: count(*) 38 → 4 ms).
  await query(
    `CREATE TABLE problem_codes AS
     ${CODED_COLUMNS.map(
       (c) => `SELECT '${c}' AS dim, ${c} AS value, (row_number() OVER (ORDER BY ${c}))::INTEGER AS code
     FROM (SELECT DISTINCT ${c} FROM evaluations WHERE ${c} IS NOT NULL)`,
     ).join('\n     UNION ALL\n     ')}`,
  );
  const supervisor = await enumOf(query, 'supervisor');
  const grade = await enumOf(query, 'grade');
  // Every evaluation (the left joins keep one row each: a row lies in one total's cover at most),
  // sorted while these joins are made anyway.
  const covers = `SELECT c.*, n.total_id FROM (${totalCoverSpansSql()}) c
       JOIN problem_totals n ON n.source_file = c.source_file AND n.source_row = c.source_row`;
  await query(
    `CREATE TABLE problem_evals AS
     SELECT e.unit, u.unit_id, ${supervisor ? `CAST(e.supervisor AS ${supervisor})` : 'e.supervisor'} AS supervisor, e.region, e.year, e.kind, e.project, e.score, e.grade, e.review_score,
       e.budget, e.spent, e.execution_rate, e.source_file, e.source_row, t.text_id,
       ${totals ? 'c.total_id' : 'CAST(NULL AS INTEGER)'} AS total_id,
       ${CODED_COLUMNS.map((c) => `${c}_codes.code AS ${c}_code`).join(', ')}
     FROM evaluations e LEFT JOIN problem_texts t ON e.problems = t.problems LEFT JOIN problem_units u ON e.unit = u.unit
     ${CODED_COLUMNS.map((c) => `LEFT JOIN problem_codes ${c}_codes ON ${c}_codes.dim = '${c}' AND ${c}_codes.value = e.${c}`).join('\n     ')}
     ${totals ? `LEFT JOIN (${covers}) c ON ${coverJoin('e', 'c', 'from_row')}` : ''}
     ORDER BY e.kind, e.region, e.year`,
  );
  const pairs = await query(
    `SELECT DISTINCT text_id, unit_id, (SELECT count(*) FROM problem_units)::INTEGER AS unit_count
     FROM problem_evals WHERE unit_id IS NOT NULL AND text_id IS NOT NULL ORDER BY text_id, unit_id`,
  );
  const pairText = int32(pairs.getChild('text_id')!.toArray() as Int32Array);
  const unitIds = int32(pairs.getChild('unit_id')!.toArray() as Int32Array);
  const unitCount = pairs.numRows ? Number(pairs.getChild('unit_count')!.get(0)) : 0;
  const unitOffsets = new Int32Array(texts.length + 1);
  for (const t of pairText) unitOffsets[t + 1]!++;
  for (let t = 0; t < texts.length; t++) unitOffsets[t + 1]! += unitOffsets[t]!;
  step('read');

  const mined = await mine({ texts, unitOffsets, unitIds, unitCount }, options);
  step('mine');

  await query(
    `CREATE TABLE problem_phrase_vocab (phrase_id INTEGER, phrase VARCHAR, units INTEGER, tokens INTEGER)`,
  );
  for (let from = 0; from < mined.phrases.length; from += 1000) {
    const rows = mined.phrases
      .slice(from, from + 1000)
      .map((p, i) => `(${from + i}, ${sqlString(p.text)}, ${p.units}, ${p.tokens})`);
    await query(`INSERT INTO problem_phrase_vocab VALUES ${rows.join(', ')}`);
  }
  await query(`CREATE TABLE problem_text_phrases (text_id INTEGER, phrase_id INTEGER)`);
  const textOfPair = new Int32Array(mined.textPhrases.length);
  for (let t = 0; t < texts.length; t++) textOfPair.fill(t, mined.textOffsets[t]!, mined.textOffsets[t + 1]!);
  await insertIdPairs(query, 'problem_text_phrases', ['text_id', 'phrase_id'], textOfPair, mined.textPhrases);

  const copied = copiedTexts(mined.copyGroups);
  await query(`CREATE TEMP TABLE problem_copy_ids (text_id INTEGER, copy_id INTEGER)`);
  try {
    await insertIdPairs(query, 'problem_copy_ids', ['text_id', 'copy_id'], copied.texts, copied.groups);
    // Each text with its copy group and its phrases as one list: a filter change takes these with
    // the state's texts (queries.ts), not from the pairs table, which is several times larger.
    await query(
      `CREATE TABLE ${TEXTS_MADE} AS
       SELECT t.text_id, t.problems, c.copy_id, p.phrase_ids
       FROM problem_texts t LEFT JOIN problem_copy_ids c USING (text_id)
       LEFT JOIN (SELECT text_id, list(phrase_id ORDER BY phrase_id) AS phrase_ids FROM problem_text_phrases GROUP BY text_id) p
         USING (text_id)
       ORDER BY t.text_id`,
    );
    await query(`DROP TABLE problem_texts`);
    await query(`ALTER TABLE ${TEXTS_MADE} RENAME TO problem_texts`);
  } finally {
    await query(`DROP TABLE IF EXISTS problem_copy_ids`);
  }
  step('write');

  // The label columns only: a unit's projects repeat one text, so this is a fraction of the rows,
  // and every filter but score and execution rate can run on it. In kind and region order, like problem_evals.
  await query(
    // With every label as a small number (label-rows.ts reads them so, without joining names): the
    // kind and region codes, the supervisor and the grade as ENUMs (enum_code).
    `CREATE TABLE problem_unit_texts AS
     SELECT DISTINCT unit, unit_id, supervisor, region, year, kind,
       ${grade ? `CAST(grade AS ${grade})` : 'grade'} AS grade, text_id, kind_code, region_code
     FROM problem_evals
     WHERE unit_id IS NOT NULL AND text_id IS NOT NULL ORDER BY kind, region, year`,
  );
  // The unfiltered view, ready-made.
  await query(
    `CREATE TABLE problem_phrase_years AS
     SELECT tp.phrase_id, s.year, count(DISTINCT s.unit_id)::INTEGER AS units
     FROM problem_unit_texts s JOIN problem_text_phrases tp USING (text_id)
     GROUP BY tp.phrase_id, s.year`,
  );
  await query(
    `CREATE TABLE problem_phrases AS
     SELECT DISTINCT s.unit, s.year, v.phrase
     FROM problem_unit_texts s JOIN problem_text_phrases tp USING (text_id) JOIN problem_phrase_vocab v USING (phrase_id)`,
  );
  await query(`CREATE TABLE problem_copies AS ${computeCopiedTextsSql(NO_FILTERS, COPY_GROUPS_KEPT)}`);
  step('derive');

  return {
    texts: texts.length,
    phrases: mined.phrases.length,
    pairs: mined.textPhrases.length,
    ms: Math.round(performance.now() - started),
    steps,
    index: {
      textOffsets: mined.textOffsets,
      textPhrases: mined.textPhrases,
      textCopy: mined.copyGroups,
      phraseCount: mined.phrases.length,
    },
  };
}

/** (text, copy group) for every text long enough to be compared (group ≥ 0). */
function copiedTexts(groups: Int32Array): { texts: Int32Array; groups: Int32Array } {
  const texts: number[] = [];
  const ids: number[] = [];
  groups.forEach((g, t) => {
    if (g >= 0) {
      texts.push(t);
      ids.push(g);
    }
  });
  return { texts: Int32Array.from(texts), groups: Int32Array.from(ids) };
}
