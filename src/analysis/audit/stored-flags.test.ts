/**
 * The stored flags (flag-table.ts) against the rules run directly, row for row, under many filters:
 * on the hand-made audit fixture (every rule fires, a total row, duplicates across files) and on a
 * few thousand generated evaluations with indicators, re-exports and total rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { jsonRows } from '../../../tests/unit/json-rows';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, type Filters } from '../filters';
import { departmentFlagsSql } from '../departments/build-departments-sql';
import { AUDIT_EVALUATIONS, AUDIT_INDICATORS, SEED_UNIT, totalsInsertSql } from './audit-fixture';
import { auditListSql, auditSummarySql } from './audit-queries';
import { auditFlagsSql } from './build-audit-sql';
import { AuditFlagTables, buildAuditFlagTables } from './flag-table';

let conn: Connector;
const query = (sql: string) => conn.query(sql);

beforeAll(async () => {
  conn = await createNodeConnector();
});
afterAll(() => conn.close());

const rowsOf = (sql: string) => jsonRows(conn, sql);

const FILTERS: [string, Partial<Filters>][] = [
  ['none', {}],
  ['a year', { yearFrom: 2022, yearTo: 2022 }],
  ['from a year', { yearFrom: 2023 }],
  ['a region', { regions: ['五华区'] }],
  ['regions', { regions: ['五华区', '区3'] }],
  ['a supervisor', { supervisors: ['市财政局'] }],
  ['a kind', { kinds: ['项目支出'] }],
  ['units', { units: ['单位癸', SEED_UNIT, '单位17'] }],
  ['a grade', { grades: ['优'] }],
  ['unit search', { unitSearch: '单位1' }],
  ['score band', { scoreMin: 90, scoreMax: 91 }],
  ['rate band', { rateMin: 0, rateMax: 80 }],
  ['combined', { yearFrom: 2022, regions: ['五华区', '区1', '区2'], scoreMin: 60 }],
  ['nothing kept', { units: ['没有这个单位'] }],
];

async function expectSameFlags() {
  for (const [label, patch] of FILTERS) {
    const f = { ...NO_FILTERS, ...patch };
    for (const totals of [true, false]) {
      const live = await rowsOf(auditListSql(f, { totals }, undefined, null, null, 'live'));
      const stored = await rowsOf(auditListSql(f, { totals }, undefined, null, null, 'stored'));
      expect(stored, `${label}, totals ${totals}`).toEqual(live);
      expect(await rowsOf(auditSummarySql(f, { totals }, 'stored')), label).toEqual(
        await rowsOf(auditSummarySql(f, { totals }, 'live')),
      );
    }
    // The departments' counts: evaluation flags per group, as joining the live flags back to their
    // evaluations did before the flags were stored.
    for (const key of ['unit', 'supervisor', 'region'] as const) {
      const before = `SELECT e.${key} AS name, CAST(count(*) AS INTEGER) AS flags
        FROM (${auditFlagsSql(f, { totals: true })}) a
        JOIN evaluations e ON e.source_file = a.source_file AND e.source_row = a.source_row
        GROUP BY e.${key} ORDER BY name NULLS LAST`;
      const now = `SELECT * FROM (${departmentFlagsSql(f, key)}) ORDER BY name NULLS LAST`;
      expect(await rowsOf(now), `${label} by ${key}`).toEqual(await rowsOf(before));
    }
  }
}

describe('stored audit flags', () => {
  it('equal the direct audit on the hand-made fixture', async () => {
    await loadCanonical(conn, { evaluations: AUDIT_EVALUATIONS, indicators: AUDIT_INDICATORS });
    await conn.query(totalsInsertSql());
    expect(await buildAuditFlagTables(query)).toEqual({ totals: true });
    // 10 evaluation flags and the one total row (see build-audit-sql.test.ts).
    expect(await rowsOf('SELECT 1 FROM audit_flags')).toHaveLength(10);
    expect(await rowsOf('SELECT 1 FROM audit_total_flags')).toHaveLength(1);
    await expectSameFlags();
  });

  it('equal the direct audit on generated rows with re-exports, indicators and totals', async () => {
    await loadCanonical(conn, {});
    // 3,000 evaluations of 40 units over 4 years in two files; every 50th exported again with a
    // different score; a total row after every 100 rows, every third one wrong.
    await conn.query(`INSERT INTO evaluations
SELECT '单位' || (i % 40), '主管' || (i % 7), '区' || (i % 5), 2020 + (i % 4), CASE WHEN i % 9 = 0 THEN '部门整体' ELSE '项目支出' END,
  '项目' || i, CAST(55 + (hash(i) % 4600) / 100.0 AS DECIMAL(9,2)),
  CASE WHEN i % 13 = 0 THEN '良' WHEN 55 + (hash(i) % 4600) / 100.0 >= 90 THEN '优' WHEN 55 + (hash(i) % 4600) / 100.0 >= 80 THEN '良' ELSE '中' END,
  NULL, b, b, CAST(b * r / 100 + CASE WHEN i % 17 = 0 THEN 5 ELSE 0 END AS DECIMAL(18,6)), CAST(r AS DECIMAL(9,2)), NULL, NULL,
  'export-' || (i % 2) || '.csv', i + 1 + i // 100
FROM (SELECT i, CAST(1 + (hash(i * 3) % 10000) / 100.0 AS DECIMAL(18,6)) AS b,
        40 + (hash(i * 5) % 7000) / 100.0 AS r FROM range(3000) t(i))`);
    await conn.query(`INSERT INTO evaluations
SELECT unit, supervisor, region, year, kind, project, score - 1, grade, review_score, budget_initial, budget, spent,
  execution_rate, problems, suggestions, 'reexport.csv', source_row
FROM evaluations WHERE source_row % 50 = 0`);
    await conn.query(`INSERT INTO indicators SELECT '单位' || (i % 40), 2020 + (i % 4), '项目' || (i * 4), '产出', '数量',
      '指标' || (i % 8), 12.5, CAST(10 + hash(i) % 4 AS DECIMAL(9,2)), NULL, NULL, NULL, 'indicators.csv', i
      FROM range(2000) t(i)`);
    await conn.query(`INSERT INTO ingest_totals (label, unit, budget_initial, budget, spent, source_file, source_row)
SELECT '合计', NULL, sum(budget_initial), sum(budget) + CASE WHEN max(source_row) // 101 % 3 = 0 THEN 1 ELSE 0 END, sum(spent),
  source_file, (max(source_row) // 101 + 1) * 101
FROM evaluations WHERE source_file LIKE 'export-%' GROUP BY source_file, source_row // 101`);
    expect(await buildAuditFlagTables(query)).toEqual({ totals: true });
    const counts = await rowsOf('SELECT rule, count(*) AS n FROM audit_flags GROUP BY rule ORDER BY rule');
    // Enough of each kind for the comparison to mean something.
    expect(counts.length).toBeGreaterThanOrEqual(5);
    expect((await rowsOf('SELECT 1 FROM audit_total_flags')).length).toBeGreaterThan(0);
    await expectSameFlags();
    // A condition beyond the filters (restrict) limits the evaluation rows that make a total visible.
    for (const patch of [{}, { regions: ['区1'] }] as Partial<Filters>[]) {
      const options = { totals: true, restrict: (a: string) => `${a}.unit IN ('单位1', '单位7')` };
      const f = { ...NO_FILTERS, ...patch };
      const stored = await rowsOf(auditListSql(f, options, undefined, null, null, 'stored'));
      expect(stored.some((r) => r.includes('total_mismatch'))).toBe(true);
      expect(stored).toEqual(await rowsOf(auditListSql(f, options, undefined, null, null, 'live')));
    }
  });

  it('store no total-row flags when there is no ingest_totals table', async () => {
    await loadCanonical(conn, { evaluations: AUDIT_EVALUATIONS, indicators: AUDIT_INDICATORS });
    await conn.query('DROP TABLE ingest_totals');
    expect(await buildAuditFlagTables(query)).toEqual({ totals: false });
    const f = { ...NO_FILTERS, regions: ['五华区'] };
    expect(await rowsOf(auditListSql(f, { totals: false }, undefined, null, null, 'stored'))).toEqual(
      await rowsOf(auditListSql(f, { totals: false }, undefined, null, null, 'live')),
    );
  });
});

describe('AuditFlagTables', () => {
  it('builds once per data version, and again for a new one', async () => {
    const sent: string[] = [];
    const tables = new AuditFlagTables((sql) => {
      sent.push(sql);
      return conn.query(sql);
    });
    await loadCanonical(conn, { evaluations: AUDIT_EVALUATIONS, indicators: AUDIT_INDICATORS });
    await Promise.all([tables.ensure(1), tables.ensure(1)]);
    await tables.ensure(1);
    const builds = () => sent.filter((s) => s.startsWith('CREATE OR REPLACE TABLE audit_flags')).length;
    expect(builds()).toBe(1);
    await conn.query(`DELETE FROM evaluations WHERE unit = '单位癸'`);
    await tables.ensure(2);
    expect(builds()).toBe(2);
    expect(await rowsOf(`SELECT 1 FROM audit_flags WHERE unit = '单位癸'`)).toEqual([]);
  });

  it('tries again after a failed build', async () => {
    let fail = true;
    const tables = new AuditFlagTables((sql) =>
      fail && sql.startsWith('CREATE') ? Promise.reject(new Error('out of memory')) : conn.query(sql),
    );
    await expect(tables.ensure(3)).rejects.toThrow('out of memory');
    fail = false;
    await expect(tables.ensure(3)).resolves.toMatchObject({ totals: expect.any(Boolean) });
  });
});
