/**
 * A tiny inline line of mean score by year, as an SVG path built from numbers (no chart library for
 * 200 rows of 16-pixel lines). Scores are drawn on a fixed 50–100 scale so rows compare by eye.
 */
export interface SparkPoint {
  year: number;
  score: number;
}

export const SPARK_MIN = 50;
export const SPARK_MAX = 100;

/** The `d` of a path in a width × height box; one point is a short flat tick; none is ''. */
export function sparkPath(points: readonly SparkPoint[], width: number, height: number): string {
  if (!points.length) return '';
  const years = points.map((p) => p.year);
  const first = Math.min(...years);
  const span = Math.max(...years) - first;
  const x = (year: number) => (span === 0 ? width / 2 : ((year - first) / span) * width);
  const y = (score: number) => {
    const clamped = Math.min(SPARK_MAX, Math.max(SPARK_MIN, score));
    return height - ((clamped - SPARK_MIN) / (SPARK_MAX - SPARK_MIN)) * height;
  };
  const r = (n: number) => Math.round(n * 10) / 10;
  if (points.length === 1) {
    const p = points[0]!;
    return `M${r(x(p.year) - 3)},${r(y(p.score))}H${r(x(p.year) + 3)}`;
  }
  return points.map((p, i) => `${i ? 'L' : 'M'}${r(x(p.year))},${r(y(p.score))}`).join('');
}
