/**
 * Counts the phrase panel of a filter state off the main thread (counts.ts): 200–300 ms at a million
 * evaluations for a filter keeping most of them, spent while the engine's worker runs the other
 * panels' queries. Holds one build's index, sent once, and its label rows once read (label-rows.ts):
 * a label-only state's rows are then picked here, and a state of years and kinds is counted from
 * the cells' tallies (cell-counts.ts), made here a piece per task once the label rows come (until
 * they are, such a state's rows are picked too). Errors travel back as plain objects.
 */
import { countPhrasePanel, type CountedPanel, type PhraseIndex, type StateTexts } from './counts';
import { pickRows, type LabelFilters, type LabelRows } from './label-rows';
import { answersByCells, cellIndexSteps, countByCells, type CellIndex } from './cell-counts';
import { failure, type CountReply, type CountRequest } from './worker-protocol';

let index: PhraseIndex | null = null;
let labels: LabelRows | null = null;
/** Null until made for the held label rows, or when they have too many cells (rows are picked). */
let cells: CellIndex | null = null;
/** Making `cells`, a piece per task (cell-counts.ts), so requests are answered meanwhile. */
let making: Generator<void, CellIndex | null, void> | null = null;
/** Label states counted from the held rows, by their filters (a state seen again is not recounted). */
const counted = new Map<string, CountedPanel>();
const KEEP = 32;

function makeCells(): void {
  if (!making) return;
  const step = making.next();
  if (!step.done) {
    setTimeout(makeCells, 0);
    return;
  }
  making = null;
  cells = step.value;
}

function countLabels(f: LabelFilters, limit: number, sample: number): CountedPanel {
  if (!labels) throw new Error('No label rows were sent.');
  const key = JSON.stringify([f, limit, sample]);
  const known = counted.get(key);
  if (known) return known;
  const byCells = answersByCells(f) ? cells : null;
  const result = byCells
    ? countByCells(byCells, f, limit, sample)
    : countPhrasePanel(index!, pickRows(labels, f), limit, sample);
  if (counted.size >= KEEP) counted.delete(counted.keys().next().value!);
  counted.set(key, result);
  return result;
}

self.onmessage = (event: MessageEvent<CountRequest>) => {
  const request = event.data;
  if (request.type === 'index' || request.type === 'labels') {
    if (request.type === 'index') index = request.index;
    else labels = request.labels;
    cells = null;
    counted.clear();
    // The tallies are made now, between requests, not in the first wide state's change.
    making = index && labels ? cellIndexSteps(index, labels) : null;
    setTimeout(makeCells, 0);
    return;
  }
  let reply: CountReply;
  try {
    if (!index) throw new Error('No phrase index was sent.');
    const rows: StateTexts | LabelFilters = request.rows;
    reply = {
      type: 'counted',
      id: request.id,
      result:
        'unitIds' in rows
          ? countPhrasePanel(index, rows, request.limit, request.sample)
          : countLabels(rows, request.limit, request.sample),
    };
  } catch (e) {
    reply = failure(request.id, e);
  }
  self.postMessage(reply);
};
