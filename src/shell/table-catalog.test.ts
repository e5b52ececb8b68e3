import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { listTables } from './table-catalog';

describe('listTables', () => {
  let c: Connector;
  beforeAll(async () => {
    c = await createNodeConnector();
  });
  afterAll(() => c.close());

  it('lists tables with exact counts and typed columns, canonical tables first, odd names safe, mining tables hidden', async () => {
    await c.query(`CREATE TABLE "o'brien 表" AS SELECT range AS id, '08123' AS zip FROM range(3)`);
    await c.query(`CREATE TABLE evaluations (unit VARCHAR, score DECIMAL(9,2))`);
    await c.query(`CREATE TABLE __hidden (x INT)`);
    await c.query(`CREATE TABLE problem_texts (text_id INT)`);
    await c.query(`CREATE TABLE audit_total_rows (x INT)`);
    await c.query(`CREATE TEMP TABLE _ingest_stage (x INT)`);
    const tables = await listTables((sql) => c.query(sql));
    expect(tables).toEqual([
      {
        name: 'evaluations',
        rows: 0,
        columns: [
          { name: 'unit', type: 'VARCHAR' },
          { name: 'score', type: 'DECIMAL(9,2)' },
        ],
      },
      {
        name: "o'brien 表",
        rows: 3,
        columns: [
          { name: 'id', type: 'BIGINT' },
          { name: 'zip', type: 'VARCHAR' },
        ],
      },
    ]);
  });

  it('reads the list again when a table is dropped between listing and counting', async () => {
    let dropped = false;
    const tables = await listTables(async (sql) => {
      // Another task drops the table right after the catalog was read (the phrase mining does).
      if (!dropped && sql.includes('count(*)')) {
        dropped = true;
        await c.query(`DROP TABLE "o'brien 表"`);
      }
      return c.query(sql);
    });
    expect(tables.map((t) => t.name)).toEqual(['evaluations']);
  });
});
