import { describe, expect, it } from 'vitest';
import { buildUnits, chineseNumber, DISTRICTS } from './names';

describe('chineseNumber', () => {
  it('spells numbers as school names do', () => {
    expect([1, 10, 12, 20, 105, 1000, 2024].map(chineseNumber)).toEqual([
      '一',
      '十',
      '十二',
      '二十',
      '一百零五',
      '一千',
      '二千零二十四',
    ]);
  });
});

describe('buildUnits', () => {
  it('spreads units over the districts with unique, real-looking names', () => {
    const units = buildUnits(3000);
    expect(new Set(units.map((u) => u.name)).size).toBe(3000);
    expect(new Set(units.slice(0, DISTRICTS.length).map((u) => u.region)).size).toBe(DISTRICTS.length);
    expect(units[0]).toMatchObject({
      name: '昆明市五华区教育体育局',
      supervisor: '昆明市五华区教育体育局',
      region: '五华区',
    });
    expect(units.some((u) => u.name === '昆明市盘龙区卫生健康局')).toBe(true);
    const school = units.find((u) => u.name.endsWith('第一中学'));
    expect(school?.supervisor).toMatch(/教育体育局$/);
  });
});
