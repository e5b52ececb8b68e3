/**
 * The notebook store's logic over any record backend (IndexedDB in the browser, a Map in tests).
 * Notebooks are stored as JSON text — Svelte state proxies cannot be structured-cloned — and read
 * back through the same validation as share links. Removal is soft so the UI can offer 撤销/undo;
 * `purge` deletes for good later.
 */
import { NotebookFormatError } from '../share/errors';
import { emptyNotebook, parseNotebookState, type NotebookState } from '../share/state';
import { StorageError, toStorageError } from './errors';

export interface NotebookRecord {
  id: string;
  title: string;
  /** JSON of the NotebookState. */
  json: string;
  cellCount: number;
  createdAt: number;
  updatedAt: number;
  /** Set when moved to the bin; null while live. */
  deletedAt: number | null;
}

export type NotebookMeta = Omit<NotebookRecord, 'json'>;

/** What a storage backend must do; each call is one transaction. */
export interface NotebookBackend {
  get(id: string): Promise<NotebookRecord | undefined>;
  put(record: NotebookRecord): Promise<void>;
  delete(id: string): Promise<void>;
  all(): Promise<NotebookRecord[]>;
}

export interface NotebookStore {
  /** Live notebooks, most recently changed first. */
  list(): Promise<NotebookMeta[]>;
  /** Notebooks in the bin, most recently removed first. */
  listRemoved(): Promise<NotebookMeta[]>;
  load(id: string): Promise<NotebookState>;
  /** Saves (creating if needed). Debounce autosave in the caller. */
  save(id: string, state: NotebookState): Promise<NotebookMeta>;
  rename(id: string, title: string): Promise<NotebookMeta>;
  create(title?: string): Promise<{ id: string; state: NotebookState }>;
  /** Moves to the bin; `restore` undoes it. */
  remove(id: string): Promise<void>;
  restore(id: string): Promise<void>;
  /** Deletes notebooks that have been in the bin longer than `olderThanMs`; returns how many. */
  purge(olderThanMs: number): Promise<number>;
}

export interface StoreOptions {
  now?: () => number;
  newId?: () => string;
}

const WHAT = { zh: '笔记本', en: 'notebook' };

function meta({ json: _json, ...rest }: NotebookRecord): NotebookMeta {
  return rest;
}

function notFound(id: string): StorageError {
  return new StorageError(
    'not-found',
    `找不到笔记本（${id}），可能已被删除。`,
    `Notebook ${id} was not found; it may have been deleted.`,
  );
}

export function createNotebookStore(backend: NotebookBackend, options: StoreOptions = {}): NotebookStore {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());

  async function call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof NotebookFormatError) throw e;
      throw toStorageError(e, WHAT);
    }
  }

  async function existing(id: string): Promise<NotebookRecord> {
    const record = await backend.get(id);
    if (!record) throw notFound(id);
    return record;
  }

  const byUpdated = (a: NotebookMeta, b: NotebookMeta) => b.updatedAt - a.updatedAt;

  return {
    list: () =>
      call(async () =>
        (await backend.all())
          .filter((r) => r.deletedAt === null)
          .map(meta)
          .sort(byUpdated),
      ),

    listRemoved: () =>
      call(async () =>
        (await backend.all())
          .filter((r) => r.deletedAt !== null)
          .map(meta)
          .sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0)),
      ),

    load: (id) =>
      call(async () => {
        const record = await existing(id);
        return parseNotebookState(JSON.parse(record.json));
      }),

    save: (id, state) =>
      call(async () => {
        const clean = parseNotebookState(JSON.parse(JSON.stringify(state)));
        const old = await backend.get(id);
        const t = now();
        const record: NotebookRecord = {
          id,
          title: clean.title,
          json: JSON.stringify(clean),
          cellCount: clean.cells.length,
          createdAt: old?.createdAt ?? t,
          updatedAt: t,
          deletedAt: old?.deletedAt ?? null,
        };
        await backend.put(record);
        return meta(record);
      }),

    rename: (id, title) =>
      call(async () => {
        const record = await existing(id);
        const state = parseNotebookState({ ...JSON.parse(record.json), title });
        const next = { ...record, title: state.title, json: JSON.stringify(state), updatedAt: now() };
        await backend.put(next);
        return meta(next);
      }),

    create: (title = '') =>
      call(async () => {
        const id = newId();
        const state = emptyNotebook(title);
        const t = now();
        await backend.put({
          id,
          title,
          json: JSON.stringify(state),
          cellCount: 0,
          createdAt: t,
          updatedAt: t,
          deletedAt: null,
        });
        return { id, state };
      }),

    remove: (id) =>
      call(async () => {
        const record = await existing(id);
        if (record.deletedAt === null) await backend.put({ ...record, deletedAt: now() });
      }),

    restore: (id) =>
      call(async () => {
        const record = await existing(id);
        if (record.deletedAt !== null) await backend.put({ ...record, deletedAt: null });
      }),

    purge: (olderThanMs) =>
      call(async () => {
        const cutoff = now() - olderThanMs;
        const doomed = (await backend.all()).filter((r) => r.deletedAt !== null && r.deletedAt <= cutoff);
        for (const r of doomed) await backend.delete(r.id);
        return doomed.length;
      }),
  };
}

/** A backend in memory: for tests, and for browsers that refuse storage (nothing survives a reload). */
export function memoryNotebookBackend(): NotebookBackend {
  const records = new Map<string, NotebookRecord>();
  return {
    async get(id) {
      const r = records.get(id);
      return r && { ...r };
    },
    async put(record) {
      records.set(record.id, { ...record });
    },
    async delete(id) {
      records.delete(id);
    },
    async all() {
      return [...records.values()].map((r) => ({ ...r }));
    },
  };
}
