import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS } from '../filters';
import { AUDIT_EVALUATIONS, AUDIT_INDICATORS, SEED_UNIT, totalsInsertSql } from '../audit/audit-fixture';
import {
  DEPARTMENTS_LIMIT,
  departmentFlagsSql,
  departmentsSql,
  type DepartmentGrouping,
  type DepartmentSort,
} from './build-departments-sql';
import { readDepartments, readFlagCounts } from './read-departments';
import { buildAuditFlagTables } from '../audit/flag-table';

let conn: Connector;

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, { evaluations: AUDIT_EVALUATIONS, indicators: AUDIT_INDICATORS });
  await conn.query(totalsInsertSql());
  await buildAuditFlagTables((sql) => conn.query(sql));
});
afterAll(() => conn.close());

describe('departmentsSql audit flags', () => {
  it('counts the audit flags of each unit', async () => {
    const sql = departmentsSql(NO_FILTERS, {
      groupBy: 'unit',
      sort: { column: 'flags', desc: true },
      limit: DEPARTMENTS_LIMIT,
      tables: { totals: true, phrases: false },
    });
    const rows = readDepartments(await conn.query(sql));
    const flags = Object.fromEntries(rows.map((r) => [r.name, r.flags]));
    // see audit-fixture.ts: 单位癸's two conflicting rows, one points_sum for 单位戊's 项目B,
    // the seed's 优 at 73.68%; the 合计 row is not an evaluation, so 单位寅/单位卯 stay at 0
    expect(rows[0]!.name).toBe('单位癸');
    expect([flags['单位癸'], flags['单位戊'], flags[SEED_UNIT], flags['单位甲'], flags['单位寅']]).toEqual([
      2, 1, 1, 0, 0,
    ]);
    // 10 evaluation flags in all (the 11 of the audit test minus the total row)
    expect(rows.reduce((n, r) => n + (r.flags ?? 0), 0)).toBe(10);
    // the same counts when asked only for some units, as the panel does for the rows it shows
    const some = readFlagCounts(
      await conn.query(departmentFlagsSql(NO_FILTERS, 'unit', ['单位癸', '单位甲', SEED_UNIT])),
    );
    expect(Object.fromEntries(some)).toEqual({ 单位癸: 2, [SEED_UNIT]: 1 });
    // by supervisor: every fixture row is under 市财政局
    const bySupervisor = readFlagCounts(
      await conn.query(departmentFlagsSql(NO_FILTERS, 'supervisor', ['市财政局'])),
    );
    expect(bySupervisor.get('市财政局')).toBe(10);
  });
});

describe('departmentsSql with the stored flags', () => {
  const departments = async (groupBy: DepartmentGrouping, sort: DepartmentSort, flags?: boolean) =>
    readDepartments(
      await conn.query(
        departmentsSql(NO_FILTERS, {
          groupBy,
          sort,
          limit: DEPARTMENTS_LIMIT,
          tables: { totals: true, phrases: false },
          flags,
        }),
      ),
    );
  const BY_NAME: DepartmentSort = { column: 'name', desc: false };

  it('counts the flags of the rows it returns, as departmentFlagsSql does for them', async () => {
    for (const groupBy of ['unit', 'supervisor', 'region'] as const) {
      const rows = await departments(groupBy, { column: 'evaluations', desc: true }, true);
      const separate = readFlagCounts(
        await conn.query(
          departmentFlagsSql(
            NO_FILTERS,
            groupBy,
            rows.map((r) => r.name),
          ),
        ),
      );
      expect(rows.length).toBeGreaterThan(0);
      // every row has a count (0 rather than NULL), the same as the separate query's
      expect(rows.map((r) => [r.name, r.flags])).toEqual(
        rows.map((r) => [r.name, separate.get(r.name) ?? 0]),
      );
    }
    // by unit: the counts the first test pins, without sorting by them
    const byUnit = await departments('unit', BY_NAME, true);
    const flags = Object.fromEntries(byUnit.map((r) => [r.name, r.flags]));
    expect([flags['单位癸'], flags['单位戊'], flags[SEED_UNIT], flags['单位甲']]).toEqual([2, 1, 1, 0]);
    // without `flags` the column stays NULL for the panel to count afterwards
    const without = await departments('unit', BY_NAME);
    expect(without.every((r) => r.flags === null)).toBe(true);
  });
});
