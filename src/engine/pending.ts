import { EngineDeadError } from './connector';

/**
 * Tracks requests in flight to the worker. duckdb-wasm 1.32.0 clears its own pending map on a worker
 * error without settling the promises, so callers would hang forever; this set rejects them instead.
 */
export class PendingRequests {
  #reject = new Set<(e: EngineDeadError) => void>();
  #death: EngineDeadError | null = null;

  get dead(): EngineDeadError | null {
    return this.#death;
  }

  /** Resolves like `work`, or rejects with EngineDeadError as soon as the engine dies. */
  track<T>(work: Promise<T>): Promise<T> {
    if (this.#death) return Promise.reject(this.#death);
    return new Promise<T>((resolve, reject) => {
      this.#reject.add(reject);
      work.then(resolve, reject).finally(() => this.#reject.delete(reject));
    });
  }

  get size(): number {
    return this.#reject.size;
  }

  /** Rejects every pending request and every later one. Idempotent. */
  kill(reason: string): EngineDeadError {
    this.#death ??= new EngineDeadError(reason);
    for (const reject of this.#reject) reject(this.#death);
    this.#reject.clear();
    return this.#death;
  }
}
