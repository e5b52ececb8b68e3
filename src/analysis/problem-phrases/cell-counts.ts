/**
 * The phrase panel of a state that filters by nothing but years and kinds (a year range, a kind:
 * the wide states), counted from tallies made once per build instead of from the state's rows.
 *
 * Why: countPhrasePanel walks every kept row's phrases; a state keeping most of a million
 * evaluations took ~450–550 ms of the counting worker's CPU per change, beside the engine's worker
 * and the page on a two-core machine. Here a row's year and kind make its cell (at most 32), and the
 * build walks the rows once, in unit order, to note for each (unit, phrase) and (unit, copy group)
 * the cells the unit uses it in, as a bit mask, and for each text the cells it occurs in. Units
 * with the same mask for a phrase are counted together: (phrase, mask, units). A state is a mask of
 * cells; a unit counts for a phrase when their masks meet, for a year when they meet in that year's
 * cells: one pass over the (phrase, mask) counts, no rows.
 *
 * The answers are exactly countPhrasePanel's on the rows pickRows keeps (cell-counts.test.ts
 * compares them state by state).
 */
import {
  byUnit,
  NO_YEAR,
  shownCopies,
  shownPhrases,
  topIds,
  type CountedPanel,
  type PhraseIndex,
} from './counts';
import { allowedCodes, yearKept, type LabelFilters, type LabelRows } from './label-rows';

/** Masks are 32 bits: years × kind slots must fit. */
const MAX_CELLS = 32;

export interface CellIndex {
  /** Years by slot: ascending, NO_YEAR last (countPhrasePanel's order). */
  readonly years: readonly number[];
  /** The kind labels by code; slot `kinds.length` is a NULL kind. */
  readonly kinds: readonly string[];
  /** Per phrase and mask of cells: how many units use the phrase in exactly those cells. */
  readonly phraseOf: Int32Array;
  readonly phraseMask: Uint32Array;
  readonly phraseUnits: Int32Array;
  /** Per (unit, copy group) used, the same, units ascending. */
  readonly copyOf: Int32Array;
  readonly copyUnit: Int32Array;
  readonly copyMask: Uint32Array;
  /** Per text id, the cells it occurs in (0: in no row). */
  readonly textMask: Uint32Array;
  readonly textCopy: Int32Array;
  readonly phraseCount: number;
  readonly groups: number;
}

/** Whether the cells answer these filters: years and kinds only. */
export function answersByCells(f: LabelFilters): boolean {
  return (
    !f.regions.length && !f.supervisors.length && !f.units.length && !f.grades.length && !f.unitSearch.trim()
  );
}

/** A typed array that grows as it is pushed to. */
class Grow<T extends Int32Array | Uint32Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/** Units per (phrase, mask): an open-addressing table, grown at half full. */
class MaskCounts {
  phrase = new Int32Array(1 << 16).fill(-1);
  mask = new Uint32Array(1 << 16);
  units = new Int32Array(1 << 16);
  used = 0;

  add(p: number, m: number): void {
    let slot = this.#find(p, m);
    if (this.phrase[slot] === -1) {
      if ((this.used + 1) * 2 > this.phrase.length) {
        this.#grow();
        slot = this.#find(p, m);
      }
      this.phrase[slot] = p;
      this.mask[slot] = m;
      this.used++;
    }
    this.units[slot]!++;
  }

  #find(p: number, m: number): number {
    const size = this.phrase.length - 1;
    let h = Math.imul(p, 0x9e3779b1) ^ Math.imul(m, 0x85ebca77);
    h ^= h >>> 15;
    let slot = h & size;
    while (this.phrase[slot] !== -1 && (this.phrase[slot] !== p || this.mask[slot] !== m))
      slot = (slot + 1) & size;
    return slot;
  }

  #grow(): void {
    const { phrase, mask, units } = this;
    this.phrase = new Int32Array(phrase.length * 2).fill(-1);
    this.mask = new Uint32Array(phrase.length * 2);
    this.units = new Int32Array(phrase.length * 2);
    for (let i = 0; i < phrase.length; i++) {
      if (phrase[i] === -1) continue;
      const slot = this.#find(phrase[i]!, mask[i]!);
      this.phrase[slot] = phrase[i]!;
      this.mask[slot] = mask[i]!;
      this.units[slot] = units[i]!;
    }
  }

  /** The entries, in no particular order. */
  done(): { phraseOf: Int32Array; phraseMask: Uint32Array; phraseUnits: Int32Array } {
    const phraseOf = new Int32Array(this.used);
    const phraseMask = new Uint32Array(this.used);
    const phraseUnits = new Int32Array(this.used);
    let n = 0;
    for (let i = 0; i < this.phrase.length; i++) {
      if (this.phrase[i] === -1) continue;
      phraseOf[n] = this.phrase[i]!;
      phraseMask[n] = this.mask[i]!;
      phraseUnits[n++] = this.units[i]!;
    }
    return { phraseOf, phraseMask, phraseUnits };
  }
}

/** The build's tallies, or null when years × kinds are more cells than a mask holds. */
export function buildCellIndex(index: PhraseIndex, rows: LabelRows): CellIndex | null {
  const steps = cellIndexSteps(index, rows);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * buildCellIndex a piece at a time: it pauses after every `chunk` rows, so the worker making it
 * answers the states asked for meanwhile (from their rows). The rows are a million at most, but a
 * file whose units share little text makes many (phrase, mask) entries: ~1.6 s in one piece.
 */
export function* cellIndexSteps(
  index: PhraseIndex,
  rows: LabelRows,
  chunk = 50_000,
): Generator<void, CellIndex | null, void> {
  const { textOffsets, textPhrases, textCopy, phraseCount } = index;
  const { unitIds, textIds } = rows;
  const kind = rows.labels.kind;
  const kindSlots = kind.values.length + 1;
  const distinct = [...new Set(rows.years)].sort((a, b) => a - b);
  const years = [...distinct.filter((y) => y !== NO_YEAR), ...distinct.filter((y) => y === NO_YEAR)];
  if (years.length * kindSlots > MAX_CELLS) return null;
  const slotOf = new Map(years.map((y, i) => [y, i]));

  let groups = 0;
  for (const c of textCopy) if (c >= groups) groups = c + 1;
  const textMask = new Uint32Array(textCopy.length);
  const counts = new MaskCounts();
  const copyOf = new Grow((n) => new Int32Array(n));
  const copyUnit = new Grow((n) => new Int32Array(n));
  const copyMask = new Grow((n) => new Uint32Array(n));
  // The current unit's cells per phrase, and the phrases it has used so far.
  const unitMask = new Uint32Array(phraseCount);
  const used: number[] = [];
  // Where the current unit's pair of each copy group is (−1: none yet for this unit).
  const copyLastUnit = new Int32Array(groups).fill(-1);
  const copyAt = new Int32Array(groups);
  const flush = () => {
    for (const p of used) {
      counts.add(p, unitMask[p]!);
      unitMask[p] = 0;
    }
    used.length = 0;
  };

  let unit = -1;
  const order = byUnit(rows);
  for (let i = 0; i < order.length; i++) {
    if (i % chunk === chunk - 1) yield;
    const r = order[i]!;
    const u = unitIds[r]!;
    if (u !== unit) {
      flush();
      unit = u;
    }
    const t = textIds[r]!;
    const code = kind.codes[r]!;
    const cell = slotOf.get(rows.years[r]!)! * kindSlots + (code < 0 ? kindSlots - 1 : code);
    const bit = (1 << cell) >>> 0;
    textMask[t]! |= bit;
    const end = textOffsets[t + 1]!;
    for (let k = textOffsets[t]!; k < end; k++) {
      const p = textPhrases[k]!;
      if (!unitMask[p]) used.push(p);
      unitMask[p]! |= bit;
    }
    const c = textCopy[t]!;
    if (c < 0) continue;
    if (copyLastUnit[c] !== u) {
      copyLastUnit[c] = u;
      copyAt[c] = copyOf.push(c);
      copyUnit.push(u);
      copyMask.push(bit);
    } else copyMask.data[copyAt[c]!]! |= bit;
  }
  flush();
  return {
    years,
    kinds: kind.values,
    ...counts.done(),
    copyOf: copyOf.done(),
    copyUnit: copyUnit.done(),
    copyMask: copyMask.done(),
    textMask,
    textCopy,
    phraseCount,
    groups,
  };
}

/** The cells a state keeps, as pickRows keeps rows: by year (a NULL year fails a bound) and kind. */
function stateMask(ci: CellIndex, f: LabelFilters): number {
  const kindSlots = ci.kinds.length + 1;
  const kindOk = f.kinds.length
    ? [...allowedCodes(ci.kinds, f.kinds), 0] // a NULL kind fails a kind filter
    : new Uint8Array(kindSlots).fill(1);
  let mask = 0;
  ci.years.forEach((year, y) => {
    if (!yearKept(year, f)) return;
    for (let k = 0; k < kindSlots; k++) if (kindOk[k]) mask |= 1 << (y * kindSlots + k);
  });
  return mask >>> 0;
}

/** countPhrasePanel's answer for a state of years and kinds (answersByCells), from the tallies. */
export function countByCells(ci: CellIndex, f: LabelFilters, limit: number, sample: number): CountedPanel {
  const kindSlots = ci.kinds.length + 1;
  const yearCount = ci.years.length;
  const kept = stateMask(ci, f);
  // Each year's cells among the kept ones.
  const yearCells = ci.years.map((_, y) => (kept & (((1 << kindSlots) - 1) << (y * kindSlots))) >>> 0);

  const units = new Int32Array(ci.phraseCount);
  const perYear = new Int32Array(ci.phraseCount * yearCount);
  const { phraseOf, phraseMask, phraseUnits } = ci;
  for (let i = 0; i < phraseOf.length; i++) {
    const m = phraseMask[i]! & kept;
    if (!m) continue;
    const p = phraseOf[i]!;
    const n = phraseUnits[i]!;
    units[p]! += n;
    for (let y = 0; y < yearCount; y++) if (m & yearCells[y]!) perYear[p * yearCount + y]! += n;
  }
  const phrases = shownPhrases(units, perYear, ci.years, limit);

  const copyUnits = new Int32Array(ci.groups);
  const { copyOf, copyUnit, copyMask } = ci;
  for (let i = 0; i < copyOf.length; i++) if (copyMask[i]! & kept) copyUnits[copyOf[i]!]!++;
  const variants = new Int32Array(ci.groups);
  const firstText = new Int32Array(ci.groups).fill(-1);
  // Text ids ascending: the first one met is a group's smallest.
  for (let t = 0; t < ci.textMask.length; t++) {
    const c = ci.textCopy[t]!;
    if (c < 0 || !(ci.textMask[t]! & kept)) continue;
    variants[c]!++;
    if (firstText[c]! < 0) firstText[c] = t;
  }
  const shown = topIds(copyUnits, limit, 2);
  const rank = new Int32Array(ci.groups).fill(-1);
  shown.forEach((c, i) => (rank[c] = i));
  const samples = shown.map(() => [] as number[]);
  const cells = shown.map(() => 0);
  // Pairs come in unit order: the first units met are the smallest.
  for (let i = 0; i < copyOf.length; i++) {
    const g = rank[copyOf[i]!]!;
    const m = copyMask[i]! & kept;
    if (g < 0 || !m) continue;
    const s = samples[g]!;
    if (s.length < sample) s.push(copyUnit[i]!);
    cells[g]! |= m;
  }
  // Slots are in year order; a NULL year is left out, as countPhrasePanel does.
  const copies = shownCopies(shown, { copyUnits, variants, firstText }, samples, (g) =>
    ci.years.filter((year, y) => cells[g]! & yearCells[y]! && year !== NO_YEAR),
  );
  return { phrases, copies };
}
