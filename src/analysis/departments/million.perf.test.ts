/**
 * Timing at a million evaluations for 部门对比 and 一致性核查 (target: the comparison table < 1 s in
 * the browser; flag counts and the audit arrive after it). Same WASM engine as the browser,
 * single-threaded. Skipped unless PERF=1: `PERF=1 npx vitest run src/analysis/departments/million.perf`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { CANONICAL_DDL } from '../../ingest/schema';
import { NO_FILTERS } from '../filters';
import { auditSummarySql } from '../audit/audit-queries';
import { DEPARTMENTS_LIMIT, departmentFlagsSql, departmentsSql } from './build-departments-sql';
import { readDepartments } from './read-departments';
import { buildAuditFlagTables } from '../audit/flag-table';

const N = Number(process.env.PERF_ROWS ?? 1_000_000);
const TABLES = { totals: true, phrases: false };
let conn: Connector;

beforeAll(async () => {
  conn = await createNodeConnector();
  for (const sql of CANONICAL_DDL) await conn.query(sql);
  // 5,000 units × 6 years in 10 files by year band; 1% of rows exported again in a second file,
  // a tenth of those with a different score, so the duplicate check has real work.
  await conn.query(`INSERT INTO evaluations
SELECT '单位' || (i % 5000), '主管' || (i % 300), '区' || (i % 16), 2018 + (i % 6), '项目支出', '项目' || i,
  CAST(least(100, 55 + (hash(i) % 4600) / 100.0) AS DECIMAL(9,2)),
  CASE WHEN least(100, 55 + (hash(i) % 4600) / 100.0) >= 90 THEN '优' WHEN least(100, 55 + (hash(i) % 4600) / 100.0) >= 80 THEN '良' ELSE '中' END,
  NULL, b, b, CAST(b * r / 100 AS DECIMAL(18,6)), CAST(r AS DECIMAL(9,2)), NULL, NULL,
  'export-' || (2018 + (i % 6)) || '.csv', i
FROM (SELECT i, CAST(1 + (hash(i * 3) % 100000) / 100.0 AS DECIMAL(18,6)) AS b,
        40 + (hash(i * 5) % 7000) / 100.0 AS r FROM range(${N}) t(i))`);
  await conn.query(`INSERT INTO evaluations
SELECT unit, supervisor, region, year, kind, project, CASE WHEN source_row % 1000 = 0 THEN score - 1 ELSE score END,
  grade, review_score, budget_initial, budget, spent, execution_rate, problems, suggestions, 'reexport.csv', source_row
FROM evaluations WHERE source_row % 100 = 0`);
  await conn.query(`INSERT INTO indicators SELECT '单位' || (i % 5000), 2018 + (i % 6), '项目' || (i // 8), '过程', '资金管理',
    '指标' || (i % 8), 12.5, CAST(10 + hash(i) % 3 AS DECIMAL(9,2)), NULL, NULL, NULL, 'indicators.csv', i
    FROM range(${N}) t(i)`);
}, 600_000);
afterAll(async () => conn?.close());

async function time(label: string, sql: string): Promise<number> {
  const start = performance.now();
  await conn.query(sql);
  const ms = performance.now() - start;
  console.warn(`${label}: ${ms.toFixed(0)} ms`);
  return ms;
}

describe.skipIf(!process.env.PERF)('a million evaluations', () => {
  it('compares departments quickly', async () => {
    const sql = departmentsSql(NO_FILTERS, {
      groupBy: 'unit',
      sort: { column: 'mean_score', desc: true },
      limit: DEPARTMENTS_LIMIT,
      tables: TABLES,
    });
    await conn.query(sql); // warm-up
    const ms = await time('departments by unit', sql);
    const names = readDepartments(await conn.query(sql)).map((r) => r.name);
    const t0 = performance.now();
    await buildAuditFlagTables((q) => conn.query(q));
    console.warn(`audit flags stored (once per data version): ${(performance.now() - t0).toFixed(0)} ms`);
    await time('flag counts for the rows shown', departmentFlagsSql(NO_FILTERS, 'unit', names));
    expect(ms).toBeLessThan(3000);
  });

  it('audits', async () => {
    await time('audit summary', auditSummarySql(NO_FILTERS, TABLES));
    await time('audit summary from the stored flags', auditSummarySql(NO_FILTERS, TABLES, 'stored'));
  });
});
