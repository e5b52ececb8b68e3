/**
 * Fifteen hand-made evaluations and a few indicator lines, shared by the score-inflation and
 * execution-rate tests. Every expected number in those tests is derived by hand from this table.
 *
 *  #  unit        supervisor region  year score grade review budget  spent   rate(reported)
 *  1  单位甲      教育局     五华区  2022 95    优    85     100     100     100.00
 *  2  单位乙      教育局     五华区  2022 91    优    —      397.80  293.08  73.68   ← 优, rate < 80
 *  3  单位丙      教育局     盘龙区  2022 90.5  优    88     200     190     95.00
 *  4  单位丁      卫健委     盘龙区  2022 90    优    —      50      30      60.00   ← 优, rate < 80
 *  5  单位戊      卫健委     盘龙区  2023 89.5  良    —      80      40      50.00
 *  6  单位己      卫健委     官渡区  2023 88    良    80     120     120     100.00
 *  7  单位庚      财政局     官渡区  2023 92    优    —      10      12      120.00
 *  8  单位辛      财政局     官渡区  2023 87    良    —      300     150     52.00   (computed 50.00: off by 2)
 *  9  单位壬      财政局     五华区  2023 98    优    90     1000    990     99.00
 * 10  单位癸      财政局     五华区  2023 75    中    —      60      30      50.50   (computed 50.00: off by exactly 0.5)
 * 11  单位子      教育局     五华区  2024 55    差    —      40      10      25.51   (computed 25.00: off by 0.51)
 * 12  单位丑      教育局     盘龙区  2024 90.2  优    —      100     79.9    79.90   ← 优, rate < 80
 * 13  单位寅      卫健委     官渡区  2024 93    优    —      100     80      80.00   (80 is not below 80)
 * 14  单位卯      卫健委     盘龙区  2024 96    优    91     —       —       —
 * 15  单位辰      —          —       2024 —     —     —      20      20      100.00
 */
import type { FixtureRow } from '../../../tests/unit/canonical-fixture';

type Row = [string, string | null, string | null, number, number | null, string | null, number | null];
type Money = [number | null, number | null, number | null];

const people: Row[] = [
  ['单位甲', '教育局', '五华区', 2022, 95, '优', 85],
  ['单位乙', '教育局', '五华区', 2022, 91, '优', null],
  ['单位丙', '教育局', '盘龙区', 2022, 90.5, '优', 88],
  ['单位丁', '卫健委', '盘龙区', 2022, 90, '优', null],
  ['单位戊', '卫健委', '盘龙区', 2023, 89.5, '良', null],
  ['单位己', '卫健委', '官渡区', 2023, 88, '良', 80],
  ['单位庚', '财政局', '官渡区', 2023, 92, '优', null],
  ['单位辛', '财政局', '官渡区', 2023, 87, '良', null],
  ['单位壬', '财政局', '五华区', 2023, 98, '优', 90],
  ['单位癸', '财政局', '五华区', 2023, 75, '中', null],
  ['单位子', '教育局', '五华区', 2024, 55, '差', null],
  ['单位丑', '教育局', '盘龙区', 2024, 90.2, '优', null],
  ['单位寅', '卫健委', '官渡区', 2024, 93, '优', null],
  ['单位卯', '卫健委', '盘龙区', 2024, 96, '优', 91],
  ['单位辰', null, null, 2024, null, null, null],
];

const money: Money[] = [
  [100, 100, 100],
  [397.8, 293.08, 73.68],
  [200, 190, 95],
  [50, 30, 60],
  [80, 40, 50],
  [120, 120, 100],
  [10, 12, 120],
  [300, 150, 52],
  [1000, 990, 99],
  [60, 30, 50.5],
  [40, 10, 25.51],
  [100, 79.9, 79.9],
  [100, 80, 80],
  [null, null, null],
  [20, 20, 100],
];

export const FIXTURE_EVALUATIONS: FixtureRow[] = people.map(
  ([unit, supervisor, region, year, score, grade, review], i) => {
    const [budget, spent, rate] = money[i] ?? [null, null, null];
    return {
      unit,
      supervisor,
      region,
      year,
      kind: '项目支出',
      project: `${unit}项目`,
      score,
      grade,
      review_score: review,
      budget_initial: budget,
      budget,
      spent,
      execution_rate: rate,
    };
  },
);

/**
 * Indicator lines. Project left blank (it matches the evaluation of the same unit and year).
 *  单位乙 2022: 绩效目标合理性 10/10, 预算执行率 10/10 (rule 10 × 73.68% = 7.368 → 2.632 over), 数量指标 18/20
 *  单位甲 2022: 绩效目标合理性 10/10, level2 预算执行率 (level3 blank) 5/5 (rule 5 × 100% = 5)
 *  单位辛 2023: 预算执行率 5.5/10 (rule 10 × 52% = 5.2 → 0.3 over, within the 0.5 tolerance), 产出数量 10/10
 *  单位庚 2023: 预算执行率 10/10 (rate 120% → rule capped at 10)
 *  单位无 2023: 执行率 10/10 — no evaluation of that unit, so the rule cannot be checked
 */
type IndicatorLine = [string, number, string, string, string | null, number, number];

const indicatorLines: IndicatorLine[] = [
  ['单位乙', 2022, '决策', '目标设定', '绩效目标合理性', 10, 10],
  ['单位乙', 2022, '过程', '资金管理', '预算执行率', 10, 10],
  ['单位乙', 2022, '产出', '产出数量', '数量指标', 20, 18],
  ['单位甲', 2022, '决策', '目标设定', '绩效目标合理性', 10, 10],
  ['单位甲', 2022, '过程', '预算执行率', null, 5, 5],
  ['单位辛', 2023, '过程', '资金管理', '预算执行率', 10, 5.5],
  ['单位辛', 2023, '产出', '产出数量', '产出数量', 10, 10],
  ['单位庚', 2023, '过程', '资金管理', '预算执行率', 10, 10],
  ['单位无', 2023, '过程', '资金管理', '执行率', 10, 10],
];

export const FIXTURE_INDICATORS: FixtureRow[] = indicatorLines.map(
  ([unit, year, level1, level2, level3, weight, points]) => ({
    unit,
    year,
    project: null,
    level1,
    level2,
    level3,
    weight,
    points,
  }),
);
