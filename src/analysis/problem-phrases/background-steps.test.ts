/**
 * Background steps (background-steps.ts) on a fake clock: each step "takes" 1 ms; tasks run in the
 * order and at the times they were scheduled.
 */
import { describe, expect, it } from 'vitest';
import { runInBackground, type BackgroundClock, type BackgroundOptions } from './background-steps';

function fakeClock() {
  let time = 0;
  const tasks: { at: number; run: () => void }[] = [];
  const clock: BackgroundClock = {
    now: () => time,
    later: (run, ms) => void tasks.push({ at: time + ms, run }),
  };
  return {
    clock,
    advance: (ms: number) => (time += ms),
    get time() {
      return time;
    },
    /** Runs the next task due (moving the clock to it); false when none is left. */
    runNext(): boolean {
      tasks.sort((a, b) => a.at - b.at);
      const task = tasks.shift();
      if (!task) return false;
      time = Math.max(time, task.at);
      task.run();
      return true;
    },
    pending: () => tasks.length,
  };
}

/** n steps of 1 ms each on `c`, recording when each ran; returns n. */
function* stepsOf(c: ReturnType<typeof fakeClock>, n: number, ran: number[]): Generator<void, number, void> {
  for (let i = 0; i < n; i++) {
    ran.push(c.time);
    c.advance(1);
    if (i < n - 1) yield;
  }
  return n;
}

/** n steps of 1 ms run in the background on a fresh fake clock: when each ran, and the result. */
function started(n: number, options: BackgroundOptions) {
  const c = fakeClock();
  const ran: number[] = [];
  let result: number | null = null;
  const run = runInBackground(stepsOf(c, n, ran), (v) => (result = v), options, c.clock);
  return { c, ran, run, result: () => result };
}

describe('background steps', () => {
  it('run in slices of about sliceMs, one per task, and hand over the result', () => {
    const { c, ran, result } = started(20, { sliceMs: 5, quietMs: 100 });
    expect(ran).toHaveLength(0); // nothing runs in the caller's task
    let tasks = 0;
    while (c.runNext()) tasks++;
    expect(ran).toHaveLength(20);
    expect(result()).toBe(20);
    // 5 steps of 1 ms per slice: 4 slices.
    expect(tasks).toBe(4);
  });

  it('hold off while requests come, and resume quietMs after the last', () => {
    const { c, ran, run, result } = started(10, { sliceMs: 2, quietMs: 50 });
    c.runNext(); // slice 1: steps at 0, 1
    expect(ran).toEqual([0, 1]);
    run.touch(); // a request at 2
    c.advance(20);
    run.touch(); // another at 22
    while (c.runNext());
    // Nothing ran between the first slice and 22 + 50.
    expect(ran.slice(2).every((t) => t >= 72)).toBe(true);
    expect(ran).toHaveLength(10);
    expect(result()).toBe(10);
  });

  it('stop for good: no more steps, no result', () => {
    const { c, ran, run, result } = started(10, { sliceMs: 2, quietMs: 50 });
    c.runNext();
    run.stop();
    while (c.runNext());
    expect(ran).toEqual([0, 1]);
    expect(result()).toBeNull();
    expect(c.pending()).toBe(0);
  });
});
