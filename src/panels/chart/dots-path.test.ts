import { describe, expect, it } from 'vitest';
import { circlesPath } from './dots-path';

describe('circlesPath', () => {
  it('draws a circle per indexed position, as two half arcs from its left edge', () => {
    expect(circlesPath([0, 2], [10, 99, 20.04], [5, 99, 6], 3.5)).toBe(
      'M6.5,5a3.5,3.5 0 1,0 7,0a3.5,3.5 0 1,0 -7,0' + 'M16.5,6a3.5,3.5 0 1,0 7,0a3.5,3.5 0 1,0 -7,0',
    );
  });

  it('leaves out a dot without a position', () => {
    expect(circlesPath([0, 1], [NaN, 1], [1, undefined], 2)).toBe('');
  });

  it('is a closed circle: the two arcs end where the first began', () => {
    // Each arc moves 2r right then 2r left: the pen ends at the start point.
    const d = circlesPath([0], [0], [0], 4);
    const moves = [...d.matchAll(/a[\d.]+,[\d.]+ 0 1,0 (-?[\d.]+),0/g)].map((m) => Number(m[1]));
    expect(moves.reduce((a, b) => a + b, 0)).toBe(0);
  });
});
