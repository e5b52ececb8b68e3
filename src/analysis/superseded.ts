/**
 * A panel query that was never run because the filters (or the data) changed before its turn came:
 * nobody wants its answer any more. Panels drop it silently, like a result that arrives too late.
 */
export class SupersededError extends Error {
  override readonly name = 'SupersededError';
  constructor() {
    super('The filters changed before this query ran, so it was not run.');
  }
}

export function isSuperseded(e: unknown): e is SupersededError {
  return e instanceof SupersededError;
}
