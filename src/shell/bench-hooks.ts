import type { Session } from './session.svelte';

export interface BenchHooks {
  /** Runs SQL and returns plain rows (bigints as strings) — for benchmark scripts only. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** SQL the UI ran since the last `takeLog()`. */
  takeLog(): string[];
}

/**
 * Benchmarks (`npm run bench:*`) open the page with `?bench` to time panels and replay their SQL on
 * native DuckDB. Only this page's own scripts can reach these hooks; nothing is exposed otherwise.
 */
export function exposeBenchHooks(session: Session): void {
  session.queryLog = [];
  const hooks: BenchHooks = {
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
  };
  (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench = hooks;
}
