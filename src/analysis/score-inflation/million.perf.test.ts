/**
 * Timing at a million evaluations (the browser target is < 1 s per panel refresh). Runs the same WASM
 * engine as the browser, single-threaded. Skipped unless PERF=1: `PERF=1 npx vitest run million.perf`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { CANONICAL_DDL } from '../../ingest/schema';
import { NO_FILTERS, type Filters } from '../filters';
import { loadExecutionRate, loadRateDistribution } from '../execution-rate/load-execution-rate';
import type { Querier } from '../types';
import { loadGradeShare, loadIndicatorChecks, loadScoreInflation } from './load-score-inflation';

const N = Number(process.env.PERF_ROWS ?? 1_000_000);
let conn: Connector;

/** Synthetic rows with plausible spreads: 300 supervisors, 16 regions, 6 years, ~8 indicators per 10 rows. */
const SYNTHETIC = `INSERT INTO evaluations
SELECT '单位' || (i % 20000), '主管' || (i % 300), '区' || (i % 16), 2018 + (i % 6), '项目支出', '项目' || i,
  CAST(least(100, 55 + (hash(i) % 4600) / 100.0) AS DECIMAL(9,2)),
  CASE WHEN least(100, 55 + (hash(i) % 4600) / 100.0) >= 90 THEN '优' WHEN least(100, 55 + (hash(i) % 4600) / 100.0) >= 80 THEN '良' ELSE '中' END,
  CASE WHEN i % 10 = 0 THEN CAST(60 + (hash(i * 7) % 3000) / 100.0 AS DECIMAL(9,2)) END,
  b, b, CAST(b * r / 100 AS DECIMAL(18,6)), CAST(r AS DECIMAL(9,2)), NULL, NULL, 'synthetic.csv', i
FROM (SELECT i, CAST(1 + (hash(i * 3) % 100000) / 100.0 AS DECIMAL(18,6)) AS b,
        40 + (hash(i * 5) % 7000) / 100.0 AS r FROM range(${N}) t(i))`;

beforeAll(async () => {
  conn = await createNodeConnector();
  for (const sql of CANONICAL_DDL) await conn.query(sql);
  await conn.query(SYNTHETIC);
  await conn.query(`INSERT INTO indicators SELECT '单位' || (i % 20000), 2018 + (i % 6), NULL, '过程', '资金管理',
    CASE WHEN i % 8 = 0 THEN '预算执行率' ELSE '指标' || (i % 8) END, 10, CAST(5 + hash(i) % 6 AS DECIMAL(9,2)),
    NULL, NULL, NULL, 'synthetic-ind.csv', i FROM range(${N}) t(i)`);
}, 300_000);
afterAll(async () => conn?.close());

/** A Querier that reports each query's time, so the slow one is obvious. */
const timedQuery = (sql: string) => {
  const start = performance.now();
  return conn.query(sql).then((t) => {
    console.warn(
      `  ${(performance.now() - start).toFixed(0).padStart(6)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 110)}`,
    );
    return t;
  });
};

async function time(label: string, run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  console.warn(`${label}: ${ms.toFixed(0)} ms`);
  return ms;
}

const filtered: Filters = { ...NO_FILTERS, yearFrom: 2020, yearTo: 2022 };

/** What one filter change costs a panel: its loaders, run together. */
const scorePanel = (q: Querier, f: Filters) =>
  Promise.all([loadScoreInflation(q, f), loadGradeShare(q, f, 'supervisor'), loadIndicatorChecks(q, f)]);
const ratePanel = (q: Querier, f: Filters) =>
  Promise.all([loadExecutionRate(q, f), loadRateDistribution(q, f, 'supervisor')]);

describe.skipIf(!process.env.PERF)('a million evaluations', () => {
  it('score inflation refreshes quickly', async () => {
    await scorePanel((sql) => conn.query(sql), NO_FILTERS); // warm-up
    await time('score inflation, no filters', () => scorePanel((sql) => conn.query(sql), NO_FILTERS));
    const ms = await time('score inflation, years 2020–2022', () => scorePanel(timedQuery, filtered));
    expect(ms).toBeLessThan(3000);
  });

  it('execution rates refresh quickly', async () => {
    await ratePanel((sql) => conn.query(sql), NO_FILTERS);
    await time('execution rate, no filters', () => ratePanel((sql) => conn.query(sql), NO_FILTERS));
    const ms = await time('execution rate, years 2020–2022', () => ratePanel(timedQuery, filtered));
    expect(ms).toBeLessThan(3000);
  });
});
