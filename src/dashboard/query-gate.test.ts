/**
 * The gate in front of the engine: what reaches the "worker" (a fake that answers when told to),
 * what is dropped when the filters move on, and when a cached answer may be reused.
 */
import { tableFromArrays, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isSuperseded } from '../analysis/superseded';
import { PUMP_HOPS, QueryGate } from './query-gate';

/** A one-query-at-a-time engine whose answers the test releases; `sent` is what reached it. */
function fakeEngine() {
  const sent: string[] = [];
  const open: { sql: string; answer: (t: Table) => void; fail: (e: Error) => void }[] = [];
  let runs = 0;
  const run = (sql: string) =>
    new Promise<Table>((answer, fail) => {
      sent.push(sql);
      runs++;
      open.push({ sql, answer, fail });
    });
  /** Answers the oldest running query with one row naming it and how many queries ran before. */
  const answerNext = async () => {
    const q = open.shift();
    if (!q) throw new Error('nothing is running');
    q.answer(tableFromArrays({ sql: [q.sql], run: Int32Array.from([runs]) }));
    await new Promise((r) => setTimeout(r, 0));
  };
  const failNext = async (message: string) => {
    open.shift()?.fail(new Error(message));
    await new Promise((r) => setTimeout(r, 0));
  };
  return { run, sent, answerNext, failNext, running: () => open.length };
}

const sqlOf = (t: Table) => String(t.get(0)?.sql);
/** One query at a time to the engine, so each test can say exactly what reached it when. */
const ONE = { inFlight: 1 };

describe('QueryGate', () => {
  it('sends one query at a time, in order', async () => {
    const engine = fakeEngine();
    const q = new QueryGate(engine.run, ONE).scope(1);
    const a = q('SELECT 1');
    const b = q('SELECT 2');
    expect(engine.sent).toEqual(['SELECT 1']);
    await engine.answerNext();
    expect(engine.sent).toEqual(['SELECT 1', 'SELECT 2']);
    await engine.answerNext();
    expect(sqlOf(await a)).toBe('SELECT 1');
    expect(sqlOf(await b)).toBe('SELECT 2');
  });

  it('keeps eight queries at the engine by default, so it has work while the page draws', async () => {
    const engine = fakeEngine();
    const q = new QueryGate(engine.run).scope(1);
    const sqls = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => `SELECT ${i}`);
    const all = sqls.map((sql) => q(sql));
    expect(engine.sent).toEqual(sqls.slice(0, 8));
    await engine.answerNext();
    expect(engine.sent).toEqual(sqls.slice(0, 9));
    for (let i = 0; i < 9; i++) await engine.answerNext();
    expect(engine.sent).toEqual(sqls);
    expect((await Promise.all(all)).map(sqlOf)).toEqual(sqls);
  });

  it('sends more queries at once when a state has lasted, and few again for the next state', async () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, { inFlight: 2, settledInFlight: 4, settleMs: 40 });
    const first = gate.scope(1);
    const settled = Promise.allSettled([1, 2, 3, 4, 5, 6].map((i) => first(`SELECT ${i}`)));
    expect(engine.running()).toBe(2);
    await new Promise((r) => setTimeout(r, 60));
    // Settled: two more sent without waiting for an answer.
    expect(engine.sent).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 4']);
    await engine.answerNext();
    expect(engine.running()).toBe(4);
    // A new state: its queries fill only up to two again (the four still running count), until it lasts.
    const second = gate.scope(1);
    const later = Promise.allSettled([7, 8, 9].map((i) => second(`SELECT ${i}`)));
    await engine.answerNext();
    await engine.answerNext();
    await engine.answerNext();
    expect(engine.sent.slice(5)).toEqual(['SELECT 7']); // beside 5, still running
    await new Promise((r) => setTimeout(r, 60));
    expect(engine.sent.slice(5)).toEqual(['SELECT 7', 'SELECT 8', 'SELECT 9']);
    while (engine.running()) await engine.answerNext();
    // Five were sent before the state moved on; the sixth was dropped.
    expect((await settled).map((r) => r.status)).toEqual([...Array(5).fill('fulfilled'), 'rejected']);
    expect((await later).every((r) => r.status === 'fulfilled')).toBe(true);
  });

  it('drops the queries of a superseded filter state before they reach the engine', async () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, ONE);
    const old = gate.scope(1);
    const running = old('SELECT old_running');
    const waiting = old('SELECT old_waiting').catch((e: unknown) => e);
    const fresh = gate.scope(1);
    const next = fresh('SELECT new');
    // The old state's waiting query is rejected as superseded; the one already running finishes.
    expect(isSuperseded(await waiting)).toBe(true);
    await expect(old('SELECT old_later')).rejects.toSatisfy(isSuperseded);
    await engine.answerNext();
    expect(sqlOf(await running)).toBe('SELECT old_running');
    await engine.answerNext();
    expect(sqlOf(await next)).toBe('SELECT new');
    expect(engine.sent).toEqual(['SELECT old_running', 'SELECT new']);
  });

  it('keeps a query the new state also asked for', async () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, ONE);
    const old = gate.scope(1);
    void old('SELECT first');
    const both = old('SELECT shared').catch((e: unknown) => e);
    const fresh = gate.scope(1);
    const again = fresh('SELECT shared');
    await engine.answerNext();
    // Asked again after the old state's copy was dropped: it runs once, for the new state.
    expect(isSuperseded(await both)).toBe(true);
    await engine.answerNext();
    expect(sqlOf(await again)).toBe('SELECT shared');
    expect(engine.sent).toEqual(['SELECT first', 'SELECT shared']);
  });

  it('runs the same SQL asked twice at once only once', async () => {
    const engine = fakeEngine();
    const q = new QueryGate(engine.run, { ...ONE, cache: false }).scope(1);
    const a = q('SELECT count(*) FROM evaluations');
    const b = q('SELECT count(*) FROM evaluations');
    await engine.answerNext();
    expect(await a).toBe(await b);
    expect(engine.sent).toHaveLength(1);
  });

  it('answers a state seen before from the cache, until the data version changes', async () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, ONE);
    const first = gate.scope(1)('SELECT overview');
    await engine.answerNext();
    const cached = gate.scope(1)('SELECT overview');
    expect(await cached).toBe(await first);
    expect(engine.sent).toHaveLength(1);

    const reloaded = gate.scope(2)('SELECT overview');
    expect(engine.running()).toBe(1);
    await engine.answerNext();
    expect(await reloaded).not.toBe(await first);
    expect(engine.sent).toHaveLength(2);
  });

  it('forgets answers when tables change without a new version (phrase tables rebuilt)', async () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, ONE);
    const q = gate.scope(1);
    void q('SELECT phrases');
    await engine.answerNext();
    gate.invalidate();
    void q('SELECT phrases');
    expect(engine.sent).toEqual(['SELECT phrases', 'SELECT phrases']);
  });

  it('forgets only the answers that read the rebuilt tables when told which', async () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, ONE);
    const q = gate.scope(1);
    for (const sql of ['SELECT * FROM problem_phrases', 'SELECT count(*) FROM evaluations']) {
      void q(sql);
      await engine.answerNext();
    }
    gate.invalidate((sql) => sql.includes('problem_'));
    void q('SELECT * FROM problem_phrases');
    void q('SELECT count(*) FROM evaluations');
    expect(engine.sent).toEqual([
      'SELECT * FROM problem_phrases',
      'SELECT count(*) FROM evaluations',
      'SELECT * FROM problem_phrases',
    ]);
  });

  it('does not cache an answer computed while the tables changed', async () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, ONE);
    const q = gate.scope(1);
    const during = q('SELECT phrases');
    gate.invalidate();
    // Asked again after the change: not shared with the run that may have read the old tables.
    const after = q('SELECT phrases');
    await engine.answerNext();
    await engine.answerNext();
    expect(await during).not.toBe(await after);
    void q('SELECT phrases');
    expect(engine.sent).toHaveLength(2);
  });

  it('does not cache failures, and keeps going after one', async () => {
    const engine = fakeEngine();
    const q = new QueryGate(engine.run, ONE).scope(1);
    const bad = q('SELECT broken').catch((e: unknown) => e);
    const good = q('SELECT fine');
    await engine.failNext('Catalog Error: Table with name broken does not exist!');
    expect(String(await bad)).toContain('broken does not exist');
    await engine.answerNext();
    expect(sqlOf(await good)).toBe('SELECT fine');
    void q('SELECT broken');
    expect(engine.sent).toEqual(['SELECT broken', 'SELECT fine', 'SELECT broken']);
  });

  it('runs everything afresh with the cache turned off', async () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, { ...ONE, cache: false });
    void gate.scope(1)('SELECT overview');
    await engine.answerNext();
    void gate.scope(1)('SELECT overview');
    expect(engine.sent).toHaveLength(2);
  });

  it('keeps only the most recently used answers', async () => {
    const engine = fakeEngine();
    const q = new QueryGate(engine.run, { ...ONE, maxEntries: 2 }).scope(1);
    for (const sql of ['SELECT a', 'SELECT b']) {
      void q(sql);
      await engine.answerNext();
    }
    await q('SELECT a'); // a is now the most recent, b the oldest
    void q('SELECT c');
    await engine.answerNext();
    void q('SELECT a');
    void q('SELECT b');
    expect(engine.sent).toEqual(['SELECT a', 'SELECT b', 'SELECT c', 'SELECT b']);
  });

  it('prepares each query before sending it and releases after its answer', async () => {
    const engine = fakeEngine();
    const events: string[] = [];
    const gate = new QueryGate(engine.run, {
      ...ONE,
      prepare: async (sql) => {
        events.push(`prepare ${sql}`);
        await new Promise((r) => setTimeout(r, 0));
        return () => events.push(`release ${sql}`);
      },
    });
    const a = gate.scope(1)('SELECT 1');
    expect(engine.sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(engine.sent).toEqual(['SELECT 1']);
    expect(events).toEqual(['prepare SELECT 1']);
    await engine.answerNext();
    expect(sqlOf(await a)).toBe('SELECT 1');
    expect(events).toEqual(['prepare SELECT 1', 'release SELECT 1']);
  });

  it('does not send a query whose preparation failed, and sends the next', async () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, {
      ...ONE,
      prepare: (sql) =>
        sql === 'SELECT 1' ? Promise.reject(new Error('no copy')) : Promise.resolve(() => {}),
    });
    const q = gate.scope(1);
    const a = q('SELECT 1');
    const b = q('SELECT 2');
    await expect(a).rejects.toThrow('no copy');
    await new Promise((r) => setTimeout(r, 0));
    expect(engine.sent).toEqual(['SELECT 2']);
    await engine.answerNext();
    expect(sqlOf(await b)).toBe('SELECT 2');
  });

  /** A gate holding two at the worker, with the queries that say 'slow' sent last. */
  const slowLastGate = () => {
    const engine = fakeEngine();
    const gate = new QueryGate(engine.run, {
      inFlight: 2,
      priority: (sql) => (sql.includes('slow') ? 1 : 0),
    });
    return { engine, gate };
  };

  it('sends the slow kind last among the queries of one update, so a state dropped at once had only cheap ones sent', async () => {
    const { engine, gate } = slowLastGate();
    const first = gate.scope(1);
    // Settled as they go: the dropped ones reject when the next state comes.
    const settled = Promise.allSettled([
      first('SELECT slow 1'),
      first('SELECT slow 2'),
      first('SELECT 1'),
      first('SELECT 2'),
      first('SELECT 3'),
    ]);
    // Nothing yet: the update may still be asking.
    expect(engine.sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(engine.sent).toEqual(['SELECT 1', 'SELECT 2']);
    // The state moves on (the second half of a range): the rest never reach the engine.
    const next = gate.scope(1);
    const kept = next('SELECT slow 3');
    await engine.answerNext();
    await engine.answerNext();
    expect(engine.sent).toEqual(['SELECT 1', 'SELECT 2', 'SELECT slow 3']);
    await engine.answerNext();
    expect(sqlOf(await kept)).toBe('SELECT slow 3');
    expect(
      (await settled).map((r) => (r.status === 'rejected' ? isSuperseded(r.reason) : 'answered')),
    ).toEqual([true, true, 'answered', 'answered', true]);
  });

  it("sends an update's queries before the next task, ordered across the microtask turns they were asked in", async () => {
    const { engine, gate } = slowLastGate();
    const ask = gate.scope(1);
    const turn = () => new Promise<void>((r) => queueMicrotask(r));
    let taskRan = false;
    setTimeout(() => (taskRan = true), 0);
    void ask('SELECT slow 1').catch(() => undefined);
    // A loader awaiting answers already held asks a few turns later: still in time to go first.
    for (let i = 0; i < 5; i++) await turn();
    void ask('SELECT 1').catch(() => undefined);
    void ask('SELECT 2').catch(() => undefined);
    expect(engine.sent).toEqual([]);
    for (let i = 0; i < PUMP_HOPS; i++) await turn();
    // Sent with no task in between (a frame could be drawn before one).
    expect(taskRan).toBe(false);
    expect(engine.sent).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('tells when it forgets everything, not when it forgets some answers', () => {
    let told = 0;
    const gate = new QueryGate(fakeEngine().run, { onInvalidate: () => told++ });
    gate.invalidate((sql) => sql.includes('problem_'));
    expect(told).toBe(0);
    gate.invalidate();
    gate.scope(1);
    gate.scope(2);
    expect(told).toBe(3);
  });
});
