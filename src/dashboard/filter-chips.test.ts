import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../analysis/filters';
import { filterChips, isFiltered, pickOption, pickPrompt } from './filter-chips';

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

describe('pick-to-add lists', () => {
  it('say 全部 with nothing chosen, and how many are chosen otherwise', () => {
    expect(pickPrompt(0, zh)).toBe('全部');
    expect(pickPrompt(2, zh)).toBe('已选 2 个');
    expect(pickPrompt(1, (_z, en) => en)).toBe('1 chosen');
  });

  it('tick the chosen values only', () => {
    expect(pickOption('五华区', ['五华区'])).toBe('✓ 五华区');
    expect(pickOption('盘龙区', ['五华区'])).toBe('盘龙区');
  });
});
