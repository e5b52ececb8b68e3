/**
 * The browser's phrase counter: countPhrasePanel in a module worker that keeps one build's index.
 * A request settles on the reply or on a crash (every request then fails); `close` ends the worker
 * when a newer build replaces the index, and its requests end as superseded.
 */
import type { CountedPanel, PhraseIndex, StateTexts } from './counts';
import type { LabelFilters, LabelRows } from './label-rows';
import { failureError, type CountReply, type CountRequest } from './worker-protocol';
import { SupersededError } from '../superseded';

export interface PhraseCounter {
  count(rows: StateTexts, limit: number, sample: number): Promise<CountedPanel>;
  /** Hands the build's label rows over (the caller's arrays are emptied). */
  holdLabels(labels: LabelRows): void;
  /** Whether the label rows were handed over: `countLabels` needs them. */
  readonly holdsLabels: boolean;
  /** Counts the rows the label filters pick from the held label rows. */
  countLabels(filters: LabelFilters, limit: number, sample: number): Promise<CountedPanel>;
  close(): void;
}

export function countInWorker(index: PhraseIndex): PhraseCounter {
  const worker = new Worker(new URL('./counts.worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, { resolve: (r: CountedPanel) => void; reject: (e: unknown) => void }>();
  let nextId = 0;
  let broken: Error | null = null;
  const failAll = (e: Error) => {
    broken = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  let labelsHanded = 0;
  worker.onmessage = (event: MessageEvent<CountReply>) => {
    const reply = event.data;
    if (reply.type === 'tallied') {
      // For `npm run bench:panels` and devtools: when the background tallies ended.
      performance.measure('phrases:tallies', { start: labelsHanded });
      return;
    }
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.type === 'counted') w.resolve(reply.result);
    else w.reject(failureError('问题表述统计失败', reply));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(new Error(`问题表述统计进程出错：${event.message || '未知错误'}`));
  };
  worker.onmessageerror = () => failAll(new Error('问题表述统计进程返回了无法读取的结果。'));
  // A copy, not handed over: the build keeps its index.
  worker.postMessage({ type: 'index', index } satisfies CountRequest);
  let holdsLabels = false;
  const send = (rows: StateTexts | LabelFilters, limit: number, sample: number, transfer: Transferable[]) => {
    if (broken) return Promise.reject(broken);
    const id = ++nextId;
    return new Promise<CountedPanel>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ type: 'count', id, rows, limit, sample } satisfies CountRequest, { transfer });
    });
  };
  return {
    // The rows were made for this request: handed over, not copied.
    count: (rows, limit, sample) =>
      send(rows, limit, sample, [rows.unitIds.buffer, rows.years.buffer, rows.textIds.buffer]),
    holdLabels(labels) {
      const { unitIds, years, textIds } = labels;
      const codes = Object.values(labels.labels).map((l) => l.codes.buffer);
      labelsHanded = performance.now();
      worker.postMessage({ type: 'labels', labels } satisfies CountRequest, {
        transfer: [unitIds.buffer, years.buffer, textIds.buffer, ...codes],
      });
      holdsLabels = true;
    },
    get holdsLabels() {
      return holdsLabels;
    },
    countLabels: (filters, limit, sample) => send(filters, limit, sample, []),
    close() {
      worker.terminate();
      // Nobody wants these answers any more: dropped silently, like a superseded query.
      failAll(new SupersededError());
    },
  };
}
