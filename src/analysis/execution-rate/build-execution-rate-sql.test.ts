/**
 * Execution-rate SQL run on DuckDB-WASM in Node over the hand-made fixture
 * (../score-inflation/evaluations-fixture.ts); expected numbers are derived by hand in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, type Filters } from '../filters';
import { rowsOf } from '../arrow-rows';
import { evaluationRowsSql } from '../score-inflation/evaluation-sql';
import { FIXTURE_EVALUATIONS, FIXTURE_INDICATORS } from '../score-inflation/evaluations-fixture';
import {
  rateBinBand,
  rateDistributionSql,
  rateHistogramSql,
  rateListCondition,
  rateListSql,
  rateMismatchCondition,
  rateMismatchSql,
  rateSummarySql,
  type RateBin,
  type RateDistributionRow,
  type RateListRow,
  type RateMismatchRow,
  type RateSummary,
} from './build-execution-rate-sql';

let conn: Connector;
const rows = async <T>(sql: string) => rowsOf<T>(await conn.query(sql));
const only = (patch: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...patch });

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, { evaluations: FIXTURE_EVALUATIONS, indicators: FIXTURE_INDICATORS });
});
afterAll(async () => conn.close());

describe('rate histogram', () => {
  it('counts evaluations and sums budgets per 1-point bin', async () => {
    // 14 reported rates (row 14 has none). Bin 50: 50.00 (budget 80) + 50.50 (60) → 2, 140;
    // bin 100: rows 1, 6, 15 → 3, 100 + 120 + 20 = 240.
    const bins = await rows<RateBin>(rateHistogramSql(NO_FILTERS));
    expect(bins.map((b) => [b.bin, b.n, b.budget])).toEqual([
      [25, 1, '40.000000'],
      [50, 2, '140.000000'],
      [52, 1, '300.000000'],
      [60, 1, '50.000000'],
      [73, 1, '397.800000'],
      [79, 1, '100.000000'],
      [80, 1, '100.000000'],
      [95, 1, '200.000000'],
      [99, 1, '1000.000000'],
      [100, 3, '240.000000'],
      [120, 1, '10.000000'],
    ]);
    expect(bins.find((b) => b.bin === 73)?.budget_value).toBeCloseTo(397.8, 10);
  });

  it('clamps rates below 0 into bin 0 and from 150 into bin 150, summing their budgets exactly', async () => {
    // Rates −3.5 (budget 1.1) and 0.4 (2.2) → bin 0: 2 rows, 3.3; 150 (0.1), 150.99 (0.2) and 480 (0.3)
    // → bin 150: 3 rows, 0.6 — exactly, which a float sum would not give (0.1 + 0.2 + 0.3).
    const other = await createNodeConnector();
    try {
      await loadCanonical(other, {
        evaluations: (
          [
            [-3.5, 1.1],
            [0.4, 2.2],
            [149.99, 5],
            [150, 0.1],
            [150.99, 0.2],
            [480, 0.3],
          ] as [number, number][]
        ).map(([execution_rate, budget], i) => ({ unit: `单位${i}`, execution_rate, budget })),
      });
      const bins = rowsOf<RateBin>(await other.query(rateHistogramSql(NO_FILTERS)));
      expect(bins.map((b) => [b.bin, b.n, b.budget])).toEqual([
        [0, 2, '3.300000'],
        [149, 1, '5.000000'],
        [150, 3, '0.600000'],
      ]);
    } finally {
      await other.close();
    }
  });

  it('maps bins to filter bands, open at the clamped ends', () => {
    expect(rateBinBand(73)).toEqual({ rateMin: 73, rateMax: 74 });
    expect(rateBinBand(0)).toEqual({ rateMin: null, rateMax: 1 });
    expect(rateBinBand(150)).toEqual({ rateMin: 150, rateMax: null });
  });

  it('drills into a bin through the same filter band', async () => {
    const drilled = await rows<{ unit: string }>(evaluationRowsSql(only(rateBinBand(50))));
    expect(drilled.map((r) => r.unit)).toEqual(['单位戊', '单位癸']);
  });
});

describe('rate distribution by group', () => {
  it('gives counted and budget-weighted quantiles by year, each from its own query', async () => {
    const counted = await rows<RateDistributionRow>(rateDistributionSql(NO_FILTERS, 'year'));
    const weighted = await rows<RateDistributionRow>(rateDistributionSql(NO_FILTERS, 'year', true));
    // Both modes: the same groups, the same counts (evaluations with a rate), years in order.
    for (const dist of [counted, weighted])
      expect(dist.map((d) => [d.grp, d.n, d.groups])).toEqual([
        ['2022', 4, 3],
        ['2023', 6, 3],
        ['2024', 4, 3],
      ]);
    // 2023 sorted: 50 (budget 80), 50.5 (60), 52 (300), 99 (1000), 100 (120), 120 (10).
    // Counted cumulative shares 1/6, 2/6, 3/6, 4/6, 5/6, 1 → p10 50, p25 50.5, p50 52, p75 100, p90 120.
    // Weighted (total 1570): 80, 140, 440, 1440, 1560, 1570 → /1570 = .051, .089, .280, .917, .994, 1
    //   → p10 52, p25 52, p50 99, p75 99, p90 99.
    expect(counted[1]).toMatchObject({ p10: 50, p25: 50.5, p50: 52, p75: 100, p90: 120, min: 50, max: 120 });
    expect(weighted[1]).toMatchObject({ p10: 52, p25: 52, p50: 99, p75: 99, p90: 99, min: 50, max: 120 });
    // mean 471.5/6; weighted mean (50·80 + 50.5·60 + 52·300 + 99·1000 + 100·120 + 120·10)/1570 = 134830/1570
    expect(counted[1]?.mean).toBeCloseTo(471.5 / 6, 10);
    expect(weighted[1]?.mean).toBeCloseTo(134830 / 1570, 10);
    // under 60%: 50, 50.5, 52 → 3/6 = 50%, by budget 440/1570; over 100%: 120 → 1/6, by budget 10/1570
    expect(counted[1]?.under_share).toBeCloseTo(50, 10);
    expect(weighted[1]?.under_share).toBeCloseTo((100 * 440) / 1570, 10);
    expect(counted[1]?.over_share).toBeCloseTo(100 / 6, 10);
    expect(weighted[1]?.over_share).toBeCloseTo((100 * 10) / 1570, 10);
    // 2022 sorted 60, 73.68, 95, 100 → lower median 73.68; budget 50, 397.8, 200, 100 of 747.8 → 73.68 too.
    expect(counted[0]).toMatchObject({ p50: 73.68, p90: 100 });
    expect(weighted[0]).toMatchObject({ p50: 73.68, p10: 73.68 });
  });

  it('orders supervisors by size and keeps the unfilled group', async () => {
    // Rates per supervisor: 教育局 5, 卫健委 4 (单位卯 has no rate), 财政局 4, none 1 (单位辰).
    const counted = await rows<RateDistributionRow>(rateDistributionSql(NO_FILTERS, 'supervisor'));
    const weighted = await rows<RateDistributionRow>(rateDistributionSql(NO_FILTERS, 'supervisor', true));
    for (const dist of [counted, weighted])
      expect(dist.map((d) => [d.grp, d.n])).toEqual([
        ['教育局', 5],
        ['卫健委', 4],
        ['财政局', 4],
        [null, 1],
      ]);
    // 教育局 sorted 25.51, 73.68, 79.9, 95, 100 → median 79.9; budgets 40, 397.8, 100, 200, 100 of 837.8:
    // cumulative 40 (.048), 437.8 (.523) → weighted median 73.68.
    expect(counted[0]?.p50).toBe(79.9);
    expect(weighted[0]?.p50).toBe(73.68);
  });

  it('leaves the weighted figures empty for a group without a positive budget', async () => {
    // 单位卯 (卫健委, 2024) has no budget and no rate; give 单位寅 (卫健委, 2024, rate 80) no budget:
    // filtered to 单位寅 alone, the group has one rate and no weight.
    const f = only({ unitSearch: '单位寅' });
    await conn.query(`UPDATE evaluations SET budget = 0 WHERE unit = '单位寅'`);
    try {
      const [counted] = await rows<RateDistributionRow>(rateDistributionSql(f, 'supervisor'));
      const [weighted] = await rows<RateDistributionRow>(rateDistributionSql(f, 'supervisor', true));
      expect(counted).toMatchObject({ grp: '卫健委', n: 1, p50: 80, mean: 80, under_share: 0 });
      expect(weighted).toMatchObject({ grp: '卫健委', n: 1, p50: null, mean: null, under_share: null });
    } finally {
      await conn.query(`UPDATE evaluations SET budget = 100 WHERE unit = '单位寅'`);
    }
  });

  it('limits the groups but counts them all', async () => {
    for (const weighted of [false, true]) {
      const dist = await rows<RateDistributionRow>(rateDistributionSql(NO_FILTERS, 'region', weighted, 2));
      expect(dist).toHaveLength(2);
      expect(dist[0]?.groups).toBe(4); // 五华区, 盘龙区, 官渡区, none
    }
  });
});

describe('counted quantiles (quantile_disc) against their definition', () => {
  it('is the smallest rate whose cumulative share of evaluations reaches p, in every group', async () => {
    // Seeded rows with many ties and group sizes 1–120: for each group the expected p-quantile is
    // element ⌈n·p⌉ of its sorted rates, computed here in integers (p in hundredths).
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const evaluations = [];
    const byGroup = new Map<string, number[]>();
    for (let g = 0; g < 40; g++) {
      const size = 1 + Math.floor(next() * 120);
      for (let i = 0; i < size; i++) {
        const rate = Math.round(next() * 30) * 3.25 + (next() < 0.3 ? 0.01 : 0);
        const supervisor = `主管${g}`;
        evaluations.push({ unit: `单位${g}-${i}`, supervisor, year: 2023, execution_rate: rate });
        byGroup.set(supervisor, [...(byGroup.get(supervisor) ?? []), Math.round(rate * 100)]);
      }
    }
    const other = await createNodeConnector();
    try {
      await loadCanonical(other, { evaluations });
      const got = rowsOf<RateDistributionRow>(
        await other.query(rateDistributionSql(NO_FILTERS, 'supervisor', false, 100)),
      );
      expect(got).toHaveLength(40);
      for (const row of got) {
        const sorted = [...byGroup.get(row.grp!)!].sort((a, b) => a - b);
        const at = (hundredths: number) => sorted[Math.ceil((sorted.length * hundredths) / 100) - 1]! / 100;
        expect([row.p10, row.p25, row.p50, row.p75, row.p90], row.grp!).toEqual([
          at(10),
          at(25),
          at(50),
          at(75),
          at(90),
        ]);
      }
    } finally {
      await other.close();
    }
  });
});

describe('rate summary', () => {
  it('totals money exactly', async () => {
    // 15 rows, 14 with a rate; under 60: 25.51, 50, 50.5, 52 (60.00 is not under); over 100: 120.
    // Σ budget (rows with spent) = 2577.8, Σ spent = 2144.98 → 83.2097…% → 83.21.
    const [s] = await rows<RateSummary>(rateSummarySql(NO_FILTERS));
    expect(s).toEqual({
      n: 15,
      with_rate: 14,
      under: 4,
      over: 1,
      budget: '2577.800000',
      spent: '2144.980000',
      overall_rate: 83.21,
    });
  });
});

describe('lists under 60% and over 100%', () => {
  it('lists under 60%, lowest first, with exact rates and money', async () => {
    const under = await rows<RateListRow>(rateListSql(NO_FILTERS, 'under'));
    expect(under.map((r) => [r.unit, r.rate])).toEqual([
      ['单位子', '25.51'],
      ['单位戊', '50.00'],
      ['单位癸', '50.50'],
      ['单位辛', '52.00'],
    ]);
    expect(under[0]).toMatchObject({ budget: '40.000000', spent: '10.000000', total: 4, source_row: 12 });
  });

  it('lists over 100% under the filters', async () => {
    const over = await rows<RateListRow>(rateListSql(only({ regions: ['官渡区'] }), 'over'));
    expect(over.map((r) => [r.unit, r.rate, r.total])).toEqual([['单位庚', '120.00', 1]]);
    expect(await rows(rateListSql(only({ regions: ['五华区'] }), 'over'))).toEqual([]);
  });

  it('drills with the same predicate', async () => {
    const drilled = await rows<{ unit: string }>(evaluationRowsSql(NO_FILTERS, rateListCondition('over')));
    expect(drilled.map((r) => r.unit)).toEqual(['单位庚']);
  });
});

describe('reported against computed rate', () => {
  it('lists differences over 0.5 points, exactly', async () => {
    // 单位辛 150/300 = 50.00 vs 52.00 → 2.00; 单位子 10/40 = 25.00 vs 25.51 → 0.51;
    // 单位癸 30/60 = 50.00 vs 50.50 is exactly 0.5 → not listed; 单位乙 293.08/397.8 = 73.675… vs 73.68 → fine.
    const m = await rows<RateMismatchRow>(rateMismatchSql(NO_FILTERS));
    expect(m.map((r) => [r.unit, r.reported, r.computed, r.difference, r.total])).toEqual([
      ['单位辛', '52.00', '50.00', '2.00', 2],
      ['单位子', '25.51', '25.00', '0.51', 2],
    ]);
    expect(m[0]).toMatchObject({ budget: '300.000000', spent: '150.000000' });
  });

  it('takes a tolerance', async () => {
    const m = await rows<RateMismatchRow>(rateMismatchSql(NO_FILTERS, 0.4));
    expect(m.map((r) => r.unit)).toEqual(['单位辛', '单位子', '单位癸']);
    const drilled = await rows(evaluationRowsSql(NO_FILTERS, rateMismatchCondition(0.4)));
    expect(drilled).toHaveLength(3);
  });
});
