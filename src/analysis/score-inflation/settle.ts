/**
 * Turns a loader's rejection into a value, so a panel can pass it through `latestOnly` and drop a
 * superseded failure exactly like a superseded result. The message is DuckDB's or the engine's own.
 * `superseded`: the query was dropped because the filters moved on (see analysis/superseded.ts); a
 * newer load is on its way, so the panel shows nothing for it.
 */
import { isSuperseded } from '../superseded';

export type Settled<T> = { ok: true; value: T } | { ok: false; message: string; superseded: boolean };

export function settle<A extends unknown[], T>(fn: (...args: A) => Promise<T>) {
  return async (...args: A): Promise<Settled<T>> => {
    try {
      return { ok: true, value: await fn(...args) };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e), superseded: isSuperseded(e) };
    }
  };
}
