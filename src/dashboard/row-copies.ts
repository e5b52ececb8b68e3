/**
 * Copies of the rows a filter state keeps. After a filter change the panels run about twenty
 * queries, and each used to scan all of `evaluations` (a million rows) to apply the same filters.
 * Now the first query of a state copies the rows the filters keep into a temporary table, and the
 * rest read that copy. A narrower state (region, then a year as well) is copied from the copy of
 * the wider one, not from the whole table.
 *
 * Correctness does not depend on which copy a query reads: panel SQL still applies `filterWhere`,
 * and a copy holds every row of its table that its filters keep (the same conditions or fewer), so
 * the answer is the one the canonical table gives. `canonical` turns the SQL back into that form
 * for 查看SQL, drill-downs and exports, which may run after the copy is gone.
 *
 * Names are stable per set of conditions (`dash_e3`, `dash_a3`), so the query gate's cached answers
 * for a state seen before still match; the copy itself is made again only when a query misses.
 *
 * A state that filters by region, or by kind alone, needs no copy of evaluations or flags once they
 * are stored kind by kind and region after region (the phrase build's clustered evaluations, the
 * stored audit flags): its rows are a run or two of row groups, which DuckDB finds by their min/max,
 * so a query on the stored table costs what it costs on a copy and the copy's writing is saved
 * (measured at a million rows in the browser: the same 8–60 ms per panel query for a region, whose
 * copy took 75–85 ms; 26–330 ms for the kind that keeps 38 % of the rows, whose copy took 470 ms).
 * Such a state's `dash_e`/`dash_a` is a view. A kind with another filter (a year, a supervisor) is
 * copied: the other condition would be tested on most rows by every query instead of once.
 *
 * The panel SQL's own tests of a copy's rows are made cheap: a view on the clustered table finds
 * its kinds and regions by their integer codes, and a label the state keeps to one value (one kind,
 * one region…) is written out as that value in the copy, so `kind IN ('部门整体支出')` is decided
 * before any row is read (see `writtenOut`).
 *
 * The row lists (under 60 %, over 100 %, 优 under 80 %, rates off spent ÷ budget) read a state's
 * `dash_l`: a view on the few percent of the clustered rows such a list can show (LISTED, taken once
 * per `cluster`), so a wide state's list does not scan most of a million rows for them.
 */
import { filterParts, sqlString, type Filters } from '../analysis/filters';
import { filteredTextsSql } from '../analysis/problem-phrases/queries';
import type { Querier } from '../analysis/types';
import type { Table } from 'apache-arrow';
import { visibleTotalsSql } from '../analysis/audit/flag-table';
import { CODED_COLUMNS } from '../analysis/problem-phrases/build';
import {
  rateListCondition,
  rateMismatchCondition,
} from '../analysis/execution-rate/build-execution-rate-sql';
import { SUSPICIOUS } from '../analysis/score-inflation/build-score-inflation-sql';
import { answersFromCubes, CUBE_KINDS, CUBE_NAME, cubeTable, type CubeKind } from '../analysis/cubes';
import { loadHeldRates, type HeldRates } from '../analysis/execution-rate/held-rates';
import { cubeTableSql } from '../analysis/cube-tables';

/**
 * The rows a list can show (listedTable in filters.ts): every list's condition, so a list on them
 * answers as on all rows. ~9 % of the generator's million rows.
 */
const LISTED = [rateListCondition('under'), rateListCondition('over'), SUSPICIOUS, rateMismatchCondition()]
  .map((c) => `(${c})`)
  .join(' OR ');

/** Each (year, kind, total_id) of the clustered rows, once per `cluster`: a state of years and kinds' visible totals. */
const TOTALS_CUBE = 'dash_cube_totals';

/** The clustered rows LISTED keeps, once per `cluster` (not dash_l<n>: no state's copy). */
const LISTED_BASE = 'dash_listed';

/** Makes LISTED_BASE from the clustered table (also the panels bench's native replica). */
export function listedRowsSql(clustered: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${LISTED_BASE} AS SELECT * FROM ${clustered} WHERE ${LISTED}`;
}

/**
 * What is copied from where. Evaluation copies keep what panel aggregates read and every filter
 * column; the long problems and suggestions texts stay behind.
 */
const KINDS = {
  e: {
    table: 'evaluations',
    columns: [
      ...['unit', 'supervisor', 'region', 'year', 'kind', 'project', 'score', 'grade', 'review_score'],
      ...['budget', 'spent', 'execution_rate', 'source_file', 'source_row'],
    ],
  },
  a: { table: 'audit_flags' },
} as const;

/**
 * Every evaluation copy has `unit_key`, one to one with unit: problem_units' unit_id in a copy of the
 * clustered table (grouping and joining on it is ~3× cheaper than on the name), the name itself in
 * a copy of evaluations. SQL on copies may group by it either way (departmentsSql); only the copies
 * have it. A copy of the clustered table keeps its total_id too (build.ts: problem_totals).
 */
function copiedColumns(from: 'evaluations' | 'clustered' | Copy): string {
  if (from === 'evaluations') return 'unit AS unit_key';
  if (from === 'clustered') return 'unit_id AS unit_key, total_id';
  return from.clustered ? 'unit_key, total_id' : 'unit_key';
}

/** The label filters a copy may hold as one value: its column is then that value, written out. */
const LABELS = {
  unit: 'units',
  supervisor: 'supervisors',
  region: 'regions',
  kind: 'kinds',
  grade: 'grades',
} as const satisfies Record<string, keyof Filters>;

/**
 * A copy's columns with every label the state keeps to one value written as that value: a panel
 * query's own test of it (`kind IN ('部门整体支出')`) is then decided before any row is read instead
 * of comparing every row's text again (kind = 部门整体支出 at a million rows, in the browser: mean
 * score by year 60–70 → ~20 ms). Every row of the copy has that value, so the answers are the same.
 */
function writtenOut(columns: readonly string[], f: Filters): string[] {
  return columns.map((c) => oneValue(c, f) ?? c);
}

/** `column` as the one value the state keeps it to, or null (not a label, or not one value). */
function oneValue(column: string, f: Filters): string | null {
  const values = column in LABELS ? f[LABELS[column as keyof typeof LABELS]] : [];
  return values.length === 1 ? `CAST(${sqlString(values[0]!)} AS VARCHAR) AS ${column}` : null;
}

/** The same for `SELECT *`: DuckDB's REPLACE, or nothing to replace. */
function starWrittenOut(f: Filters): string {
  const replaced = Object.keys(LABELS).flatMap((c) => oneValue(c, f) ?? []);
  return replaced.length ? `* REPLACE (${replaced.join(', ')})` : '*';
}

/** value → code of each coded column of the clustered table (build.ts: problem_codes). */
type Codes = Map<string, Map<string, number>>;

/**
 * The state's conditions on the clustered table, kinds and regions tested by their codes (build.ts):
 * a value no row has gets code -1, which no row has either.
 */
function codedParts(f: Filters, codes: Codes): string[] {
  const rest = filterParts({ ...f, kinds: [], regions: [] });
  const coded = CODED_COLUMNS.flatMap((c) => {
    const values = f[LABELS[c]];
    if (!values.length) return [];
    const known = codes.get(c);
    return [`${c}_code IN (${values.map((v) => known?.get(v) ?? -1).join(', ')})`];
  });
  return [...coded, ...rest];
}

/**
 * Copies (e, a); v: not a copy but the audit's visible total rows under exactly a state's
 * conditions, made from that state's evaluation copy once instead of by every audit query; s: the
 * distinct texts a state's evaluations use, which both phrase queries start from; l: a view on the
 * listed rows (LISTED) the state keeps, for the row lists.
 */
type Kind = keyof typeof KINDS | 'v' | 's' | 'l';

const COPY_NAME = /\bdash_([eavsl])(\d+)\b/g;

interface Copy {
  kind: Kind;
  id: number;
  parts: readonly string[];
  /**
   * An evaluation copy of the clustered table (or of such a copy): its unit_key is unit_id, and it
   * has total_id, the total row covering each row, so its visible totals are the totals of its
   * total_id values, not a join of its rows to the covers.
   */
  clustered: boolean;
  /** Settles when the table exists (rejects when making it failed). */
  made: Promise<void>;
  pins: number;
  lastUsed: number;
  /** Dropped by `invalidate` while pinned: dropped when the last query using it ends. */
  dead: boolean;
}

type ObjectType = 'TABLE' | 'VIEW';

export interface RowCopyOptions {
  /**
   * Copies kept per table, least recently used dropped first (default 2: a state and the one it
   * narrows; a wide state's copy can hold most of a million rows).
   */
  keep?: number;
}

export class RowCopies {
  readonly #run: Querier;
  readonly #keep: number;
  /** Conditions (joined) → id, for the page's lifetime. */
  readonly #ids = new Map<string, number>();
  /** Id → the state's conditions and its filters (without copies). */
  readonly #states = new Map<number, { parts: readonly string[]; filters: Filters }>();
  /** Copies made or being made, by name. */
  readonly #live = new Map<string, Copy>();
  /**
   * What each name is in the engine as last sent (a state's copy is a table or a view depending on
   * when it is made): DuckDB will not replace or drop a table as a view, nor the other way round.
   */
  readonly #objects = new Map<string, ObjectType>();
  #tick = 0;
  /** Where evaluation copies come from when no wider copy is kept: evaluations, or `cluster`'s table. */
  #evaluations: string = KINDS.e.table;
  /** The clustered table's codes, read once per `cluster`. */
  readonly #codes = new Once(() => this.#run(`SELECT dim, value, code FROM problem_codes`).then(readCodes));
  /** LISTED_BASE made from the clustered table, once per `cluster`. */
  readonly #listed = new Once(() => this.#run(listedRowsSql(this.#evaluations)).then(() => true as const));
  /** The cubes (analysis/cubes.ts) made from evaluations, each once until `invalidate()`. */
  readonly #cubes = new Map(
    CUBE_KINDS.map((kind) => [kind, new Once(() => this.#run(cubeTableSql(kind)).then(() => undefined))]),
  );
  /**
   * Every rate, sorted, for the counted rate distribution of cube states (held-rates.ts): read
   * beside the listed rows or when first asked, until `invalidate()`; `#rates` is set once it is in.
   */
  readonly #heldRates = new Once(() => {
    const start = performance.now();
    const read = loadHeldRates(this.#run);
    // For `npm run bench:panels` and devtools: what the read costs (waiting behind other work included).
    read.then(() => performance.measure('dashboard:held-rates', { start })).catch(() => undefined);
    return read;
  });
  #rates: HeldRates | null = null;
  /** TOTALS_CUBE made from the clustered table, once per `cluster`. */
  readonly #totals = new Once(() =>
    this.#run(
      `CREATE OR REPLACE TEMP TABLE ${TOTALS_CUBE} AS SELECT DISTINCT year, kind, total_id FROM ${this.#evaluations} WHERE total_id IS NOT NULL`,
    ).then(() => undefined),
  );

  constructor(run: Querier, options: RowCopyOptions = {}) {
    this.#run = run;
    this.#keep = Math.max(1, options.keep ?? 2);
  }

  /**
   * The filters with the copies their panel SQL should read, and whether it may read the cubes
   * (analysis/cubes.ts: years and kinds only, so nothing filtered too).
   */
  scope(f: Filters): Filters {
    const cubes = answersFromCubes(f) || undefined;
    const parts = filterParts(f);
    if (!parts.length) return { ...f, cubes };
    const key = parts.join('\n');
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#ids.size + 1;
      this.#ids.set(key, id);
      this.#states.set(id, { parts, filters: { ...f, copies: undefined } });
    }
    return {
      ...f,
      cubes,
      copies: {
        evaluations: `dash_e${id}`,
        auditFlags: `dash_a${id}`,
        visibleTotals: `dash_v${id}`,
        filteredTexts: `dash_s${id}`,
        // Before the clustered table there are no listed rows: the lists read the state's copy.
        listed: this.#clustered ? `dash_l${id}` : `dash_e${id}`,
      },
    };
  }

  /**
   * The SQL as it reads without copies (the same answer), for 查看SQL, drill-downs and exports:
   * a copy's name becomes its table's, the visible totals their query on evaluations.
   */
  canonical(sql: string): string {
    return sql.replace(COPY_NAME, (name, kind: Kind, id: string) => {
      if (kind === 'e' || kind === 'a') return KINDS[kind].table;
      if (kind === 'l') return KINDS.e.table;
      const query = this.#sql(kind, Number(id), null);
      return query ? `(${query})` : name;
    });
  }

  /**
   * Starts making the copies a state's panels read (its evaluations, visible totals, audit flags and
   * listed rows) when the state is set, not when the first query reading each gets its turn at the
   * gate: the visible totals, which the audit waits for, were made behind most of a region change's
   * queries (~0.35 s in, and done ~0.8 s into a 1.1 s change at a million rows). Settles when they
   * are made; a failure is left to the query that needs the copy (it tries again).
   */
  warm(f: Filters): Promise<void> {
    const c = f.copies;
    if (!c) return Promise.resolve();
    const names = [c.evaluations, c.visibleTotals, c.auditFlags, c.listed];
    return Promise.all(names.map((name) => this.#ensure(name).made.catch(() => undefined))).then(
      () => undefined,
    );
  }

  /**
   * Makes the copies `sql` reads (if gone) and keeps them until the returned release is called,
   * after the query has run.
   */
  async prepare(sql: string): Promise<() => void> {
    const names = new Set<string>();
    for (const m of sql.matchAll(COPY_NAME)) names.add(m[0]);
    const pinned: Copy[] = [];
    const release = () => {
      for (const copy of pinned.splice(0)) this.#unpin(copy);
    };
    try {
      for (const m of sql.matchAll(CUBE_NAME)) await this.#cubes.get(m[1] as CubeKind)!.get();
      for (const name of names) {
        const copy = this.#ensure(name);
        copy.pins++;
        pinned.push(copy);
        await copy.made;
      }
    } catch (e) {
      release();
      throw e;
    }
    return release;
  }

  /**
   * Evaluation copies are made from `table` from now on: the same rows and copied columns as
   * evaluations, stored in an order the filters skip through (the phrase build's
   * CLUSTERED_EVALUATIONS). Until the next `invalidate()`: evaluations may change after it is made.
   */
  cluster(table: string): void {
    // Copies made from evaluations read slower (names as unit_key, visible totals by a join): they
    // are made again from the clustered table when next needed.
    if (!this.#clustered) {
      this.invalidate('e');
      this.invalidate('v');
    }
    this.#evaluations = table;
    this.#codes.reset();
    this.invalidate('l');
    this.#listed.reset();
    this.#totals.reset();
  }

  /**
   * Takes the listed rows of the clustered table now (the dashboard: right after the phrase build),
   * not in the first filter change whose lists need them (~0.5 s at a million rows), and its
   * (year, kind, total) triples (TOTALS_CUBE, ~70 ms), and the held rates. Nothing before `cluster`.
   * Its kind and region codes too: the first region or kind state's views name them by number, and
   * reading them then held every other copy of that change behind it (40–64 ms at a million rows).
   */
  prepareLists(): Promise<void> {
    if (!this.#clustered) return Promise.resolve();
    return Promise.all([this.#listed.get(), this.#totals.get(), this.#holdRates(), this.#codes.get()]).then(
      () => undefined,
    );
  }

  /**
   * The held rates (held-rates.ts) of the current tables, or null while they are read: the first
   * ask after an `invalidate()` (a notebook cell ran, new data) reads them again.
   */
  heldRates(): HeldRates | null {
    if (!this.#rates) this.#holdRates().catch(() => undefined);
    return this.#rates;
  }

  #holdRates(): Promise<HeldRates | null> {
    const rates = this.#heldRates.get();
    // Held only if no invalidate() came while they were read (the tables may have changed since).
    return rates.then((held) => {
      if (this.#heldRates.current(rates)) this.#rates = held;
      return held;
    });
  }

  /**
   * The visible totals of a state of years and kinds: the totals of its rows are those of the
   * clustered rows of its years and kinds, found in TOTALS_CUBE instead of among most of a million
   * rows (years 2018–2023 in the browser: ~50–60 ms).
   */
  #cubeTotalsSql(id: number): string {
    return `SELECT t.source_file, t.source_row
FROM (SELECT DISTINCT total_id FROM ${TOTALS_CUBE} WHERE ${this.#states.get(id)!.parts.join(' AND ')}) d
JOIN problem_totals t USING (total_id)`;
  }

  get #clustered(): boolean {
    return this.#evaluations !== KINDS.e.table;
  }

  /**
   * The tables may have changed: every copy is stale and is dropped (a pinned one when released);
   * with `kind`, only the copies of that kind (s: the phrase tables were rebuilt).
   */
  invalidate(kind?: Kind): void {
    if (!kind) {
      this.#evaluations = KINDS.e.table;
      this.#listed.reset();
      this.#totals.reset();
      this.#heldRates.reset();
      this.#rates = null;
      // Made again (CREATE OR REPLACE) by the next query reading one.
      for (const cube of this.#cubes.values()) cube.reset();
    }
    for (const copy of [...this.#live.values()]) {
      if (kind && copy.kind !== kind) continue;
      this.#live.delete(nameOf(copy));
      copy.dead = true;
      if (copy.pins === 0) this.#drop(copy);
    }
  }

  /** Names of the copies currently kept (for tests). */
  get kept(): string[] {
    return [...this.#live.keys()];
  }

  #ensure(name: string): Copy {
    const found = this.#live.get(name);
    if (found) {
      found.lastUsed = ++this.#tick;
      return found;
    }
    const m = /^dash_([eavsl])(\d+)$/.exec(name)!;
    const kind = m[1] as Kind;
    const id = Number(m[2]);
    const parts = this.#states.get(id)?.parts;
    if (!parts) throw new Error(`${name}: not a copy this page made`);
    const type: ObjectType = kind === 'l' || this.#inPlace(kind, id) ? 'VIEW' : 'TABLE';
    // Visible totals come from the state's own evaluation copy; a copy from the widest one kept (a
    // view from its stored table); the texts from the phrase tables.
    const from =
      kind === 'v'
        ? this.#ensure(`dash_e${id}`)
        : kind === 's' || type === 'VIEW'
          ? null
          : this.#widest(kind, parts);
    const clustered = kind === 'e' && (from ? from.clustered : this.#clustered);
    // Read from the clustered table itself: by codes.
    const coded = kind === 'e' && !from && clustered;
    const copy: Copy = {
      kind,
      id,
      parts,
      clustered,
      made: Promise.resolve(),
      pins: 0,
      lastUsed: ++this.#tick,
      dead: false,
    };
    // The copy it is made from must stay until then.
    if (from) from.pins++;
    copy.made = (async () => {
      try {
        if (from) await from.made;
        const listed = kind === 'l' && this.#clustered ? await this.#listed.get() : false;
        const wide =
          type === 'TABLE' && !from && (kind === 'e' || kind === 'a') && (await this.#keepsMost(kind, id));
        const codes = coded || listed ? await this.#codes.get() : null;
        // A state of years and kinds finds its totals among the clustered rows' (year, kind, total).
        const totals =
          kind === 'v' && from?.clustered === true && answersFromCubes(this.#states.get(id)!.filters);
        if (totals) await this.#totals.get();
        const sql = totals ? this.#cubeTotalsSql(id) : this.#sql(kind, id, from, clustered, codes)!;
        await this.#create(name, wide ? 'VIEW' : type, sql);
      } finally {
        if (from) this.#unpin(from);
      }
    })();
    // A failed copy is forgotten, so the next query tries again.
    copy.made.catch(() => {
      if (this.#live.get(name) === copy) this.#live.delete(name);
    });
    this.#live.set(name, copy);
    this.#evict(kind, copy);
    return copy;
  }

  /**
   * What table `dash_<kind><id>` holds, made from copy `from` (null: from the canonical tables);
   * `clustered`: an evaluation copy made from the clustered table (when `from` is null), tested by
   * `codes` when given; a listed view reads the clustered table's listed rows when given `codes`.
   */
  #sql(
    kind: Kind,
    id: number,
    from: Copy | null,
    clustered = false,
    codes: Codes | null = null,
  ): string | null {
    const state = this.#states.get(id);
    if (!state) return null;
    const where = state.parts.join(' AND ');
    if (kind === 's') return filteredTextsSql(state.filters);
    // The listed rows the state keeps: from the clustered table's (by codes), or, before it,
    // from evaluations (every row: the same answers).
    if (kind === 'l') {
      const columns = writtenOut(KINDS.e.columns, state.filters).join(', ');
      if (!codes) return `SELECT ${columns} FROM ${KINDS.e.table} WHERE ${where}`;
      return `SELECT ${columns} FROM ${LISTED_BASE} WHERE ${codedParts(state.filters, codes).join(' AND ')}`;
    }
    if (kind === 'v') {
      // The same rows as the join: total_id is found through the audit's covers (build.ts). The
      // rows' own numbered total instead of probing the covers with every row (kind = 项目支出 at a
      // million rows: ~150 → ~50 ms), and its ids, not (file, row) pairs, made distinct (部门整体支出:
      // ~170–300 → ~60–75 ms).
      if (from?.clustered)
        return `SELECT t.source_file, t.source_row
FROM (SELECT DISTINCT total_id FROM ${nameOf(from)} WHERE total_id IS NOT NULL AND ${where}) d
JOIN problem_totals t USING (total_id)`;
      return visibleTotalsSql(from ? nameOf(from) : 'evaluations', where);
    }
    const table = kind === 'e' ? this.#evaluations : KINDS[kind].table;
    const columns =
      kind === 'e'
        ? `${writtenOut(KINDS.e.columns, state.filters).join(', ')}, ${copiedColumns(from ?? (clustered ? 'clustered' : 'evaluations'))}`
        : starWrittenOut(state.filters);
    const test = codes ? codedParts(state.filters, codes).join(' AND ') : where;
    return `SELECT ${columns} FROM ${from ? nameOf(from) : table} WHERE ${test}`;
  }

  async #create(name: string, type: ObjectType, sql: string): Promise<void> {
    const other: ObjectType = type === 'VIEW' ? 'TABLE' : 'VIEW';
    const before = this.#objects.get(name);
    this.#objects.set(name, type);
    if (before === other) await this.#run(`DROP ${other} IF EXISTS ${name}`);
    const create = `CREATE OR REPLACE TEMP ${type} ${name} AS ${sql}`;
    try {
      await this.#run(create);
    } catch (e) {
      // Made as the other type by an earlier RowCopies on this engine (or a notebook cell).
      if (!/Existing object \S+ is of type/.test(String(e))) throw e;
      await this.#run(`DROP ${other} IF EXISTS ${name}`);
      await this.#run(create);
    }
  }

  /**
   * Whether `dash_<kind><id>` can be a view: the state filters by region, or by kind and nothing
   * else, and the table it reads is stored in kind and region order (audit_flags always,
   * flag-table.ts; evaluations once `cluster`ed).
   */
  #inPlace(kind: Kind, id: number): boolean {
    const state = this.#states.get(id);
    if (!state) return false;
    const { regions, kinds } = state.filters;
    if (!regions.length && !(kinds.length && state.parts.length === 1)) return false;
    return kind === 'a' || (kind === 'e' && this.#clustered);
  }

  /**
   * Whether a state keeps more than half the rows of the stored table its copy would come from. Its
   * copy is then a view: writing most of a million rows cost more than every panel query filtering
   * them again (years 2018–2023, 86 % of the rows: the copy took ~930 ms, a year test per row costs
   * a few milliseconds per query). One count per state, skipped when a supervisor, unit or unit
   * search narrows it anyway.
   */
  async #keepsMost(kind: 'e' | 'a', id: number): Promise<boolean> {
    const state = this.#states.get(id);
    if (!state) return false;
    const { supervisors, units, unitSearch } = state.filters;
    if (supervisors.length || units.length || unitSearch.trim()) return false;
    const where = state.parts.join(' AND ');
    // A state of years and kinds counts its evaluations in the groups cube (a few thousand rows);
    // its flags follow its evaluations closely enough to decide a view or a copy by (either answers
    // the same).
    if (answersFromCubes(state.filters)) {
      await this.#cubes.get('groups')!.get();
      const counted = await this.#run(
        `SELECT coalesce(sum(n) FILTER (WHERE ${where}), 0) * 2 > sum(n) AS most FROM ${cubeTable('groups')}`,
      );
      return counted.get(0)?.most === true;
    }
    const table = kind === 'e' ? this.#evaluations : KINDS.a.table;
    const counted = await this.#run(
      `SELECT count(*) FILTER (WHERE ${where}) * 2 > count(*) AS most FROM ${table}`,
    );
    return counted.get(0)?.most === true;
  }

  /** The live copy with the most conditions that are all among `parts`: it holds every row needed. */
  #widest(kind: Kind, parts: readonly string[]): Copy | null {
    const wanted = new Set(parts);
    let best: Copy | null = null;
    for (const copy of this.#live.values()) {
      if (copy.kind !== kind || copy.dead || copy.parts.length >= parts.length) continue;
      if (!copy.parts.every((p) => wanted.has(p))) continue;
      if (!best || copy.parts.length > best.parts.length) best = copy;
    }
    return best;
  }

  #evict(kind: Kind, keep?: Copy): void {
    const ofKind = [...this.#live.values()].filter((c) => c.kind === kind);
    const idle = ofKind.filter((c) => c.pins === 0 && c !== keep).sort((a, b) => a.lastUsed - b.lastUsed);
    for (let extra = ofKind.length - this.#keep; extra > 0 && idle.length; extra--) {
      const copy = idle.shift()!;
      this.#live.delete(nameOf(copy));
      this.#drop(copy);
    }
  }

  #unpin(copy: Copy): void {
    copy.pins--;
    if (copy.pins === 0 && copy.dead) this.#drop(copy);
    else if (copy.pins === 0) this.#evict(copy.kind);
  }

  #drop(copy: Copy): void {
    copy.dead = true;
    const name = nameOf(copy);
    // Only if no newer copy took the name (a state made again after `invalidate`).
    void copy.made
      .then(() => {
        const type = this.#objects.get(name);
        if (this.#live.has(name) || !type) return;
        this.#objects.delete(name);
        return this.#run(`DROP ${type} IF EXISTS ${name}`);
      })
      .catch(() => undefined);
  }
}

/**
 * A promise made once and kept: made again after `reset()`, or after a failure (by the next caller,
 * unless a newer one has begun meanwhile).
 */
class Once<T> {
  readonly #make: () => Promise<T>;
  #made: Promise<T> | null = null;

  constructor(make: () => Promise<T>) {
    this.#make = make;
  }

  get(): Promise<T> {
    if (this.#made) return this.#made;
    const made = this.#make();
    made.catch(() => {
      if (this.#made === made) this.#made = null;
    });
    this.#made = made;
    return made;
  }

  reset(): void {
    this.#made = null;
  }

  /** Whether `made` is what `get()` gives now (no `reset()` since). */
  current(made: Promise<T>): boolean {
    return this.#made === made;
  }
}

/** problem_codes as value → code per coded column. */
function readCodes(t: Table): Codes {
  const codes: Codes = new Map();
  for (const row of t.toArray() as { dim: string; value: string; code: number }[]) {
    if (!codes.has(row.dim)) codes.set(row.dim, new Map());
    codes.get(row.dim)!.set(row.value, Number(row.code));
  }
  return codes;
}

function nameOf(copy: Copy): string {
  return `dash_${copy.kind}${copy.id}`;
}
