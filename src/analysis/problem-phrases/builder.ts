/**
 * Builds the problem-phrase tables once per data version. Builds run one after another (they drop
 * and create the same tables); asking for a newer version aborts a build still mining for an older
 * one, and a caller asking for the same version shares the build in flight.
 */
import type { Querier } from '../types';
import { buildProblemPhrases, type BuildResult, type Miner } from './build';
import type { MinedPhrases, MiningInput, MiningOptions } from './mine';

export type AbortableMiner = (
  input: MiningInput,
  options: MiningOptions,
  signal: AbortSignal,
) => MinedPhrases | Promise<MinedPhrases>;

export class PhraseTableBuilder {
  #version: number | null = null;
  #current: Promise<BuildResult> | null = null;
  #controller: AbortController | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly query: Querier,
    private readonly mine: AbortableMiner,
  ) {}

  /** The build for this data version: the one in flight or done, else a new one. */
  ensure(version: number): Promise<BuildResult> {
    if (this.#version === version && this.#current) return this.#current;
    this.#controller?.abort(new DOMException('Newer data arrived.', 'AbortError'));
    const controller = new AbortController();
    this.#controller = controller;
    this.#version = version;
    const miner: Miner = (input, options) => this.mine(input, options, controller.signal);
    const run = this.#queue.then(() => {
      if (controller.signal.aborted) throw controller.signal.reason;
      return buildProblemPhrases(this.query, miner);
    });
    this.#queue = run.catch(() => undefined);
    this.#current = run;
    // A failed build is not cached: the next ensure() for the version tries again.
    run.catch(() => {
      if (this.#current === run) this.#current = null;
    });
    return run;
  }
}
