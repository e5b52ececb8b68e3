/**
 * Cells that came from someone else (a share link or a notebook file) are someone else's SQL.
 * Read-only cells may run; any cell with a statement that could change or delete data waits, un-run,
 * until the analyst has read it and confirmed.
 */
import type { Cell } from './cell.svelte';
import { classifyStatements, type Query } from './safety';

/** Marks cells that need consent and returns the ones that may run now. */
export async function gateReceivedCells(query: Query, cells: readonly Cell[]): Promise<Cell[]> {
  const runnable: Cell[] = [];
  for (const cell of cells) {
    const verdict = await classifyStatements(query, cell.sql);
    if (verdict.readOnly) {
      cell.awaitingConsent = null;
      if (cell.sql.trim()) runnable.push(cell);
    } else cell.awaitingConsent = verdict.statements.filter((s) => !s.readOnly);
  }
  return runnable;
}

/** Marks every cell as awaiting consent before classification has happened (e.g. no engine yet). */
export function holdAll(cells: readonly Cell[]): void {
  for (const cell of cells)
    if (cell.sql.trim()) cell.awaitingConsent = [{ text: cell.sql, type: '?', readOnly: false }];
}
