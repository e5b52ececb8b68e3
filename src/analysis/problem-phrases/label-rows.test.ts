/** pickRows and labelFilters on hand-made label rows (counts.test.ts compares them with the SQL). */
import { describe, expect, it } from 'vitest';
import { NO_FILTERS, type Filters } from '../filters';
import { NO_YEAR } from './counts';
import { labelFilters, pickRows, type LabelRows } from './label-rows';

const i32 = (xs: number[]) => Int32Array.from(xs);
// Row r: unit, year, text, supervisor, region, kind, grade (codes; −1 = NULL).
const ROWS = [
  [0, 2021, 10, 0, 0, 0, 0],
  [1, 2022, 11, 1, 0, 1, -1],
  [2, NO_YEAR, 12, 0, 1, 0, 1],
  [0, 2023, 13, -1, 1, 1, 0],
];
const col = (k: number) => i32(ROWS.map((r) => r[k]!));
const LABELS: LabelRows = {
  unitIds: col(0),
  years: col(1),
  textIds: col(2),
  labels: {
    supervisor: { codes: col(3), values: ['主管甲', '主管乙'] },
    region: { codes: col(4), values: ['区一', '区二'] },
    kind: { codes: col(5), values: ['部门整体支出', '项目支出'] },
    grade: { codes: col(6), values: ['优', '良'] },
  },
  unitNames: ['教育局', '卫生局', '教育体育局'],
};

const picked = (patch: Partial<Filters>) => [
  ...pickRows(LABELS, labelFilters({ ...NO_FILTERS, ...patch })!).textIds,
];

describe('pickRows', () => {
  it.each<[string, Partial<Filters>, number[]]>([
    ['no filter keeps every row', {}, [10, 11, 12, 13]],
    ['a year range leaves out a missing year', { yearFrom: 2020, yearTo: 2022 }, [10, 11]],
    ['an upper bound alone too', { yearTo: 2030 }, [10, 11, 13]],
    ['a label keeps its values, not NULL', { supervisors: ['主管甲'] }, [10, 12]],
    ['a NULL grade fails a grade filter', { grades: ['优', '良'] }, [10, 12, 13]],
    ['a value no row has keeps nothing', { kinds: ['没有'] }, []],
    ['labels together', { regions: ['区二'], kinds: ['部门整体支出'] }, [12]],
    ['the unit search is a substring of the name', { unitSearch: ' 教育 ' }, [10, 12, 13]],
    ['named units and the search both hold', { units: ['教育局', '卫生局'], unitSearch: '教育' }, [10, 13]],
  ])('%s', (_, patch, texts) => {
    expect(picked(patch)).toEqual(texts);
  });

  it('keeps each picked row whole', () => {
    const rows = pickRows(LABELS, labelFilters({ ...NO_FILTERS, regions: ['区二'] })!);
    expect([...rows.unitIds]).toEqual([2, 0]);
    expect([...rows.years]).toEqual([NO_YEAR, 2023]);
  });
});

describe('labelFilters', () => {
  it('leaves score and rate bands to the engine', () => {
    expect(labelFilters({ ...NO_FILTERS, scoreMin: 90 })).toBeNull();
    expect(labelFilters({ ...NO_FILTERS, rateMax: 80 })).toBeNull();
  });

  it('carries plain data only (no copies)', () => {
    const f = { ...NO_FILTERS, regions: ['区一'], copies: {} as Filters['copies'] };
    expect(labelFilters(f)).not.toHaveProperty('copies');
    expect(structuredClone(labelFilters(f))).toEqual(labelFilters(f));
  });
});
