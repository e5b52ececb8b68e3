/**
 * The cells' counts (cell-counts.ts) against countPhrasePanel on the rows pickRows keeps, state by
 * state, on random label rows: the same phrases, units, years, copy groups, samples and ties.
 */
import { describe, expect, it } from 'vitest';
import { NO_FILTERS, type Filters } from '../filters';
import { countPhrasePanel, NO_YEAR, type PhraseIndex } from './counts';
import { labelFilters, pickRows, type LabelRows } from './label-rows';
import { prng as random } from './perf/synthetic';
import { answersByCells, buildCellIndex, cellIndexSteps, countByCells } from './cell-counts';

const YEARS = [2019, 2020, 2021, 2022, 2023, NO_YEAR];
const KINDS = ['部门整体支出', '项目支出'];

/** `rowCount` label rows of 150 units over 400 texts of up to 12 of 60 phrases; every third text copied. */
function fixture(seed: number, rowCount = 3000): { index: PhraseIndex; rows: LabelRows } {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const texts = 400;
  const offsets = [0];
  const phrases: number[] = [];
  for (let t = 0; t < texts; t++) {
    const own = new Set(Array.from({ length: pick(13) }, () => pick(60)));
    phrases.push(...own);
    offsets.push(phrases.length);
  }
  const index: PhraseIndex = {
    textOffsets: Int32Array.from(offsets),
    textPhrases: Int32Array.from(phrases),
    // Groups of texts (−1: too short to compare), so a group has variants.
    textCopy: Int32Array.from({ length: texts }, (_, t) => (t % 3 === 0 ? -1 : pick(40))),
    phraseCount: 60,
  };
  const col = (make: () => number) => Int32Array.from({ length: rowCount }, make);
  const rows: LabelRows = {
    unitIds: col(() => pick(150)),
    years: col(() => YEARS[pick(YEARS.length)]!),
    textIds: col(() => pick(texts)),
    labels: {
      supervisor: { codes: col(() => pick(4) - 1), values: ['主管甲', '主管乙', '主管丙'] },
      region: { codes: col(() => pick(3)), values: ['区一', '区二', '区三'] },
      // A NULL kind now and then.
      kind: { codes: col(() => (pick(20) === 0 ? -1 : pick(2))), values: KINDS },
      grade: { codes: col(() => pick(3) - 1), values: ['优', '良'] },
    },
    unitNames: Array.from({ length: 150 }, (_, u) => `单位${u}`),
  };
  return { index, rows };
}

const STATES: Partial<Filters>[] = [
  {},
  { yearFrom: 2021 },
  { yearTo: 2020 },
  { yearFrom: 2020, yearTo: 2022 },
  { yearFrom: 2022, yearTo: 2022 },
  { yearFrom: 2030 },
  { kinds: ['项目支出'] },
  { kinds: ['部门整体支出', '项目支出'] },
  { kinds: ['没有这个类型'] },
  { kinds: ['部门整体支出'], yearFrom: 2019, yearTo: 2021 },
  { kinds: ['项目支出'], yearTo: 2019 },
];

describe('phrase counts from the cells', () => {
  for (const seed of [1, 2, 3])
    it(`equal countPhrasePanel on the picked rows, state by state (seed ${seed})`, () => {
      const { index, rows } = fixture(seed);
      const cells = buildCellIndex(index, rows);
      expect(cells).not.toBeNull();
      for (const patch of STATES) {
        const f = labelFilters({ ...NO_FILTERS, ...patch })!;
        expect(answersByCells(f)).toBe(true);
        for (const [limit, sample] of [
          [20, 5],
          [3, 1],
        ] as const) {
          const want = countPhrasePanel(index, pickRows(rows, f), limit, sample);
          expect(countByCells(cells!, f, limit, sample), JSON.stringify(patch)).toEqual(want);
        }
      }
    });

  it('compare states that keep phrases, copy groups and a missing year', () => {
    const { index, rows } = fixture(1);
    const all = countByCells(buildCellIndex(index, rows)!, labelFilters(NO_FILTERS)!, 20, 5);
    expect(all.phrases).toHaveLength(20);
    expect(all.copies.length).toBeGreaterThan(5);
    expect(all.phrases.some((p) => p.years.at(-1)?.year === null)).toBe(true);
    expect(all.copies.some((c) => c.variants > 1 && c.sampleIds.length === 5)).toBe(true);
  });

  it('are the same made a piece at a time, paused inside a unit’s rows', () => {
    const { index, rows } = fixture(5);
    const steps = cellIndexSteps(index, rows, 7);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    expect(pauses).toBe(Math.floor(rows.unitIds.length / 7));
    const whole = buildCellIndex(index, rows)!;
    expect(step.value).toEqual(whole);
    const f = labelFilters({ ...NO_FILTERS, yearFrom: 2020, kinds: ['项目支出'] })!;
    expect(countByCells(step.value!, f, 20, 5)).toEqual(countPhrasePanel(index, pickRows(rows, f), 20, 5));
  });

  it('are only for years and kinds', () => {
    for (const patch of [
      { regions: ['区一'] },
      { supervisors: ['主管甲'] },
      { grades: ['优'] },
      { units: ['单位1'] },
      { unitSearch: '单位' },
    ])
      expect(answersByCells(labelFilters({ ...NO_FILTERS, ...patch })!), JSON.stringify(patch)).toBe(false);
    expect(answersByCells(labelFilters({ ...NO_FILTERS, unitSearch: '  ' })!)).toBe(true);
  });

  it('are not made when years × kinds exceed a 32-bit mask', () => {
    const { index, rows } = fixture(4);
    const years = Int32Array.from(rows.years, (_, r) => 2000 + (r % 11)); // 11 years × 3 kind slots
    expect(buildCellIndex(index, { ...rows, years })).toBeNull();
    const fewer = Int32Array.from(rows.years, (_, r) => 2000 + (r % 10)); // 30 cells
    expect(buildCellIndex(index, { ...rows, years: fewer })).not.toBeNull();
  });
});
