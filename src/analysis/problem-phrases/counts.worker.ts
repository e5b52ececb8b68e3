/**
 * Counts the phrase panel of a filter state off the main thread (counts.ts): 200–300 ms at a million
 * evaluations for a filter keeping most of them, spent while the engine's worker runs the other
 * panels' queries. Holds one build's index, sent once, and its label rows once read (label-rows.ts):
 * a label-only state's rows are then picked here, and a state of years and kinds is counted from
 * the cells' tallies (cell-counts.ts), made here in the background once the label rows come
 * (background-steps.ts; until they are, such a state's rows are picked too). Errors travel back as
 * plain objects.
 */
import { countPhrasePanel, type CountedPanel, type PhraseIndex, type StateTexts } from './counts';
import { pickRows, type LabelFilters, type LabelRows } from './label-rows';
import { answersByCells, cellIndexSteps, countByCells, type CellIndex } from './cell-counts';
import { failure, type CountReply, type CountRequest } from './worker-protocol';
import { runInBackground, type BackgroundRun } from './background-steps';

let index: PhraseIndex | null = null;
let labels: LabelRows | null = null;
/** Null until made for the held label rows, or when they have too many cells (rows are picked). */
let cells: CellIndex | null = null;
/** Making `cells` in the background (background-steps.ts), so requests are answered meanwhile. */
let making: BackgroundRun | null = null;
/** Label states counted from the held rows, by their filters (a state seen again is not recounted). */
const counted = new Map<string, CountedPanel>();
const KEEP = 32;

/**
 * The tallies are made in slices of ~8 ms (a request waits at most one), and not until a second
 * after the last request: a filter change's count is followed by the page's and the engine's work
 * on the same two cores, which come first.
 */
const MAKING = { sliceMs: 8, quietMs: 1000 };
/** Rows between two looks at the clock while making the tallies (~1–2 ms of work). */
const MAKING_CHUNK = 2000;
/**
 * The next slice comes through a message to itself, not setTimeout(0): nested timers wait 4 ms or
 * more, a third of the time lost between 8 ms slices. A request sent meanwhile is still answered
 * first (it was queued before the slice's message).
 */
const nextSlice = new MessageChannel();
let queued: (() => void) | null = null;
nextSlice.port1.onmessage = () => {
  const run = queued;
  queued = null;
  run?.();
};
const clock = {
  now: () => performance.now(),
  later(run: () => void, ms: number) {
    if (ms > 0) return void setTimeout(run, ms);
    queued = run;
    nextSlice.port2.postMessage(null);
  },
};

function makeCells(): void {
  making?.stop();
  cells = null;
  const steps = index && labels ? cellIndexSteps(index, labels, MAKING_CHUNK) : null;
  const done = (made: CellIndex | null) => {
    cells = made;
    making = null;
    self.postMessage({ type: 'tallied' } satisfies CountReply);
  };
  making = steps ? runInBackground(steps, done, MAKING, clock) : null;
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
    counted.clear();
    // The tallies are made now, between requests, not in the first wide state's change.
    makeCells();
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
  // After the count: the rest of the change (the page drawing it, the engine's queries) comes next.
  making?.touch();
};
