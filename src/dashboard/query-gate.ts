/**
 * The dashboard's door to the engine for panel queries. The engine runs one query at a time, so a
 * filter change used to wait behind every query of the states before it. Here queries wait on the
 * main thread instead, at most eight at a time sent to the worker, and:
 *   - superseded: when the filters move on (`scope` for a new state), queries still waiting for an
 *     older state are rejected with SupersededError and never reach the worker;
 *   - shared: the same SQL asked twice while it waits or runs is run once;
 *   - cached: answers are kept per data version, so going back to a state already seen (clear all →
 *     the overview) costs nothing. `invalidate` forgets them whenever tables may have changed.
 */
import type { Table } from 'apache-arrow';
import type { Querier } from '../analysis/types';
import { SupersededError } from '../analysis/superseded';

export interface QueryGateOptions {
  /** Keep answers for reuse (default true; the benchmark turns it off to time every query). */
  cache?: boolean;
  /** Answers kept, least recently used dropped first. */
  maxEntries?: number;
  /** Larger answers (e.g. an export of every flag) are not kept. */
  maxRows?: number;
  /**
   * Queries sent to the worker before the first is answered (default 8). Turning answers into charts
   * can hold the page for 60–140 ms, and the next query is sent only when the page takes an answer:
   * with two sent, the worker sat idle for about 100 ms of a 1 s region change at a million rows.
   * Eight are most of one panel's queries, and the slow ones (phrase tables) are sent last, so
   * little work of a state dropped at once reaches the worker; the rest wait on the main thread,
   * where a newer state drops them. Measured (bench:panels, first region change, alternated): 4 → 1,017–1,180 ms,
   * 8 → 813–891 ms.
   */
  inFlight?: number;
  /**
   * Queries sent at once when the state has lasted `settleMs` (default: `inFlight`, no change). A
   * state that lasts is not a half-set range: more of its queries can wait at the worker, which
   * then does not sit idle while the page turns answers into charts. The first moments stay at
   * `inFlight`, so a state replaced at once (a range set in two steps) sent few queries.
   * Measured (bench:panels, one sitting): 8 → 16 throughout took kind = 项目支出 685 → 592 ms and
   * years 2018–2023 749 → 709 ms, but year 2021–2021 (set in two steps) 694 → 822 ms. Then 16 →
   * 64 after 100 ms (a slower machine, two runs each, alternated): kind = 项目支出 911/810 → 754/716
   * ms, 部门整体支出 1,119/752 → 928/786, region changes' medians 917/847 → 775/698.
   */
  settledInFlight?: number;
  settleMs?: number;
  /**
   * Runs before a query is sent (e.g. makes the tables it reads: row-copies.ts); the function it
   * resolves to is called once the query has run.
   */
  prepare?: (sql: string) => Promise<() => void>;
  /** Called when every answer is forgotten (any table may have changed). */
  onInvalidate?: () => void;
  /**
   * Lower goes first among waiting queries (default: all 0, in the order asked). With it, the
   * queries one update asks for are sent a moment later (a few microtask turns, #schedulePump), so
   * all of them are there to be ordered: the slow ones last, and a state superseded at once (a
   * range set in two steps) has only cheap queries at the engine when the next one comes.
   */
  priority?: (sql: string) => number;
}

interface Job {
  sql: string;
  /** The newest state that asked for it. */
  generation: number;
  /** The table epoch when it was sent to the worker (null while it waits). */
  epoch: number | null;
  promise: Promise<Table>;
  priority: number;
  resolve: (t: Table) => void;
  reject: (e: unknown) => void;
}

/** Microtask turns an update's queries are gathered over before the first is sent (#schedulePump). */
export const PUMP_HOPS = 32;

/** Runs `fn` after `hops` further microtask turns: later than the microtasks queued before it, before any task. */
function afterMicrotasks(hops: number, fn: () => void): void {
  if (hops <= 0) fn();
  else queueMicrotask(() => afterMicrotasks(hops - 1, fn));
}

export class QueryGate {
  readonly #run: Querier;
  readonly #cache: Map<string, Table> | null;
  readonly #maxEntries: number;
  readonly #maxRows: number;
  readonly #inFlight: number;
  readonly #settledInFlight: number;
  readonly #settleMs: number;
  /** Whether the current state has lasted `settleMs`; the timer that says so and fills the slots. */
  #settled = false;
  #settleTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #prepare: ((sql: string) => Promise<() => void>) | null;
  readonly #onInvalidate: (() => void) | null;
  readonly #priority: ((sql: string) => number) | null;
  #pumpScheduled = false;
  #generation = 0;
  #version: number | null = null;
  /** Bumped by `invalidate`: an answer computed before it is not cached. */
  #epoch = 0;
  #waiting: Job[] = [];
  #running = 0;
  /** Jobs a new request may share: waiting ones, and the running one if tables did not change since. */
  readonly #shared = new Map<string, Job>();

  constructor(run: Querier, options: QueryGateOptions = {}) {
    this.#run = run;
    this.#cache = options.cache === false ? null : new Map();
    this.#maxEntries = options.maxEntries ?? 400;
    this.#maxRows = options.maxRows ?? 10_000;
    this.#inFlight = Math.max(1, options.inFlight ?? 8);
    this.#settledInFlight = Math.max(this.#inFlight, options.settledInFlight ?? this.#inFlight);
    this.#settleMs = Math.max(0, options.settleMs ?? 100);
    this.#prepare = options.prepare ?? null;
    this.#onInvalidate = options.onInvalidate ?? null;
    this.#priority = options.priority ?? null;
  }

  /**
   * A querier for a new filter state of data version `version`. Queries still waiting for earlier
   * states are rejected with SupersededError; a new version also forgets every cached answer.
   */
  scope(version: number): Querier {
    if (version !== this.#version) {
      this.#version = version;
      this.invalidate();
    }
    const generation = ++this.#generation;
    if (this.#settledInFlight > this.#inFlight) {
      this.#settled = false;
      if (this.#settleTimer !== null) clearTimeout(this.#settleTimer);
      this.#settleTimer = setTimeout(() => {
        this.#settleTimer = null;
        this.#settled = true;
        this.#fill();
      }, this.#settleMs);
    }
    const stale = this.#waiting.filter((j) => j.generation < generation);
    this.#waiting = this.#waiting.filter((j) => j.generation >= generation);
    for (const job of stale) {
      this.#shared.delete(job.sql);
      job.reject(new SupersededError());
    }
    return (sql) => this.#request(sql, generation);
  }

  /**
   * Tables changed (loaded, rebuilt, or perhaps by a notebook cell): forget every answer, or only
   * those whose SQL `affected` picks (e.g. the ones reading the rebuilt phrase tables).
   */
  invalidate(affected?: (sql: string) => boolean): void {
    this.#epoch++;
    if (!affected) {
      this.#cache?.clear();
      this.#onInvalidate?.();
    } else {
      for (const sql of [...(this.#cache?.keys() ?? [])]) {
        if (affected(sql)) this.#cache!.delete(sql);
      }
    }
    // A query already running may have read the old tables: later requests run it again.
    for (const [sql, job] of this.#shared) if (job.epoch !== null) this.#shared.delete(sql);
  }

  #request(sql: string, generation: number): Promise<Table> {
    if (generation < this.#generation) return Promise.reject(new SupersededError());
    const hit = this.#cache?.get(sql);
    if (hit) {
      // Most recently used goes last, so the oldest is the first key.
      this.#cache!.delete(sql);
      this.#cache!.set(sql, hit);
      return Promise.resolve(hit);
    }
    const shared = this.#shared.get(sql);
    if (shared) {
      shared.generation = Math.max(shared.generation, generation);
      return shared.promise;
    }
    let resolve!: (t: Table) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<Table>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const priority = this.#priority?.(sql) ?? 0;
    const job: Job = { sql, generation, epoch: null, promise, priority, resolve, reject };
    this.#waiting.push(job);
    this.#shared.set(sql, job);
    if (this.#priority) this.#schedulePump();
    else this.#pump();
    return promise;
  }

  /**
   * Fills the free slots once the update asking for queries has asked for all: after PUMP_HOPS more
   * microtask turns, which the panels' loaders take to ask (each `await` of an answer already held
   * is one). Not in the next task, as it was: after a filter change the browser draws a frame before
   * any task (the panels' loading state, 40–60 ms at a million rows), and the worker sat idle
   * through it.
   */
  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    afterMicrotasks(PUMP_HOPS, () => {
      this.#pumpScheduled = false;
      this.#fill();
    });
  }

  /** Sends waiting queries while there are free slots. */
  #fill(): void {
    while (this.#running < this.#limit() && this.#waiting.length) this.#pump();
  }

  /** Queries the worker may hold now: more once the state has lasted `settleMs`. */
  #limit(): number {
    return this.#settled ? this.#settledInFlight : this.#inFlight;
  }

  /** The waiting job to send next: the first of the lowest priority. */
  #next(): Job | undefined {
    let best = 0;
    for (let i = 1; i < this.#waiting.length; i++)
      if (this.#waiting[i]!.priority < this.#waiting[best]!.priority) best = i;
    return this.#waiting.splice(best, 1)[0];
  }

  #pump(): void {
    if (this.#running >= this.#limit()) return;
    const job = this.#next();
    if (!job) return;
    this.#running++;
    job.epoch = this.#epoch;
    const finish = () => {
      if (this.#shared.get(job.sql) === job) this.#shared.delete(job.sql);
      this.#running--;
      this.#pump();
    };
    this.#send(job.sql).then(
      (table) => {
        if (this.#cache && job.epoch === this.#epoch && table.numRows <= this.#maxRows)
          this.#keep(job.sql, table);
        finish();
        job.resolve(table);
      },
      (e: unknown) => {
        finish();
        job.reject(e);
      },
    );
  }

  async #send(sql: string): Promise<Table> {
    const release = this.#prepare ? await this.#prepare(sql) : null;
    try {
      return await this.#run(sql);
    } finally {
      release?.();
    }
  }

  #keep(sql: string, table: Table): void {
    const cache = this.#cache!;
    cache.set(sql, table);
    while (cache.size > this.#maxEntries) cache.delete(cache.keys().next().value!);
  }
}
