import type { MinedPhrases, MiningInput, MiningOptions } from './mine';

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
