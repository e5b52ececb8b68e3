import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { Cell } from './cell.svelte';
import { gateReceivedCells } from './receive';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
  await conn.query('CREATE TABLE t AS SELECT 1 AS x');
}, 60_000);
afterAll(() => conn.close());

describe('cells from a link', () => {
  test('read-only cells may run; anything that writes waits with its full statement', async () => {
    const cells = [
      new Cell('SELECT * FROM t'),
      new Cell('SELECT 1; DROP TABLE t'),
      new Cell(`SELECT * FROM read_csv('https://example.com/x.csv')`),
      new Cell('   '),
      new Cell('COPY t TO "/uploads/x.csv"'),
    ];
    const runnable = await gateReceivedCells((s) => conn.query(s), cells);
    expect(runnable.map((c) => c.sql)).toEqual([
      'SELECT * FROM t',
      `SELECT * FROM read_csv('https://example.com/x.csv')`,
    ]);
    expect(cells[1]!.awaitingConsent?.map((s) => s.text.trim())).toEqual(['DROP TABLE t']);
    expect(cells[4]!.awaitingConsent?.[0]?.type).toBe('COPY');
    expect(cells[0]!.awaitingConsent).toBeNull();
    // Nothing was executed: the table is still there.
    expect((await conn.query('SELECT count(*)::INT AS n FROM t')).toArray()[0]?.toJSON()).toEqual({ n: 1 });
  });
});
