/**
 * Runs the execution-rate queries and shapes their results for the panel. Pure apart from the Querier,
 * so the Node tests run exactly what the browser runs. The per-group distribution has its own loader,
 * so switching the grouping re-runs one query only.
 */
import type { Filters } from '../filters';
import type { Querier } from '../types';
import { rowsOf } from '../arrow-rows';
import {
  evaluationTotalSql,
  tableStatusSql,
  type GroupBy,
  type TableStatus,
} from '../score-inflation/evaluation-sql';
import type { Unavailable } from '../score-inflation/load-score-inflation';
import {
  rateDistributionSql,
  rateHistogramRunSql,
  rateHistogramSql,
  rateListSql,
  rateMismatchSql,
  rateSummaryRunSql,
  rateSummarySql,
  type RateBin,
  type RateDistributionRow,
  type RateListRow,
  type RateMismatchRow,
  type RateSummary,
} from './build-execution-rate-sql';
import { heldRateDistribution, type HeldRates } from './held-rates';
import { readsCubes } from '../cubes';

async function hasEvaluations(query: Querier): Promise<boolean> {
  const [row] = rowsOf<TableStatus>(await query(tableStatusSql()));
  return Boolean(row?.has_evaluations);
}

export interface ExecutionRateSql {
  histogram: string;
  summary: string;
  under: string;
  over: string;
  mismatch: string;
}

export function executionRateSql(f: Filters): ExecutionRateSql {
  return {
    histogram: rateHistogramSql(f),
    summary: rateSummarySql(f),
    under: rateListSql(f, 'under'),
    over: rateListSql(f, 'over'),
    mismatch: rateMismatchSql(f),
  };
}

export interface ExecutionRateData {
  state: 'ready';
  /** All evaluations, unfiltered. */
  total: number;
  sql: ExecutionRateSql;
  histogram: RateBin[];
  summary: RateSummary;
  under: RateListRow[];
  over: RateListRow[];
  mismatch: RateMismatchRow[];
}

const NO_SUMMARY: RateSummary = {
  n: 0,
  with_rate: 0,
  under: 0,
  over: 0,
  budget: null,
  spent: null,
  overall_rate: null,
};

export async function loadExecutionRate(
  query: Querier,
  f: Filters,
): Promise<Unavailable | ExecutionRateData> {
  if (!(await hasEvaluations(query))) return { state: 'no-table' };
  const sql = executionRateSql(f);
  const rows = async <T>(text: string): Promise<T[]> => rowsOf<T>(await query(text));
  const [total, histogram, summary, under, over, mismatch] = await Promise.all([
    rows<{ total: number }>(evaluationTotalSql()),
    // From the cubes when the state may (cubes.ts); sql.histogram and sql.summary are what 查看SQL shows.
    rows<RateBin>(rateHistogramRunSql(f)),
    rows<RateSummary>(rateSummaryRunSql(f)),
    rows<RateListRow>(sql.under),
    rows<RateListRow>(sql.over),
    rows<RateMismatchRow>(sql.mismatch),
  ]);
  const all = total[0]?.total ?? 0;
  if (all === 0) return { state: 'empty' };
  return {
    state: 'ready',
    total: all,
    sql,
    histogram,
    summary: summary[0] ?? NO_SUMMARY,
    under,
    over,
    mismatch,
  };
}

export interface RateDistributionData {
  state: 'ready';
  by: GroupBy;
  /** Budget-weighted figures (else counted): each mode is its own query. */
  weighted: boolean;
  sql: string;
  rows: RateDistributionRow[];
  /** Where the rows were counted: the held rates or the engine (tests check the held path runs). */
  from: 'held' | 'engine';
}

/**
 * With `held` (the dashboard's held rates, held-rates.ts), the counted distribution of a state the
 * cubes answer is taken from them: the same rows as `sql`, which is still what 查看SQL shows.
 */
export async function loadRateDistribution(
  query: Querier,
  f: Filters,
  by: GroupBy,
  weighted = false,
  held: HeldRates | null = null,
): Promise<Unavailable | RateDistributionData> {
  if (!(await hasEvaluations(query))) return { state: 'no-table' };
  const sql = rateDistributionSql(f, by, weighted);
  if (held && !weighted && readsCubes(f))
    return { state: 'ready', by, weighted, sql, rows: heldRateDistribution(held, f, by), from: 'held' };
  return {
    state: 'ready',
    by,
    weighted,
    sql,
    rows: rowsOf<RateDistributionRow>(await query(sql)),
    from: 'engine',
  };
}
