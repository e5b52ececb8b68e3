import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connector } from './connector';
import { createNodeConnector } from './node-connector';

const csv = new TextEncoder().encode('a,b\n1,2\n');

describe('engine lock-down (duckdb-wasm 1.32.0, same WASM as the browser)', () => {
  let locked: Connector;
  let server: Server;
  let hits = 0;
  let url = '';

  beforeAll(async () => {
    // A loopback server that counts requests: the lock-down must keep SQL from reaching it.
    server = createServer((_req, res) => {
      hits++;
      res.end('a,b\n1,2\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/leak.csv`;
    locked = await createNodeConnector();
  });
  afterAll(async () => {
    await locked.close();
    server.close();
  });

  it('reads files registered under /uploads/, including ones registered after the lock', async () => {
    await locked.registerFile('late.csv', csv);
    const t = await locked.query("SELECT count(*)::INTEGER AS n FROM read_csv('/uploads/late.csv')");
    expect(t.get(0)?.toJSON()).toEqual({ n: 1 });
  });

  it.each([
    ['a URL', () => `SELECT * FROM read_csv('${url}')`],
    ['a local path outside /uploads/', () => `SELECT * FROM read_text('/etc/hostname')`],
    ['a relative path escaping /uploads/', () => `SELECT * FROM read_text('/uploads/../etc/hostname')`],
    ['a file written outside /uploads/', () => `COPY (SELECT 1) TO '/tmp/selfeval-leak.csv'`],
  ])('refuses %s with a permission error', async (_what, sql) => {
    await expect(locked.query(sql())).rejects.toThrow(/permission|not allowed|disabled/i);
  });

  it.each([
    'SET enable_external_access=true',
    "SET allowed_directories=['/']",
    'SET lock_configuration=false',
    'RESET enable_external_access',
  ])('refuses to undo the lock-down: %s', async (sql) => {
    await expect(locked.query(sql)).rejects.toThrow();
  });

  it('stays locked after an attempt to install or load an extension', async () => {
    // In WASM, INSTALL may be a no-op rather than an error; what matters is that URLs stay closed.
    for (const sql of ['INSTALL httpfs', 'LOAD httpfs']) await locked.query(sql).catch(() => undefined);
    await expect(locked.query(`SELECT * FROM read_csv('${url}')`)).rejects.toThrow(/permission/i);
  });

  it('sent nothing to the network', () => {
    expect(hits).toBe(0);
  });

  it('without the lock-down the same local read succeeds (so the refusals above mean something)', async () => {
    const open = await createNodeConnector({ lockdown: false });
    const t = await open.query("SELECT length(content) > 0 AS ok FROM read_text('/etc/hostname')");
    expect(t.get(0)?.toJSON()).toEqual({ ok: true });
    await open.close();
  });
});
