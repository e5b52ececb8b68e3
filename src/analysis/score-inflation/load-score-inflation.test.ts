/**
 * The loaders on the hand-made fixture and on the real seed rows (datasets/seed-evaluations.csv), and
 * their answers when nothing has been loaded.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { CANONICAL_DDL } from '../../ingest/schema';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS } from '../filters';
import { loadExecutionRate, loadRateDistribution } from '../execution-rate/load-execution-rate';
import { FIXTURE_EVALUATIONS, FIXTURE_INDICATORS } from './evaluations-fixture';
import { loadGradeShare, loadIndicatorChecks, loadScoreInflation } from './load-score-inflation';

let conn: Connector;
const query = (sql: string) => conn.query(sql);

// One engine for the file (starting one is slow); every test starts from no canonical tables.
beforeAll(async () => {
  conn = await createNodeConnector();
});
beforeEach(async () => {
  await conn.query('DROP TABLE IF EXISTS evaluations');
  await conn.query('DROP TABLE IF EXISTS indicators');
});
afterAll(async () => conn.close());

describe('before anything is loaded', () => {
  it('reports a missing table instead of failing', async () => {
    expect(await loadScoreInflation(query, NO_FILTERS)).toEqual({ state: 'no-table' });
    expect(await loadGradeShare(query, NO_FILTERS, 'year')).toEqual({ state: 'no-table' });
    expect(await loadIndicatorChecks(query, NO_FILTERS)).toEqual({ state: 'no-table' });
    expect(await loadExecutionRate(query, NO_FILTERS)).toEqual({ state: 'no-table' });
    expect(await loadRateDistribution(query, NO_FILTERS, 'year')).toEqual({ state: 'no-table' });
  });

  it('reports an empty table', async () => {
    await loadCanonical(conn, {});
    expect(await loadScoreInflation(query, NO_FILTERS)).toEqual({ state: 'empty' });
    expect(await loadExecutionRate(query, NO_FILTERS)).toEqual({ state: 'empty' });
  });

  it('reports missing indicators separately', async () => {
    await conn.query(CANONICAL_DDL[0] ?? '');
    expect(await loadIndicatorChecks(query, NO_FILTERS)).toEqual({ state: 'no-indicators' });
  });
});

describe('on the fixture', () => {
  it('loads every part of the score-inflation panel', async () => {
    await loadCanonical(conn, { evaluations: FIXTURE_EVALUATIONS, indicators: FIXTURE_INDICATORS });
    const data = await loadScoreInflation(query, { ...NO_FILTERS, supervisors: ['教育局'] });
    if (data.state !== 'ready') throw new Error(data.state);
    // 教育局: rows 1, 2, 3, 11, 12; suspicious 单位乙 (73.68) and 单位丑 (79.9).
    expect(data.total).toBe(15);
    expect(data.bunching).toMatchObject({ evaluations: 5, scored: 5, at_threshold: 2 });
    expect(data.suspicious.map((s) => s.unit)).toEqual(['单位乙', '单位丑']);
    expect(data.suspiciousTotal).toBe(2);
    expect(data.sql.histogram).toContain("supervisor IN ('教育局')");
    const checks = await loadIndicatorChecks(query, NO_FILTERS);
    if (checks.state !== 'ready') throw new Error(checks.state);
    expect(checks.rateIndicators.exceeding).toBe(1);
  });

  it('loads the execution-rate panel with the filtered count', async () => {
    await loadCanonical(conn, { evaluations: FIXTURE_EVALUATIONS });
    const data = await loadExecutionRate(query, { ...NO_FILTERS, yearFrom: 2024 });
    if (data.state !== 'ready') throw new Error(data.state);
    // 2024: rows 11–15, four with a rate; under 60: 单位子 25.51.
    expect(data.summary).toMatchObject({ n: 5, with_rate: 4, under: 1, over: 0 });
    expect(data.under.map((r) => r.unit)).toEqual(['单位子']);
  });
});

const SEEDS = new URL('../../../datasets/seed-evaluations.csv', import.meta.url);

/** The seed CSV mapped to the canonical columns by hand (ingest is tested elsewhere). */
async function loadSeeds(c: Connector) {
  await loadCanonical(c, {});
  await c.registerFile('seed-evaluations.csv', new Uint8Array(readFileSync(SEEDS)));
  const num = (col: string) => `TRY_CAST(replace(replace(${col}, '%', ''), ',', '') AS DECIMAL(18,6))`;
  await c.query(`INSERT INTO evaluations (unit, supervisor, region, year, kind, project, budget_initial, budget,
      spent, execution_rate, score, grade, problems, suggestions, source_file, source_row)
    SELECT 单位名称, 主管部门, 地区, CAST(年度 AS INTEGER), 评价类型, 项目名称,
      ${num('"年初预算数（万元）"')}, ${num('"全年预算数（万元）"')}, ${num('"全年执行数（万元）"')}, ${num('执行率')},
      ${num('自评得分')}, 评价等级, 存在的问题, 改进措施, 'seed-evaluations.csv', CAST(row_number() OVER () AS INTEGER) + 1
    FROM read_csv('/uploads/seed-evaluations.csv', header = true, all_varchar = true)`);
}

describe('on the real seed rows', () => {
  it('highlights 昆明市五华区政务服务管理局 2023: 91 优 with 73.68% spent', async () => {
    await loadSeeds(conn);
    const data = await loadScoreInflation(query, NO_FILTERS);
    if (data.state !== 'ready') throw new Error(data.state);
    // Seeds: 98 优 (100%), 97 优, 91 优 (73.68%) → only the last is 优 below 80%.
    expect(data.suspicious).toHaveLength(1);
    expect(data.suspicious[0]).toMatchObject({
      unit: '昆明市五华区政务服务管理局',
      year: 2023,
      score: 91,
      grade: '优',
      rate: 73.68,
      budget: '397.800000',
      spent: '293.080000',
    });
    expect(data.histogram.map((b) => b.bin)).toEqual([91, 97, 98]);
    // 293.08 / 397.8 × 100 = 73.675… → within 0.5 of the reported 73.68: no mismatch for 五华区.
    const rates = await loadExecutionRate(query, NO_FILTERS);
    if (rates.state !== 'ready') throw new Error(rates.state);
    expect(rates.mismatch.map((m) => m.unit)).not.toContain('昆明市五华区政务服务管理局');
  });
});
