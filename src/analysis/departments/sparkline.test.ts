import { describe, expect, it } from 'vitest';
import { sparkPath } from './sparkline';

describe('sparkPath', () => {
  it('spreads years over the width and scores 50–100 over the height', () => {
    // 2021 → x 0, 2023 → x 60; score 100 → y 0, 75 → y 8 (half of 16), 50 → y 16
    expect(
      sparkPath(
        [
          { year: 2021, score: 100 },
          { year: 2022, score: 75 },
          { year: 2023, score: 50 },
        ],
        60,
        16,
      ),
    ).toBe('M0,0L30,8L60,16');
  });

  it('clamps scores outside 50–100 and draws a single year as a tick', () => {
    expect(sparkPath([{ year: 2023, score: 120 }], 60, 16)).toBe('M27,0H33');
    expect(sparkPath([{ year: 2023, score: 10 }], 60, 16)).toBe('M27,16H33');
    expect(sparkPath([], 60, 16)).toBe('');
  });
});
