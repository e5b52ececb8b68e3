/**
 * The seed CSVs say what datasets/README.md says they say: the known rows, and the sums the README
 * reports for each report's indicator table — checked with the real engine reading the real files.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeConnector } from '../src/engine/node-connector';
import type { Connector } from '../src/engine/connector';

const here = new URL('./', import.meta.url);
let db: Connector;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const table = await db.query(sql);
  return table.toArray().map((r) => ({ ...(r.toJSON() as Record<string, unknown>) }));
}

beforeAll(async () => {
  db = await createNodeConnector();
  for (const name of ['seed-evaluations.csv', 'seed-indicators.csv', 'seed-project-amounts.csv']) {
    await db.registerFile(name, new Uint8Array(readFileSync(new URL(name, here))));
  }
});
afterAll(async () => db.close());

const csv = (name: string): string => `read_csv('/uploads/${name}', header = true, all_varchar = true)`;

describe('seed-evaluations.csv', () => {
  it('holds the three reports with their stated figures', async () => {
    const r = await rows(
      `SELECT "单位名称" AS unit, "主管部门" AS sup, "年度" AS year, "项目名称" AS project, "全年预算数（万元）" AS budget,
              "全年执行数（万元）" AS spent, "执行率" AS rate, "自评得分" AS score, "评价等级" AS grade
       FROM ${csv('seed-evaluations.csv')} ORDER BY year`,
    );
    expect(r.map((x) => [x.unit, x.year, x.score, x.grade])).toEqual([
      ['中共昆明市委政策研究室', '2017', '98.00', '优'],
      ['中国共产党昆明市东川区委员会办公室', '2020', '97', '优'],
      ['昆明市五华区政务服务管理局', '2023', '91', '优'],
    ]);
    expect(r[2]).toMatchObject({
      sup: '昆明市五华区财政局',
      project: '政务服务专项工作经费',
      budget: '397.80',
      spent: '293.08',
      rate: '73.68%',
    });
    // 002 states no spent amount or rate for the project as a whole: left blank, not invented.
    expect([r[1]?.spent, r[1]?.rate]).toEqual([null, null]);
  });
});

describe('seed-indicators.csv', () => {
  it('has the weight and point sums the README records', async () => {
    const r = await rows(
      `SELECT "单位名称" AS unit, count(*)::INT AS n, sum(TRY_CAST("分值" AS DECIMAL(9,2)))::VARCHAR AS weight,
              sum(TRY_CAST("得分" AS DECIMAL(9,2)))::VARCHAR AS points
       FROM ${csv('seed-indicators.csv')} GROUP BY ALL ORDER BY unit`,
    );
    expect(r).toEqual([
      { unit: '中共昆明市委政策研究室', n: 26, weight: null, points: '59.00' },
      { unit: '中国共产党昆明市东川区委员会办公室', n: 32, weight: '100.00', points: '97.00' },
      { unit: '昆明市五华区政务服务管理局', n: 45, weight: '100.00', points: '91.00' },
    ]);
  });
});

describe('seed-project-amounts.csv', () => {
  it('sums to the 289.16 万元 report 000 states', async () => {
    const r = await rows(
      `SELECT count(*)::INT AS n, sum("支出金额（万元）"::DECIMAL(18,2))::VARCHAR AS total FROM ${csv('seed-project-amounts.csv')}`,
    );
    expect(r).toEqual([{ n: 16, total: '289.16' }]);
  });
});
