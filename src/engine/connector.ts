import type { Table } from 'apache-arrow';

/** A query failed inside DuckDB; `message` is DuckDB's own text, shown to the analyst as is. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    message: string,
    readonly sql: string,
  ) {
    super(message);
  }
}

/** The engine's worker died (crash, out of memory, terminated); every pending request gets this. */
export class EngineDeadError extends Error {
  override readonly name = 'EngineDeadError';
}

/** Bytes or a browser File, registered under the locked-down upload folder. */
export type FileSource = Uint8Array | File;

/**
 * The one door to the database. SQL in, Arrow table or a typed error out.
 * Nothing outside src/engine/ imports @duckdb/duckdb-wasm.
 */
export interface Connector {
  query(sql: string): Promise<Table>;
  /**
   * Registers a file at `/uploads/<name>` (the only folder SQL may read). Returns that path. Bytes are
   * copied unless `handOver` says the caller no longer needs them (a 400 MB buffer is then not doubled;
   * the caller's array may be emptied).
   */
  registerFile(name: string, source: FileSource, options?: { handOver?: boolean }): Promise<string>;
  /** Removes a registered file; missing files are ignored. */
  dropFile(name: string): Promise<void>;
  /** Copies a file DuckDB wrote (e.g. COPY … TO '/uploads/x.parquet') back out as bytes. */
  readFile(name: string): Promise<Uint8Array>;
  /** True once the worker died; every later call rejects with EngineDeadError. */
  readonly dead: boolean;
  onDeath(listener: (error: EngineDeadError) => void): () => void;
  close(): Promise<void>;
}
