import type { MinedPhrases, MiningInput, MiningOptions } from './mine';
import type { CountedPanel, PhraseIndex, StateTexts } from './counts';
import type { LabelFilters, LabelRows } from './label-rows';

/**
 * A worker's failure as a plain object: an Error does not survive structured cloning with its name.
 */
export interface WorkerFailure {
  readonly type: 'failed';
  readonly id: number;
  readonly error: { name: string; message: string };
}

/** The failure a worker sends back for request `id`. */
export function failure(id: number, e: unknown): WorkerFailure {
  const error = e instanceof Error ? e : new Error(String(e));
  return { type: 'failed', id, error: { name: error.name, message: error.message } };
}

/** The Error a failure stands for on the main thread, its message after `what` (Chinese, for the panel). */
export function failureError(what: string, f: WorkerFailure): Error {
  return Object.assign(new Error(`${what}：${f.error.message}`), { name: f.error.name });
}

/** Main thread → phrases worker. */
export interface MineRequest {
  readonly type: 'mine';
  readonly id: number;
  readonly input: MiningInput;
  readonly options: MiningOptions;
}

/** Phrases worker → main thread, matched by id. */
export type MineReply =
  { readonly type: 'mined'; readonly id: number; readonly result: MinedPhrases } | WorkerFailure;

/**
 * Main thread → counting worker: a build's index once, its label rows once they are read, then one
 * request per filter state: its rows, or (label rows held) its label filters.
 */
export type CountRequest =
  | { readonly type: 'index'; readonly index: PhraseIndex }
  | { readonly type: 'labels'; readonly labels: LabelRows }
  | {
      readonly type: 'count';
      readonly id: number;
      readonly rows: StateTexts | LabelFilters;
      readonly limit: number;
      readonly sample: number;
    };

/**
 * Counting worker → main thread: answers matched by id, and `tallied` once the held label rows'
 * cell tallies are made (for devtools and `npm run bench:panels`: when that background work ends).
 */
export type CountReply =
  | { readonly type: 'counted'; readonly id: number; readonly result: CountedPanel }
  | { readonly type: 'tallied' }
  | WorkerFailure;
