/**
 * Score-inflation SQL run on DuckDB-WASM in Node over the hand-made fixture (evaluations-fixture.ts);
 * every expected number is derived by hand from that table, as the comments say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, type Filters } from '../filters';
import { rowsOf } from '../arrow-rows';
import {
  bunchingSql,
  fullMarksSql,
  gradeShareSql,
  indicatorRowsSql,
  meanScoreByYearSql,
  rateIndicatorRuleSql,
  reviewGapHistogramSql,
  reviewGapSummarySql,
  scatterCellsSql,
  scoreHistogramSql,
  shapeRateIndicatorCheck,
  suspiciousSql,
  type Bunching,
  type FullMarksRow,
  type GradeShareRow,
  type RateIndicatorRow,
  type ReviewGapSummary,
  type ScatterCell,
  type ScoreBin,
  type SuspiciousRow,
  type YearMean,
} from './build-score-inflation-sql';
import { evaluationRowsSql } from './evaluation-sql';
import { FIXTURE_EVALUATIONS, FIXTURE_INDICATORS } from './evaluations-fixture';

let conn: Connector;
const rows = async <T>(sql: string) => rowsOf<T>(await conn.query(sql));
const only = (patch: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...patch });

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, { evaluations: FIXTURE_EVALUATIONS, indicators: FIXTURE_INDICATORS });
});
afterAll(async () => conn.close());

describe('score histogram', () => {
  it('counts scores in 1-point bins', async () => {
    // floor of the 14 scores: 55, 75, 87, 88, 89 (89.5), 90 ×3 (90.5, 90, 90.2), 91, 92, 93, 95, 96, 98.
    const bins = await rows<ScoreBin>(scoreHistogramSql(NO_FILTERS));
    expect(bins).toEqual([
      { bin: 55, n: 1 },
      { bin: 75, n: 1 },
      { bin: 87, n: 1 },
      { bin: 88, n: 1 },
      { bin: 89, n: 1 },
      { bin: 90, n: 3 },
      { bin: 91, n: 1 },
      { bin: 92, n: 1 },
      { bin: 93, n: 1 },
      { bin: 95, n: 1 },
      { bin: 96, n: 1 },
      { bin: 98, n: 1 },
    ]);
  });

  it('applies the filters (2022 only: 95, 91, 90.5, 90)', async () => {
    const bins = await rows<ScoreBin>(scoreHistogramSql(only({ yearFrom: 2022, yearTo: 2022 })));
    expect(bins).toEqual([
      { bin: 90, n: 2 },
      { bin: 91, n: 1 },
      { bin: 95, n: 1 },
    ]);
  });

  it('drills into the rows of a bin with provenance', async () => {
    // [90, 91): 单位丙 90.5 (row 3 → source_row 4), 单位丁 90 (row 4 → 5), 单位丑 90.2 (row 12 → 13).
    const drilled = await rows<{ unit: string; source_file: string; source_row: number }>(
      evaluationRowsSql(only({ scoreMin: 90, scoreMax: 91 })),
    );
    expect(drilled.map((r) => [r.unit, r.source_file, r.source_row])).toEqual([
      ['单位丙', 'fixture.csv', 4],
      ['单位丁', 'fixture.csv', 5],
      ['单位丑', 'fixture.csv', 13],
    ]);
  });
});

describe('share graded 优', () => {
  it('by supervisor', async () => {
    // 教育局 rows 1,2,3,11,12: 优 1,2,3,12 → 4/5 = 80%; mean (95+91+90.5+55+90.2)/5 = 84.34
    // 卫健委 rows 4,5,6,13,14: 优 4,13,14 → 3/5 = 60%; mean (90+89.5+88+93+96)/5 = 91.3
    // 财政局 rows 7–10: 优 7,9 → 2/4 = 50%; mean (92+87+98+75)/4 = 88
    // (none) row 15: no grade → share null
    const share = await rows<GradeShareRow>(gradeShareSql(NO_FILTERS, 'supervisor'));
    const byName = Object.fromEntries(share.map((r) => [r.grp ?? '', r]));
    expect(share).toHaveLength(4);
    expect(byName['教育局']).toMatchObject({ n: 5, graded: 5, excellent: 4, share: 80 });
    expect(byName['教育局']?.mean_score).toBeCloseTo(84.34, 10);
    expect(byName['卫健委']).toMatchObject({ n: 5, excellent: 3, share: 60, mean_score: 91.3 });
    expect(byName['财政局']).toMatchObject({ n: 4, excellent: 2, share: 50, mean_score: 88 });
    expect(byName['']).toMatchObject({ grp: null, n: 1, graded: 0, excellent: 0, share: null });
  });

  it('by year, in year order', async () => {
    // 2022 rows 1–4 all 优 → 100%; 2023 rows 5–10: 优 7, 9 → 2/6; 2024 rows 11–15: graded 4, 优 12,13,14 → 75%
    const share = await rows<GradeShareRow>(gradeShareSql(NO_FILTERS, 'year'));
    expect(share.map((r) => r.grp)).toEqual(['2022', '2023', '2024']);
    expect(share[0]).toMatchObject({ n: 4, excellent: 4, share: 100, mean_score: 91.625 });
    expect(share[1]?.share).toBeCloseTo(100 / 3, 10);
    expect(share[2]).toMatchObject({ n: 5, graded: 4, excellent: 3, share: 75 });
  });

  it('by region', async () => {
    // 五华区 rows 1,2,9,10,11: 优 1,2,9 → 60%; 盘龙区 3,4,5,12,14: 优 3,4,12,14 → 80%; 官渡区 6,7,8,13: 优 7,13 → 50%
    const share = await rows<GradeShareRow>(gradeShareSql(NO_FILTERS, 'region'));
    const byName = Object.fromEntries(share.map((r) => [r.grp ?? '', r.share]));
    expect(byName).toEqual({ 五华区: 60, 盘龙区: 80, 官渡区: 50, '': null });
  });
});

describe('bunching at 90', () => {
  it('compares [90,91) with [89,90) and with the mean of [86,89) and [91,94)', async () => {
    // at = 3 (90.5, 90, 90.2); below = 1 (89.5); neighbourhood = 2 (87, 88) + 3 (91, 92, 93) = 5,
    // mean per bin 5/6; ratio to below 3/1 = 3; ratio to neighbourhood 3 / (5/6) = 3.6.
    const [b] = await rows<Bunching>(bunchingSql(NO_FILTERS));
    expect(b).toMatchObject({ at_threshold: 3, just_below: 1, neighbourhood: 5, ratio_below: 3 });
    expect(b?.neighbourhood_mean).toBeCloseTo(5 / 6, 12);
    expect(b?.ratio_neighbourhood).toBeCloseTo(3.6, 12);
  });

  it('gives null ratios when the reference bins are empty', async () => {
    // 2022 only: 95, 91, 90.5, 90 → at 2, below 0, neighbourhood 1 (91): ratio_below null, ratio 2 / (1/6) = 12.
    const [b] = await rows<Bunching>(bunchingSql(only({ yearFrom: 2022, yearTo: 2022 })));
    expect(b).toMatchObject({ at_threshold: 2, just_below: 0, neighbourhood: 1, ratio_below: null });
    expect(b?.ratio_neighbourhood).toBeCloseTo(12, 12);
  });
});

describe('score against execution rate', () => {
  it('lists 优 with execution below 80%, lowest first, with the total', async () => {
    // 单位丁 60, 单位乙 73.68, 单位丑 79.9; 单位寅 at exactly 80 is not below 80.
    const s = await rows<SuspiciousRow>(suspiciousSql(NO_FILTERS));
    expect(s.map((r) => [r.unit, r.rate, r.score])).toEqual([
      ['单位丁', 60, 90],
      ['单位乙', 73.68, 91],
      ['单位丑', 79.9, 90.2],
    ]);
    expect(s[1]).toMatchObject({ budget: '397.800000', spent: '293.080000', total: 3, source_row: 3 });
  });

  it('caps the list but keeps the total', async () => {
    const s = await rows<SuspiciousRow>(suspiciousSql(NO_FILTERS, 2));
    expect(s).toHaveLength(2);
    expect(s[0]?.total).toBe(3);
  });

  it('counts the other evaluations per 1×1 cell, without the suspicious ones', async () => {
    // Rows with score and rate: 1,3,5–11,13 (2, 4, 12 are suspicious; 14 has no rate; 15 no score) → 10 cells of 1.
    const cells = await rows<ScatterCell>(scatterCellsSql(NO_FILTERS));
    expect(cells).toHaveLength(10);
    expect(cells.every((c) => c.n === 1)).toBe(true);
    expect(cells).toContainEqual({ score: 75, rate: 50, n: 1 }); // 75 / 50.50
    expect(cells).toContainEqual({ score: 93, rate: 80, n: 1 }); // 单位寅 93 / 80.00
    expect(cells).not.toContainEqual(expect.objectContaining({ score: 91, rate: 73 }));
  });

  it('limits the cells to the most populated ones', async () => {
    expect(await rows<ScatterCell>(scatterCellsSql(NO_FILTERS, 4))).toHaveLength(4);
  });
});

describe('mean score by year', () => {
  it('averages the scores of each year', async () => {
    // 2022: 366.5/4 = 91.625; 2023: (89.5+88+92+87+98+75)/6 = 88.25; 2024: (55+90.2+93+96)/4 = 83.55
    const means = await rows<YearMean>(meanScoreByYearSql(NO_FILTERS));
    expect(means.map((m) => [m.year, m.n])).toEqual([
      [2022, 4],
      [2023, 6],
      [2024, 4],
    ]);
    expect(means[0]?.mean_score).toBeCloseTo(91.625, 10);
    expect(means[1]?.mean_score).toBeCloseTo(88.25, 10);
    expect(means[2]?.mean_score).toBeCloseTo(83.55, 10);
  });
});

describe('self minus review', () => {
  it('bins the gaps and summarises them', async () => {
    // Reviewed: 1 (95−85=10), 3 (90.5−88=2.5), 6 (88−80=8), 9 (98−90=8), 14 (96−91=5).
    // mean 33.5/5 = 6.7; median of 2.5, 5, 8, 8, 10 = 8; all 5 self-scored higher;
    // self ≥ 90 but review < 90: rows 1 and 3.
    const bins = await rows<ScoreBin>(reviewGapHistogramSql(NO_FILTERS));
    expect(bins).toEqual([
      { bin: 2, n: 1 },
      { bin: 5, n: 1 },
      { bin: 8, n: 2 },
      { bin: 10, n: 1 },
    ]);
    const [s] = await rows<ReviewGapSummary>(reviewGapSummarySql(NO_FILTERS));
    expect(s).toMatchObject({ n: 5, median_gap: 8, self_higher: 5, excellent_not_confirmed: 2 });
    expect(s?.mean_gap).toBeCloseTo(6.7, 10);
  });
});

describe('indicators at full marks', () => {
  it('ranks units by the share of indicator lines with points ≥ weight', async () => {
    // 单位甲 2/2, 单位庚 1/1, 单位无 1/1 (100%), 单位乙 2/3, 单位辛 1/2; 5 units, 9 lines, 7 full.
    const full = await rows<FullMarksRow>(fullMarksSql(NO_FILTERS));
    expect(full.map((r) => [r.unit, r.n, r.full_marks])).toEqual([
      ['单位甲', 2, 2],
      ['单位庚', 1, 1],
      ['单位无', 1, 1],
      ['单位乙', 3, 2],
      ['单位辛', 2, 1],
    ]);
    expect(full[3]?.share).toBeCloseTo(200 / 3, 10);
    expect(full[0]).toMatchObject({ units: 5, all_n: 9, all_full: 7 });
  });

  it('keeps only indicators of evaluations the filters keep', async () => {
    // 财政局 evaluations: 单位庚, 单位辛 (and 壬, 癸 without indicators); 单位无 has no evaluation.
    const full = await rows<FullMarksRow>(fullMarksSql(only({ supervisors: ['财政局'] })));
    expect(full.map((r) => r.unit)).toEqual(['单位庚', '单位辛']);
    expect(full[0]).toMatchObject({ units: 2, all_n: 3, all_full: 2 });
  });

  it('drills into the indicator lines of a unit', async () => {
    const lines = await rows<{ level3: string | null }>(indicatorRowsSql(NO_FILTERS, `i.unit = '单位乙'`));
    expect(lines.map((l) => l.level3)).toEqual(['绩效目标合理性', '预算执行率', '数量指标']);
  });
});

describe('execution-rate indicator points against the rule', () => {
  it('lists indicators given more than min(weight, weight × rate ÷ 100) + 0.5', async () => {
    // Checked: 单位乙 (rate 73.68), 单位甲 (level2 预算执行率, rate 100), 单位辛 (52), 单位庚 (120) = 4;
    // 单位无 has no evaluation. Only 单位乙 exceeds: rule 10 × 0.7368 = 7.368 → 7.37, excess 2.632 → 2.63.
    const check = shapeRateIndicatorCheck(
      await rows<RateIndicatorRow & { checked: number; exceeding: number }>(rateIndicatorRuleSql(NO_FILTERS)),
    );
    expect(check.checked).toBe(4);
    expect(check.exceeding).toBe(1);
    expect(check.rows).toHaveLength(1);
    expect(check.rows[0]).toMatchObject({
      unit: '单位乙',
      indicator: '预算执行率',
      weight: 10,
      points: 10,
      rate: 73.68,
      rule_points: 7.37,
      excess: 2.63,
    });
  });

  it('flags 单位辛 (0.3 over) once the tolerance is below 0.3', async () => {
    // 单位辛: points 5.5, rule 10 × 0.52 = 5.2 → 0.3 over.
    const check = shapeRateIndicatorCheck(
      await rows<RateIndicatorRow & { checked: number; exceeding: number }>(
        rateIndicatorRuleSql(NO_FILTERS, 0.25),
      ),
    );
    expect(check.rows.map((r) => [r.unit, r.excess])).toEqual([
      ['单位乙', 2.63],
      ['单位辛', 0.3],
    ]);
  });

  it('returns the counts even when nothing exceeds', async () => {
    // 财政局: 单位辛 (0.3 over, within tolerance) and 单位庚 (capped at weight) → checked 2, none over.
    const check = shapeRateIndicatorCheck(
      await rows<RateIndicatorRow & { checked: number; exceeding: number }>(
        rateIndicatorRuleSql(only({ supervisors: ['财政局'] })),
      ),
    );
    expect(check).toEqual({ checked: 2, exceeding: 0, rows: [] });
  });
});
