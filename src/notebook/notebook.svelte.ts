import { Cell } from './cell.svelte';

/** The ordered list of SQL cells. */
export class Notebook {
  title = $state('未命名笔记本');
  cells = $state<Cell[]>([]);

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
}
