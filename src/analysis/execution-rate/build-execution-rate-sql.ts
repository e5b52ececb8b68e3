/**
 * Execution rates (执行率分布): the SQL behind each chart and list of the panel. The rate is the
 * reported 执行率 (percent; 73.68 = 73.68%), the column the rate filter also uses. Budget-weighted
 * figures weight each evaluation by its full-year budget (budget > 0 only).
 */
import { evaluationsTable, filterWhere, listedTable, type Filters } from '../filters';
import { groupLabelSql, type GroupBy } from '../score-inflation/evaluation-sql';
import { cubeTable, readsCubes } from '../cubes';

/** Scoring-rule lines: nothing below 60%, full marks from 95%, over 100% is overspending. */
export const RATE_THRESHOLDS = [60, 80, 95, 100] as const;
export const RATE_LOW = 60;
export const RATE_HIGH = 100;

/** Histogram range: 1-point bins from 0; everything at or above the top lands in the last bin. */
export const RATE_HISTOGRAM_TOP = 150;

/** Reported and computed rates further apart than this many points are listed. */
export const RATE_MISMATCH_TOLERANCE = 0.5;

const WEIGHT = 'CASE WHEN budget > 0 THEN budget END';

/**
 * Rates in 1-point bins [bin, bin + 1), clamped to [0, 150] (bin 150 = 150% and above).
 * `n` counts evaluations; `budget` is their exact budget sum (万元, VARCHAR) and `budget_value` the
 * same as a float for bar heights. Rows are grouped by floor(rate) first and clamped per group:
 * least/greatest on every DECIMAL rate cost ~70 ms of ~110 at a million rows (373,000 kept).
 */
export function rateHistogramSql(f: Filters): string {
  return `SELECT CAST(least(greatest(floored, 0), ${RATE_HISTOGRAM_TOP}) AS INTEGER) AS bin,
  CAST(sum(n) AS INTEGER) AS n,
  CAST(sum(w) AS VARCHAR) AS budget,
  CAST(sum(w) AS DOUBLE) AS budget_value
FROM (
  SELECT floor(execution_rate) AS floored, count(*) AS n, sum(${WEIGHT}) AS w
  FROM ${evaluationsTable(f)}
  WHERE execution_rate IS NOT NULL AND ${filterWhere(f)}
  GROUP BY floored
)
GROUP BY bin
ORDER BY bin`;
}

/** What the panel runs for rateHistogramSql: the same rows, from the rates cube when it may. */
export function rateHistogramRunSql(f: Filters): string {
  if (!readsCubes(f)) return rateHistogramSql(f);
  return `SELECT CAST(least(greatest(floored, 0), ${RATE_HISTOGRAM_TOP}) AS INTEGER) AS bin,
  CAST(sum(n) AS INTEGER) AS n,
  CAST(sum(w) AS VARCHAR) AS budget,
  CAST(sum(w) AS DOUBLE) AS budget_value
FROM ${cubeTable('rates')}
WHERE floored IS NOT NULL AND ${filterWhere(f)}
GROUP BY bin
ORDER BY bin`;
}

/**
 * The rates cube (cubes.ts): per year, kind and floor(rate) (NULL: no rate), what the histogram and
 * the totals add up. Its exact DECIMAL sums add up to the plain queries' sums.
 */
export function ratesCubeSql(from: string): string {
  const both = 'budget > 0 AND spent IS NOT NULL';
  return `SELECT year, kind, floor(execution_rate) AS floored, count(*) AS n,
  count(execution_rate) AS with_rate,
  count(*) FILTER (WHERE execution_rate < ${RATE_LOW}) AS under,
  count(*) FILTER (WHERE execution_rate > ${RATE_HIGH}) AS over,
  sum(${WEIGHT}) AS w,
  sum(budget) FILTER (WHERE ${both}) AS budget,
  sum(spent) FILTER (WHERE ${both}) AS spent
FROM ${from}
GROUP BY ALL`;
}

export interface RateBin {
  bin: number;
  n: number;
  budget: string | null;
  budget_value: number | null;
}

/** The filter band of a histogram bin (the clamped end bins are open-ended). */
export function rateBinBand(bin: number): { rateMin: number | null; rateMax: number | null } {
  return {
    rateMin: bin <= 0 ? null : bin,
    rateMax: bin >= RATE_HISTOGRAM_TOP ? null : bin + 1,
  };
}

const QUANTILES = [
  ['p10', 0.1],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p90', 0.9],
] as const;

/**
 * Per group: quantiles of the rate, counted or budget-weighted (`weighted`), the mean and the shares
 * under 60% and over 100% the same way. A quantile p is the smallest rate at which the cumulative
 * share (of evaluations, or of budget) reaches p — the same definition both ways, so the switch
 * compares like with like. Up to `limit` groups, largest (by evaluations) first, years in order;
 * `groups` counts them all.
 *
 * Counted, that quantile is DuckDB's quantile_disc with DECIMAL fractions (element ⌈p·n⌉ of the
 * sorted rates, in integer arithmetic), one aggregate pass. Budget-weighted it has no aggregate:
 * rows are collapsed to (group, rate) and a window accumulates the budget over distinct rates.
 * Each mode is its own query, so the counted view (the default) does not pay for the windows
 * (at a million rows, kind = 项目支出 keeping 373,499 of them: ~110–165 against ~400 ms for both modes
 * in one query).
 */
export function rateDistributionSql(f: Filters, by: GroupBy, weighted = false, limit = 40): string {
  // Grouped by the column, not its text (grp): the clustered table's supervisor is an ENUM
  // (problem-phrases/build.ts), whose text is then made once per group instead of once per row.
  const order = by === 'year' ? 'grp' : 'n DESC, grp';
  const tail = `ORDER BY ${order}
LIMIT ${Math.trunc(limit)}`;
  if (!weighted) {
    const fractions = QUANTILES.map(([, p]) => p.toFixed(2)).join(', ');
    const quantiles = QUANTILES.map(
      ([name], i) => `CAST(quantile_disc(execution_rate, [${fractions}])[${i + 1}] AS DOUBLE) AS ${name}`,
    ).join(',\n  ');
    return `SELECT ${groupLabelSql(by)} AS grp,
  CAST(count(*) AS INTEGER) AS n,
  CAST(min(execution_rate) AS DOUBLE) AS min,
  CAST(max(execution_rate) AS DOUBLE) AS max,
  ${quantiles},
  CAST(avg(execution_rate) AS DOUBLE) AS mean,
  CAST(100.0 * count(*) FILTER (WHERE execution_rate < ${RATE_LOW}) / count(*) AS DOUBLE) AS under_share,
  CAST(100.0 * count(*) FILTER (WHERE execution_rate > ${RATE_HIGH}) / count(*) AS DOUBLE) AS over_share,
  CAST(count(*) OVER () AS INTEGER) AS groups
FROM ${evaluationsTable(f)}
WHERE execution_rate IS NOT NULL AND ${filterWhere(f)}
GROUP BY ${by}
${tail}`;
  }
  const quantiles = QUANTILES.map(
    ([name, p]) => `CAST(min(rate) FILTER (WHERE cum_w >= ${p}) AS DOUBLE) AS ${name}`,
  ).join(',\n  ');
  return `WITH per_rate AS (
  SELECT ${groupLabelSql(by)} AS grp, execution_rate AS rate,
    count(*) AS n, CAST(sum(${WEIGHT}) AS DOUBLE) AS w
  FROM ${evaluationsTable(f)}
  WHERE execution_rate IS NOT NULL AND ${filterWhere(f)}
  GROUP BY ${by}, execution_rate
),
cumulative AS (
  SELECT *, sum(w) OVER (PARTITION BY grp ORDER BY rate) / sum(w) OVER (PARTITION BY grp) AS cum_w
  FROM per_rate
)
SELECT grp,
  CAST(sum(n) AS INTEGER) AS n,
  CAST(min(rate) AS DOUBLE) AS min,
  CAST(max(rate) AS DOUBLE) AS max,
  ${quantiles},
  CAST(sum(rate * w) / sum(w) AS DOUBLE) AS mean,
  CAST(100.0 * coalesce(sum(w) FILTER (WHERE rate < ${RATE_LOW}), 0) / sum(w) AS DOUBLE) AS under_share,
  CAST(100.0 * coalesce(sum(w) FILTER (WHERE rate > ${RATE_HIGH}), 0) / sum(w) AS DOUBLE) AS over_share,
  CAST(count(*) OVER () AS INTEGER) AS groups
FROM cumulative
GROUP BY grp
${tail}`;
}

/**
 * One group's distribution, counted or budget-weighted as asked. `n` always counts evaluations with
 * a rate; weighted, the rest are null when no evaluation of the group has a positive budget.
 */
export interface RateDistributionRow {
  grp: string | null;
  n: number;
  min: number;
  max: number;
  p10: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p90: number | null;
  mean: number | null;
  under_share: number | null;
  over_share: number | null;
  groups: number;
}

/** One row: totals over the filtered evaluations (money exact, as VARCHAR). */
export function rateSummarySql(f: Filters): string {
  return `SELECT CAST(count(*) AS INTEGER) AS n,
  CAST(count(execution_rate) AS INTEGER) AS with_rate,
  CAST(count(*) FILTER (WHERE execution_rate < ${RATE_LOW}) AS INTEGER) AS under,
  CAST(count(*) FILTER (WHERE execution_rate > ${RATE_HIGH}) AS INTEGER) AS over,
  CAST(sum(budget) FILTER (WHERE budget > 0 AND spent IS NOT NULL) AS VARCHAR) AS budget,
  CAST(sum(spent) FILTER (WHERE budget > 0 AND spent IS NOT NULL) AS VARCHAR) AS spent,
  CAST(round(100 * sum(spent) FILTER (WHERE budget > 0 AND spent IS NOT NULL)
    / sum(budget) FILTER (WHERE budget > 0 AND spent IS NOT NULL), 2) AS DOUBLE) AS overall_rate
FROM ${evaluationsTable(f)}
WHERE ${filterWhere(f)}`;
}

/** What the panel runs for rateSummarySql: the same row, from the rates cube when it may. */
export function rateSummaryRunSql(f: Filters): string {
  if (!readsCubes(f)) return rateSummarySql(f);
  // No cube row kept: the counts are 0, as count(*) over no rows.
  const count = (c: string) => `CAST(coalesce(sum(${c}), 0) AS INTEGER) AS ${c}`;
  return `SELECT ${count('n')}, ${count('with_rate')}, ${count('under')}, ${count('over')},
  CAST(sum(budget) AS VARCHAR) AS budget,
  CAST(sum(spent) AS VARCHAR) AS spent,
  CAST(round(100 * sum(spent) / sum(budget), 2) AS DOUBLE) AS overall_rate
FROM ${cubeTable('rates')}
WHERE ${filterWhere(f)}`;
}

export interface RateSummary {
  n: number;
  with_rate: number;
  under: number;
  over: number;
  /** Σ budget and Σ spent over evaluations with both (万元); overall_rate = Σ spent ÷ Σ budget × 100. */
  budget: string | null;
  spent: string | null;
  overall_rate: number | null;
}

export type RateListKind = 'under' | 'over';

/** The predicate of a list: under 60% or over 100%. */
export function rateListCondition(kind: RateListKind): string {
  return kind === 'under' ? `execution_rate < ${RATE_LOW}` : `execution_rate > ${RATE_HIGH}`;
}

/** Evaluations under 60% (lowest first) or over 100% (highest first), up to `limit`; `total` counts all. */
export function rateListSql(f: Filters, kind: RateListKind, limit = 100): string {
  const order = kind === 'under' ? 'execution_rate' : 'execution_rate DESC';
  return `SELECT unit, supervisor, region, year, project,
  CAST(execution_rate AS VARCHAR) AS rate,
  CAST(budget AS VARCHAR) AS budget, CAST(spent AS VARCHAR) AS spent,
  source_file, source_row,
  CAST(count(*) OVER () AS INTEGER) AS total
FROM ${listedTable(f)}
WHERE ${rateListCondition(kind)} AND ${filterWhere(f)}
ORDER BY ${order}, unit, year, source_file, source_row
LIMIT ${Math.trunc(limit)}`;
}

export interface RateListRow {
  unit: string | null;
  supervisor: string | null;
  region: string | null;
  year: number | null;
  project: string | null;
  /** Exact, as reported (e.g. '73.68'). */
  rate: string;
  budget: string | null;
  spent: string | null;
  source_file: string;
  source_row: number;
  total: number;
}

/**
 * Exact test in DECIMAL: |reported − spent ÷ budget × 100| > tolerance ⇔
 * |reported × budget − spent × 100| > tolerance × budget (budget > 0), no float involved.
 */
export function rateMismatchCondition(tolerance = RATE_MISMATCH_TOLERANCE): string {
  return `execution_rate IS NOT NULL AND spent IS NOT NULL AND budget > 0
  AND abs(execution_rate * budget - spent * 100) > ${Number(tolerance)} * budget`;
}

/**
 * Reported rates that differ from spent ÷ budget × 100 by more than the tolerance, largest difference
 * first. `computed` is rounded to 2 decimals; `difference` = reported − computed. A copy's listed rows
 * hold every mismatch at the default tolerance (a wider one keeps fewer); a finer one reads all rows.
 */
export function rateMismatchSql(f: Filters, tolerance = RATE_MISMATCH_TOLERANCE, limit = 100): string {
  return `WITH mismatched AS (
  SELECT *, CAST(round(spent * 100 / budget, 2) AS DECIMAL(18, 2)) AS computed
  FROM ${tolerance >= RATE_MISMATCH_TOLERANCE ? listedTable(f) : evaluationsTable(f)}
  WHERE ${rateMismatchCondition(tolerance)} AND ${filterWhere(f)}
)
SELECT unit, supervisor, region, year, project,
  CAST(execution_rate AS VARCHAR) AS reported,
  CAST(computed AS VARCHAR) AS computed,
  CAST(execution_rate - computed AS VARCHAR) AS difference,
  CAST(budget AS VARCHAR) AS budget, CAST(spent AS VARCHAR) AS spent,
  source_file, source_row,
  CAST(count(*) OVER () AS INTEGER) AS total
FROM mismatched
ORDER BY abs(execution_rate - computed) DESC, unit, year, source_file, source_row
LIMIT ${Math.trunc(limit)}`;
}

export interface RateMismatchRow {
  unit: string | null;
  supervisor: string | null;
  region: string | null;
  year: number | null;
  project: string | null;
  reported: string;
  computed: string;
  difference: string;
  budget: string;
  spent: string;
  source_file: string;
  source_row: number;
  total: number;
}
