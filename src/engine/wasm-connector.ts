import type { Table } from 'apache-arrow';
import { EngineDeadError, QueryError, type Connector, type FileSource } from './connector';
import { LOCKDOWN_SQL, uploadPath } from './lockdown';
import { PendingRequests } from './pending';

/** The part of duckdb-wasm's AsyncDuckDB this connector uses (a fake stands in for it in tests). */
export interface AsyncDbLike {
  registerFileBuffer(name: string, buffer: Uint8Array): Promise<void>;
  registerFileHandle(name: string, handle: File, protocol: number, directIO: boolean): Promise<void>;
  dropFile(name: string): Promise<unknown>;
  copyFileToBuffer(name: string): Promise<Uint8Array>;
  terminate(): Promise<void>;
}
export interface AsyncConnLike {
  query(sql: string): Promise<Table>;
  close(): Promise<void>;
}
/** What dies: anything that fires 'error' (a Worker). */
export type WorkerLike = Pick<Worker, 'addEventListener'>;

/** duckdb-wasm's DuckDBDataProtocol.BROWSER_FILEREADER: read a File lazily, no copy into the heap. */
const BROWSER_FILEREADER = 2;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Wraps a started AsyncDuckDB as a Connector: applies the lock-down before anything else runs,
 * serialises nothing (duckdb-wasm queues requests itself) and rejects every pending call if the
 * worker dies.
 */
export async function createWasmConnector(
  db: AsyncDbLike,
  conn: AsyncConnLike,
  worker: WorkerLike,
): Promise<Connector> {
  const pending = new PendingRequests();
  const listeners = new Set<(e: EngineDeadError) => void>();

  const die = (reason: string) => {
    if (pending.dead) return;
    const error = pending.kill(reason);
    for (const l of listeners) l(error);
  };
  worker.addEventListener('error', (event) => {
    die(`数据引擎已停止 (The engine stopped): ${(event as ErrorEvent).message || 'worker error'}`);
  });

  const query = async (sql: string): Promise<Table> => {
    try {
      return await pending.track(conn.query(sql));
    } catch (e) {
      if (e instanceof EngineDeadError) throw e;
      throw new QueryError(message(e), sql);
    }
  };

  for (const sql of LOCKDOWN_SQL) await query(sql);

  return {
    get dead() {
      return pending.dead !== null;
    },
    query,
    async registerFile(name: string, source: FileSource, options?: { handOver?: boolean }) {
      const path = uploadPath(name);
      await pending.track(db.dropFile(path).catch(() => null));
      // duckdb-wasm transfers the buffer to its worker, detaching it here; callers who keep using their
      // bytes get them copied for the engine.
      if (source instanceof Uint8Array)
        await pending.track(db.registerFileBuffer(path, options?.handOver ? source : source.slice()));
      else await pending.track(db.registerFileHandle(path, source, BROWSER_FILEREADER, true));
      return path;
    },
    async dropFile(name) {
      await pending.track(db.dropFile(uploadPath(name)).catch(() => null));
    },
    async readFile(name) {
      return pending.track(db.copyFileToBuffer(uploadPath(name)));
    },
    onDeath(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      die('The engine was closed.');
      await db.terminate();
    },
  };
}
