/**
 * A hand-built data set with one evaluation per audit rule violated plus clean ones, shared by the
 * audit and departments tests. Money in 万元. Each row's comment says which rule it should trip.
 */
import type { FixtureRow } from '../../../tests/unit/canonical-fixture';

const ev = (
  source_file: string,
  source_row: number,
  unit: string,
  year: number,
  project: string | null,
  score: number | null,
  grade: string | null,
  budget: number | null,
  spent: number | null,
  execution_rate: number | null,
  extra: FixtureRow = {},
): FixtureRow => ({
  source_file,
  source_row,
  unit,
  supervisor: '市财政局',
  region: '五华区',
  year,
  kind: project === null ? '部门整体支出' : '项目支出',
  project,
  score,
  grade,
  budget,
  spent,
  execution_rate,
  ...extra,
});

export const SEED_UNIT = '昆明市五华区政务服务管理局';

export const AUDIT_EVALUATIONS: FixtureRow[] = [
  // seeds/003: 91 优, 397.80 budget, 293.08 spent, 73.68% → only 优 with execution below 80%
  // (293.08 / 397.80 × 100 = 73.675… ≈ 73.68, so no rate mismatch).
  ev('a.csv', 2, SEED_UNIT, 2023, null, 91, '优', 397.8, 293.08, 73.68),
  // clean; repeated in b.csv below with the same numbers (budget_initial missing there) → no conflict
  ev('a.csv', 3, '单位甲', 2023, '项目A', 95, '优', 100, 98, 98, { budget_initial: 100 }),
  // clean: indicator points 85.4 are within 0.5 of 85
  ev('a.csv', 4, '单位乙', 2022, null, 85, '良', 200, 190, 95),
  // score_range only (105 ≥ 90 so 优 fits; 50 / 50 = 100%, not over)
  ev('a.csv', 5, '单位丙', 2023, null, 105, '优', 50, 50, 100),
  // grade_mismatch only (85 → 良)
  ev('a.csv', 6, '单位丁', 2023, null, 85, '优', 100, 90, 90),
  // points_sum only: indicators of 项目B add up to 88
  ev('a.csv', 7, '单位戊', 2023, '项目B', 92, '优', 100, 96, 96),
  // clean: same unit and year with no project; 项目B's indicators must not join here
  ev('a.csv', 8, '单位戊', 2023, null, 80, '良', 10, 9.6, 96),
  // weights_sum only: weights 60 + 30 = 90
  ev('a.csv', 9, '单位己', 2023, '项目C', 90, '优', 100, 100, 100),
  // points_over_weight only: 55 > 50
  ev('a.csv', 10, '单位庚', 2023, '项目D', 90, '优', 100, 100, 100),
  // rate_mismatch only: 70 / 100 = 70% but reports 80%
  ev('a.csv', 11, '单位辛', 2023, null, 88, '良', 100, 70, 80),
  // rate_over_100 only: 110 / 100
  ev('a.csv', 12, '单位壬', 2023, null, 95, '优', 100, 110, 110),
  // duplicate_conflict (with b.csv row 3): 93 here, 96 there
  ev('a.csv', 13, '单位癸', 2023, '项目E', 93, '优', 100, 95, 95),
  ev('b.csv', 2, '单位甲', 2023, '项目A', 95, '优', 100, 98, 98),
  ev('b.csv', 3, '单位癸', 2023, '项目E', 96, '优', 100, 95, 95),
  // t.csv: rows 2–3 under a correct 小计 (row 4); rows 5–6 under a wrong 合计 (row 7);
  // row 8 under a 其中 row (9), which is a breakdown, not a sum, and never checked.
  ev('t.csv', 2, '单位子', 2024, null, 95, '优', 10, 9, 90),
  ev('t.csv', 3, '单位丑', 2024, null, 95, '优', 20, 18, 90),
  ev('t.csv', 5, '单位寅', 2024, null, 95, '优', 5, 5, 100),
  ev('t.csv', 6, '单位卯', 2024, null, 95, '优', 5, 4.5, 90),
  ev('t.csv', 8, '单位辰', 2024, null, 95, '优', 3, 3, 100),
];

const ind = (
  unit: string,
  year: number,
  project: string | null,
  level1: string,
  weight: number,
  points: number,
  source_row: number,
): FixtureRow => ({ source_file: 'ind.csv', source_row, unit, year, project, level1, weight, points });

export const AUDIT_INDICATORS: FixtureRow[] = [
  // seed: 18 + 19 + 36 + 18 = 91 of 20 + 20 + 40 + 20 = 100
  ind(SEED_UNIT, 2023, null, '决策', 20, 18, 2),
  ind(SEED_UNIT, 2023, null, '过程', 20, 19, 3),
  ind(SEED_UNIT, 2023, null, '产出', 40, 36, 4),
  ind(SEED_UNIT, 2023, null, '效益', 20, 18, 5),
  // 单位甲 项目A: 30 + 65 = 95 of 100
  ind('单位甲', 2023, '项目A', '决策', 30, 30, 6),
  ind('单位甲', 2023, '项目A', '产出', 70, 65, 7),
  // 单位乙: 40 + 45.4 = 85.4, |85.4 − 85| ≤ 0.5
  ind('单位乙', 2022, null, '决策', 50, 40, 8),
  ind('单位乙', 2022, null, '产出', 50, 45.4, 9),
  // 单位戊 项目B: 40 + 48 = 88 ≠ 92
  ind('单位戊', 2023, '项目B', '决策', 50, 40, 10),
  ind('单位戊', 2023, '项目B', '产出', 50, 48, 11),
  // 单位己 项目C: weights 60 + 30 = 90, points 90 = score
  ind('单位己', 2023, '项目C', '决策', 60, 60, 12),
  ind('单位己', 2023, '项目C', '产出', 30, 30, 13),
  // 单位庚 项目D: 55 > 50; 55 + 35 = 90 = score, weights 100
  ind('单位庚', 2023, '项目D', '决策', 50, 55, 14),
  ind('单位庚', 2023, '项目D', '产出', 50, 35, 15),
];

/** Rows for ingest_totals (label, budget, spent, provenance). */
export const AUDIT_TOTALS = [
  // 10 + 20 = 30 budget, 9 + 18 = 27 spent: correct
  { label: '小计', budget: 30, spent: 27, source_file: 't.csv', source_row: 4 },
  // 5 + 5 = 10 budget is right, 5 + 4.5 = 9.5 spent ≠ 9.6
  { label: '合计', budget: 10, spent: 9.6, source_file: 't.csv', source_row: 7 },
  // wrong (3 ≠ 1) but a breakdown row, not checked
  { label: '其中：专项', budget: 1, spent: 1, source_file: 't.csv', source_row: 9 },
] as const;

export function totalsInsertSql(): string {
  const values = AUDIT_TOTALS.map(
    (t) => `('${t.label}', ${t.budget}, ${t.spent}, '${t.source_file}', ${t.source_row})`,
  ).join(', ');
  return `INSERT INTO ingest_totals (label, budget, spent, source_file, source_row) VALUES ${values}`;
}
