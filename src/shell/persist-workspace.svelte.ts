/**
 * Ties persistence and sharing to the page: on startup it brings back stored files and the last
 * notebook, then opens a share link if the URL carries one. A received notebook (link or
 * .selfeval.json) is someone else's: it is stored as a new notebook, its cells are gated
 * (receive.ts), and its read-only cells run only once the files it names are loaded.
 */
import type { Filters } from '../analysis/filters';
import type { Bilingual } from '../ingest/report';
import { gateReceivedCells } from '../notebook/receive';
import type { Notebook } from '../notebook/notebook.svelte';
import {
  compareFingerprints,
  decodeState,
  NotebookError,
  shareUrl,
  type DatasetFingerprint,
  type FingerprintComparison,
  type NotebookState,
} from '../notebook/share';
import { notebookFromFile, notebookToFile, notebookFileName, downloadBlob } from '../notebook/export';
import { DataFilePersistence } from './persist-files.svelte';
import { NotebookLibrary } from './persist-notebooks.svelte';
import type { Session } from './session.svelte';

export interface Arrival {
  from: 'link' | 'file';
  wanted: DatasetFingerprint[];
  /** True once its read-only cells have been run against matching data. */
  applied: boolean;
}

function bilingual(e: unknown): Bilingual {
  if (e instanceof NotebookError) return { zh: e.zh, en: e.en };
  const m = e instanceof Error ? e.message : String(e);
  return { zh: `无法打开笔记本：${m}`, en: `Could not open the notebook: ${m}` };
}

export function isNotebookFile(file: File): boolean {
  return file.name.toLowerCase().endsWith('.selfeval.json');
}

export class Workspace {
  readonly files: DataFilePersistence;
  readonly library: NotebookLibrary;
  arrival = $state.raw<Arrival | null>(null);
  arrivalError = $state.raw<Bilingual | null>(null);

  readonly #session: Session;
  readonly #notebook: Notebook;
  readonly #filters: () => Filters;
  readonly #setFilters: (f: Filters) => void;

  constructor(
    session: Session,
    notebook: Notebook,
    filters: () => Filters,
    setFilters: (f: Filters) => void,
  ) {
    this.#session = session;
    this.#notebook = notebook;
    this.#filters = filters;
    this.#setFilters = setFilters;
    this.files = new DataFilePersistence(session);
    this.library = new NotebookLibrary(notebook, filters, () => this.files.fingerprints);
  }

  /** What a received notebook wants that is missing or differs (reactive: reads runes state). */
  get check(): FingerprintComparison | null {
    return this.arrival ? compareFingerprints(this.arrival.wanted, this.files.fingerprints) : null;
  }

  /** After the engine is ready. Returns how many stored data files were loaded again. */
  async start(): Promise<number> {
    const restored = await this.files.restore();
    const saved = await this.library.init();
    if (saved) this.#setFilters(saved.filters);
    await this.openFragment(location.hash);
    window.addEventListener('hashchange', () => void this.openFragment(location.hash));
    return restored;
  }

  /** Opens `#v1.…` if that is what the fragment holds, then clears it so a reload does not repeat it. */
  async openFragment(hash: string): Promise<void> {
    if (!/^#v\d+\./.test(hash)) return;
    history.replaceState(null, '', location.pathname + location.search);
    try {
      await this.receive(await decodeState(hash), 'link');
    } catch (e) {
      this.arrivalError = bilingual(e);
    }
  }

  async importFile(file: File): Promise<void> {
    try {
      await this.receive(notebookFromFile(await file.text()), 'file');
    } catch (e) {
      this.arrivalError = bilingual(e);
    }
  }

  async receive(state: NotebookState, from: Arrival['from']): Promise<void> {
    this.arrivalError = null;
    await this.library.flush();
    this.#notebook.load(state);
    this.#setFilters(state.filters);
    await this.library.saveAsNew(state);
    // Classified at once (parsing needs no data), so nothing dangerous is ever one click away.
    await gateReceivedCells(this.#session.query, this.#notebook.cells);
    this.arrival = { from, wanted: state.datasets, applied: false };
    await this.applyWhenReady();
  }

  /** Runs the received read-only cells once no named file is missing (call when data changes). */
  async applyWhenReady(): Promise<void> {
    const arrival = this.arrival;
    if (!arrival || arrival.applied || this.check?.missing.length) return;
    this.arrival = { ...arrival, applied: true };
    const query = this.#session.query;
    for (const cell of this.#notebook.cells)
      if (!cell.awaitingConsent && cell.sql.trim() && cell.status === 'idle') await cell.run(query);
  }

  dismissArrival(): void {
    this.arrival = null;
    this.arrivalError = null;
  }

  state(): NotebookState {
    return this.#notebook.toState(this.#filters(), this.files.fingerprints);
  }

  /** A link names the files it was written against: their fingerprints are waited for. */
  async shareUrl(): Promise<string> {
    await this.files.settled();
    return shareUrl(location.href, this.state());
  }

  async exportNotebook(): Promise<void> {
    await this.files.settled();
    downloadBlob(notebookToFile(this.state()), notebookFileName(this.#notebook.title), 'application/json');
  }
}
