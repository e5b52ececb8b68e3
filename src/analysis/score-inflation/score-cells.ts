/**
 * The score histogram, the bunching counts and the scatter's background, derived from one query's
 * cells (scoreCellsSql) instead of running scoreHistogramSql, bunchingSql and scatterCellsSql. Each
 * function answers exactly what its SQL answers (same rows, order and ratios); score-cells.test.ts
 * compares them over many filter states.
 */
import {
  BUNCHING_NEIGHBOURHOOD_BINS,
  SCATTER_MAX_CELLS,
  type Bunching,
  type ScatterCell,
  type ScoreBin,
  type ScoreCell,
} from './build-score-inflation-sql';

/** scoreHistogramSql: evaluations with a score per 1-point bin, in bin order. */
export function histogramFromCells(cells: readonly ScoreCell[]): ScoreBin[] {
  const bins = new Map<number, number>();
  for (const c of cells) if (c.score !== null) bins.set(c.score, (bins.get(c.score) ?? 0) + c.n);
  return [...bins].sort((a, b) => a[0] - b[0]).map(([bin, n]) => ({ bin, n }));
}

/** bunchingSql: [90,91) is bin 90, [89,90) bin 89, the neighbourhood bins 86–88 and 91–93. */
export function bunchingFromCells(cells: readonly ScoreCell[]): Bunching {
  let evaluations = 0;
  let scored = 0;
  const bins = new Map<number, number>();
  for (const c of cells) {
    evaluations += c.n;
    if (c.score === null) continue;
    scored += c.n;
    if (c.score >= 86 && c.score < 94) bins.set(c.score, (bins.get(c.score) ?? 0) + c.n);
  }
  const band = (lo: number, hi: number) => {
    let n = 0;
    for (let b = lo; b < hi; b++) n += bins.get(b) ?? 0;
    return n;
  };
  const at = band(90, 91);
  const below = band(89, 90);
  const neighbourhood = band(86, 89) + band(91, 94);
  const mean = neighbourhood / BUNCHING_NEIGHBOURHOOD_BINS;
  return {
    evaluations,
    scored,
    at_threshold: at,
    just_below: below,
    neighbourhood,
    neighbourhood_mean: mean,
    // The SQL's nullif: no ratio to an empty reference.
    ratio_below: below === 0 ? null : at / below,
    ratio_neighbourhood: mean === 0 ? null : at / mean,
  };
}

/** scatterCellsSql: the non-suspicious cells with a score and a rate, most populated first. */
export function scatterFromCells(cells: readonly ScoreCell[], maxCells = SCATTER_MAX_CELLS): ScatterCell[] {
  const shown: ScatterCell[] = [];
  // One cell per (score, rate, suspicious), so the non-suspicious ones are one per (score, rate).
  for (const c of cells)
    if (!c.suspicious && c.score !== null && c.rate !== null)
      shown.push({ score: c.score, rate: c.rate, n: c.n });
  shown.sort((a, b) => b.n - a.n || a.score - b.score || a.rate - b.rate);
  return shown.slice(0, Math.max(0, Math.trunc(maxCells)));
}
