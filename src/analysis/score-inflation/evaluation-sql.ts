/**
 * SQL pieces shared by the evaluation panels (score inflation, execution rates): which canonical
 * tables exist, how many rows the filters keep, the rows behind a mark, and the grouping columns.
 */
import { filterWhere, sqlString, type Filters } from '../filters';

/** One row: whether `evaluations` / `indicators` exist (a panel opened before any file was loaded). */
export function tableStatusSql(): string {
  return `SELECT
  CAST(count(*) FILTER (WHERE table_name = 'evaluations') AS INTEGER) AS has_evaluations,
  CAST(count(*) FILTER (WHERE table_name = 'indicators') AS INTEGER) AS has_indicators
FROM duckdb_tables()
WHERE schema_name = 'main' AND table_name IN ('evaluations', 'indicators')`;
}

export interface TableStatus {
  has_evaluations: number;
  has_indicators: number;
}

/** One row: all evaluations, unfiltered — tells "nothing loaded" from "the filters keep nothing". */
export function evaluationTotalSql(): string {
  return `SELECT CAST(count(*) AS INTEGER) AS total FROM evaluations`;
}

/** The drill-down viewer shows rows, not a million of them; the SQL says so. */
export const DRILL_LIMIT = 5000;

/**
 * The evaluations behind a chart mark or table row, with provenance, for the drill-down viewer.
 * `condition` is a SQL predicate over the evaluations columns built by the analysis (never user text).
 */
export function evaluationRowsSql(f: Filters, condition = 'TRUE', limit = DRILL_LIMIT): string {
  return `SELECT unit, supervisor, region, year, kind, project, score, grade, review_score,
  budget_initial, budget, spent, execution_rate, source_file, source_row
FROM evaluations
WHERE (${condition}) AND ${filterWhere(f)}
ORDER BY source_file, source_row
LIMIT ${Math.trunc(limit)}`;
}

/** The dimensions the panels group by. */
export type GroupBy = 'supervisor' | 'region' | 'year';

export const GROUP_BY_OPTIONS: readonly GroupBy[] = ['supervisor', 'region', 'year'];

/** The group label as text (years too), so one result shape serves all three groupings. */
export function groupLabelSql(by: GroupBy): string {
  return `CAST(${by} AS VARCHAR)`;
}

/** A predicate selecting one group, `label` being a value from groupLabelSql (null = not filled in). */
export function groupConditionSql(by: GroupBy, label: string | null): string {
  if (label === null) return `${by} IS NULL`;
  if (by === 'year') return `year = ${Math.trunc(Number(label))}`;
  return `${by} = ${sqlString(label)}`;
}

/** The cross-filter patch for a click on one group (a missing label cannot be filtered on). */
export function groupFilterPatch(by: GroupBy, label: string | null): Partial<Filters> | null {
  if (label === null) return null;
  if (by === 'year') {
    const y = Math.trunc(Number(label));
    return Number.isFinite(y) ? { yearFrom: y, yearTo: y } : null;
  }
  return by === 'supervisor' ? { supervisors: [label] } : { regions: [label] };
}
