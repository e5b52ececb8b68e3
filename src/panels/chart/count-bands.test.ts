import { describe, expect, it } from 'vitest';
import { countBands } from './count-bands';

describe('countBands', () => {
  it('bands by order of magnitude up to the largest count, single rows apart', () => {
    // 4,000 rows in one cell: 1 | 2–9 | 10–99 | 100–999 | ≥ 1,000.
    expect(countBands(4000).domain).toEqual([2, 10, 100, 1000]);
    expect(countBands(1000).domain).toEqual([2, 10, 100, 1000]);
    expect(countBands(999).domain).toEqual([2, 10, 100]);
  });

  it('keeps two bands when every cell holds few rows', () => {
    expect(countBands(1).domain).toEqual([2]);
    expect(countBands(9).domain).toEqual([2]);
  });

  it('runs one colour per band from the light end to the dark end', () => {
    const { domain, range } = countBands(500);
    expect(range).toHaveLength(domain.length + 1);
    expect(range[0]).toBe('#cfc7c1');
    expect(range.at(-1)).toBe('#3f3833');
    // 500 → [2, 10, 100]: four colours, the second a third of the way (cf → 3f is 0x90 apart: 0xcf − 0x30).
    expect(range[1]).toBe('#9f9792');
  });
});
