import type { Filters } from '../analysis/filters';
import { Cell } from './cell.svelte';
import type { ChartSettings, DatasetFingerprint, NotebookState } from './share';

/** The ordered list of SQL cells. */
export class Notebook {
  title = $state('未命名笔记本');
  cells = $state<Cell[]>([]);
  /** Chart settings carried for links and files (opaque here; the dashboard owns their meaning). */
  chart = $state<ChartSettings>({});

  add(sql = '', at = this.cells.length): Cell {
    const cell = new Cell(sql);
    this.cells.splice(at, 0, cell);
    return cell;
  }

  remove(id: string): void {
    this.cells = this.cells.filter((c) => c.id !== id);
  }

  /** Moves a cell up (-1) or down (+1); no-op at the ends. */
  move(id: string, delta: -1 | 1): void {
    const i = this.cells.findIndex((c) => c.id === id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= this.cells.length) return;
    const next = [...this.cells];
    [next[i], next[j]] = [next[j] as Cell, next[i] as Cell];
    this.cells = next;
  }

  replaceAll(cells: { id?: string; sql: string; note?: string }[]): void {
    this.cells = cells.map((c) => new Cell(c.sql, c.id, c.note ?? ''));
  }

  /** The notebook as the plain value links, files and the store carry. */
  toState(filters: Filters, datasets: DatasetFingerprint[]): NotebookState {
    return {
      v: 1,
      title: this.title,
      cells: this.cells.map((c) =>
        c.note ? { id: c.id, sql: c.sql, note: c.note } : { id: c.id, sql: c.sql },
      ),
      filters: $state.snapshot(filters),
      chart: { ...this.chart },
      datasets,
    };
  }

  /** Replaces everything with a stored or received state (results are not part of it). */
  load(state: NotebookState): void {
    this.title = state.title;
    this.chart = { ...state.chart };
    this.replaceAll(state.cells);
  }
}
