/**
 * Row copies (row-copies.ts): every panel query answers exactly as on the canonical tables when it
 * reads a filter state's copies; narrower states are copied from wider copies; copies are dropped
 * when too many are kept or the tables change, and made again when a query needs one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { jsonRows } from '../../tests/unit/json-rows';
import { loadCanonical } from '../../tests/unit/canonical-fixture';
import { filterParts, NO_FILTERS, type Filters } from '../analysis/filters';
import { buildAuditFlagTables, visibleTotalsSql } from '../analysis/audit/flag-table';
import { auditListSql, auditSummarySql } from '../analysis/audit/audit-queries';
import { scoreInflationSql } from '../analysis/score-inflation/load-score-inflation';
import { executionRateSql } from '../analysis/execution-rate/load-execution-rate';
import {
  fullMarksSql,
  gradeShareRunSql,
  gradeShareSql,
  meanScoreByYearRunSql,
  meanScoreByYearSql,
  rateIndicatorRuleSql,
  reviewGapHistogramRunSql,
  reviewGapHistogramSql,
  scoreCellsSql,
} from '../analysis/score-inflation/build-score-inflation-sql';
import {
  rateDistributionSql,
  rateHistogramRunSql,
  rateHistogramSql,
  rateSummaryRunSql,
  rateSummarySql,
} from '../analysis/execution-rate/build-execution-rate-sql';
import {
  departmentFlagsSql,
  departmentsSql,
  departmentTrendSql,
} from '../analysis/departments/build-departments-sql';
import { buildProblemPhrases, CLUSTERED_EVALUATIONS } from '../analysis/problem-phrases/build';
import { copiedTextsSql, topPhrasesSql } from '../analysis/problem-phrases/queries';
import { RowCopies } from './row-copies';
import { heldRateDistribution } from '../analysis/execution-rate/held-rates';

let conn: Connector;
const query = (sql: string) => conn.query(sql);

const rowsOf = (sql: string) => jsonRows(conn, sql);

beforeAll(async () => {
  conn = await createNodeConnector();
});
afterAll(() => conn.close());

/** 2,000 evaluations of 30 units, 5 regions, 4 years; indicators, total rows; the stored audit flags. */
async function loadData() {
  await loadCanonical(conn, {});
  await conn.query(`INSERT INTO evaluations
SELECT '单位' || (i % 30), '主管' || (i % 6), '区' || (i % 5), 2020 + (i % 4),
  CASE WHEN i % 9 = 0 THEN '部门整体支出' ELSE '项目支出' END, '项目' || i,
  CAST(55 + (hash(i) % 4600) / 100.0 AS DECIMAL(9,2)),
  CASE WHEN i % 13 = 0 THEN '良' WHEN 55 + (hash(i) % 4600) / 100.0 >= 90 THEN '优' WHEN 55 + (hash(i) % 4600) / 100.0 >= 80 THEN '良' ELSE '中' END,
  CASE WHEN i % 3 = 0 THEN CAST(50 + (hash(i * 7) % 5000) / 100.0 AS DECIMAL(9,2)) END,
  b, b, CAST(b * r / 100 + CASE WHEN i % 17 = 0 THEN 5 ELSE 0 END AS DECIMAL(18,6)), CAST(r AS DECIMAL(9,2)),
  ['绩效目标设置不够明确，部分指标无法量化', '预算执行进度偏慢，资金使用效率不高', '绩效目标设置不够明确；二是资金拨付不及时',
    '部分项目前期论证不充分，预算执行进度偏慢', '资金拨付不及时，绩效跟踪监控不到位', '绩效跟踪监控不到位',
    '部分指标无法量化，资金使用效率不高'][i % 7 + 1] || CASE WHEN i % 11 = 0 THEN '；整改措施落实不到位' ELSE '' END,
  NULL, 'export.csv', i + 1 + i // 100
FROM (SELECT i, CAST(1 + (hash(i * 3) % 10000) / 100.0 AS DECIMAL(18,6)) AS b,
        40 + (hash(i * 5) % 7000) / 100.0 AS r FROM range(2000) t(i))`);
  await conn.query(`INSERT INTO indicators SELECT '单位' || (i % 30), 2020 + (i % 4), '项目' || (i * 4), '产出', '数量',
    '预算执行率', 12.5, CAST(10 + hash(i) % 4 AS DECIMAL(9,2)), NULL, NULL, NULL, 'indicators.csv', i
    FROM range(500) t(i)`);
  // A total row after every 100 rows, every third one wrong (flagged, with the rows it covers).
  await conn.query('DELETE FROM ingest_totals');
  await conn.query(`INSERT INTO ingest_totals (label, unit, budget_initial, budget, spent, source_file, source_row)
SELECT '合计', NULL, sum(budget_initial), sum(budget) + CASE WHEN max(source_row) // 101 % 3 = 0 THEN 1 ELSE 0 END, sum(spent),
  source_file, (max(source_row) // 101 + 1) * 101
FROM evaluations GROUP BY source_file, source_row // 101`);
  await buildAuditFlagTables(query);
  await buildProblemPhrases(query);
}

/** Every query a filter change runs that reads evaluations or the stored flags. */
function panelSql(f: Filters): Record<string, string> {
  const tables = { totals: true, phrases: true };
  const sql: Record<string, string> = {};
  sql.topPhrases = topPhrasesSql(f, 20);
  sql.copiedTexts = copiedTextsSql(f, 20);
  for (const [k, v] of Object.entries(scoreInflationSql(f))) sql[`score.${k}`] = v;
  for (const [k, v] of Object.entries(executionRateSql(f))) sql[`rate.${k}`] = v;
  for (const by of ['supervisor', 'region', 'year'] as const) {
    sql[`gradeShare.${by}`] = gradeShareSql(f, by);
    sql[`rateDistribution.${by}`] = rateDistributionSql(f, by);
    sql[`rateDistribution.weighted.${by}`] = rateDistributionSql(f, by, true);
  }
  sql.fullMarks = fullMarksSql(f);
  sql.rateRule = rateIndicatorRuleSql(f);
  for (const groupBy of ['unit', 'supervisor', 'region'] as const) {
    for (const column of ['evaluations', 'flags', 'median_rate', 'name'] as const)
      sql[`departments.${groupBy}.${column}`] = departmentsSql(f, {
        groupBy,
        sort: { column, desc: true },
        limit: 10,
        tables,
      });
    sql[`departments.flags.${groupBy}`] = departmentFlagsSql(f, groupBy);
  }
  sql.trend = departmentTrendSql(f, 'unit', ['单位1', '单位2']);
  sql.auditSummary = auditSummarySql(f, tables, 'stored');
  sql.auditList = auditListSql(f, tables, undefined, null, 100, 'stored');
  return sql;
}

const STATES: [string, Partial<Filters>][] = [
  ['a region', { regions: ['区1'] }],
  ['the region and a year', { regions: ['区1'], yearFrom: 2022, yearTo: 2022 }],
  ['and a unit search', { regions: ['区1'], yearFrom: 2022, yearTo: 2022, unitSearch: '单位1' }],
  ['a supervisor and a grade', { supervisors: ['主管2'], grades: ['优'] }],
  ['a score band', { scoreMin: 80, scoreMax: 90 }],
  ['a rate band and a kind', { rateMin: 60, rateMax: 95, kinds: ['项目支出'] }],
  ['a kind', { kinds: ['项目支出'] }],
  ['the kind and a year', { kinds: ['项目支出'], yearFrom: 2021, yearTo: 2021 }],
  ['nothing kept', { units: ['没有这个单位'] }],
  // Kinds and regions read by their codes (one of them in no row); labels kept to one value written
  // out in the copy, two values not.
  ['two regions and the other kind', { regions: ['区1', '区2'], kinds: ['部门整体支出'] }],
  ['a kind no row has', { kinds: ['没有这个类型'] }],
  ['a region no row has, and one that is there', { regions: ['没有这个地区', '区4'] }],
  ['a region and a unit', { regions: ['区3'], units: ['单位3'] }],
  ['two units and a grade', { units: ['单位3', '单位8'], grades: ['良'] }],
  // Three years of four: most rows, read through a view (row-copies.ts, keepsMost).
  ['most years', { yearFrom: 2021, yearTo: 2023 }],
  ['most years and a grade', { yearFrom: 2021, yearTo: 2023, grades: ['优'] }],
];

/** The panel queries that list rows, which read a state's listed rows (row-copies.ts LISTED). */
const LISTS = ['rate.under', 'rate.over', 'rate.mismatch', 'score.suspicious'];

describe('panel queries on row copies', () => {
  beforeAll(loadData);

  it('have flagged totals, phrases and copied texts to compare', async () => {
    const n = async (t: string) =>
      Number((await conn.query(`SELECT count(*)::INT AS n FROM ${t}`)).get(0)?.n);
    expect(await n('audit_total_flags')).toBeGreaterThan(3);
    expect(await n('problem_phrase_vocab')).toBeGreaterThan(3);
    expect(await n('problem_copies')).toBeGreaterThan(3);
  });

  it('have the clustered evaluations: the same rows as evaluations, stored kind by kind, region after region', async () => {
    const columns = `unit, supervisor, region, year, kind, project, score, grade, review_score,
      budget, spent, execution_rate, source_file, source_row`;
    for (const [a, b] of [
      ['evaluations', CLUSTERED_EVALUATIONS],
      [CLUSTERED_EVALUATIONS, 'evaluations'],
    ])
      expect(await rowsOf(`SELECT ${columns} FROM ${a} EXCEPT ALL SELECT ${columns} FROM ${b}`)).toEqual([]);
    // Each kind one run of rows in storage order, and within it each region: what lets a kind's or a
    // region's rows be read in place. There is more than one of each to order.
    const runs = (table: string, key: string) =>
      rowsOf(`SELECT count(*)::INT AS n FROM (
        SELECT ${key} IS DISTINCT FROM lag(${key}) OVER (ORDER BY rowid) AS starts FROM ${table}
      ) WHERE starts`);
    const distinct = (table: string, key: string) =>
      rowsOf(`SELECT count(DISTINCT ${key})::INT AS n FROM ${table}`);
    for (const table of [CLUSTERED_EVALUATIONS, 'audit_flags']) {
      expect(await distinct(table, 'kind')).toEqual([JSON.stringify({ n: 2 })]);
      expect(await runs(table, 'kind')).toEqual([JSON.stringify({ n: 2 })]);
      const pairs = await distinct(table, '(kind, region)');
      expect(JSON.parse(pairs[0]!).n).toBeGreaterThan(5);
      expect(await runs(table, '(kind, region)')).toEqual(pairs);
    }
  });

  // As in the app once the phrase tables are built (evaluation copies from the clustered table,
  // unit_key = unit_id), and before (copies from evaluations, unit_key = unit).
  for (const clustered of [true, false])
    it(`answer exactly as on the canonical tables, state after state (${clustered ? 'clustered' : 'from evaluations'})`, async () => {
      const copies = new RowCopies(query);
      if (clustered) copies.cluster(CLUSTERED_EVALUATIONS);
      for (const [label, patch] of STATES) {
        const f = { ...NO_FILTERS, ...patch };
        const scoped = copies.scope(f);
        expect(scoped.copies, label).toBeDefined();
        for (const [name, canonical] of Object.entries(panelSql(f))) {
          const sql = panelSql(scoped)[name]!;
          expect(sql, `${label}: ${name} reads a copy`).toMatch(/\bdash_[eavsl]\d+\b/);
          // The row lists read the state's listed rows once the clustered table is there.
          if (LISTS.includes(name)) expect(/\bdash_l\d+\b/.test(sql), `${label}: ${name}`).toBe(clustered);
          // Units compared by the copies' unit_key: the same query by name is what 查看SQL shows.
          if (name.startsWith('departments.unit.'))
            expect(sql, `${label}: ${name}`).toContain('GROUP BY unit_key');
          else expect(copies.canonical(sql), `${label}: ${name}`).toBe(canonical);
          const release = await copies.prepare(sql);
          const got = await rowsOf(sql);
          release();
          expect(got, `${label}: ${name}`).toEqual(await rowsOf(canonical));
        }
      }
    });

  it('leave unfiltered SQL alone (only the answers that add up may read the cubes)', () => {
    const copies = new RowCopies(query);
    expect(copies.scope(NO_FILTERS)).toEqual({ ...NO_FILTERS, cubes: true });
    expect(panelSql(copies.scope(NO_FILTERS))).toEqual(panelSql(NO_FILTERS));
  });
});

/** The SQL a panel runs that may read a cube (analysis/cubes.ts), each with the plain SQL it stands for. */
function cubeSql(f: Filters): Record<string, [run: string, plain: string]> {
  const sql: Record<string, [string, string]> = {
    scoreCells: [scoreCellsSql(f), scoreCellsSql({ ...f, cubes: false })],
    yearMeans: [meanScoreByYearRunSql(f), meanScoreByYearSql(f)],
    reviewHistogram: [reviewGapHistogramRunSql(f), reviewGapHistogramSql(f)],
    rateHistogram: [rateHistogramRunSql(f), rateHistogramSql(f)],
    rateSummary: [rateSummaryRunSql(f), rateSummarySql(f)],
  };
  for (const by of ['supervisor', 'region', 'year'] as const)
    sql[`gradeShare.${by}`] = [gradeShareRunSql(f, by), gradeShareSql(f, by)];
  return sql;
}

const CUBE_STATES: [string, Partial<Filters>][] = [
  ['nothing filtered', {}],
  ['a kind', { kinds: ['项目支出'] }],
  ['most years', { yearFrom: 2021, yearTo: 2023 }],
  ['a year and the other kind', { yearFrom: 2022, yearTo: 2022, kinds: ['部门整体支出'] }],
  ['both kinds, from a year', { yearFrom: 2023, kinds: ['项目支出', '部门整体支出'] }],
  ['a kind no row has', { kinds: ['没有这个类型'] }],
  ['years no row has', { yearFrom: 2030 }],
];

describe('panel answers from the cubes', () => {
  beforeAll(loadData);

  for (const clustered of [true, false])
    it(`are exactly the plain queries' answers on evaluations, state after state (${clustered ? 'clustered' : 'from evaluations'})`, async () => {
      const copies = new RowCopies(query);
      if (clustered) copies.cluster(CLUSTERED_EVALUATIONS);
      for (const [label, patch] of CUBE_STATES) {
        const scoped = copies.scope({ ...NO_FILTERS, ...patch });
        expect(scoped.cubes, label).toBe(true);
        for (const [name, [run, plain]] of Object.entries(cubeSql(scoped))) {
          expect(run, `${label}: ${name} reads a cube`).toMatch(/\bdash_cube_\w+\b/);
          expect(plain, `${label}: ${name}`).not.toMatch(/dash_cube/);
          const release = await copies.prepare(run);
          // The cells come in no order (score-cells.ts sums them), the other answers in their ORDER BY.
          const inOrder = async (sql: string) =>
            name === 'scoreCells' ? (await rowsOf(sql)).sort() : rowsOf(sql);
          const got = await inOrder(run);
          release();
          // Compared as JSON text: the means too, to the last bit (cubes.ts meanFromSums).
          expect(got, `${label}: ${name}`).toEqual(await inOrder(copies.canonical(plain)));
          if (name !== 'rateSummary' && !label.includes('no row')) expect(got.length).toBeGreaterThan(0);
        }
      }
    });

  it('are not read by a state that filters on more than years and kinds', () => {
    const copies = new RowCopies(query);
    for (const patch of [
      { regions: ['区1'] },
      { kinds: ['项目支出'], supervisors: ['主管2'] },
      { grades: ['优'] },
      { unitSearch: '单位1' },
      { scoreMin: 80, scoreMax: 90 },
      { yearFrom: 2021, rateMin: 60 },
    ]) {
      const scoped = copies.scope({ ...NO_FILTERS, ...patch });
      expect(scoped.cubes, JSON.stringify(patch)).toBeUndefined();
      for (const [name, [run, plain]] of Object.entries(cubeSql(scoped)))
        expect(run, `${JSON.stringify(patch)}: ${name}`).toBe(plain);
      // Nor when the flag is set by mistake: the filters decide.
      for (const [name, [run]] of Object.entries(cubeSql({ ...scoped, cubes: true })))
        expect(run, `${JSON.stringify(patch)}: ${name}`).not.toMatch(/dash_cube/);
    }
  });

  it('are counted again after the tables change', async () => {
    const copies = new RowCopies(query);
    const f = copies.scope({ ...NO_FILTERS, kinds: ['项目支出'] });
    const run = rateSummaryRunSql(f);
    const n = async () => {
      const release = await copies.prepare(run);
      const [row] = await rowsOf(run);
      release();
      return (JSON.parse(row!) as { n: number }).n;
    };
    const before = await n();
    await conn.query(`INSERT INTO evaluations (unit, kind, year, source_file, source_row)
      VALUES ('新单位', '项目支出', 2021, 'added.csv', 1)`);
    try {
      // Until told, the cube is what it was (as copies are).
      expect(await n()).toBe(before);
      copies.invalidate();
      expect(await n()).toBe(before + 1);
    } finally {
      await conn.query(`DELETE FROM evaluations WHERE source_file = 'added.csv'`);
    }
  });
});

describe('RowCopies', () => {
  let sent: string[];
  const logged = (sql: string) => {
    sent.push(sql);
    return conn.query(sql);
  };
  const creates = () => sent.filter((s) => s.startsWith('CREATE'));
  const count = async (table: string) =>
    Number((await conn.query(`SELECT count(*)::INT AS n FROM ${table}`)).get(0)?.n);

  beforeAll(loadData);
  // Each test's RowCopies starts from an engine without the copies of the one before.
  beforeEach(async () => {
    for (const row of await rowsOf(
      `SELECT table_name, table_type FROM information_schema.tables WHERE table_name LIKE 'dash_%'`,
    )) {
      const { table_name, table_type } = JSON.parse(row) as { table_name: string; table_type: string };
      await conn.query(`DROP ${table_type === 'VIEW' ? 'VIEW' : 'TABLE'} ${table_name}`);
    }
    sent = [];
  });

  it('copies a narrower state from the copy of the wider one, once per state', async () => {
    const copies = new RowCopies(logged);
    const region = copies.scope({ ...NO_FILTERS, regions: ['区2'] }).copies!;
    const year = copies.scope({ ...NO_FILTERS, regions: ['区2'], yearFrom: 2021, yearTo: 2021 }).copies!;
    (await copies.prepare(`SELECT * FROM ${region.evaluations}`))();
    (await copies.prepare(`SELECT * FROM ${region.evaluations}`))();
    (await copies.prepare(`SELECT * FROM ${year.evaluations} JOIN ${year.auditFlags} USING (unit)`))();
    expect(creates()).toHaveLength(3);
    expect(creates()[0]).toContain(`TEMP TABLE ${region.evaluations} AS SELECT`);
    expect(creates()[0]).toContain('FROM evaluations WHERE');
    expect(creates()[1]).toContain(`FROM ${region.evaluations} WHERE`);
    // No copy of the region's flags was made, so the year's come from the stored table.
    expect(creates()[2]).toContain('FROM audit_flags WHERE');
    // 2,000 rows: i % 5 = 2 for 区2 (400); of those, 2021 is i % 4 = 1 (i % 20 = 17: 100).
    expect(await count(region.evaluations)).toBe(400);
    expect(await count(year.evaluations)).toBe(100);
  });

  it('finds the visible total rows of a state once, from its evaluation copy, for both audit queries', async () => {
    const copies = new RowCopies(logged);
    const f = copies.scope({ ...NO_FILTERS, regions: ['区3'] });
    const tables = { totals: true, phrases: false };
    for (const sql of [
      auditSummarySql(f, tables, 'stored'),
      auditListSql(f, tables, undefined, null, 10, 'stored'),
    ]) {
      expect(sql).toContain(f.copies!.visibleTotals);
      (await copies.prepare(sql))();
    }
    const made = creates().filter((c) => c.includes(`TEMP TABLE ${f.copies!.visibleTotals} AS`));
    expect(made).toHaveLength(1);
    expect(made[0]).toContain(`FROM ${f.copies!.evaluations} WHERE`);
    expect(made[0]).toContain('JOIN audit_total_rows');
  });

  it("makes a state's copies when warmed, so its queries find them made", async () => {
    const copies = new RowCopies(logged);
    await copies.warm(copies.scope(NO_FILTERS));
    expect(sent).toEqual([]);
    const f = copies.scope({ ...NO_FILTERS, regions: ['区3'], yearFrom: 2021 });
    await copies.warm(f);
    const c = f.copies!;
    for (const name of [c.evaluations, c.visibleTotals, c.auditFlags, c.listed])
      expect(creates().filter((s) => s.includes(` ${name} AS `))).toHaveLength(1);
    const before = sent.length;
    const tables = { totals: true, phrases: false };
    (await copies.prepare(auditSummarySql(f, tables, 'stored')))();
    (await copies.prepare(`SELECT count(*) FROM ${c.listed}`))();
    expect(sent.slice(before)).toEqual([]);
  });

  it('takes the visible total rows from the clustered rows’ total_id, the same rows as the join', async () => {
    const copies = new RowCopies(logged);
    copies.cluster(CLUSTERED_EVALUATIONS);
    // A view (a region) and a copy made from it (the region and a year), each with total_id; years
    // and a kind, from the clustered rows' (year, kind, total_id), made once.
    for (const patch of [
      { regions: ['区3'] },
      { regions: ['区3'], yearFrom: 2021, yearTo: 2021 },
      { yearFrom: 2022 },
      { yearFrom: 2021, yearTo: 2021, kinds: ['部门整体支出'] },
    ]) {
      const f = copies.scope({ ...NO_FILTERS, ...patch });
      const name = f.copies!.visibleTotals;
      (await copies.prepare(`SELECT * FROM ${name}`))();
      const made = creates().filter((c) => c.includes(`TEMP TABLE ${name} AS`));
      expect(made).toHaveLength(1);
      expect(made[0]).toContain('JOIN problem_totals t USING (total_id)');
      expect(made[0]!.includes('FROM dash_cube_totals WHERE'), JSON.stringify(patch)).toBe(!patch.regions);
      expect(made[0]).not.toContain('audit_total_rows');
      const joined = `(${visibleTotalsSql('evaluations', filterParts(f).join(' AND '))})`;
      const got = await rowsOf(`SELECT * FROM ${name} ORDER BY ALL`);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(await rowsOf(`SELECT * FROM ${joined} ORDER BY ALL`));
    }
    expect(creates().filter((c) => c.includes('TEMP TABLE dash_cube_totals AS'))).toHaveLength(1);
  });

  it('keeps the most recently used copies, and makes a dropped one again when a query needs it', async () => {
    const copies = new RowCopies(logged, { keep: 2 });
    const names = ['区0', '区1', '区3'].map(
      (r) => copies.scope({ ...NO_FILTERS, regions: [r] }).copies!.evaluations,
    );
    for (const name of names) (await copies.prepare(`SELECT * FROM ${name}`))();
    expect(copies.kept).toEqual([names[1], names[2]]);
    await expect(count(names[0]!)).rejects.toThrow(/does not exist/);
    (await copies.prepare(`SELECT * FROM ${names[0]}`))();
    expect(await count(names[0]!)).toBe(400);
    expect(copies.kept).toEqual([names[2], names[0]]);
  });

  it('does not drop a copy a running query still reads', async () => {
    const copies = new RowCopies(logged, { keep: 1 });
    const [a, b] = ['区0', '区1'].map(
      (r) => copies.scope({ ...NO_FILTERS, regions: [r] }).copies!.evaluations,
    );
    const releaseA = await copies.prepare(`SELECT * FROM ${a}`);
    (await copies.prepare(`SELECT * FROM ${b}`))();
    expect(await count(a!)).toBe(400);
    releaseA();
    expect(copies.kept).toHaveLength(1);
  });

  it('copies evaluations from the clustered table once told, and from evaluations again after the tables change', async () => {
    const copies = new RowCopies(logged);
    const region = copies.scope({ ...NO_FILTERS, regions: ['区1'] }).copies!.evaluations;
    copies.cluster(CLUSTERED_EVALUATIONS);
    (await copies.prepare(`SELECT * FROM ${region}`))();
    expect(creates()[0]).toContain(`FROM ${CLUSTERED_EVALUATIONS} WHERE`);
    expect(await count(region)).toBe(400);
    // A notebook cell may have changed evaluations: the clustered table may no longer match it.
    copies.invalidate();
    (await copies.prepare(`SELECT * FROM ${region}`))();
    expect(creates()[1]).toContain('FROM evaluations WHERE');
    // Clustered again (the phrase tables rebuilt): the copy from evaluations goes, to be made again
    // from the clustered table, with its unit ids and total rows.
    copies.cluster(CLUSTERED_EVALUATIONS);
    expect(copies.kept).toEqual([]);
    (await copies.prepare(`SELECT unit_key, total_id FROM ${region}`))();
    expect(creates()[2]).toContain(`unit_id AS unit_key, total_id FROM ${CLUSTERED_EVALUATIONS} WHERE`);
    // The phrase tables being rebuilt again does not change evaluations: the copy stays.
    copies.cluster(CLUSTERED_EVALUATIONS);
    copies.invalidate('s');
    expect(copies.kept).toEqual([region]);
  });

  it('lists rows from the listed rows of the clustered table: taken once, read by each state through a view', async () => {
    const copies = new RowCopies(logged);
    const before = copies.scope({ ...NO_FILTERS, yearFrom: 2021, yearTo: 2023 }).copies!;
    // Before the clustered table, a list reads the state's evaluation copy.
    expect(before.listed).toBe(before.evaluations);
    copies.cluster(CLUSTERED_EVALUATIONS);
    const years = copies.scope({ ...NO_FILTERS, yearFrom: 2021, yearTo: 2023 }).copies!;
    const region = copies.scope({ ...NO_FILTERS, regions: ['区2'] }).copies!;
    expect(years.listed).toMatch(/^dash_l\d+$/);
    (await copies.prepare(`SELECT * FROM ${years.listed}`))();
    (await copies.prepare(`SELECT * FROM ${region.listed}`))();
    expect(creates()).toHaveLength(3);
    expect(creates()[0]).toContain(`TEMP TABLE dash_listed AS SELECT * FROM ${CLUSTERED_EVALUATIONS} WHERE`);
    expect(creates()[1]).toContain(`TEMP VIEW ${years.listed} AS SELECT`);
    expect(creates()[2]).toMatch(/FROM dash_listed WHERE region_code IN \(\d+\)$/);
    // Every row a list can show, and only those (rates here are spread wide: about half the 2,000).
    const listed = `execution_rate < 60 OR execution_rate > 100 OR (grade = '优' AND execution_rate < 80)
      OR (execution_rate IS NOT NULL AND spent IS NOT NULL AND budget > 0 AND abs(execution_rate * budget - spent * 100) > 0.5 * budget)`;
    const all = await count(`(SELECT * FROM evaluations WHERE ${listed})`);
    expect(await count('dash_listed')).toBe(all);
    expect(all).toBeLessThan(2000);
    expect(await count(region.listed)).toBe(
      await count(`(SELECT * FROM evaluations WHERE region = '区2' AND (${listed}))`),
    );
    expect(copies.canonical(`SELECT * FROM ${years.listed}`)).toBe('SELECT * FROM evaluations');
    // The tables changed: the listed rows are taken again from the next clustered table, once,
    // ahead of the lists when asked.
    copies.invalidate();
    await copies.prepareLists();
    expect(creates().filter((c) => c.includes('TEMP TABLE dash_listed'))).toHaveLength(1);
    copies.cluster(CLUSTERED_EVALUATIONS);
    await copies.prepareLists();
    (await copies.prepare(`SELECT * FROM ${years.listed}`))();
    expect(creates().filter((c) => c.includes('TEMP TABLE dash_listed'))).toHaveLength(2);
  });

  it('holds every rate once the lists are prepared, and none from an invalidate() to the next', async () => {
    const copies = new RowCopies(logged);
    await copies.prepareLists();
    expect(copies.heldRates()).toBeNull(); // nothing before the clustered table, or before asked
    copies.cluster(CLUSTERED_EVALUATIONS);
    await copies.prepareLists();
    const held = copies.heldRates()!;
    expect(held.cents.length).toBe(
      await count('(SELECT execution_rate FROM evaluations WHERE execution_rate IS NOT NULL)'),
    );
    const f = { ...NO_FILTERS, yearFrom: 2021 };
    expect(heldRateDistribution(held, f, 'region').map((r) => JSON.stringify(r))).toEqual(
      await rowsOf(rateDistributionSql(f, 'region')),
    );
    // Read while the tables changed: not held.
    copies.cluster(CLUSTERED_EVALUATIONS);
    copies.invalidate();
    copies.cluster(CLUSTERED_EVALUATIONS);
    const reading = copies.prepareLists();
    copies.invalidate();
    await reading;
    expect(copies.heldRates()).toBeNull();
    // That ask read them again (a notebook cell ran: the next state's ask does), once.
    const reads = () => sent.filter((q) => q.includes('dash_rate_codes') && q.startsWith('CREATE')).length;
    const before = reads();
    await expect.poll(() => copies.heldRates()).not.toBeNull();
    expect(copies.heldRates()!.cents.length).toBe(held.cents.length);
    expect(reads()).toBe(before + 1);
  });

  it('reads a region state in place once the tables are stored region after region: views, no copy', async () => {
    const copies = new RowCopies(logged, { keep: 3 });
    copies.cluster(CLUSTERED_EVALUATIONS);
    const region = copies.scope({ ...NO_FILTERS, regions: ['区2'] }).copies!;
    const year = copies.scope({ ...NO_FILTERS, regions: ['区2'], yearFrom: 2021, yearTo: 2021 }).copies!;
    const supervisor = copies.scope({ ...NO_FILTERS, supervisors: ['主管1'] }).copies!;
    for (const c of [region, year, supervisor])
      (await copies.prepare(`SELECT * FROM ${c.evaluations} JOIN ${c.auditFlags} USING (unit)`))();
    const made = creates();
    expect(made).toHaveLength(6);
    const of = (name: string) => made.find((c) => c.includes(` ${name} AS `))!;
    expect(of(region.evaluations)).toContain(`TEMP VIEW ${region.evaluations} AS SELECT`);
    expect(of(region.evaluations)).toContain(`FROM ${CLUSTERED_EVALUATIONS} WHERE`);
    expect(of(region.auditFlags)).toContain(
      `TEMP VIEW ${region.auditFlags} AS SELECT * REPLACE (CAST('区2' AS VARCHAR) AS region) FROM audit_flags WHERE region IN ('区2')`,
    );
    // Read by the region's code; the region written out, for the panel queries' own test of it.
    expect(of(region.evaluations)).toMatch(/WHERE region_code IN \(\d+\)$/);
    expect(of(region.evaluations)).toContain(`CAST('区2' AS VARCHAR) AS region`);
    // The narrower state reads the stored table too (a view on a view would gain nothing).
    expect(of(year.evaluations)).toContain(`TEMP VIEW ${year.evaluations} AS SELECT`);
    expect(of(year.evaluations)).toContain(`FROM ${CLUSTERED_EVALUATIONS} WHERE`);
    // Not filtered by region: the rows are spread over the table, so they are copied.
    expect(of(supervisor.evaluations)).toContain(`TEMP TABLE ${supervisor.evaluations} AS SELECT`);
    expect(of(supervisor.auditFlags)).toContain(`TEMP TABLE ${supervisor.auditFlags} AS SELECT`);
    expect(await count(region.evaluations)).toBe(400);
    expect(await count(year.evaluations)).toBe(100);
    // Before the clustered table exists, a region's evaluations are copied from evaluations.
    copies.invalidate();
    sent = [];
    (await copies.prepare(`SELECT * FROM ${region.evaluations}`))();
    expect(creates()).toEqual([expect.stringContaining(`TEMP TABLE ${region.evaluations} AS SELECT`)]);
    expect(await count(region.evaluations)).toBe(400);
  });

  it('reads the kind and region codes with the lists, so a region state then sends only its views', async () => {
    const copies = new RowCopies(logged);
    copies.cluster(CLUSTERED_EVALUATIONS);
    await copies.prepareLists();
    const codeReads = () => sent.filter((q) => q.includes('FROM problem_codes')).length;
    expect(codeReads()).toBe(1);
    sent = [];
    await copies.warm(copies.scope({ ...NO_FILTERS, regions: ['区2'] }));
    expect(codeReads()).toBe(0);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((q) => q.startsWith('CREATE'))).toBe(true);
    // Read again from the next clustered table.
    copies.cluster(CLUSTERED_EVALUATIONS);
    await copies.prepareLists();
    expect(codeReads()).toBe(1);
  });

  it('reads a kind alone in place too, and copies a kind with a year', async () => {
    const copies = new RowCopies(logged, { keep: 3 });
    copies.cluster(CLUSTERED_EVALUATIONS);
    const kind = copies.scope({ ...NO_FILTERS, kinds: ['项目支出'] }).copies!;
    const year = copies.scope({ ...NO_FILTERS, kinds: ['项目支出'], yearFrom: 2021, yearTo: 2021 }).copies!;
    sent = [];
    for (const c of [kind, year])
      (await copies.prepare(`SELECT * FROM ${c.evaluations} JOIN ${c.auditFlags} USING (unit)`))();
    const made = creates();
    expect(made).toHaveLength(4);
    const of = (name: string) => made.find((c) => c.includes(` ${name} AS `))!;
    expect(of(kind.evaluations)).toContain(`TEMP VIEW ${kind.evaluations} AS SELECT`);
    expect(of(kind.evaluations)).toContain(`FROM ${CLUSTERED_EVALUATIONS} WHERE`);
    expect(of(kind.auditFlags)).toContain(
      `TEMP VIEW ${kind.auditFlags} AS SELECT * REPLACE (CAST('项目支出' AS VARCHAR) AS kind) FROM audit_flags WHERE`,
    );
    expect(of(kind.evaluations)).toMatch(/WHERE kind_code IN \(\d+\)$/);
    // The year would be tested on most of the rows by every query: copied once instead, from the view.
    expect(of(year.evaluations)).toContain(`TEMP TABLE ${year.evaluations} AS SELECT`);
    expect(of(year.evaluations)).toContain(`FROM ${kind.evaluations} WHERE`);
    expect(of(year.auditFlags)).toContain(`TEMP TABLE ${year.auditFlags} AS SELECT`);
    const direct = async (where: string) =>
      Number(
        (await rowsOf(`SELECT count(*)::INT AS n FROM evaluations WHERE ${where}`)).map(
          (r) => JSON.parse(r).n,
        )[0],
      );
    expect(await count(kind.evaluations)).toBe(await direct(`kind = '项目支出'`));
    expect(await count(year.evaluations)).toBe(await direct(`kind = '项目支出' AND year = 2021`));
    expect(await count(year.evaluations)).toBeGreaterThan(0);
  });

  it('reads a state that keeps most rows through a view, and copies one that keeps fewer', async () => {
    const copies = new RowCopies(logged, { keep: 4 });
    copies.cluster(CLUSTERED_EVALUATIONS);
    // 2020–2023 evenly: three years keep 1,500 of 2,000 rows, one year 500.
    const years = { yearFrom: 2021, yearTo: 2023 };
    const most = copies.scope({ ...NO_FILTERS, ...years }).copies!;
    const one = copies.scope({ ...NO_FILTERS, yearFrom: 2021, yearTo: 2021 }).copies!;
    const graded = copies.scope({ ...NO_FILTERS, ...years, grades: ['优'] }).copies!;
    for (const name of [most.evaluations, most.auditFlags, one.evaluations, graded.evaluations])
      (await copies.prepare(`SELECT * FROM ${name}`))();
    // States of years and kinds are counted in the groups cube, made once.
    expect(creates()).toEqual([
      expect.stringContaining(`TEMP TABLE dash_cube_groups AS SELECT`),
      expect.stringContaining(`TEMP VIEW ${most.evaluations} AS SELECT`),
      expect.stringContaining(`TEMP VIEW ${most.auditFlags} AS SELECT`),
      expect.stringContaining(`TEMP TABLE ${one.evaluations} AS SELECT`),
      expect.stringContaining(`TEMP TABLE ${graded.evaluations} AS SELECT`),
    ]);
    const counts = sent.filter((q) => q.includes(' AS most FROM '));
    // Three counts (the graded state is copied from a wider one, uncounted), none over the rows.
    expect(counts).toHaveLength(3);
    for (const q of counts) expect(q).toContain('FROM dash_cube_groups');
    expect(creates()[3]).toContain(`FROM ${CLUSTERED_EVALUATIONS} WHERE`);
    // A narrower state is copied from the wider state's view.
    expect(creates()[4]).toContain(`FROM ${most.evaluations} WHERE`);
    expect(await count(most.evaluations)).toBe(1500);
    expect(await count(one.evaluations)).toBe(500);
    // A supervisor narrows a state anyway: copied without counting first.
    sent = [];
    const supervisor = copies.scope({ ...NO_FILTERS, supervisors: ['主管1'] }).copies!.evaluations;
    (await copies.prepare(`SELECT * FROM ${supervisor}`))();
    expect(sent).toEqual([expect.stringContaining(`TEMP TABLE ${supervisor} AS SELECT`)]);
  });

  it('replaces a copy that was a table with a view, and back, under the same name', async () => {
    const copies = new RowCopies(logged, { keep: 1 });
    const name = copies.scope({ ...NO_FILTERS, regions: ['区3'] }).copies!.evaluations;
    const other = copies.scope({ ...NO_FILTERS, regions: ['区4'] }).copies!.evaluations;
    (await copies.prepare(`SELECT * FROM ${name}`))(); // a table: not clustered yet
    copies.cluster(CLUSTERED_EVALUATIONS);
    (await copies.prepare(`SELECT * FROM ${other}`))(); // evicts the table (keep: 1)
    (await copies.prepare(`SELECT * FROM ${name}`))(); // made again, as a view
    expect(await count(name)).toBe(400);
    copies.invalidate(); // unclustered again: the view is dropped, the next one is a table
    (await copies.prepare(`SELECT * FROM ${name}`))();
    expect(await count(name)).toBe(400);
    const types = await rowsOf(
      `SELECT table_name, table_type FROM information_schema.tables WHERE table_name IN ('${name}', '${other}') ORDER BY 1`,
    );
    expect(types).toEqual([JSON.stringify({ table_name: name, table_type: 'LOCAL TEMPORARY' })]);
    expect(creates().map((c) => /TEMP (TABLE|VIEW) (\w+)/.exec(c)!.slice(1).join(' '))).toEqual([
      `TABLE ${name}`,
      `VIEW ${other}`,
      `VIEW ${name}`,
      `TABLE ${name}`,
    ]);
    // A name some other RowCopies (or a notebook cell) left as a table is replaced too.
    const fresh = new RowCopies(logged);
    fresh.cluster(CLUSTERED_EVALUATIONS);
    const stray = fresh.scope({ ...NO_FILTERS, regions: ['区4'] }).copies!.evaluations;
    await conn.query(`CREATE OR REPLACE TEMP TABLE ${stray} AS SELECT 1 AS x`);
    (await fresh.prepare(`SELECT * FROM ${stray}`))();
    expect(await count(stray)).toBe(400);
  });

  it('drops every copy when the tables change, and copies the new rows next time', async () => {
    const copies = new RowCopies(logged);
    const name = copies.scope({ ...NO_FILTERS, regions: ['区4'] }).copies!.evaluations;
    (await copies.prepare(`SELECT * FROM ${name}`))();
    expect(await count(name)).toBe(400);
    await conn.query(`DELETE FROM evaluations WHERE region = '区4' AND year = 2020`);
    copies.invalidate();
    expect(copies.kept).toEqual([]);
    (await copies.prepare(`SELECT * FROM ${name}`))();
    expect(await count(name)).toBe(300);
    await loadData();
  });

  it('makes the filtered texts once for both phrase queries, and again after the phrase tables are rebuilt', async () => {
    const copies = new RowCopies(logged);
    const f = copies.scope({ ...NO_FILTERS, regions: ['区2'], yearFrom: 2021 });
    const texts = f.copies!.filteredTexts;
    for (const sql of [topPhrasesSql(f, 20), copiedTextsSql(f, 20), `SELECT * FROM ${f.copies!.evaluations}`])
      (await copies.prepare(sql))();
    const made = () => creates().filter((c) => c.includes(`TEMP TABLE ${texts} AS`));
    expect(made()).toHaveLength(1);
    expect(made()[0]).toContain('FROM problem_unit_texts WHERE');
    expect(await count(texts)).toBeGreaterThan(0);
    copies.invalidate('s');
    expect(copies.kept).toEqual([f.copies!.evaluations]);
    (await copies.prepare(topPhrasesSql(f, 20)))();
    expect(made()).toHaveLength(2);
  });

  it('gives the same names to the same conditions, so cached answers still match', () => {
    const copies = new RowCopies(query);
    const a = copies.scope({ ...NO_FILTERS, regions: ['区1'], yearFrom: 2021 }).copies;
    copies.scope({ ...NO_FILTERS, regions: ['区2'] });
    expect(copies.scope({ ...NO_FILTERS, yearFrom: 2021, regions: ['区1'] }).copies).toEqual(a);
  });

  it('turns SQL on copies back into SQL on the canonical tables', () => {
    const copies = new RowCopies(query);
    const c = copies.scope({ ...NO_FILTERS, regions: ['区1'] }).copies!;
    const id = c.evaluations.slice('dash_e'.length);
    expect(
      copies.canonical(
        `SELECT * FROM ${c.evaluations} a JOIN ${c.auditFlags} b ON TRUE, ${c.visibleTotals} -- dash_x1 ${c.evaluations}x`,
      ),
    ).toBe(
      `SELECT * FROM evaluations a JOIN audit_flags b ON TRUE, (${visibleTotalsSql('evaluations', "region IN ('区1')")}) -- dash_x1 dash_e${id}x`,
    );
  });
});
