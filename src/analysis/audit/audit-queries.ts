/** The queries the audit panel runs on top of `auditFlagsSql`: a per-rule summary, a sorted page, drills. */
import { sqlString, type Filters } from '../filters';
import { auditFlagsSql, type AuditOptions } from './build-audit-sql';
import { storedAuditFlagsSql } from './flag-table';
import type { AuditFlag } from './flags';
import type { AuditRuleCode } from './rules';

export type AuditSortColumn = 'severity' | 'rule' | 'unit' | 'year' | 'source';

export interface AuditSort {
  column: AuditSortColumn;
  desc: boolean;
}

export const DEFAULT_AUDIT_SORT: AuditSort = { column: 'severity', desc: true };

/**
 * Where the flags come from: `live` runs the rules (self-contained SQL, shown by 查看SQL), `stored`
 * reads the tables built once per data version (flag-table.ts) — the same rows, what the panel runs.
 */
export type FlagSource = 'live' | 'stored';

const flagsSql = (filters: Filters, options: AuditOptions, source: FlagSource, withUnitNo = false) =>
  source === 'stored' ? storedAuditFlagsSql(filters, options, withUnitNo) : auditFlagsSql(filters, options);

/** Rows shown at once; the CSV export has them all. */
export const AUDIT_PAGE = 500;

function orderBy(sort: AuditSort): string {
  const dir = sort.desc ? 'DESC' : 'ASC';
  const first: Record<AuditSortColumn, string> = {
    severity: `severity ${dir}`,
    rule: `rule ${dir}`,
    unit: `unit ${dir} NULLS LAST`,
    year: `year ${dir} NULLS LAST`,
    source: `source_file ${dir}, source_row ${dir}`,
  };
  // The tie-breakers make the order total, so pages and exports are reproducible.
  return `${first[sort.column]}, severity DESC, rule, unit NULLS LAST, year NULLS LAST, source_file, source_row`;
}

/** Flags sorted, optionally for one rule; `limit` null for all (the CSV export). */
export function auditListSql(
  filters: Filters,
  options: AuditOptions,
  sort: AuditSort = DEFAULT_AUDIT_SORT,
  rule: AuditRuleCode | null = null,
  limit: number | null = AUDIT_PAGE,
  source: FlagSource = 'live',
): string {
  const where = rule ? `\nWHERE rule = ${sqlString(rule)}` : '';
  const lim = limit === null ? '' : `\nLIMIT ${Math.max(0, Math.trunc(limit))}`;
  return `SELECT * FROM (\n${flagsSql(filters, options, source)}\n) AS flags${where}\nORDER BY ${orderBy(sort)}${lim}`;
}

/** One row per rule that fired: rule, severity, flags (INTEGER), units (INTEGER). */
export function auditSummarySql(
  filters: Filters,
  options: AuditOptions,
  source: FlagSource = 'live',
): string {
  // Stored flags number their units (flag-table.ts): distinct numbers, the same count as names.
  const units = source === 'stored' ? 'unit_no' : 'unit';
  return `SELECT rule, any_value(severity) AS severity, CAST(count(*) AS INTEGER) AS flags,
  CAST(count(DISTINCT ${units}) AS INTEGER) AS units
FROM (\n${flagsSql(filters, options, source, source === 'stored')}\n) AS flags
GROUP BY rule
ORDER BY severity DESC, flags DESC, rule`;
}

const subject = (f: AuditFlag) =>
  [
    f.unit === null ? 'unit IS NULL' : `unit = ${sqlString(f.unit)}`,
    f.year === null ? 'year IS NULL' : `year = ${Math.trunc(f.year)}`,
    f.project === null ? 'project IS NULL' : `project = ${sqlString(f.project)}`,
  ].join(' AND ');

/** The rows behind a flag, with their provenance: the evaluation, its indicators, its duplicates or the totalled rows. */
export function auditDrillSql(f: AuditFlag): string {
  const file = sqlString(f.source_file);
  const row = Math.trunc(f.source_row);
  switch (f.rule) {
    case 'points_sum':
    case 'weights_sum':
    case 'points_over_weight':
      return `SELECT * FROM indicators WHERE ${subject(f)} ORDER BY source_file, source_row`;
    case 'duplicate_conflict':
      return `SELECT * FROM evaluations WHERE ${subject(f)} ORDER BY source_file, source_row`;
    case 'total_mismatch':
      return `SELECT * FROM evaluations
WHERE source_file = ${file} AND source_row < ${row}
  AND source_row > (SELECT coalesce(max(source_row), 0) FROM ingest_totals WHERE source_file = ${file} AND source_row < ${row})
ORDER BY source_row`;
    default:
      return `SELECT * FROM evaluations WHERE source_file = ${file} AND source_row = ${row}`;
  }
}
