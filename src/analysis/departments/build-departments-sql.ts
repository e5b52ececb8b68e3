/**
 * Departments compared (部门对比): one row per unit, supervising department or region with its
 * evaluations, mean score, share graded 优, median execution rate, total budget, audit flags and most
 * frequent problem phrase — sorted in SQL and cut to the top rows, so thousands of units stay fast.
 */
import { auditFlagsTable, evaluationsTable, filterWhere, sqlString, type Filters } from '../filters';
import type { OptionalTables } from '../audit/optional-tables';

export type DepartmentGrouping = 'unit' | 'supervisor' | 'region';

export type DepartmentSortColumn =
  | 'name'
  | 'evaluations'
  | 'mean_score'
  | 'share_excellent'
  | 'median_rate'
  | 'budget'
  | 'flags'
  | 'top_phrase';

export interface DepartmentSort {
  column: DepartmentSortColumn;
  desc: boolean;
}

export interface DepartmentsQuery {
  groupBy: DepartmentGrouping;
  sort: DepartmentSort;
  /** Rows returned (the top by the sort); the total number of groups comes back in `groups`. */
  limit: number;
  tables: OptionalTables;
  /**
   * Count the shown groups' audit flags in this query (the stored flags exist). Otherwise `flags`
   * is NULL unless sorting by it, and the panel asks `departmentFlagsSql` once the rows are in.
   */
  flags?: boolean;
}

export const DEPARTMENTS_LIMIT = 200;

/** The grouping column; a whitelist, never text from the UI. */
const KEY: Record<DepartmentGrouping, string> = { unit: 'unit', supervisor: 'supervisor', region: 'region' };

type LateColumn = 'mean_score' | 'share_excellent' | 'median_rate' | 'budget';

/** The measures per group besides the count: over every group only when the rows are sorted by it. */
const LATE: readonly { column: LateColumn; sql: string }[] = [
  { column: 'mean_score', sql: 'avg(score)' },
  { column: 'share_excellent', sql: `count(*) FILTER (WHERE grade = '优') / nullif(count(grade), 0)` },
  { column: 'median_rate', sql: 'median(execution_rate)' },
  { column: 'budget', sql: 'sum(budget)' },
];

/** Evaluation columns the comparison reads; the wide text columns stay behind. */
const USED = 'unit, supervisor, region, year, score, grade, execution_rate, budget, source_file, source_row';

function phraseCte(key: string, onlyTop: boolean): string {
  const groups = onlyTop
    ? `SELECT DISTINCT name, unit, year FROM dept_top_e`
    : `SELECT DISTINCT ${key} AS name, unit, year FROM dept_e`;
  // Counts what joining problem_phrases(unit, year, phrase) on the unit's name would, on the ids the
  // phrase build keeps: the (unit, year, phrase) triples of the groups' units, found through their
  // texts. Joining strings against every unit's phrases took most of this query's time.
  return `dept_keys AS (
  SELECT DISTINCT k.name, u.unit_id, k.year
  FROM (${groups}) k JOIN problem_units u ON u.unit = k.unit
  WHERE k.year IS NOT NULL
),
dept_unit_phrases AS (
  SELECT DISTINCT unit_id, year, phrase_id FROM (
    SELECT s.unit_id, s.year, unnest(t.phrase_ids) AS phrase_id
    FROM (SELECT DISTINCT unit_id, year FROM dept_keys) k
    JOIN problem_unit_texts s ON s.unit_id = k.unit_id AND s.year = k.year
    JOIN problem_texts t ON t.text_id = s.text_id
  )
),
-- Counted by phrase id (mine.ts gives each text one id); the texts are joined to the counts only.
dept_phrase_counts AS (
  SELECT k.name, x.phrase_id, count(*) AS n
  FROM dept_keys k JOIN dept_unit_phrases x ON x.unit_id = k.unit_id AND x.year = k.year
  GROUP BY k.name, x.phrase_id
),
-- The top count per group first, so only the phrases tied at it meet the vocabulary; the first of
-- those by text is min(phrase). Joining every counted phrase's text and ordering by it was a fifth
-- of this query at a million rows.
dept_phrase_top AS (
  SELECT name, max(n) AS n FROM dept_phrase_counts GROUP BY name
),
dept_phrase AS (
  SELECT c.name, min(v.phrase) AS phrase, c.n
  FROM dept_phrase_counts c
  JOIN dept_phrase_top t ON t.name IS NOT DISTINCT FROM c.name AND t.n = c.n
  JOIN problem_phrase_vocab v USING (phrase_id)
  GROUP BY c.name, c.n
)`;
}

const NO_PHRASE = `dept_phrase AS (SELECT CAST(NULL AS VARCHAR) AS name, CAST(NULL AS VARCHAR) AS phrase, 0 AS n WHERE FALSE)`;

/**
 * Audit flags per group: the evaluation flags (total rows are not evaluations, so they do not
 * count), read from the stored flags (audit/flag-table.ts: build them first), which carry their
 * evaluation's grouping columns. `names` limits the count to those groups; omit for all.
 * Columns: name, flags INTEGER.
 */
export function departmentFlagsSql(
  filters: Filters,
  groupBy: DepartmentGrouping,
  names?: readonly (string | null)[],
): string {
  const key = KEY[groupBy];
  const restrict = names
    ? (alias: string) => {
        const known = names.filter((n): n is string => n !== null);
        const parts = [
          known.length ? `${alias}.${key} IN (${known.map(sqlString).join(', ')})` : null,
          names.includes(null) ? `${alias}.${key} IS NULL` : null,
        ].filter((p): p is string => p !== null);
        return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
      }
    : undefined;
  const where = [filterWhere(filters, 'a'), restrict?.('a')].filter((p) => p && p !== 'TRUE');
  return `SELECT a.${key} AS name, CAST(count(*) AS INTEGER) AS flags
FROM ${auditFlagsTable(filters)} a
WHERE ${where.length ? where.join(' AND ') : 'TRUE'}
GROUP BY a.${key}`;
}

/**
 * Columns: name, evaluations INTEGER, mean_score DOUBLE, share_excellent DOUBLE (0–1, of graded
 * evaluations), median_rate DOUBLE (percent), budget_total VARCHAR (万元, exact), flags INTEGER,
 * top_phrase VARCHAR, top_phrase_count INTEGER, groups INTEGER (before the limit),
 * spark_years INTEGER[], spark_scores DOUBLE[] (mean score per year).
 *
 * The audit is the slow part over a million rows, so `flags` is NULL here unless sorting by it or
 * `q.flags` says the stored flags exist (then they are counted for the top rows only); otherwise
 * the panel asks `departmentFlagsSql` for the groups shown. Phrases and sparklines are computed for
 * the top rows only, again unless sorting by the phrase.
 */
export function departmentsSql(filters: Filters, q: DepartmentsQuery): string {
  const key = KEY[q.groupBy];
  // Units grouped and joined by the copies' unit_key (one to one with unit; an integer once the
  // clustered table is built, row-copies.ts): at a million rows, kind = 项目支出, ~285 → ~210 ms.
  // The canonical tables have no unit_key: with no copies (查看SQL, the unfiltered state) by name.
  const byKey = q.groupBy === 'unit' && filters.copies !== undefined;
  const limit = Math.max(1, Math.trunc(q.limit));
  const flagsFirst = q.sort.column === 'flags';
  const withFlags = flagsFirst || q.flags === true;
  const phraseFirst = q.sort.column === 'top_phrase' && q.tables.phrases;
  // The measures are computed for the rows shown only, except the one they are chosen by: grouping
  // every unit needs only its count then (部门整体支出 at a million rows, in the browser: the grouping
  // ~180–320 → ~80 ms; the median alone, which sorts each group's rates, was ~80 ms of it).
  const late = LATE.filter((m) => m.column !== q.sort.column);
  const early = LATE.filter((m) => m.column === q.sort.column);
  // By unit_key, names are taken for the rows shown only: unit_key sorts as the names do (a copy of
  // evaluations: the name; of the clustered table: unit_id, numbered in name order, build.ts), so it
  // breaks ties the same way (部门整体支出 at a million rows: ~50 ms of the grouping). Sorting or
  // joining by flags or phrases needs every group's name.
  const nameLate = byKey && !flagsFirst && !phraseFirst;
  const before: string[] = [];
  const after: string[] = [];
  if (flagsFirst) before.push(`dept_flags AS (\n${departmentFlagsSql(filters, q.groupBy)}\n)`);
  if (phraseFirst) before.push(phraseCte(key, false));
  else after.push(q.tables.phrases ? phraseCte(key, true) : NO_PHRASE);
  if (withFlags && !flagsFirst) after.push(topFlagsCte(filters, key));
  const dir = q.sort.desc ? 'DESC' : 'ASC';
  // A measure's table in the final select: the grouping's (t) for the sorted one, else the late ones' (m).
  const from = (column: LateColumn) => (column === q.sort.column ? 't' : 'm');
  const sortExpr: Record<DepartmentSortColumn, string> = {
    name: nameLate ? 'g.unit_key' : 'g.name',
    evaluations: 'g.evaluations',
    mean_score: 'g.mean_score',
    share_excellent: 'g.share_excellent',
    median_rate: 'g.median_rate',
    budget: 'g.budget',
    flags: flagsFirst ? 'coalesce(f.flags, 0)' : 'g.name',
    top_phrase: phraseFirst ? 'p.phrase' : 'g.name',
  };
  return `WITH dept_e AS NOT MATERIALIZED (
  SELECT ${USED}${byKey ? ', unit_key' : ''} FROM ${evaluationsTable(filters)} WHERE ${filterWhere(filters)}
),
dept_g AS (
  SELECT ${nameLate ? 'unit_key' : `${byKey ? 'unit_key, any_value(unit)' : key} AS name`}, count(*) AS evaluations${early
    .map(
      (m) => `,
    ${m.sql} AS ${m.column}`,
    )
    .join('')}
  FROM dept_e
  GROUP BY ${byKey ? 'unit_key' : key}
),${before.map((c) => '\n' + c + ',').join('')}
${nameLate ? 'dept_ranked' : 'dept_top'} AS (
  SELECT g.*, count(*) OVER () AS groups
  FROM dept_g g${flagsFirst ? '\n  LEFT JOIN dept_flags f ON f.name IS NOT DISTINCT FROM g.name' : ''}${phraseFirst ? '\n  LEFT JOIN dept_phrase p ON p.name IS NOT DISTINCT FROM g.name' : ''}
  ORDER BY ${sortExpr[q.sort.column]} ${dir} NULLS LAST, ${nameLate ? 'g.unit_key' : 'g.name'} ASC NULLS LAST
  LIMIT ${limit}
),
-- The top groups' evaluations, found once for the phrases and the sparklines.
${
  nameLate
    ? `dept_top_e AS MATERIALIZED (
  SELECT e.unit AS name, e.unit, e.year, e.score, e.grade, e.execution_rate, e.budget, e.unit_key
  FROM dept_e e JOIN dept_ranked t ON t.unit_key IS NOT DISTINCT FROM e.unit_key
),
dept_top AS (
  SELECT t.*, n.name
  FROM dept_ranked t LEFT JOIN (SELECT DISTINCT unit_key, name FROM dept_top_e) n ON n.unit_key IS NOT DISTINCT FROM t.unit_key
),`
    : `dept_top_e AS MATERIALIZED (
  SELECT t.name, e.unit, e.year, e.score, e.grade, e.execution_rate, e.budget
  FROM dept_e e JOIN dept_top t ON ${byKey ? 't.unit_key IS NOT DISTINCT FROM e.unit_key' : `t.name IS NOT DISTINCT FROM e.${key}`}
),`
}${after.map((c) => '\n' + c + ',').join('')}
${late.length ? `dept_late AS (\n  SELECT name, ${late.map((m) => `${m.sql} AS ${m.column}`).join(', ')} FROM dept_top_e GROUP BY name\n),\n` : ''}dept_years AS (
  SELECT name, year, avg(score) AS mean
  FROM dept_top_e
  WHERE year IS NOT NULL AND score IS NOT NULL
  GROUP BY name, year
),
dept_spark AS (
  SELECT name, list(year ORDER BY year) AS spark_years, list(CAST(mean AS DOUBLE) ORDER BY year) AS spark_scores
  FROM dept_years
  GROUP BY name
)
SELECT t.name, CAST(t.evaluations AS INTEGER) AS evaluations, CAST(${from('mean_score')}.mean_score AS DOUBLE) AS mean_score,
  CAST(${from('share_excellent')}.share_excellent AS DOUBLE) AS share_excellent, CAST(${from('median_rate')}.median_rate AS DOUBLE) AS median_rate,
  CAST(${from('budget')}.budget AS VARCHAR) AS budget_total,
  ${withFlags ? 'CAST(coalesce(f.flags, 0) AS INTEGER)' : 'CAST(NULL AS INTEGER)'} AS flags,
  p.phrase AS top_phrase, CAST(p.n AS INTEGER) AS top_phrase_count, CAST(t.groups AS INTEGER) AS groups,
  s.spark_years, s.spark_scores
FROM dept_top t
LEFT JOIN dept_spark s ON s.name IS NOT DISTINCT FROM t.name${late.length ? '\nLEFT JOIN dept_late m ON m.name IS NOT DISTINCT FROM t.name' : ''}
LEFT JOIN dept_phrase p ON p.name IS NOT DISTINCT FROM t.name${withFlags ? '\nLEFT JOIN dept_flags f ON f.name IS NOT DISTINCT FROM t.name' : ''}
ORDER BY ${sortExpr[q.sort.column].replace(/^g\./, 't.')} ${dir} NULLS LAST, t.name ASC NULLS LAST`;
}

/**
 * Audit flags of the top groups only: what `departmentFlagsSql` counts for the names shown, joined to
 * them here so the rows and their flags come back in one answer.
 */
function topFlagsCte(filters: Filters, key: string): string {
  const where = filterWhere(filters, 'a');
  return `dept_flags AS (
  SELECT t.name, count(*) AS flags
  FROM ${auditFlagsTable(filters)} a JOIN dept_top t ON t.name IS NOT DISTINCT FROM a.${key}
  WHERE ${where}
  GROUP BY t.name
)`;
}

/** `key = name`, or `key IS NULL` for the group of evaluations that left it blank. */
export function groupCondition(groupBy: DepartmentGrouping, name: string | null, alias = ''): string {
  const col = (alias ? alias + '.' : '') + KEY[groupBy];
  return name === null ? `${col} IS NULL` : `${col} = ${sqlString(name)}`;
}

/** The evaluations behind one row of the comparison, with provenance. */
export function departmentDrillSql(
  filters: Filters,
  groupBy: DepartmentGrouping,
  name: string | null,
): string {
  return `SELECT * FROM evaluations
WHERE ${filterWhere(filters)} AND ${groupCondition(groupBy, name)}
ORDER BY year, source_file, source_row`;
}

/** Mean score and median execution rate by year for the chosen groups (the side-by-side chart). */
export function departmentTrendSql(
  filters: Filters,
  groupBy: DepartmentGrouping,
  names: readonly (string | null)[],
): string {
  const key = KEY[groupBy];
  const chosen = names.length ? names.map((n) => groupCondition(groupBy, n)).join(' OR ') : 'FALSE';
  return `SELECT ${key} AS name, year, CAST(avg(score) AS DOUBLE) AS mean_score,
  CAST(median(execution_rate) AS DOUBLE) AS median_rate, CAST(count(*) AS INTEGER) AS evaluations
FROM ${evaluationsTable(filters)}
WHERE ${filterWhere(filters)} AND (${chosen}) AND year IS NOT NULL
GROUP BY ${key}, year
ORDER BY name, year`;
}

/** The shared-filter patch for a click on a row. Null names (blank in the data) cannot be filtered on. */
export function departmentFilterPatch(
  groupBy: DepartmentGrouping,
  name: string | null,
): Partial<Filters> | null {
  if (name === null) return null;
  if (groupBy === 'unit') return { units: [name] };
  if (groupBy === 'supervisor') return { supervisors: [name] };
  return { regions: [name] };
}
