import type { Session } from './session.svelte';

export interface QueryTiming {
  sql: string;
  /** Milliseconds the worker spent on it: from when it was sent or the previous answer, to its answer. */
  ms: number;
  /** When it was sent and answered (performance.now() of the page), to see where the worker waited. */
  sent: number;
  done: number;
}

export interface BenchHooks {
  /** Runs SQL and returns plain rows (bigints as strings) — for benchmark scripts only. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /**
   * Starts (or restarts, emptied) the query log that `takeLog` and `takeTimings` read. Off until
   * then: kept from the page's opening, it held the load's SQL (the phrase build's id lists, ~13 MB
   * at a million rows) until the first change's `takeLog` carried it over the DevTools pipe, and
   * the renderer and the browser paid for that while the change was timed.
   */
  startLog(): void;
  /** SQL the UI ran since the last `takeLog()`. */
  takeLog(): string[];
  /** The queries answered since the last `takeTimings()`, with the worker time each took. */
  takeTimings(): QueryTiming[];
}

/**
 * Benchmarks (`npm run bench:*`) open the page with `?bench` to time panels and replay their SQL on
 * native DuckDB. Only this page's own scripts can reach these hooks; nothing is exposed otherwise.
 */
export function exposeBenchHooks(session: Session): void {
  const hooks: BenchHooks = {
    startLog: () => {
      session.queryLog = [];
      session.queryTimes = [];
    },
    rows: async (sql) =>
      (await session.query(sql))
        .toArray()
        .map((r) =>
          Object.fromEntries(
            Object.entries(r.toJSON() as Record<string, unknown>).map(([k, v]) => [
              k,
              typeof v === 'bigint' ? String(v) : v,
            ]),
          ),
        ),
    takeLog: () => session.queryLog?.splice(0) ?? [],
    takeTimings: () => {
      // The worker answers one query at a time, in order: a query's own time starts when it was sent
      // or when the one before it was answered, whichever is later.
      const done = (session.queryTimes?.splice(0) ?? []).sort((a, b) => a.done - b.done);
      let free = -Infinity;
      return done.map(({ sql, sent, done: end }) => {
        const ms = end - Math.max(sent, free);
        free = end;
        return { sql, ms: Math.round(ms), sent, done: end };
      });
    },
  };
  (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench = hooks;
}
