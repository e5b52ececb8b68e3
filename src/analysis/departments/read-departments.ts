/** Department rows as plain objects, read from the Arrow rows `departmentsSql` returns. */
import type { Table } from 'apache-arrow';
import { rowsOf } from '../arrow-rows';

export interface DepartmentRow {
  /** null: the evaluations that left the grouping column blank. */
  name: string | null;
  evaluations: number;
  meanScore: number | null;
  /** 0–1 of the graded evaluations. */
  shareExcellent: number | null;
  medianRate: number | null;
  /** 万元, exact decimal text; format with formatMoney. */
  budget: string | null;
  /** null until counted (see departmentFlagsSql). */
  flags: number | null;
  topPhrase: string | null;
  topPhraseCount: number | null;
  /** Groups before the limit. */
  groups: number;
  spark: { year: number; score: number }[];
}

export interface TrendPoint {
  name: string | null;
  year: number;
  meanScore: number | null;
  medianRate: number | null;
  evaluations: number;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const list = (v: unknown): unknown[] =>
  v === null || v === undefined ? [] : Array.from((v as { toArray(): ArrayLike<unknown> }).toArray());

/** Column by column (arrow-rows.ts): a row proxy per row was ~35–60 ms of a filter change. */
export function readDepartments(table: Table): DepartmentRow[] {
  return rowsOf<Record<string, unknown>>(table).map((r) => {
    const years = list(r['spark_years']);
    const scores = list(r['spark_scores']);
    return {
      name: text(r['name']),
      evaluations: Number(r['evaluations']),
      meanScore: num(r['mean_score']),
      shareExcellent: num(r['share_excellent']),
      medianRate: num(r['median_rate']),
      budget: text(r['budget_total']),
      flags: num(r['flags']),
      topPhrase: text(r['top_phrase']),
      topPhraseCount: num(r['top_phrase_count']),
      groups: Number(r['groups']),
      spark: years.map((y, i) => ({ year: Number(y), score: Number(scores[i]) })),
    };
  });
}

export function readTrend(table: Table): TrendPoint[] {
  return rowsOf<Record<string, unknown>>(table).map((r) => ({
    name: text(r['name']),
    year: Number(r['year']),
    meanScore: num(r['mean_score']),
    medianRate: num(r['median_rate']),
    evaluations: Number(r['evaluations']),
  }));
}

/** name → flags, from `departmentFlagsSql`. */
export function readFlagCounts(table: Table): Map<string | null, number> {
  return new Map(rowsOf<Record<string, unknown>>(table).map((r) => [text(r['name']), Number(r['flags'])]));
}
