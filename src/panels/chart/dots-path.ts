import type { RenderFunction } from '@observablehq/plot';

/**
 * A render transform for Plot.dot: every dot as one <path> of circles instead of a <circle> each.
 * The scatter's up to 1,000 red dots were ~1,000 SVG elements made, styled, laid out and painted
 * again on every filter change; one path is one element. The mark's tip still finds the dot under
 * the pointer (Plot's pointer reads the channels, not the elements), so hovering and clicking work
 * as before. The dots share one fill (`fill` here), as the mark's constant fill would.
 */
export function dotsAsOnePath(r: number, fill: string): RenderFunction {
  return (index, _scales, values, _dimensions, context) => {
    const svg = context.ownerSVGElement;
    const path = svg.ownerDocument.createElementNS(svg.namespaceURI, 'path');
    path.setAttribute('fill', fill);
    path.setAttribute('d', circlesPath(index, values.x ?? [], values.y ?? [], r));
    return path as SVGElement;
  };
}

/** Path data for a circle of radius r at (x[i], y[i]) for each i of index; none without a position. */
export function circlesPath(
  index: readonly number[],
  x: ArrayLike<unknown>,
  y: ArrayLike<unknown>,
  r: number,
): string {
  const parts: string[] = [];
  for (const i of index) {
    const cx = Number(x[i]);
    const cy = Number(y[i]);
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    // Two half arcs from the left edge: a full circle, to a tenth of a pixel.
    parts.push(`M${round(cx - r)},${round(cy)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`);
  }
  return parts.join('');
}

const round = (v: number) => Math.round(v * 10) / 10;
