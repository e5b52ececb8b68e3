/**
 * Runs a generator's steps as background work in a worker: a short slice per task, so a request
 * waits at most a slice, and none while requests keep coming (`touch`), so it does not take a core
 * from a filter change's own work.
 *
 * Why: the phrase counter makes its cell tallies (cell-counts.ts) after a build, ~1–2 s of CPU at a
 * million evaluations. Made in 50,000-row pieces one after another, they were still being made
 * during the analyst's first change and took ~400 ms of CPU in it, beside the engine's worker and
 * the page on a two-core machine, and each piece held the change's count back by up to ~100 ms.
 */

export interface BackgroundClock {
  now(): number;
  /** Calls `run` after `ms` (in the counting worker: setTimeout, or a message to itself for 0). */
  later(run: () => void, ms: number): void;
}

export interface BackgroundOptions {
  /** Steps run back to back for about this long, then the task ends. */
  sliceMs: number;
  /** No step runs until this long after the last `touch`. */
  quietMs: number;
}

export interface BackgroundRun {
  /** A request came: hold off for `quietMs` from now. */
  touch(): void;
  /** Stops for good (a newer build replaced the work); `done` is never called. */
  stop(): void;
}

export function runInBackground<T>(
  steps: Iterator<void, T, void>,
  done: (value: T) => void,
  options: BackgroundOptions,
  clock: BackgroundClock,
): BackgroundRun {
  let lastTouch = -Infinity;
  let stopped = false;
  const slice = () => {
    if (stopped) return;
    const wait = lastTouch + options.quietMs - clock.now();
    if (wait > 0) return clock.later(slice, wait);
    const until = clock.now() + options.sliceMs;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        stopped = true;
        return done(step.value);
      }
      if (clock.now() >= until) return clock.later(slice, 0);
    }
  };
  clock.later(slice, 0);
  return {
    touch: () => (lastTouch = clock.now()),
    stop: () => (stopped = true),
  };
}
