import type { MinedPhrases, MiningInput, MiningOptions } from './mine';
import type { CountedPanel, PhraseIndex, StateTexts } from './counts';

/** Main thread → phrases worker. */
export interface MineRequest {
  readonly type: 'mine';
  readonly id: number;
  readonly input: MiningInput;
  readonly options: MiningOptions;
}

/** Phrases worker → main thread, matched by id. */
export type MineReply =
  | { readonly type: 'mined'; readonly id: number; readonly result: MinedPhrases }
  | { readonly type: 'failed'; readonly id: number; readonly error: { name: string; message: string } };

/** Main thread → counting worker: a build's index once, then one request per filter state. */
export type CountRequest =
  | { readonly type: 'index'; readonly index: PhraseIndex }
  | {
      readonly type: 'count';
      readonly id: number;
      readonly rows: StateTexts;
      readonly limit: number;
      readonly sample: number;
    };

/** Counting worker → main thread, matched by id. */
export type CountReply =
  | { readonly type: 'counted'; readonly id: number; readonly result: CountedPanel }
  | { readonly type: 'failed'; readonly id: number; readonly error: { name: string; message: string } };
