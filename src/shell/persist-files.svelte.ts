/**
 * Keeps every dropped file on this computer (OPFS, or IndexedDB) so a reload brings the tables back
 * without dropping the files again, and fingerprints every loaded file so a share link can say which
 * data it was written against. Demo files are fingerprinted but not stored: they are fetched again.
 */
import type { FileReport, IngestSource } from '../ingest/ingest-file';
import { fromBytes } from '../ingest/ingest-file';
import { fingerprintBytes, type DatasetFingerprint } from '../notebook/share';
import { openDataFileStore, StorageError, type DataFileStore } from '../notebook/store';
import type { Bilingual } from '../ingest/report';
import type { Session } from './session.svelte';

export class DataFilePersistence {
  /** One per loaded file, in load order. */
  fingerprints = $state.raw<DatasetFingerprint[]>([]);
  /** Why files are not being kept (storage refused, quota reached); null when all is well. */
  problem = $state.raw<Bilingual | null>(null);

  readonly #session: Session;
  #store: Promise<DataFileStore | null> | null = null;
  /** Names already on disk with this hash, so a restore or a remap does not write them again. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #saved = new Map<string, string>();
  /**
   * Fingerprinting and keeping per file, started once its rows are loaded and not waited for: the
   * SHA-256 of a 400 MB file is 3 s of CPU, which the load itself needs on a two-core machine.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #pending = new Map<string, Promise<void>>();
  /** Each loaded file's fingerprint (null while hashing), in load order however the hashes finish. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #prints = new Map<string, DatasetFingerprint | null>();

  constructor(session: Session) {
    this.#session = session;
    session.onFileLoaded = async (src, report) => {
      // A file loaded again goes to the end, as it would in load order.
      this.#prints.delete(src.name);
      this.#prints.set(src.name, null);
      const job = this.#loaded(src, report).catch((e: unknown) => this.#report(e));
      this.#pending.set(src.name, job);
      void job.finally(() => {
        if (this.#pending.get(src.name) === job) this.#pending.delete(src.name);
      });
    };
    session.onFilesRemoved = (names) => void this.#removed(names);
  }

  #open(): Promise<DataFileStore | null> {
    this.#store ??= openDataFileStore().catch((e: unknown) => {
      this.#report(e);
      return null;
    });
    return this.#store;
  }

  #report(e: unknown): void {
    this.problem =
      e instanceof StorageError
        ? { zh: e.zh, en: e.en }
        : { zh: `无法保存数据文件：${String(e)}`, en: `Could not keep the data file: ${String(e)}` };
  }

  /** Resolves when every loaded file has its fingerprint (a share link or an export waits for it). */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.all(this.#pending.values());
  }

  async #loaded(src: IngestSource, report: FileReport): Promise<void> {
    const bytes = await src.bytes();
    const { hash } = await fingerprintBytes(src.name, bytes, 0);
    const print: DatasetFingerprint = { file: src.name, rows: report.rawRows, hash };
    if (!this.#prints.has(src.name)) return; // removed while it was being hashed
    this.#prints.set(src.name, print);
    this.fingerprints = [...this.#prints.values()].filter((f) => f !== null);
    if (this.#session.demoFiles.includes(src.name) || this.#saved.get(src.name) === print.hash) return;
    // Written in the background: a large file should not hold up the next one's ingest.
    void this.#open().then(async (store) => {
      if (!store) return;
      try {
        await store.saveDataFile(src.name, bytes);
        this.#saved.set(src.name, print.hash);
      } catch (e) {
        this.#report(e);
      }
    });
  }

  async #removed(names: readonly string[]): Promise<void> {
    for (const name of names) this.#prints.delete(name);
    this.fingerprints = this.fingerprints.filter((f) => !names.includes(f.file));
    const store = await this.#open();
    for (const name of names) {
      this.#saved.delete(name);
      await store?.removeDataFile(name).catch((e: unknown) => this.#report(e));
    }
  }

  /** Loads every stored file through the usual ingest; returns how many there were. */
  async restore(): Promise<number> {
    const store = await this.#open();
    if (!store) return 0;
    try {
      const files = await store.listDataFiles();
      const sources: IngestSource[] = [];
      for (const f of files) {
        const bytes = await store.loadDataFile(f.name);
        if (!bytes) continue;
        const print = await fingerprintBytes(f.name, bytes, 0);
        this.#saved.set(f.name, print.hash);
        sources.push(fromBytes(f.name, bytes));
      }
      if (sources.length) await this.#session.load(sources);
      return sources.length;
    } catch (e) {
      this.#report(e);
      return 0;
    }
  }
}
