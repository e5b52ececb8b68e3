/**
 * A Connector over duckdb-wasm's Node bindings — the same WASM engine the browser runs, used by unit
 * tests and scripts. Node only: never imported by the app bundle.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Table } from 'apache-arrow';
import { EngineDeadError, QueryError, type Connector, type FileSource } from './connector';
import { LOCKDOWN_SQL, uploadPath } from './lockdown';

type Blocking = typeof import('@duckdb/duckdb-wasm/blocking');

const require = createRequire(import.meta.url);

export interface NodeConnectorOptions {
  /** Apply the lock-down (default true) — tests of the lock-down itself may start unlocked. */
  lockdown?: boolean;
}

export async function createNodeConnector(options: NodeConnectorOptions = {}): Promise<Connector> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as Blocking;
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const db = await duckdb.createDuckDB(
    {
      mvp: {
        mainModule: join(dist, 'duckdb-mvp.wasm'),
        mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs'),
      },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open({});
  const conn = db.connect();
  let closed = false;

  const run = (sql: string): Table => {
    if (closed) throw new EngineDeadError('The engine is closed.');
    try {
      return conn.query(sql);
    } catch (e) {
      throw new QueryError(e instanceof Error ? e.message : String(e), sql);
    }
  };

  if (options.lockdown !== false) for (const sql of LOCKDOWN_SQL) run(sql);

  return {
    get dead() {
      return closed;
    },
    async query(sql) {
      return run(sql);
    },
    async registerFile(name, source: FileSource) {
      if (!(source instanceof Uint8Array)) throw new TypeError('The Node connector takes bytes only.');
      const path = uploadPath(name);
      db.registerFileBuffer(path, source);
      return path;
    },
    async dropFile(name) {
      try {
        db.dropFile(uploadPath(name));
      } catch {
        // Dropping a file that was never registered is not an error for callers.
      }
    },
    async readFile(name) {
      return db.copyFileToBuffer(uploadPath(name));
    },
    onDeath() {
      return () => {};
    },
    async close() {
      closed = true;
      conn.close();
    },
  };
}
