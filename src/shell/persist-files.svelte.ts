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
  /** Bytes and hash per file, started when its ingest starts (the hash runs off the main thread). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #hashing = new Map<string, Promise<{ bytes: Uint8Array; hash: string }>>();

  constructor(session: Session) {
    this.#session = session;
    session.onFileStart = (src) => void this.#hash(src);
    session.onFileLoaded = (src, report) => this.#loaded(src, report);
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

  #hash(src: IngestSource): Promise<{ bytes: Uint8Array; hash: string }> {
    const started = (async () => {
      const bytes = await src.bytes();
      return { bytes, hash: (await fingerprintBytes(src.name, bytes, 0)).hash };
    })();
    started.catch(() => undefined); // reported when #loaded awaits it
    this.#hashing.set(src.name, started);
    return started;
  }

  async #loaded(src: IngestSource, report: FileReport): Promise<void> {
    const { bytes, hash } = await (this.#hashing.get(src.name) ?? this.#hash(src));
    this.#hashing.delete(src.name);
    const print: DatasetFingerprint = { file: src.name, rows: report.rawRows, hash };
    this.fingerprints = [...this.fingerprints.filter((f) => f.file !== src.name), print];
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
