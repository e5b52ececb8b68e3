/**
 * Score inflation (评分虚高): the SQL behind each chart and table of the panel. Every builder applies
 * the shared filters and returns a few aggregate rows — never raw evaluations — so the panel stays
 * fast at a million rows. Columns are cast to INTEGER / DOUBLE / VARCHAR for plain JS values.
 */
import { evaluationsTable, filterWhere, listedTable, type Filters } from '../filters';
import { cubeTable, meanFromSums, readsCubes } from '../cubes';
import { DRILL_LIMIT, groupLabelSql, type GroupBy } from './evaluation-sql';

/** Grade thresholds: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60. */
export const GRADE_THRESHOLDS = [60, 80, 90] as const;

/** High score, low spending: graded 优 (as reported) with a reported execution rate below 80%. */
export const SUSPICIOUS_RATE_BELOW = 80;
export const SUSPICIOUS = `(grade = '优' AND execution_rate < ${SUSPICIOUS_RATE_BELOW})`;

/**
 * Bunching at 90. `at` = evaluations with score in [90,91); `below` = [89,90); the neighbourhood is
 * the mean count per 1-point bin over [86,89) and [91,94) (six bins).
 *   ratio to the bin below        = at ÷ below
 *   ratio to the neighbourhood    = at ÷ ((count[86,89) + count[91,94)) ÷ 6)
 * A smooth distribution gives about 1; scores pushed over the 优 line give well above 1.
 */
export const BUNCHING_NEIGHBOURHOOD_BINS = 6;

export function scoreHistogramSql(f: Filters): string {
  return `SELECT CAST(floor(score) AS INTEGER) AS bin, CAST(count(*) AS INTEGER) AS n
FROM ${evaluationsTable(f)}
WHERE score IS NOT NULL AND ${filterWhere(f)}
GROUP BY bin
ORDER BY bin`;
}

export interface ScoreBin {
  /** Scores in [bin, bin + 1). */
  bin: number;
  n: number;
}

/** Share graded 优 per group, among evaluations that report a grade. Up to 500 groups, largest first. */
export function gradeShareSql(f: Filters, by: GroupBy): string {
  const order = by === 'year' ? 'year' : 'n DESC, grp';
  return `SELECT ${groupLabelSql(by)} AS grp,
  CAST(count(*) AS INTEGER) AS n,
  CAST(count(grade) AS INTEGER) AS graded,
  CAST(count(*) FILTER (WHERE grade = '优') AS INTEGER) AS excellent,
  CAST(100.0 * count(*) FILTER (WHERE grade = '优') / nullif(count(grade), 0) AS DOUBLE) AS share,
  CAST(avg(score) AS DOUBLE) AS mean_score
FROM ${evaluationsTable(f)}
WHERE ${filterWhere(f)}
GROUP BY ${by}
ORDER BY ${order}
LIMIT 500`;
}

/** What the panel runs for gradeShareSql: the same rows, from the groups cube when it may. */
export function gradeShareRunSql(f: Filters, by: GroupBy): string {
  if (!readsCubes(f)) return gradeShareSql(f, by);
  const order = by === 'year' ? 'year' : 'n DESC, grp';
  // Counts summed back to BIGINT, count's type, so the share divides as the plain query does.
  return `SELECT ${groupLabelSql(by)} AS grp,
  CAST(sum(n) AS INTEGER) AS n,
  CAST(sum(graded) AS INTEGER) AS graded,
  CAST(sum(excellent) AS INTEGER) AS excellent,
  CAST(100.0 * CAST(sum(excellent) AS BIGINT) / nullif(CAST(sum(graded) AS BIGINT), 0) AS DOUBLE) AS share,
  CAST(${meanFromSums('sum(score_sum)', 'sum(scored)')} AS DOUBLE) AS mean_score
FROM ${cubeTable('groups')}
WHERE ${filterWhere(f)}
GROUP BY ${by}
ORDER BY ${order}
LIMIT 500`;
}

/**
 * The groups cube (cubes.ts): per year, kind, region and supervisor, what the 优 share and the mean
 * scores add up — evaluations, graded, 优, and the exact score sum and count.
 */
export function groupsCubeSql(from: string): string {
  return `SELECT year, kind, region, supervisor, count(*) AS n, count(grade) AS graded,
  count(*) FILTER (WHERE grade = '优') AS excellent, sum(score) AS score_sum, count(score) AS scored
FROM ${from}
GROUP BY ALL`;
}

export interface GradeShareRow {
  grp: string | null;
  n: number;
  graded: number;
  excellent: number;
  /** Percent of graded evaluations graded 优; null when none is graded. */
  share: number | null;
  mean_score: number | null;
}

export function bunchingSql(f: Filters): string {
  const band = (lo: number, hi: number) => `count(*) FILTER (WHERE score >= ${lo} AND score < ${hi})`;
  const neighbourhood = `(${band(86, 89)} + ${band(91, 94)})`;
  return `SELECT
  CAST(count(*) AS INTEGER) AS evaluations,
  CAST(count(score) AS INTEGER) AS scored,
  CAST(${band(90, 91)} AS INTEGER) AS at_threshold,
  CAST(${band(89, 90)} AS INTEGER) AS just_below,
  CAST(${neighbourhood} AS INTEGER) AS neighbourhood,
  CAST(${neighbourhood} / ${BUNCHING_NEIGHBOURHOOD_BINS}.0 AS DOUBLE) AS neighbourhood_mean,
  CAST(${band(90, 91)} / nullif(${band(89, 90)}, 0) AS DOUBLE) AS ratio_below,
  CAST(${band(90, 91)} / nullif(${neighbourhood} / ${BUNCHING_NEIGHBOURHOOD_BINS}.0, 0) AS DOUBLE) AS ratio_neighbourhood
FROM ${evaluationsTable(f)}
WHERE ${filterWhere(f)}`;
}

export interface Bunching {
  /** Evaluations the filters keep, and those of them with a score (the bunching counts come with it). */
  evaluations: number;
  scored: number;
  at_threshold: number;
  just_below: number;
  neighbourhood: number;
  neighbourhood_mean: number;
  ratio_below: number | null;
  ratio_neighbourhood: number | null;
}

/**
 * The scatter's background: evaluations that are not suspicious, counted per 1×1 cell
 * (score in [score, score+1), rate in [rate, rate+1)); the most populated `maxCells` cells.
 */
/** Cells drawn behind the scatter's points at most. */
export const SCATTER_MAX_CELLS = 4000;

export function scatterCellsSql(f: Filters, maxCells = SCATTER_MAX_CELLS): string {
  return `SELECT CAST(floor(score) AS INTEGER) AS score, CAST(floor(execution_rate) AS INTEGER) AS rate,
  CAST(count(*) AS INTEGER) AS n
FROM ${evaluationsTable(f)}
WHERE score IS NOT NULL AND execution_rate IS NOT NULL AND NOT coalesce(${SUSPICIOUS}, false)
  AND ${filterWhere(f)}
GROUP BY 1, 2
ORDER BY n DESC, score, rate
LIMIT ${Math.trunc(maxCells)}`;
}

export interface ScatterCell {
  score: number;
  rate: number;
  n: number;
}

/**
 * What the panel runs for the score histogram, the bunching counts and the scatter's background: the
 * state's evaluations counted per cell (score bin, rate bin, suspicious), 1-point bins as above, a
 * NULL bin for a missing score or rate. score-cells.ts derives exactly the answers of the three
 * queries above from these few thousand rows, which stay what 查看SQL shows: one pass over the rows
 * instead of three (kind = 部门整体支出 at a million rows, in the browser: ~100 ms against
 * 31 + 32 + 92 ms).
 */
export function scoreCellsSql(f: Filters): string {
  if (readsCubes(f))
    return `SELECT score, rate, suspicious, CAST(sum(n) AS INTEGER) AS n
FROM ${cubeTable('cells')}
WHERE ${filterWhere(f)}
GROUP BY ALL`;
  return `SELECT CAST(floor(score) AS INTEGER) AS score, CAST(floor(execution_rate) AS INTEGER) AS rate,
  coalesce(${SUSPICIOUS}, false) AS suspicious, CAST(count(*) AS INTEGER) AS n
FROM ${evaluationsTable(f)}
WHERE ${filterWhere(f)}
GROUP BY ALL`;
}

/** The cells cube (cubes.ts): scoreCellsSql's cells per year and kind. */
export function cellsCubeSql(from: string): string {
  return `SELECT year, kind, CAST(floor(score) AS INTEGER) AS score, CAST(floor(execution_rate) AS INTEGER) AS rate,
  coalesce(${SUSPICIOUS}, false) AS suspicious, count(*) AS n
FROM ${from}
GROUP BY ALL`;
}

export interface ScoreCell {
  /** floor(score), null for no score. */
  score: number | null;
  /** floor(execution_rate), null for no rate. */
  rate: number | null;
  suspicious: boolean;
  n: number;
}

/**
 * The suspicious evaluations themselves (优 with execution below 80%), lowest execution first, up to
 * `cap` rows; `total` counts all of them. Drawn as points on the scatter and listed below it.
 */
export function suspiciousSql(f: Filters, cap = 1000): string {
  return `SELECT unit, supervisor, region, year, project,
  CAST(score AS DOUBLE) AS score, grade, CAST(execution_rate AS DOUBLE) AS rate,
  CAST(budget AS VARCHAR) AS budget, CAST(spent AS VARCHAR) AS spent,
  source_file, source_row,
  CAST(count(*) OVER () AS INTEGER) AS total
FROM ${listedTable(f)}
WHERE ${SUSPICIOUS} AND ${filterWhere(f)}
ORDER BY execution_rate, score DESC, unit, year, source_file, source_row
LIMIT ${Math.trunc(cap)}`;
}

export interface SuspiciousRow {
  unit: string | null;
  supervisor: string | null;
  region: string | null;
  year: number | null;
  project: string | null;
  score: number | null;
  grade: string | null;
  rate: number;
  budget: string | null;
  spent: string | null;
  source_file: string;
  source_row: number;
  total: number;
}

export function meanScoreByYearSql(f: Filters): string {
  return `SELECT year, CAST(avg(score) AS DOUBLE) AS mean_score, CAST(count(score) AS INTEGER) AS n
FROM ${evaluationsTable(f)}
WHERE year IS NOT NULL AND score IS NOT NULL AND ${filterWhere(f)}
GROUP BY year
ORDER BY year`;
}

/** What the panel runs for meanScoreByYearSql: the same rows, from the groups cube when it may. */
export function meanScoreByYearRunSql(f: Filters): string {
  if (!readsCubes(f)) return meanScoreByYearSql(f);
  return `SELECT year, CAST(${meanFromSums('sum(score_sum)', 'sum(scored)')} AS DOUBLE) AS mean_score,
  CAST(sum(scored) AS INTEGER) AS n
FROM ${cubeTable('groups')}
WHERE year IS NOT NULL AND ${filterWhere(f)}
GROUP BY year
HAVING sum(scored) > 0
ORDER BY year`;
}

export interface YearMean {
  year: number;
  mean_score: number;
  n: number;
}

const HAS_REVIEW = 'score IS NOT NULL AND review_score IS NOT NULL';

/** Self − review in 1-point bins: [bin, bin + 1). */
export function reviewGapHistogramSql(f: Filters): string {
  return `SELECT CAST(floor(score - review_score) AS INTEGER) AS bin, CAST(count(*) AS INTEGER) AS n
FROM ${evaluationsTable(f)}
WHERE ${HAS_REVIEW} AND ${filterWhere(f)}
GROUP BY bin
ORDER BY bin`;
}

/** What the panel runs for reviewGapHistogramSql: the same rows, from the review cube when it may. */
export function reviewGapHistogramRunSql(f: Filters): string {
  if (!readsCubes(f)) return reviewGapHistogramSql(f);
  return `SELECT bin, CAST(sum(n) AS INTEGER) AS n
FROM ${cubeTable('review')}
WHERE ${filterWhere(f)}
GROUP BY bin
ORDER BY bin`;
}

/** The review cube (cubes.ts): reviewGapHistogramSql's bins per year and kind. */
export function reviewCubeSql(from: string): string {
  return `SELECT year, kind, CAST(floor(score - review_score) AS INTEGER) AS bin, count(*) AS n
FROM ${from}
WHERE ${HAS_REVIEW}
GROUP BY ALL`;
}

export function reviewGapSummarySql(f: Filters): string {
  return `SELECT CAST(count(*) AS INTEGER) AS n,
  CAST(avg(score - review_score) AS DOUBLE) AS mean_gap,
  CAST(median(score - review_score) AS DOUBLE) AS median_gap,
  CAST(count(*) FILTER (WHERE score > review_score) AS INTEGER) AS self_higher,
  CAST(count(*) FILTER (WHERE score >= 90 AND review_score < 90) AS INTEGER) AS excellent_not_confirmed
FROM ${evaluationsTable(f)}
WHERE ${HAS_REVIEW} AND ${filterWhere(f)}`;
}

export interface ReviewGapSummary {
  n: number;
  mean_gap: number | null;
  median_gap: number | null;
  self_higher: number;
  /** Self-scored ≥ 90 (优) but reviewed below 90. */
  excellent_not_confirmed: number;
}

const INDICATOR_JOIN = `e.unit = i.unit AND e.year IS NOT DISTINCT FROM i.year
  AND (i.project IS NULL OR e.project IS NULL OR e.project = i.project)`;

/**
 * Indicators belong to the evaluation with the same unit and year (and project, when both name one).
 * With no filters every indicator counts; otherwise only those of a kept evaluation.
 */
function indicatorScope(f: Filters): string {
  const kept = filterWhere(f, 'e');
  if (kept === 'TRUE') return 'TRUE';
  return `EXISTS (SELECT 1 FROM ${evaluationsTable(f)} e WHERE ${INDICATOR_JOIN} AND ${kept})`;
}

/** Per unit, the share of indicator lines given full marks (points ≥ weight), highest share first. */
export function fullMarksSql(f: Filters, limit = 200): string {
  const full = 'count(*) FILTER (WHERE i.points >= i.weight)';
  return `SELECT i.unit AS unit,
  CAST(count(*) AS INTEGER) AS n,
  CAST(${full} AS INTEGER) AS full_marks,
  CAST(100.0 * ${full} / count(*) AS DOUBLE) AS share,
  CAST(count(*) OVER () AS INTEGER) AS units,
  CAST(sum(count(*)) OVER () AS INTEGER) AS all_n,
  CAST(sum(${full}) OVER () AS INTEGER) AS all_full
FROM indicators i
WHERE i.weight > 0 AND i.points IS NOT NULL AND ${indicatorScope(f)}
GROUP BY i.unit
ORDER BY share DESC, n DESC, unit
LIMIT ${Math.trunc(limit)}`;
}

export interface FullMarksRow {
  unit: string | null;
  n: number;
  full_marks: number;
  share: number;
  /** Units with indicators (all of them, not only the rows returned). */
  units: number;
  all_n: number;
  all_full: number;
}

/** Execution-rate indicators: named 预算执行率 / 执行率 at level 3, or level 2 when level 3 is blank. */
export const RATE_INDICATOR = `(contains(coalesce(i.level3, ''), '执行率') OR contains(coalesce(i.level2, ''), '执行率'))`;

/**
 * Execution-rate indicator points against the rule points = min(weight, weight × rate ÷ 100), rate
 * being the evaluation's reported execution rate. One row per indicator given more than the rule plus
 * `tolerance` points (most excess first, up to `limit`). Every row also carries `checked` (indicators
 * compared) and `exceeding` (all over the rule); when none exceeds, a single row with only those two.
 */
export function rateIndicatorRuleSql(f: Filters, tolerance = 0.5, limit = 500): string {
  return `WITH judged AS (
  SELECT i.unit, i.year, i.project, coalesce(i.level3, i.level2) AS indicator,
    CAST(i.weight AS DOUBLE) AS weight, CAST(i.points AS DOUBLE) AS points,
    CAST(e.execution_rate AS DOUBLE) AS rate,
    least(CAST(i.weight AS DOUBLE), CAST(i.weight AS DOUBLE) * CAST(e.execution_rate AS DOUBLE) / 100) AS rule_points,
    i.source_file, i.source_row
  FROM indicators i
  JOIN ${evaluationsTable(f)} e ON ${INDICATOR_JOIN}
  WHERE ${RATE_INDICATOR} AND i.weight > 0 AND i.points IS NOT NULL AND e.execution_rate IS NOT NULL
    AND ${filterWhere(f, 'e')}
  -- an indicator without a project may match several evaluations of its unit and year: take one
  QUALIFY row_number() OVER (PARTITION BY i.source_file, i.source_row
    ORDER BY (e.project = i.project) DESC NULLS LAST, e.source_file, e.source_row) = 1
),
over_rule AS (
  SELECT *, points - rule_points AS excess FROM judged WHERE points - rule_points > ${Number(tolerance)}
),
counts AS (
  SELECT CAST((SELECT count(*) FROM judged) AS INTEGER) AS checked,
    CAST((SELECT count(*) FROM over_rule) AS INTEGER) AS exceeding
)
SELECT o.unit, o.year, o.project, o.indicator, o.weight, o.points, o.rate,
  CAST(round(o.rule_points, 2) AS DOUBLE) AS rule_points, CAST(round(o.excess, 2) AS DOUBLE) AS excess,
  o.source_file, o.source_row, c.checked, c.exceeding
FROM counts c
LEFT JOIN (SELECT * FROM over_rule ORDER BY excess DESC, unit, year, source_file, source_row LIMIT ${Math.trunc(limit)}) o ON TRUE
ORDER BY o.excess DESC, o.unit, o.year, o.source_file, o.source_row`;
}

export interface RateIndicatorRow {
  unit: string | null;
  year: number | null;
  project: string | null;
  indicator: string | null;
  weight: number;
  points: number;
  rate: number;
  rule_points: number;
  excess: number;
  source_file: string;
  source_row: number;
}

export interface RateIndicatorCheck {
  checked: number;
  exceeding: number;
  rows: RateIndicatorRow[];
}

/** Splits the rule query's result into the counts and the rows over the rule. */
export function shapeRateIndicatorCheck(
  raw: readonly (Partial<RateIndicatorRow> & { checked: number; exceeding: number })[],
): RateIndicatorCheck {
  const first = raw[0];
  return {
    checked: first?.checked ?? 0,
    exceeding: first?.exceeding ?? 0,
    rows: raw.filter(
      (r): r is RateIndicatorRow & { checked: number; exceeding: number } =>
        typeof r.source_file === 'string',
    ),
  };
}

/** The indicator lines behind a unit's full-marks share, for the drill-down viewer. */
export function indicatorRowsSql(f: Filters, condition = 'TRUE', limit = DRILL_LIMIT): string {
  return `SELECT i.unit, i.year, i.project, i.level1, i.level2, i.level3, i.weight, i.points,
  i.target, i.actual, i.deviation_reason, i.source_file, i.source_row
FROM indicators i
WHERE (${condition}) AND ${indicatorScope(f)}
ORDER BY i.source_file, i.source_row
LIMIT ${Math.trunc(limit)}`;
}
