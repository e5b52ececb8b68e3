import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical, type FixtureRow } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, type Filters } from '../filters';
import { OPTIONAL_TABLES_SQL, readOptionalTables, type OptionalTables } from '../audit/optional-tables';
import {
  DEPARTMENTS_LIMIT,
  departmentDrillSql,
  departmentsSql,
  departmentTrendSql,
  type DepartmentGrouping,
  type DepartmentSort,
} from './build-departments-sql';
import { readDepartments, readTrend } from './read-departments';
import { loadPhraseTables } from '../../../tests/unit/phrase-tables';

const row = (
  source_row: number,
  unit: string,
  supervisor: string | null,
  region: string,
  year: number,
  project: string | null,
  score: number | null,
  grade: string | null,
  budget: number,
  spent: number | null,
  execution_rate: number | null,
): FixtureRow => ({
  source_file: 'd.csv',
  source_row,
  unit,
  supervisor,
  region,
  year,
  project,
  score,
  grade,
  budget,
  spent,
  execution_rate,
});

// All clean for the audit (rates = spent ÷ budget, grades fit scores), so flags are 0 here.
const EVALUATIONS = [
  row(2, '一中', '教育局', '盘龙区', 2022, 'P1', 95, '优', 100.5, 90.45, 90),
  row(3, '一中', '教育局', '盘龙区', 2023, 'P1', 85, '良', 50.25, 35.175, 70),
  row(4, '二中', '教育局', '盘龙区', 2023, 'P2', 92, '优', 10.123456, 10.123456, 100),
  row(5, '二中', '教育局', '盘龙区', 2023, 'P3', null, null, 1, null, null),
  row(6, '医院', '卫健委', '官渡区', 2023, null, 70, '中', 1000, 600, 60),
  row(7, '无主管单位', null, '官渡区', 2023, null, 60, '中', 0.000001, null, null),
];

const PHRASES = [
  ['一中', 2022, '绩效目标设置不够科学合理'],
  ['一中', 2023, '绩效目标设置不够科学合理'],
  ['一中', 2023, '预算执行率有待进一步提高'],
  ['二中', 2023, '预算执行率有待进一步提高'],
  // 2024 has no evaluations, so this never counts
  ['医院', 2024, '队伍建设有待加强'],
] as const;

let conn: Connector;
let tables: OptionalTables;

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, { evaluations: EVALUATIONS });
  await loadPhraseTables(conn, PHRASES);
  tables = readOptionalTables(await conn.query(OPTIONAL_TABLES_SQL));
});
afterAll(() => conn.close());

async function departments(
  groupBy: DepartmentGrouping,
  sort: DepartmentSort = { column: 'name', desc: false },
  filters: Partial<Filters> = {},
  limit = DEPARTMENTS_LIMIT,
) {
  const sql = departmentsSql({ ...NO_FILTERS, ...filters }, { groupBy, sort, limit, tables });
  return readDepartments(await conn.query(sql));
}

describe('departmentsSql', () => {
  it('finds the optional tables', () => {
    expect(tables).toEqual({ totals: true, phrases: true });
  });

  it('compares supervisors', async () => {
    const rows = await departments('supervisor', { column: 'mean_score', desc: true });
    expect(rows.map((r) => [r.name, r.evaluations, r.budget, r.flags])).toEqual([
      // rows 2–5: 100.5 + 50.25 + 10.123456 + 1 = 161.873456 exactly; flags are counted separately
      ['教育局', 4, '161.873456', null],
      ['卫健委', 1, '1000.000000', null],
      // a blank supervisor is its own group
      [null, 1, '0.000001', null],
    ]);
    const edu = rows[0]!;
    // (95 + 85 + 92) / 3; row 5 has no score
    expect(edu.meanScore).toBeCloseTo(272 / 3, 10);
    // 2 优 of 3 graded (row 5 has no grade)
    expect(edu.shareExcellent).toBeCloseTo(2 / 3, 10);
    // rates 90, 70, 100 → 90
    expect(edu.medianRate).toBe(90);
    // 绩效目标… and 预算执行率… both twice; ties go to the first in code-point order
    expect([edu.topPhrase, edu.topPhraseCount]).toEqual(['绩效目标设置不够科学合理', 2]);
    expect(rows[1]!.topPhrase).toBeNull();
    expect(rows[2]!.medianRate).toBeNull();
    expect(rows.every((r) => r.groups === 3)).toBe(true);
  });

  it('compares units, with the median of an even count and a sparkline per year', async () => {
    const rows = await departments('unit');
    const first = rows.find((r) => r.name === '一中')!;
    // 95 and 85; rates 90 and 70 → median 80; budgets 100.5 + 50.25
    expect([
      first.evaluations,
      first.meanScore,
      first.shareExcellent,
      first.medianRate,
      first.budget,
    ]).toEqual([2, 90, 0.5, 80, '150.750000']);
    expect(first.spark).toEqual([
      { year: 2022, score: 95 },
      { year: 2023, score: 85 },
    ]);
    const second = rows.find((r) => r.name === '二中')!;
    // one graded (优) of two; one rate (100)
    expect([second.shareExcellent, second.medianRate, second.budget]).toEqual([1, 100, '11.123456']);
  });

  it('sorts by any column with blanks last, and limits after sorting', async () => {
    const byRate = await departments('unit', { column: 'median_rate', desc: false });
    // 医院 60, 一中 80, 二中 100, 无主管单位 none
    expect(byRate.map((r) => r.name)).toEqual(['医院', '一中', '二中', '无主管单位']);
    const byBudget = await departments('region', { column: 'budget', desc: true });
    // 官渡区 1000 + 0.000001 > 盘龙区 161.873456 (compared as numbers, not text)
    expect(byBudget.map((r) => [r.name, r.budget])).toEqual([
      ['官渡区', '1000.000001'],
      ['盘龙区', '161.873456'],
    ]);
    const top = await departments('unit', { column: 'evaluations', desc: true }, {}, 1);
    // 一中 and 二中 tie at 2; the name breaks the tie; 4 units in all
    expect(top.map((r) => [r.name, r.groups])).toEqual([['一中', 4]]);
  });

  it('gives every row the same measures whichever column sorts (only that one is taken for every group)', async () => {
    const columns = [
      'name',
      'evaluations',
      'mean_score',
      'share_excellent',
      'median_rate',
      'budget',
      'top_phrase',
    ] as const;
    for (const groupBy of ['unit', 'supervisor', 'region'] as const) {
      const byName = await departments(groupBy);
      const key = (r: (typeof byName)[number]) => JSON.stringify(r);
      const expected = byName.map(key).sort();
      for (const column of columns)
        for (const desc of [true, false]) {
          const rows = await departments(groupBy, { column, desc });
          expect(rows.map(key).sort(), `${groupBy} by ${column}`).toEqual(expected);
        }
    }
  });

  it('applies the shared filters', async () => {
    const rows = await departments('unit', { column: 'name', desc: false }, { yearFrom: 2023 });
    const first = rows.find((r) => r.name === '一中')!;
    expect([first.evaluations, first.meanScore]).toEqual([1, 85]);
    // 2023 only: one of each phrase, the tie goes to code-point order
    expect(first.topPhraseCount).toBe(1);
  });

  it('sorts by the most frequent phrase', async () => {
    const rows = await departments('unit', { column: 'top_phrase', desc: false });
    // 绩效… < 预算… in code-point order; units without phrases last, by name
    expect(rows.map((r) => [r.name, r.topPhrase])).toEqual([
      ['一中', '绩效目标设置不够科学合理'],
      ['二中', '预算执行率有待进一步提高'],
      ['医院', null],
      ['无主管单位', null],
    ]);
  });

  it('runs without problem_phrases and ingest_totals', async () => {
    const sql = departmentsSql(NO_FILTERS, {
      groupBy: 'unit',
      sort: { column: 'top_phrase', desc: true },
      limit: 10,
      tables: { totals: false, phrases: false },
    });
    const rows = readDepartments(await conn.query(sql));
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.topPhrase === null)).toBe(true);
  });

  it('builds the trend and drill queries', async () => {
    const trend = readTrend(await conn.query(departmentTrendSql(NO_FILTERS, 'unit', ['一中', '二中'])));
    expect(trend.map((t) => [t.name, t.year, t.meanScore, t.medianRate, t.evaluations])).toEqual([
      ['一中', 2022, 95, 90, 1],
      ['一中', 2023, 85, 70, 1],
      ['二中', 2023, 92, 100, 2],
    ]);
    const drill = await conn.query(departmentDrillSql(NO_FILTERS, 'supervisor', null));
    expect(drill.toArray().map((r: Record<string, unknown>) => [r['unit'], r['source_row']])).toEqual([
      ['无主管单位', 7],
    ]);
  });
});
