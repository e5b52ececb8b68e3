/**
 * The one filter bar every panel shares. A pure value; `filterWhere` turns it into SQL so each
 * analysis applies exactly the same rows.
 */
export interface Filters {
  yearFrom: number | null;
  yearTo: number | null;
  regions: string[];
  supervisors: string[];
  kinds: string[];
  /** Exact unit names (from a click on a chart or row). */
  units: string[];
  grades: string[];
  /** Substring match on the unit name, typed by the analyst. */
  unitSearch: string;
  /** Half-open score band [min, max), from a click on a histogram bin. */
  scoreMin: number | null;
  scoreMax: number | null;
  /** Half-open execution-rate band [min, max), in percent. */
  rateMin: number | null;
  rateMax: number | null;
  /**
   * Not a filter: where the dashboard keeps a copy of the rows these filters keep
   * (dashboard/row-copies.ts), so a filter change scans the big tables once instead of once per
   * query. Never stored or shared.
   */
  copies?: RowCopies;
  /**
   * Not a filter: the dashboard keeps pre-counted tables these filters can be answered from
   * (analysis/cubes.ts); the SQL a panel runs may read them, never the SQL it shows.
   */
  cubes?: boolean;
}

/**
 * Stored copies holding (at least) every row of `evaluations` and of the stored audit's tables that
 * the filters keep.
 * Panel SQL reading them still applies `filterWhere`, so it answers exactly as on the canonical table.
 */
export interface RowCopies {
  evaluations: string;
  auditFlags: string;
  /** Not a copy: the total rows visible under exactly these filters (audit/flag-table.ts). */
  visibleTotals: string;
  /** The distinct (unit_id, year, text_id) these filters keep (problem-phrases/queries.ts). */
  filteredTexts: string;
  /**
   * Holds at least every evaluation these filters keep that a row list can show (under 60 % or over
   * 100 %, 优 under 80 %, a rate off spent ÷ budget: row-copies.ts LISTED), for those lists only.
   */
  listed: string;
}

/** The table a panel's aggregate reads its evaluations from (the canonical one, or a copy). */
export function evaluationsTable(f: Filters): string {
  return f.copies?.evaluations ?? 'evaluations';
}

/**
 * The table a row list (rateListSql, rateMismatchSql, suspiciousSql) reads: a few percent of the
 * evaluations hold every row such a list can show, so a wide state's list scans those, not most of
 * a million rows.
 */
export function listedTable(f: Filters): string {
  return f.copies?.listed ?? 'evaluations';
}

/** The table the stored audit flags are read from (the canonical one, or a copy). */
export function auditFlagsTable(f: Filters): string {
  return f.copies?.auditFlags ?? 'audit_flags';
}

export const NO_FILTERS: Filters = {
  yearFrom: null,
  yearTo: null,
  regions: [],
  supervisors: [],
  kinds: [],
  units: [],
  grades: [],
  unitSearch: '',
  scoreMin: null,
  scoreMax: null,
  rateMin: null,
  rateMax: null,
};

/** A SQL string literal; the only way user or file text enters generated SQL. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function finite(n: number | null): n is number {
  return n !== null && Number.isFinite(n);
}

function inList(column: string, values: readonly string[]): string | null {
  return values.length ? `${column} IN (${values.map(sqlString).join(', ')})` : null;
}

/**
 * The conditions the filters put on a table with the `evaluations` columns, one per active filter
 * (all must hold). `alias` prefixes columns, e.g. 'e' → e.year.
 */
export function filterParts(f: Filters, alias = ''): string[] {
  const c = (name: string) => (alias ? `${alias}.${name}` : name);
  const parts: (string | null)[] = [
    finite(f.yearFrom) ? `${c('year')} >= ${Math.trunc(f.yearFrom)}` : null,
    finite(f.yearTo) ? `${c('year')} <= ${Math.trunc(f.yearTo)}` : null,
    inList(c('region'), f.regions),
    inList(c('supervisor'), f.supervisors),
    inList(c('kind'), f.kinds),
    inList(c('unit'), f.units),
    inList(c('grade'), f.grades),
    f.unitSearch.trim() ? `contains(${c('unit')}, ${sqlString(f.unitSearch.trim())})` : null,
    finite(f.scoreMin) ? `${c('score')} >= ${f.scoreMin}` : null,
    finite(f.scoreMax) ? `${c('score')} < ${f.scoreMax}` : null,
    finite(f.rateMin) ? `${c('execution_rate')} >= ${f.rateMin}` : null,
    finite(f.rateMax) ? `${c('execution_rate')} < ${f.rateMax}` : null,
  ];
  return parts.filter((p): p is string => p !== null);
}

/**
 * The WHERE body (without the keyword) for the filters over a table with the `evaluations` columns;
 * `TRUE` when nothing is filtered. `alias` prefixes columns, e.g. 'e' → e.year.
 */
export function filterWhere(f: Filters, alias = ''): string {
  const kept = filterParts(f, alias);
  return kept.length ? kept.join(' AND ') : 'TRUE';
}
