/**
 * Counts the phrase panel of a filter state off the main thread (counts.ts): 200–300 ms at a million
 * evaluations for a filter keeping most of them, spent while the engine's worker runs the other
 * panels' queries. Holds one build's index, sent once, and its label rows once read (label-rows.ts):
 * a label-only state's rows are then picked here. Errors travel back as plain objects.
 */
import { countPhrasePanel, type PhraseIndex, type StateTexts } from './counts';
import { pickRows, type LabelRows } from './label-rows';
import { failure, type CountReply, type CountRequest } from './worker-protocol';

let index: PhraseIndex | null = null;
let labels: LabelRows | null = null;

self.onmessage = (event: MessageEvent<CountRequest>) => {
  const request = event.data;
  if (request.type === 'index') {
    index = request.index;
    return;
  }
  if (request.type === 'labels') {
    labels = request.labels;
    return;
  }
  let reply: CountReply;
  try {
    if (!index) throw new Error('No phrase index was sent.');
    let rows: StateTexts;
    if ('unitIds' in request.rows) rows = request.rows;
    else if (labels) rows = pickRows(labels, request.rows);
    else throw new Error('No label rows were sent.');
    reply = {
      type: 'counted',
      id: request.id,
      result: countPhrasePanel(index, rows, request.limit, request.sample),
    };
  } catch (e) {
    reply = failure(request.id, e);
  }
  self.postMessage(reply);
};
