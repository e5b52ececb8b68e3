import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { fromBytes, ingestFile, TableRegistry } from './ingest-file';
import { accountedRows } from './report';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
}, 60_000);
afterAll(async () => {
  await conn.close();
});

const json = (v: unknown) =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));
async function all(sql: string): Promise<Record<string, unknown>[]> {
  return json((await conn.query(sql)).toArray().map((r) => r.toJSON()));
}

const SPECTRUM = '/work/shared/conformance/csv-spectrum';
describe('csv-spectrum conformance: each raw table equals its json file', () => {
  const files = readdirSync(join(SPECTRUM, 'csvs')).filter((f) => f.endsWith('.csv'));
  test.each(files)('%s', async (file) => {
    const tables = new TableRegistry();
    const report = await ingestFile(conn, fromBytes(file, readFileSync(join(SPECTRUM, 'csvs', file))), {
      tables,
    });
    expect(report.fatal).toBeNull();
    const expected = JSON.parse(
      readFileSync(join(SPECTRUM, 'json', file.replace(/\.csv$/, '.json')), 'utf8'),
    );
    const got = await all(`SELECT * FROM ${report.tableName}`);
    expect(
      got.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])),
      ),
    ).toEqual(expected);
    expect(report.rejectsCount).toBe(0);
  });
});

const DATASETS = '/work/main/datasets';
describe.runIf(existsSync(join(DATASETS, 'seed-evaluations.csv')))('seed datasets', () => {
  test('seed-evaluations.csv → evaluations', async () => {
    const name = 'seed-evaluations.csv';
    const report = await ingestFile(conn, fromBytes(name, readFileSync(join(DATASETS, name))));
    expect(report.fatal).toBeNull();
    expect(report.kind).toBe('evaluations');
    const [row] = await all(`SELECT unit, year, score::VARCHAR AS score, spent::VARCHAR AS spent,
      execution_rate::VARCHAR AS rate, grade, kind, source_row FROM evaluations WHERE unit = '昆明市五华区政务服务管理局'`);
    expect(row).toMatchObject({
      unit: '昆明市五华区政务服务管理局',
      year: 2023,
      score: '91.00',
      grade: '优',
      rate: '73.68',
    });
    expect(Number(row!.spent)).toBe(293.08);
  });
  test('seed-indicators.csv → indicators', async () => {
    const name = 'seed-indicators.csv';
    const report = await ingestFile(conn, fromBytes(name, readFileSync(join(DATASETS, name))));
    expect(report.fatal).toBeNull();
    expect(report.kind).toBe('indicators');
    expect(report.headers.find((h) => h.header === '得分')?.column).toBe('points');
    expect(accountedRows(report)).toBe(report.rowsRead);
    expect(report.canonicalRows).toBeGreaterThan(50);
  });
});
