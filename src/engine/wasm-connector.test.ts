import { describe, expect, it } from 'vitest';
import type { Table } from 'apache-arrow';
import { EngineDeadError, QueryError } from './connector';
import { LOCKDOWN_SQL } from './lockdown';
import { createWasmConnector, type AsyncConnLike, type AsyncDbLike } from './wasm-connector';

/** A fake AsyncDuckDB whose queries hang until told otherwise — like a long query when the worker dies. */
function fakeEngine(behaviour: (sql: string) => Promise<Table>) {
  const ran: string[] = [];
  const worker = new EventTarget();
  const db: AsyncDbLike = {
    // Like duckdb-wasm: the buffer is transferred to the worker and detached in the caller.
    registerFileBuffer: async (_name, buffer) =>
      void structuredClone(buffer, { transfer: [buffer.buffer as ArrayBuffer] }),
    registerFileHandle: async () => {},
    dropFile: async () => null,
    copyFileToBuffer: () => new Promise(() => {}),
    terminate: async () => {},
  };
  const conn: AsyncConnLike = {
    query: (sql) => {
      ran.push(sql);
      return behaviour(sql);
    },
    close: async () => {},
  };
  return { db, conn, worker, ran };
}

const never = () => new Promise<Table>(() => {});
const ok = async () => ({}) as Table;

describe('createWasmConnector', () => {
  it('locks the engine down before any other SQL runs', async () => {
    const f = fakeEngine(ok);
    const c = await createWasmConnector(f.db, f.conn, f.worker);
    await c.query('SELECT 1');
    expect(f.ran).toEqual([...LOCKDOWN_SQL, 'SELECT 1']);
  });

  it('rejects every pending request when the worker dies, and every later one', async () => {
    const f = fakeEngine(async (sql) => (sql.startsWith('SET') ? ({} as Table) : never()));
    const c = await createWasmConnector(f.db, f.conn, f.worker);
    let deaths = 0;
    c.onDeath(() => deaths++);
    const a = c.query('SELECT slow()');
    const b = c.readFile('x.parquet');
    f.worker.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
    await expect(a).rejects.toBeInstanceOf(EngineDeadError);
    await expect(b).rejects.toThrow(/out of memory/);
    await expect(c.query('SELECT 1')).rejects.toBeInstanceOf(EngineDeadError);
    expect(c.dead).toBe(true);
    expect(deaths).toBe(1);
  });

  it("leaves the caller's bytes readable after registering them (regression: GBK rows shifted by one)", async () => {
    const f = fakeEngine(ok);
    const c = await createWasmConnector(f.db, f.conn, f.worker);
    const bytes = new TextEncoder().encode('a,b\n1,2\n');
    await c.registerFile('x.csv', bytes);
    expect(bytes.length).toBe(8);
    expect(new TextDecoder().decode(bytes)).toBe('a,b\n1,2\n');
  });

  it('hands bytes over without a copy when the caller says it is done with them', async () => {
    const f = fakeEngine(ok);
    const c = await createWasmConnector(f.db, f.conn, f.worker);
    const bytes = new TextEncoder().encode('a,b\n1,2\n');
    await c.registerFile('x.csv', bytes, { handOver: true });
    expect(bytes.length).toBe(0); // the engine got this very buffer
  });

  it('turns DuckDB failures into QueryError carrying its message and the SQL', async () => {
    const f = fakeEngine(async (sql) => {
      if (sql === 'SELEC 1') throw new Error('Parser Error: syntax error at or near "SELEC"');
      return {} as Table;
    });
    const c = await createWasmConnector(f.db, f.conn, f.worker);
    const err = await c.query('SELEC 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).message).toContain('syntax error');
    expect((err as QueryError).sql).toBe('SELEC 1');
  });
});
