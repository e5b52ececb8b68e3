/**
 * The notebooks kept in this browser (IndexedDB): which one is open, the list for the switcher,
 * debounced autosave, rename, and removal that can be undone. When the browser refuses storage the
 * notebook still works, in memory, and `problem` says that nothing will survive a reload.
 */
import type { Filters } from '../analysis/filters';
import type { Bilingual } from '../ingest/report';
import type { Notebook } from '../notebook/notebook.svelte';
import type { DatasetFingerprint, NotebookState } from '../notebook/share';
import {
  createNotebookStore,
  memoryNotebookBackend,
  openNotebookStore,
  StorageError,
  type NotebookMeta,
  type NotebookStore,
} from '../notebook/store';

export const AUTOSAVE_MS = 300;

export interface UndoToast {
  text: Bilingual;
  undo: () => Promise<void>;
}

function bilingual(e: unknown): Bilingual {
  if (e instanceof StorageError) return { zh: e.zh, en: e.en };
  const m = e instanceof Error ? e.message : String(e);
  return { zh: `笔记本保存失败：${m}`, en: `The notebook could not be saved: ${m}` };
}

export class NotebookLibrary {
  list = $state.raw<NotebookMeta[]>([]);
  currentId = $state<string | null>(null);
  problem = $state.raw<Bilingual | null>(null);
  toast = $state.raw<UndoToast | null>(null);
  /** Set once the last autosave has reached the store (browser tests wait on it). */
  savedAt = $state(0);

  readonly #notebook: Notebook;
  readonly #snapshot: () => NotebookState;
  #store: NotebookStore | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(notebook: Notebook, filters: () => Filters, datasets: () => DatasetFingerprint[]) {
    this.#notebook = notebook;
    this.#snapshot = () => notebook.toState(filters(), datasets());
  }

  async #open(): Promise<NotebookStore> {
    if (this.#store) return this.#store;
    try {
      this.#store = await openNotebookStore();
    } catch (e) {
      this.problem = bilingual(e);
      this.#store = createNotebookStore(memoryNotebookBackend());
    }
    return this.#store;
  }

  async #refresh(): Promise<void> {
    this.list = await (await this.#open()).list();
  }

  /** Opens the most recently changed notebook, or keeps the current one as the first. */
  async init(): Promise<NotebookState | null> {
    const store = await this.#open();
    const [latest] = await store.list();
    if (latest) {
      const state = await store.load(latest.id);
      this.#notebook.load(state);
      this.currentId = latest.id;
      await this.#refresh();
      return state;
    }
    await this.saveAsNew(this.#snapshot());
    return null;
  }

  /** Stores `state` as a new notebook and makes it the open one (links and imported files). */
  async saveAsNew(state: NotebookState): Promise<void> {
    const store = await this.#open();
    const { id } = await store.create(state.title);
    await store.save(id, state);
    this.currentId = id;
    await this.#refresh();
  }

  /** Call on every change; writes ~300 ms after the last one. */
  schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), AUTOSAVE_MS);
  }

  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const id = this.currentId;
    if (!id) return;
    try {
      // savedAt is when the saved state was taken, not when the write ended: a change made while a
      // write is under way is not in it.
      const at = Date.now();
      await (await this.#open()).save(id, this.#snapshot());
      this.savedAt = at;
      if (this.problem && this.#store) this.problem = null;
      await this.#refresh();
    } catch (e) {
      this.problem = bilingual(e);
    }
  }

  async open(id: string): Promise<NotebookState | null> {
    await this.flush();
    try {
      const state = await (await this.#open()).load(id);
      this.#notebook.load(state);
      this.currentId = id;
      return state;
    } catch (e) {
      this.problem = bilingual(e);
      return null;
    }
  }

  async create(title: string): Promise<void> {
    await this.flush();
    const { id, state } = await (await this.#open()).create(title);
    this.#notebook.load(state);
    this.currentId = id;
    await this.#refresh();
  }

  async rename(title: string): Promise<void> {
    this.#notebook.title = title;
    await this.flush();
  }

  /** Moves the open notebook to the bin and opens another; the toast's 撤销 brings it back. */
  async remove(id: string): Promise<void> {
    await this.flush();
    const store = await this.#open();
    const title = this.list.find((n) => n.id === id)?.title ?? '';
    await store.remove(id);
    await this.#refresh();
    if (id === this.currentId) {
      const next = this.list[0];
      if (next) await this.open(next.id);
      else await this.create('');
    }
    this.toast = {
      text: { zh: `已删除笔记本「${title || '未命名'}」`, en: `Deleted notebook "${title || 'untitled'}"` },
      undo: async () => {
        await store.restore(id);
        this.toast = null;
        await this.open(id);
        await this.#refresh();
      },
    };
  }
}
