/**
 * Colour bands for counts (the score × rate cells): 1, 2–9, 10–99, 100–999, … up to the largest
 * count, light to dark. A threshold scale's legend is a row of SVG swatches; the log ramp it
 * replaces was a canvas encoded as PNG on every draw of the scatter (5–20 ms per filter change at a
 * million rows), and bands by order of magnitude read more exactly than a shade on a ramp.
 */
export interface CountBands {
  /** Thresholds: a count ≥ domain[i] and < domain[i + 1] takes range[i + 1]. */
  domain: number[];
  /** One colour per band, domain.length + 1 of them. */
  range: string[];
}

const LIGHT = [0xcf, 0xc7, 0xc1];
const DARK = [0x3f, 0x38, 0x33];

export function countBands(max: number): CountBands {
  const domain = [2];
  for (let t = 10; t <= max; t *= 10) domain.push(t);
  const steps = domain.length;
  const range = Array.from({ length: steps + 1 }, (_, i) => mix(i / steps));
  return { domain, range };
}

/** The colour a fraction t of the way from LIGHT to DARK, as #rrggbb. */
function mix(t: number): string {
  return (
    '#' +
    LIGHT.map((l, i) =>
      Math.round(l + (DARK[i]! - l) * t)
        .toString(16)
        .padStart(2, '0'),
    ).join('')
  );
}
