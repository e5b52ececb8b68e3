/**
 * The phrase panel's label rows (problem_unit_texts: a row per distinct unit, year, text and label
 * values) as typed arrays, held by the counting worker. A filter state that sets only labels (years,
 * regions, supervisors, kinds, grades, units, the unit search) picks its rows there instead of asking
 * the engine for them. The engine's answer was up to 600,000 rows at a million evaluations (80–210 ms
 * of its time per change, after waiting behind the other panels' queries), and counting could only
 * start once it came; picked here, counting starts at the change, beside the engine.
 *
 * `pickRows` keeps exactly the rows `stateTextsSql` returns for the same filters (label-rows.test.ts).
 */
import type { Filters } from '../filters';
import { NO_YEAR, type StateTexts } from './counts';

/** The coded label columns, and the filter that tests each. */
export const LABEL_FILTERS = {
  supervisor: 'supervisors',
  region: 'regions',
  kind: 'kinds',
  grade: 'grades',
} as const satisfies Record<string, keyof Filters>;

export type LabelColumn = keyof typeof LABEL_FILTERS;

export const LABEL_COLUMNS = Object.keys(LABEL_FILTERS) as LabelColumn[];

/** A value for each label column, made by `make`. */
export function byLabel<T>(make: (c: LabelColumn) => T): Record<LabelColumn, T> {
  return { supervisor: make('supervisor'), region: make('region'), kind: make('kind'), grade: make('grade') };
}

export interface CodedLabel {
  /** Each row's code: an index into `values`, −1 for NULL. */
  readonly codes: Int32Array;
  readonly values: readonly string[];
}

export interface LabelRows {
  readonly unitIds: Int32Array;
  /** NO_YEAR where the year is NULL. */
  readonly years: Int32Array;
  readonly textIds: Int32Array;
  readonly labels: Readonly<Record<LabelColumn, CodedLabel>>;
  /** Unit names by unit_id (problem_units). */
  readonly unitNames: readonly string[];
}

/** The filters label rows answer; plain data, so it crosses to the worker (Filters may hold copies). */
export type LabelFilters = Pick<
  Filters,
  'yearFrom' | 'yearTo' | 'regions' | 'supervisors' | 'kinds' | 'units' | 'grades' | 'unitSearch'
>;

/** Filters on per-evaluation values (score, rate) need every row; the others run on the label rows. */
export const needsRows = (f: Filters): boolean =>
  [f.scoreMin, f.scoreMax, f.rateMin, f.rateMax].some((v) => v !== null);

/** The label filters of `f`, or null when it also filters by score or rate (those need every row). */
export function labelFilters(f: Filters): LabelFilters | null {
  if (needsRows(f)) return null;
  const { yearFrom, yearTo, regions, supervisors, kinds, units, grades, unitSearch } = f;
  return { yearFrom, yearTo, regions, supervisors, kinds, units, grades, unitSearch };
}

const bound = (n: number | null): number | null => (n !== null && Number.isFinite(n) ? Math.trunc(n) : null);

/** 1 for every code whose value is one of `wanted` (a value no row has matches nothing). */
export function allowedCodes(values: readonly string[], wanted: readonly string[]): Uint8Array {
  const set = new Set(wanted);
  const ok = new Uint8Array(values.length);
  values.forEach((v, code) => (ok[code] = set.has(v) ? 1 : 0));
  return ok;
}

const allowed = (label: CodedLabel, wanted: readonly string[]) => allowedCodes(label.values, wanted);

/** Whether the year range keeps a row of this year, as filterWhere does (NULL fails a bound). */
export function yearKept(year: number, f: Pick<LabelFilters, 'yearFrom' | 'yearTo'>): boolean {
  const from = bound(f.yearFrom);
  const to = bound(f.yearTo);
  if (from !== null && (year === NO_YEAR || year < from)) return false;
  return to === null || (year !== NO_YEAR && year <= to);
}

/** The rows the filters keep, as filterWhere keeps them (a NULL fails every test on its column). */
export function pickRows(rows: LabelRows, f: LabelFilters): StateTexts {
  const { unitIds, years, textIds } = rows;
  const from = bound(f.yearFrom);
  const to = bound(f.yearTo);
  const coded = LABEL_COLUMNS.flatMap((c) => {
    const wanted = f[LABEL_FILTERS[c]];
    return wanted.length ? [{ codes: rows.labels[c].codes, ok: allowed(rows.labels[c], wanted) }] : [];
  });
  // Units by id: named (units) and containing the search (contains(unit, …)), both when both are set.
  const search = f.unitSearch.trim();
  let unitOk: Uint8Array | null = null;
  if (f.units.length || search) {
    const named = new Set(f.units);
    unitOk = new Uint8Array(rows.unitNames.length);
    rows.unitNames.forEach((name, id) => {
      unitOk![id] = (!named.size || named.has(name)) && (!search || name.includes(search)) ? 1 : 0;
    });
  }
  const kept = new Int32Array(unitIds.length);
  let n = 0;
  next: for (let r = 0; r < unitIds.length; r++) {
    const y = years[r]!;
    if (from !== null && (y === NO_YEAR || y < from)) continue;
    if (to !== null && (y === NO_YEAR || y > to)) continue;
    if (unitOk && !unitOk[unitIds[r]!]) continue;
    for (const c of coded) {
      const code = c.codes[r]!;
      if (code < 0 || !c.ok[code]) continue next;
    }
    kept[n++] = r;
  }
  const take = (column: Int32Array) => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = column[kept[i]!]!;
    return out;
  };
  return { unitIds: take(unitIds), years: take(years), textIds: take(textIds) };
}
