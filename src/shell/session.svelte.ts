import type { Table } from 'apache-arrow';
import type { Connector } from '../engine/connector';
import { EngineDeadError } from '../engine/connector';
import { Engine } from '../engine/engine';
import { CANONICAL_DDL } from '../ingest/schema';
import {
  ingestFile,
  fromBytes,
  fromFile,
  type FileReport,
  type IngestSource,
  TableRegistry,
} from '../ingest/ingest-file';
import { removeIngestedFile } from './remove-file';
import { listTables, type TableInfo } from './table-catalog';

export type EngineState = 'starting' | 'ready' | 'dead' | 'failed';

export interface LoadProgress {
  file: string;
  phase: string;
  fraction: number;
}

/**
 * Everything loaded in this page: the engine, the tables, the per-file reports and the sources kept
 * for a re-import. UI components read it; only its methods change it.
 */
export class Session {
  engineState = $state<EngineState>('starting');
  engineError = $state<string | null>(null);
  tables = $state.raw<TableInfo[]>([]);
  reports = $state.raw<FileReport[]>([]);
  /** Files dropped while the engine was still starting (or another file was loading). */
  queued = $state<string[]>([]);
  progress = $state<LoadProgress | null>(null);
  dataVersion = $state(0);
  demoFiles = $state<string[]>([]);
  /** Hooks for persistence and dataset fingerprints (shell/persist-files.svelte.ts). */
  onFileLoaded: ((src: IngestSource, report: FileReport) => Promise<void>) | null = null;
  onFilesRemoved: ((fileNames: readonly string[]) => void) | null = null;

  readonly #engine: Engine;
  // Private bookkeeping for re-imports; nothing renders it, so it is deliberately not reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #sources = new Map<string, IngestSource>();
  readonly #registry = new TableRegistry();
  #chain: Promise<unknown> = Promise.resolve();

  constructor(start: () => Promise<Connector>) {
    this.#engine = new Engine(start);
  }

  /** Starts the engine (once) and creates the canonical tables. */
  async start(): Promise<Connector> {
    try {
      const conn = await this.#engine.get();
      if (this.engineState !== 'ready') {
        for (const sql of CANONICAL_DDL) await conn.query(sql);
        conn.onDeath((e) => {
          this.engineState = 'dead';
          this.engineError = e.message;
        });
        this.engineState = 'ready';
        this.engineError = null;
        await this.refreshTables();
      }
      return conn;
    } catch (e) {
      this.engineState = e instanceof EngineDeadError ? 'dead' : 'failed';
      this.engineError = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }

  /** After the worker died: a fresh engine, then every file loaded before is loaded again. */
  async restart(): Promise<void> {
    this.engineState = 'starting';
    await this.#engine.restart();
    await this.start();
    const again = [...this.#sources.values()];
    this.#sources.clear();
    this.reports = [];
    await this.load(again);
  }

  /** When set (benchmarks only, `?bench`), every SQL the UI runs is appended here. */
  queryLog: string[] | null = null;
  /** With queryLog: when each query was sent and answered (performance.now()), to see which dominate. */
  queryTimes: { sql: string; sent: number; done: number }[] | null = null;

  query = async (sql: string): Promise<Table> => {
    this.queryLog?.push(sql);
    const conn = await this.start();
    const times = this.queryTimes;
    if (!times) return conn.query(sql);
    const sent = performance.now();
    try {
      return await conn.query(sql);
    } finally {
      times.push({ sql, sent, done: performance.now() });
    }
  };

  async refreshTables(): Promise<void> {
    this.tables = await listTables(this.query);
  }

  addFiles(files: readonly File[]): Promise<void> {
    return this.load(files.map(fromFile));
  }

  /** Loads one file after another (the engine is single-threaded; order keeps the report readable). */
  load(sources: readonly IngestSource[], mapping?: Record<string, string | null>): Promise<void> {
    this.queued = [...this.queued, ...sources.map((s) => s.name)];
    const run = this.#chain.then(async () => {
      const conn = await this.start();
      for (const src of sources) {
        this.progress = { file: src.name, phase: 'read', fraction: 0 };
        const report = await ingestFile(conn, src, {
          tables: this.#registry,
          mapping,
          onProgress: (p: { phase: string; fraction: number }) => (this.progress = { file: src.name, ...p }),
        });
        this.#sources.set(src.name, src);
        await this.onFileLoaded?.(src, report);
        this.reports = [...this.reports.filter((r) => r.fileName !== src.name), report];
        this.queued = this.queued.filter((n, i) => n !== src.name || this.queued.indexOf(n) !== i);
      }
      this.progress = null;
      await this.refreshTables();
      this.dataVersion++;
    });
    this.#chain = run.catch(() => undefined);
    return run.finally(() => (this.progress = null));
  }

  /** Re-imports one file with a corrected header mapping. */
  remap(fileName: string, mapping: Record<string, string | null>): Promise<void> {
    const src = this.#sources.get(fileName);
    return src ? this.load([src], mapping) : Promise.resolve();
  }

  /** Removes files' rows from every table and drops their raw tables. */
  async remove(fileNames: readonly string[]): Promise<void> {
    const conn = await this.start();
    for (const name of fileNames) {
      await removeIngestedFile(conn, name, this.#registry);
      this.#sources.delete(name);
    }
    this.reports = this.reports.filter((r) => !fileNames.includes(r.fileName));
    this.onFilesRemoved?.(fileNames);
    this.demoFiles = this.demoFiles.filter((n) => !fileNames.includes(n));
    await this.refreshTables();
    this.dataVersion++;
  }

  /** The shipped demo data set, loaded through the same ingest path as a dropped file. */
  async loadDemo(base = './demo/'): Promise<void> {
    const manifest = (await (await fetch(`${base}manifest.json`)).json()) as { files: string[] };
    const sources = await Promise.all(
      manifest.files.map(async (name) =>
        fromBytes(name, new Uint8Array(await (await fetch(base + encodeURIComponent(name))).arrayBuffer())),
      ),
    );
    this.demoFiles = manifest.files;
    await this.load(sources);
  }

  clearDemo(): Promise<void> {
    return this.remove(this.demoFiles);
  }
}
