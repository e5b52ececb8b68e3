/**
 * Keeps only the newest answer: when filters change while a query is in flight, the older result is
 * dropped instead of overwriting the newer one.
 */
export function latestOnly<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  let generation = 0;
  return async (...args: A): Promise<{ current: boolean; value: R }> => {
    const mine = ++generation;
    const value = await fn(...args);
    return { current: mine === generation, value };
  };
}
