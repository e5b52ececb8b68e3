/**
 * Pre-counted tables ("cubes") for the panel answers that only add up counts and exact sums: the
 * score cells, the 优 share and mean score per group, the self − review bins, the rate histogram
 * and the rate totals. A wide filter state (a year range, a kind: most of a million rows) counted
 * each of them over its rows; the cubes count them once per data version, grouped by year and kind
 * and by whatever the answer itself groups on, so such a state adds up a few thousand cube rows.
 *
 * A cube gives exactly the plain query's answer on the same rows: it is grouped by every column
 * the state's filters test, its counts and DECIMAL sums add up exactly, and a mean is the exact sum
 * over the count as avg computes it. Only states that filter on nothing but years and kinds read
 * them (`answersFromCubes`): a region, supervisor or unit keeps few rows, which its row copy
 * (dashboard/row-copies.ts) answers as fast, and the cubes stay small without those columns.
 *
 * Only the SQL a panel runs reads a cube; 查看SQL shows the plain query, which reads evaluations.
 */
import type { Filters } from './filters';

export const CUBE_KINDS = ['cells', 'groups', 'review', 'rates'] as const;
export type CubeKind = (typeof CUBE_KINDS)[number];

/** The temporary table holding one cube. */
export function cubeTable(kind: CubeKind): string {
  return `dash_cube_${kind}`;
}

/** Matches a cube's table name in SQL; group 1 is its kind. */
export const CUBE_NAME = /\bdash_cube_(cells|groups|review|rates)\b/g;

/** Whether a state's filters test only what every cube keeps: years and kinds (or nothing). */
export function answersFromCubes(f: Filters): boolean {
  return (
    !f.regions.length &&
    !f.supervisors.length &&
    !f.units.length &&
    !f.grades.length &&
    !f.unitSearch.trim() &&
    f.scoreMin === null &&
    f.scoreMax === null &&
    f.rateMin === null &&
    f.rateMax === null
  );
}

/** Whether SQL for these filters may read the cubes: the dashboard says so, and they answer them. */
export function readsCubes(f: Filters): boolean {
  return f.cubes === true && answersFromCubes(f);
}

/**
 * avg(x) of a DECIMAL(_, 2) column from its cube's exact sum and count, bit for bit: DuckDB divides
 * the unscaled integer sum by count × 100 (in wider precision, rounded once), which a DOUBLE
 * division of the two exact integers also gives. Dividing the scaled sum instead differs in the
 * last bit for about a quarter of groups. NULL when nothing is counted, as avg.
 */
export function meanFromSums(sum: string, count: string): string {
  return `CAST(CAST(${sum} * 100 AS HUGEINT) AS DOUBLE) / (nullif(${count}, 0) * 100)`;
}
