/**
 * The counted rate distribution per group (rateDistributionSql, not weighted) from every rate held
 * in typed arrays, for the states the cubes answer (cubes.ts: years and kinds only). Such a state
 * keeps most of a million rows, and the engine sorted each group's rates for quantile_disc on every
 * change (years 2018–2023: ~120–180 ms of the engine's time, the most of any panel query but one).
 * Here the rates are sorted once per data version and laid out group by group; a state adds up
 * per-cell counts and walks each group's rates to the ranks quantile_disc picks, in TypeScript
 * (~7–17 ms on the page). The answer is the SQL's, to the bit (held-rates.test.ts); 查看SQL still
 * shows that SQL.
 */
import type { Table } from 'apache-arrow';
import type { Filters } from '../filters';
import type { Querier } from '../types';
import type { GroupBy } from '../score-inflation/evaluation-sql';
import { yearKept } from '../problem-phrases/label-rows';
import { NO_YEAR } from '../problem-phrases/counts';
import { RATE_HIGH, RATE_LOW, type RateDistributionRow } from './build-execution-rate-sql';

/** The quantiles rateDistributionSql asks for, as hundredths (its DECIMAL fractions 0.10 … 0.90). */
const QUANTILE_HUNDREDTHS = [10, 25, 50, 75, 90] as const;

const GROUPINGS = ['supervisor', 'region', 'year'] as const satisfies readonly GroupBy[];

export interface HeldRates {
  /** Each rate in hundredths of a percent (DECIMAL(9,2) unscaled), ascending. */
  readonly cents: Int32Array;
  /** Each rate's (year, kind) cell: an index into `cells`. */
  readonly cell: Int32Array;
  readonly cells: readonly { year: number | null; kind: string | null }[];
  /**
   * Each rate's group per grouping: an index into `values` (−1: NULL). Values are the group labels
   * (CAST(… AS VARCHAR)), numbered in the engine's order of them, so ties sort as in the SQL.
   */
  readonly groups: Readonly<Record<GroupBy, { codes: Int32Array; values: readonly string[] }>>;
}

/** The label, numbered in the engine's order, of each grouping and (year, kind) cell with a rate. */
const CODES_TABLE = 'dash_rate_codes';

function codesSql(from: string): string {
  const rated = `(SELECT supervisor, region, year, kind FROM ${from} WHERE execution_rate IS NOT NULL)`;
  const dim = (
    g: GroupBy,
  ) => `SELECT '${g}' AS dim, CAST(row_number() OVER (ORDER BY v) - 1 AS INTEGER) AS code,
    v, CAST(NULL AS INTEGER) AS year, CAST(NULL AS VARCHAR) AS kind
  FROM (SELECT DISTINCT CAST(${g} AS VARCHAR) AS v FROM ${rated} WHERE ${g} IS NOT NULL)`;
  return `CREATE OR REPLACE TEMP TABLE ${CODES_TABLE} AS
  ${GROUPINGS.map(dim).join('\n  UNION ALL ')}
  UNION ALL SELECT 'cell', CAST(row_number() OVER (ORDER BY year, kind) - 1 AS INTEGER), NULL, year, CAST(kind AS VARCHAR)
  FROM (SELECT DISTINCT year, kind FROM ${rated})`;
}

function rowsSql(from: string): string {
  const join = (g: GroupBy) =>
    `LEFT JOIN ${CODES_TABLE} ${g}_c ON ${g}_c.dim = '${g}' AND ${g}_c.v = CAST(e.${g} AS VARCHAR)`;
  return `SELECT CAST(e.execution_rate * 100 AS INTEGER) AS cents, c.code AS cell,
  ${GROUPINGS.map((g) => `coalesce(${g}_c.code, -1) AS ${g}`).join(', ')}
FROM ${from} e
JOIN ${CODES_TABLE} c ON c.dim = 'cell' AND c.year IS NOT DISTINCT FROM e.year AND c.kind IS NOT DISTINCT FROM e.kind
${GROUPINGS.map(join).join('\n')}
WHERE e.execution_rate IS NOT NULL
ORDER BY e.execution_rate`;
}

/** The rate's type the cents assume; anything else (a notebook's own evaluations) is not held. */
const RATE_TYPE_SQL = `SELECT data_type FROM duckdb_columns()
WHERE table_name = 'evaluations' AND column_name = 'execution_rate' AND NOT internal`;

/**
 * Reads every rate of evaluations, sorted, with its cell and groups: null when the table's rate is
 * not DECIMAL(9,2) (whole hundredths), which the cents assume.
 */
export async function loadHeldRates(query: Querier): Promise<HeldRates | null> {
  const types = (await query(RATE_TYPE_SQL)).toArray().map((r) => String(r.data_type));
  if (types.length !== 1 || types[0] !== 'DECIMAL(9,2)') return null;
  await query(codesSql('evaluations'));
  try {
    const codes = (
      await query(`SELECT dim, code, v, year, kind FROM ${CODES_TABLE} ORDER BY dim, code`)
    ).toArray();
    const held = readHeldRates(codes as CodeRow[], await query(rowsSql('evaluations')));
    // The panel's default grouping laid out now, in the background, not in the first state's
    // answer (30–90 ms at a million rows; the other groupings when first asked), and walked once,
    // so the walk is compiled before a filter change needs it: each its own task, so a filter
    // change meanwhile waits for one of them at most.
    const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
    await nextTask();
    layoutOf(held, 'supervisor');
    await nextTask();
    heldRateDistribution(held, { yearFrom: null, yearTo: null, kinds: [] }, 'supervisor');
    return held;
  } finally {
    await query(`DROP TABLE IF EXISTS ${CODES_TABLE}`);
  }
}

interface CodeRow {
  dim: string;
  code: number;
  v: string | null;
  year: number | null;
  kind: string | null;
}

const int32 = (t: Table, name: string) => Int32Array.from(t.getChild(name)!.toArray() as ArrayLike<number>);

function readHeldRates(codes: CodeRow[], rows: Table): HeldRates {
  const of = (dim: string) => codes.filter((c) => c.dim === dim);
  const groups = {} as Record<GroupBy, { codes: Int32Array; values: readonly string[] }>;
  for (const g of GROUPINGS) groups[g] = { codes: int32(rows, g), values: of(g).map((c) => String(c.v)) };
  return {
    cents: int32(rows, 'cents'),
    cell: int32(rows, 'cell'),
    cells: of('cell').map((c) => ({
      year: c.year === null ? null : Number(c.year),
      kind: c.kind === null ? null : String(c.kind),
    })),
    groups,
  };
}

/**
 * One grouping's rates, group after group, each group's ascending (a counting sort of the held
 * order by group: stable), with each group's count, exact sum and counts under 60% and over 100%
 * per cell. A state then adds up its cells per group, and walks each group's rates only as far as
 * its highest quantile: one pass over both arrays, two per state, took 23–54 ms at a million rows
 * (node); this takes a few.
 */
interface Layout {
  /** Group g's rates are at [start[g], start[g + 1]); the NULL group is the last. */
  start: Int32Array;
  cents: Int32Array;
  cell: Int32Array;
  /** Per (group, cell), at g × cells + cell. */
  count: Int32Array;
  sum: Float64Array; // whole hundredths: exact far beyond a million rows
  under: Int32Array;
  over: Int32Array;
}

const layouts = new WeakMap<HeldRates, Map<GroupBy, Layout>>();

function layoutOf(held: HeldRates, by: GroupBy): Layout {
  let made = layouts.get(held);
  if (!made) layouts.set(held, (made = new Map()));
  let layout = made.get(by);
  if (layout) return layout;
  const { codes, values } = held.groups[by];
  const size = values.length + 1;
  const cellCount = held.cells.length;
  const slot = (i: number) => {
    const code = codes[i]!;
    return code < 0 ? values.length : code;
  };
  const start = new Int32Array(size + 1);
  for (let i = 0; i < codes.length; i++) start[slot(i) + 1]!++;
  for (let g = 0; g < size; g++) start[g + 1] = start[g + 1]! + start[g]!;
  const at = start.slice(0, size);
  const cents = new Int32Array(codes.length);
  const cell = new Int32Array(codes.length);
  const count = new Int32Array(size * cellCount);
  const sum = new Float64Array(size * cellCount);
  const under = new Int32Array(size * cellCount);
  const over = new Int32Array(size * cellCount);
  const low = RATE_LOW * 100;
  const high = RATE_HIGH * 100;
  for (let i = 0; i < codes.length; i++) {
    const g = slot(i);
    const to = at[g]!;
    at[g] = to + 1;
    const c = held.cents[i]!;
    const k = held.cell[i]!;
    cents[to] = c;
    cell[to] = k;
    const gk = g * cellCount + k;
    count[gk] = count[gk]! + 1;
    sum[gk] = sum[gk]! + c;
    if (c < low) under[gk] = under[gk]! + 1;
    else if (c > high) over[gk] = over[gk]! + 1;
  }
  layout = { start, cents, cell, count, sum, under, over };
  made.set(by, layout);
  return layout;
}

/**
 * Walks a group's rates from `from`, counting the kept ones, and puts the rate at each rank into
 * `picked`; returns the first kept rate. Its own small function: called once per group, it is
 * compiled after a few groups, where one loop inside a function called once per state ran in the
 * interpreter (~50 ms a state at a million rows in Chromium, against ~7 compiled).
 */
function pickRanks(
  cents: Int32Array,
  cell: Int32Array,
  kept: Uint8Array,
  from: number,
  ranks: Int32Array,
  picked: Int32Array,
): number {
  let next = 0;
  let rank = 0;
  let min = 0;
  for (let i = from; next < ranks.length; i++) {
    if (!kept[cell[i]!]) continue;
    if (rank === 0) min = cents[i]!;
    while (next < ranks.length && ranks[next] === rank) picked[next++] = cents[i]!;
    rank++;
  }
  return min;
}

/**
 * rateDistributionSql(f, by, false, limit) over the held rates, for filters on years and kinds
 * only (the caller checks: readsCubes). The same rows, in the same order, with the same numbers.
 */
export function heldRateDistribution(
  held: HeldRates,
  f: Pick<Filters, 'yearFrom' | 'yearTo' | 'kinds'>,
  by: GroupBy,
  limit = 40,
): RateDistributionRow[] {
  const kinds = new Set(f.kinds);
  const kept = Uint8Array.from(held.cells, ({ year, kind }) =>
    yearKept(year ?? NO_YEAR, f) && (!kinds.size || (kind !== null && kinds.has(kind))) ? 1 : 0,
  );
  const { values } = held.groups[by];
  const { start, cents, cell, count, sum, under, over } = layoutOf(held, by);
  const cellCount = held.cells.length;
  const nulls = values.length; // the NULL group's slot
  const q = QUANTILE_HUNDREDTHS.length;
  const picked = new Int32Array(q);
  const rows: { g: number; row: RateDistributionRow }[] = [];
  for (let g = 0; g <= nulls; g++) {
    let n = 0;
    let total = 0;
    let low = 0;
    let high = 0;
    for (let k = 0; k < cellCount; k++) {
      if (!kept[k]) continue;
      const gk = g * cellCount + k;
      n += count[gk]!;
      total += sum[gk]!;
      low += under[gk]!;
      high += over[gk]!;
    }
    if (!n) continue;
    // quantile_disc with a DECIMAL fraction q of n rates takes the element at 0-based index
    // max(1, n − ⌊n − q·n⌋) − 1, in integer arithmetic (DuckDB's discrete interpolator); the
    // ranks rise with q, and equal ones take the same rate.
    const ranks = Int32Array.from(
      QUANTILE_HUNDREDTHS,
      (h) => Math.max(1, n - Math.floor((100 * n - h * n) / 100)) - 1,
    );
    const min = pickRanks(cents, cell, kept, start[g]!, ranks, picked);
    // The last kept rate (n > 0: there is one).
    let last = start[g + 1]! - 1;
    while (!kept[cell[last]!]) last--;
    const max = cents[last]!;
    rows.push({
      g,
      row: {
        grp: g === nulls ? null : values[g]!,
        n,
        // CAST(DECIMAL(9,2) AS DOUBLE) divides the unscaled value by 100; avg divides the unscaled
        // sum by count × 100 (cubes.ts, meanFromSums); 100.0 × k / n is a DOUBLE division.
        min: min / 100,
        max: max / 100,
        p10: picked[0]! / 100,
        p25: picked[1]! / 100,
        p50: picked[2]! / 100,
        p75: picked[3]! / 100,
        p90: picked[4]! / 100,
        mean: total / (n * 100),
        under_share: (100 * low) / n,
        over_share: (100 * high) / n,
        groups: 0,
      },
    });
  }
  // ORDER BY grp (years), or n DESC, grp: the codes follow the engine's order of the labels, NULL last.
  rows.sort((a, b) => (by === 'year' ? 0 : b.row.n - a.row.n) || a.g - b.g);
  for (const { row } of rows) row.groups = rows.length;
  return rows.slice(0, Math.max(0, Math.trunc(limit))).map(({ row }) => row);
}
