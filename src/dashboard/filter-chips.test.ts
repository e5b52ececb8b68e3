import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../analysis/filters';
import { filterChips, isFiltered } from './filter-chips';

const zh = (z: string) => z;

describe('filterChips', () => {
  it('shows nothing when nothing is filtered', () => {
    expect(filterChips(NO_FILTERS, zh)).toEqual([]);
    expect(isFiltered(NO_FILTERS)).toBe(false);
  });

  it('gives one removable chip per active filter', () => {
    const f = {
      ...NO_FILTERS,
      yearFrom: 2021,
      yearTo: 2021,
      regions: ['五华区', '盘龙区'],
      scoreMin: 90,
      scoreMax: 91,
    };
    const chips = filterChips(f, zh);
    expect(chips.map((c) => c.label)).toEqual([
      '年度：2021',
      '地区：五华区',
      '地区：盘龙区',
      '得分：[90, 91)',
    ]);
    expect(chips[1]?.clear).toEqual({ regions: ['盘龙区'] });
    expect(chips[3]?.clear).toEqual({ scoreMin: null, scoreMax: null });
    expect(isFiltered(f)).toBe(true);
  });
});
