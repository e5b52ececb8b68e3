/**
 * Runs the score-inflation queries and shapes their results for the panel. Pure apart from the
 * Querier, so the Node tests run exactly what the browser runs. Three loaders, so a switch or an
 * opened section re-runs only its own query: the main charts, the 优 share for one grouping, and the
 * indicator checks (which read the indicators table and run only when asked for).
 */
import type { Filters } from '../filters';
import type { Querier } from '../types';
import { rowsOf } from '../arrow-rows';
import {
  bunchingSql,
  fullMarksSql,
  gradeShareRunSql,
  gradeShareSql,
  meanScoreByYearRunSql,
  meanScoreByYearSql,
  rateIndicatorRuleSql,
  reviewGapHistogramRunSql,
  reviewGapHistogramSql,
  reviewGapSummarySql,
  scatterCellsSql,
  scoreCellsSql,
  scoreHistogramSql,
  shapeRateIndicatorCheck,
  suspiciousSql,
  type FullMarksRow,
  type GradeShareRow,
  type RateIndicatorCheck,
  type RateIndicatorRow,
  type ReviewGapSummary,
  type Bunching,
  type ScatterCell,
  type ScoreBin,
  type ScoreCell,
  type SuspiciousRow,
  type YearMean,
} from './build-score-inflation-sql';
import { bunchingFromCells, histogramFromCells, scatterFromCells } from './score-cells';
import { evaluationTotalSql, tableStatusSql, type GroupBy, type TableStatus } from './evaluation-sql';

/** `no-table`: nothing was ever loaded; `empty`: the evaluations table has no rows. */
export type Unavailable = { state: 'no-table' } | { state: 'empty' };

async function status(query: Querier): Promise<TableStatus> {
  const [row] = rowsOf<TableStatus>(await query(tableStatusSql()));
  return row ?? { has_evaluations: 0, has_indicators: 0 };
}

export interface ScoreInflationSql {
  histogram: string;
  bunching: string;
  scatterCells: string;
  suspicious: string;
  yearMeans: string;
  reviewHistogram: string;
  reviewSummary: string;
}

export function scoreInflationSql(f: Filters): ScoreInflationSql {
  return {
    histogram: scoreHistogramSql(f),
    bunching: bunchingSql(f),
    scatterCells: scatterCellsSql(f),
    suspicious: suspiciousSql(f),
    yearMeans: meanScoreByYearSql(f),
    reviewHistogram: reviewGapHistogramSql(f),
    reviewSummary: reviewGapSummarySql(f),
  };
}

export interface ScoreInflationData {
  state: 'ready';
  /** All evaluations, unfiltered. */
  total: number;
  sql: ScoreInflationSql;
  histogram: ScoreBin[];
  /** Also carries the filtered counts (`evaluations`, `scored`). */
  bunching: Bunching;
  scatterCells: ScatterCell[];
  suspicious: SuspiciousRow[];
  /** All suspicious evaluations, including those beyond the list's cap. */
  suspiciousTotal: number;
  yearMeans: YearMean[];
  reviewHistogram: ScoreBin[];
  reviewSummary: ReviewGapSummary;
}

const NO_REVIEW: ReviewGapSummary = {
  n: 0,
  mean_gap: null,
  median_gap: null,
  self_higher: 0,
  excellent_not_confirmed: 0,
};

export async function loadScoreInflation(
  query: Querier,
  f: Filters,
): Promise<Unavailable | ScoreInflationData> {
  if (!(await status(query)).has_evaluations) return { state: 'no-table' };
  const sql = scoreInflationSql(f);
  const rows = async <T>(text: string): Promise<T[]> => rowsOf<T>(await query(text));
  // The histogram, bunching and scatter cells come from one query's cells (score-cells.ts); their
  // own SQL (sql.histogram …) is what 查看SQL shows and answers the same.
  const [total, cells, suspicious, yearMeans, reviewHistogram, reviewSummary] = await Promise.all([
    rows<{ total: number }>(evaluationTotalSql()),
    rows<ScoreCell>(scoreCellsSql(f)),
    rows<SuspiciousRow>(sql.suspicious),
    // From the cubes when the state may (cubes.ts); sql.yearMeans … are what 查看SQL shows.
    rows<YearMean>(meanScoreByYearRunSql(f)),
    rows<ScoreBin>(reviewGapHistogramRunSql(f)),
    rows<ReviewGapSummary>(sql.reviewSummary),
  ]);
  const all = total[0]?.total ?? 0;
  if (all === 0) return { state: 'empty' };
  return {
    state: 'ready',
    total: all,
    sql,
    histogram: histogramFromCells(cells),
    bunching: bunchingFromCells(cells),
    scatterCells: scatterFromCells(cells),
    suspicious,
    suspiciousTotal: suspicious[0]?.total ?? 0,
    yearMeans,
    reviewHistogram,
    reviewSummary: reviewSummary[0] ?? NO_REVIEW,
  };
}

export interface GradeShareData {
  state: 'ready';
  by: GroupBy;
  sql: string;
  rows: GradeShareRow[];
}

export async function loadGradeShare(
  query: Querier,
  f: Filters,
  by: GroupBy,
): Promise<Unavailable | GradeShareData> {
  if (!(await status(query)).has_evaluations) return { state: 'no-table' };
  const rows = rowsOf<GradeShareRow>(await query(gradeShareRunSql(f, by)));
  return { state: 'ready', by, sql: gradeShareSql(f, by), rows };
}

export interface IndicatorChecksData {
  state: 'ready';
  sql: { fullMarks: string; rateIndicators: string };
  fullMarks: FullMarksRow[];
  rateIndicators: RateIndicatorCheck;
}

/** `no-indicators`: no indicators table was loaded, so there is nothing to check. */
export async function loadIndicatorChecks(
  query: Querier,
  f: Filters,
): Promise<Unavailable | { state: 'no-indicators' } | IndicatorChecksData> {
  const tables = await status(query);
  if (!tables.has_evaluations) return { state: 'no-table' };
  if (!tables.has_indicators) return { state: 'no-indicators' };
  const sql = { fullMarks: fullMarksSql(f), rateIndicators: rateIndicatorRuleSql(f) };
  const [fullMarks, rule] = await Promise.all([
    query(sql.fullMarks).then((t) => rowsOf<FullMarksRow>(t)),
    query(sql.rateIndicators).then((t) =>
      rowsOf<RateIndicatorRow & { checked: number; exceeding: number }>(t),
    ),
  ]);
  return { state: 'ready', sql, fullMarks, rateIndicators: shapeRateIndicatorCheck(rule) };
}
