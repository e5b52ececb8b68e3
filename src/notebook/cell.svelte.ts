import type { Table } from 'apache-arrow';
import type { Querier } from '../analysis/types';
import type { ClassifiedStatement } from './safety';

export type CellStatus = 'idle' | 'running' | 'done' | 'error';

let nextId = 1;
export function newCellId(): string {
  return `c${Date.now().toString(36)}${(nextId++).toString(36)}`;
}

/** One SQL cell: its text, and the last run's result or error. */
export class Cell {
  readonly id: string;
  sql = $state('');
  note = $state('');
  status = $state<CellStatus>('idle');
  // Arrow tables are large and immutable: keep them raw, never deeply proxied.
  result = $state.raw<Table | null>(null);
  error = $state<string | null>(null);
  elapsedMs = $state<number | null>(null);
  /**
   * Statements from someone else (a link or a notebook file) that may change data: the cell stays
   * un-run until the analyst confirms. Null when nothing awaits consent.
   */
  awaitingConsent = $state.raw<ClassifiedStatement[] | null>(null);
  #run = 0;

  constructor(sql = '', id = newCellId(), note = '') {
    this.id = id;
    this.sql = sql;
    this.note = note;
  }

  async run(query: Querier): Promise<void> {
    const mine = ++this.#run;
    const sql = this.sql;
    this.status = 'running';
    this.error = null;
    const started = performance.now();
    try {
      const table = await query(sql);
      if (mine !== this.#run) return;
      this.result = table;
      this.status = 'done';
    } catch (e) {
      if (mine !== this.#run) return;
      this.result = null;
      this.error = e instanceof Error ? e.message : String(e);
      this.status = 'error';
    } finally {
      if (mine === this.#run) this.elapsedMs = performance.now() - started;
    }
  }
}
