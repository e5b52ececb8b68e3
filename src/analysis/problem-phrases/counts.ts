/**
 * The phrase panel's two filtered answers — the phrases used by the most units, and the largest
 * copied-text groups — counted in TypeScript from the state's (unit, year, text) rows and the
 * build's text → phrases index, instead of by `topPhrasesSql` / `copiedTextsSql` in the engine.
 *
 * Why: those queries unnest every text's phrases and count distinct units per phrase with hash
 * sets; at a million evaluations a filter keeping most rows took 700 ms of engine time for the
 * two (the texts copy, 200; top phrases, 320; copied texts, 190). Here the rows are put in unit
 * order once (a counting sort), after which a unit is counted for a phrase when it differs from the
 * last unit counted for it: one pass over the phrases of the state's texts, no sets.
 *
 * The answers are exactly the SQL's (same counts, order and ties), which stays the panel's 查看SQL;
 * counts.test.ts compares the two over many filter states.
 */

/** What the phrase build knows about its texts, by text_id (build.ts keeps it with the tables). */
export interface PhraseIndex {
  /** The phrase ids of text t are textPhrases[textOffsets[t] … textOffsets[t + 1]) (problem_texts.phrase_ids). */
  readonly textOffsets: Int32Array;
  readonly textPhrases: Int32Array;
  /** problem_texts.copy_id by text_id; −1 for none (a text too short to compare). */
  readonly textCopy: Int32Array;
  /** Phrase ids are 0 … phraseCount − 1 (problem_phrase_vocab). */
  readonly phraseCount: number;
}

/** A filter state's evaluations with a text: one entry per row, duplicates allowed, any order. */
export interface StateTexts {
  readonly unitIds: Int32Array;
  /** NO_YEAR where the year is NULL. */
  readonly years: Int32Array;
  readonly textIds: Int32Array;
}

/** Stands for a NULL year in StateTexts (a year is 1949–2100, ingest's rule). */
export const NO_YEAR = -1;

export interface CountedPhrase {
  phraseId: number;
  units: number;
  /** Units per year, by year, a NULL year last (as the SQL orders them). */
  years: { year: number | null; units: number }[];
}

export interface CountedCopy {
  copyId: number;
  units: number;
  /** Distinct texts of the group among the rows. */
  variants: number;
  /** The group's smallest text_id among the rows. */
  firstText: number;
  /** The group's smallest unit ids, at most `sample`. */
  sampleIds: number[];
  /** Its years, ascending (NULL left out, as the loader does). */
  years: number[];
}

/** Row numbers in ascending unit order (a counting sort: unit ids are small integers). */
export function byUnit(rows: StateTexts): Int32Array {
  const { unitIds } = rows;
  let max = -1;
  for (const u of unitIds) if (u > max) max = u;
  const starts = new Int32Array(max + 2);
  for (const u of unitIds) starts[u + 1]!++;
  for (let u = 0; u <= max; u++) starts[u + 1]! += starts[u]!;
  const order = new Int32Array(unitIds.length);
  for (let r = 0; r < unitIds.length; r++) order[starts[unitIds[r]!]!++] = r;
  return order;
}

/** Each row's year as a small number (a slot), and the years by slot: ascending, a NULL year last. */
function yearSlots(years: Int32Array): { list: number[]; slots: Int32Array } {
  let min = Infinity;
  let max = -Infinity;
  let none = false;
  for (const y of years) {
    if (y === NO_YEAR) none = true;
    else {
      if (y < min) min = y;
      if (y > max) max = y;
    }
  }
  // A table over the span of years (1949–2100 at most, by ingest's rule), not a hash lookup per row.
  const span = max >= min ? max - min + 1 : 0;
  const seen = new Uint8Array(span);
  for (const y of years) if (y !== NO_YEAR) seen[y - min] = 1;
  const slotOf = new Int32Array(span).fill(-1);
  const list: number[] = [];
  for (let i = 0; i < span; i++) if (seen[i]) slotOf[i] = list.push(min + i) - 1;
  const noneSlot = none ? list.push(NO_YEAR) - 1 : -1;
  const slots = new Int32Array(years.length);
  for (let r = 0; r < years.length; r++)
    slots[r] = years[r] === NO_YEAR ? noneSlot : slotOf[years[r]! - min]!;
  return { list, slots };
}

/** The `limit` first of `ids` by count, most first, ties by the smaller id (the SQL's ORDER BY). */
export function topIds(counts: Int32Array, limit: number, atLeast: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i]! >= atLeast) ids.push(i);
  ids.sort((a, b) => counts[b]! - counts[a]! || a - b);
  ids.length = Math.min(ids.length, Math.max(0, Math.trunc(limit)));
  return ids;
}

export interface CountedPanel {
  /** topPhrasesSql's answer: the `limit` phrases used by the most units, with units per year. */
  phrases: CountedPhrase[];
  /** copiedTextsSql's answer: the `limit` copy groups of the most units (at least two). */
  copies: CountedCopy[];
}

/**
 * Both answers in one pass over the rows in unit order (the phrases of a text are scattered in
 * memory: a second pass cost as much as the first), then a pass for the shown copy groups' units
 * and years. `sample`: unit ids kept per copy group.
 */
export function countPhrasePanel(
  index: PhraseIndex,
  rows: StateTexts,
  limit: number,
  sample: number,
): CountedPanel {
  const { textOffsets, textPhrases, textCopy, phraseCount } = index;
  const { unitIds, textIds } = rows;
  const order = byUnit(rows);
  const { list, slots } = yearSlots(rows.years);
  const years = list.length;

  const units = new Int32Array(phraseCount);
  const last = new Int32Array(phraseCount).fill(-1);
  const perYear = new Int32Array(phraseCount * years);
  const lastYear = new Int32Array(perYear.length).fill(-1);

  let groups = 0;
  for (const c of textCopy) if (c >= groups) groups = c + 1;
  const copyUnits = new Int32Array(groups);
  const copyLast = new Int32Array(groups).fill(-1);
  const variants = new Int32Array(groups);
  const firstText = new Int32Array(groups).fill(-1);
  const textSeen = new Uint8Array(textCopy.length);

  for (let i = 0; i < order.length; i++) {
    const r = order[i]!;
    const u = unitIds[r]!;
    const t = textIds[r]!;
    const y = slots[r]!;
    const end = textOffsets[t + 1]!;
    for (let k = textOffsets[t]!; k < end; k++) {
      const p = textPhrases[k]!;
      if (last[p] !== u) {
        last[p] = u;
        units[p]!++;
      }
      const cell = p * years + y;
      if (lastYear[cell] !== u) {
        lastYear[cell] = u;
        perYear[cell]!++;
      }
    }
    const c = textCopy[t]!;
    if (c < 0) continue;
    if (copyLast[c] !== u) {
      copyLast[c] = u;
      copyUnits[c]!++;
    }
    if (!textSeen[t]) {
      textSeen[t] = 1;
      variants[c]!++;
      if (firstText[c]! < 0 || t < firstText[c]!) firstText[c] = t;
    }
  }

  const phrases = shownPhrases(units, perYear, list, limit);

  const shown = topIds(copyUnits, limit, 2);
  const rank = new Int32Array(groups).fill(-1);
  shown.forEach((c, i) => (rank[c] = i));
  const samples = shown.map(() => [] as number[]);
  const copyYears = shown.map(() => new Uint8Array(years));
  for (let i = 0; i < order.length; i++) {
    const r = order[i]!;
    const c = textCopy[textIds[r]!]!;
    const g = c < 0 ? -1 : rank[c]!;
    if (g < 0) continue;
    const u = unitIds[r]!;
    // Rows come in unit order: the first distinct units met are the smallest.
    const s = samples[g]!;
    if (s.length < sample && s.at(-1) !== u) s.push(u);
    copyYears[g]![slots[r]!] = 1;
  }
  // The slots are in year order; a NULL year is left out.
  const copies = shownCopies(shown, { copyUnits, variants, firstText }, samples, (g) =>
    list.filter((year, y) => copyYears[g]![y] && year !== NO_YEAR),
  );
  return { phrases, copies };
}

/**
 * The `limit` phrases used by the most units, each with its units per year: `perYear[p × n + y]`
 * for the n `years` by slot (ascending, NO_YEAR last), the years without a unit left out.
 */
export function shownPhrases(
  units: Int32Array,
  perYear: Int32Array,
  years: readonly number[],
  limit: number,
): CountedPhrase[] {
  const n = years.length;
  return topIds(units, limit, 1).map((p) => ({
    phraseId: p,
    units: units[p]!,
    years: years
      .map((year, y) => ({ year: year === NO_YEAR ? null : year, units: perYear[p * n + y]! }))
      .filter((x) => x.units > 0),
  }));
}

/** The shown copy groups (ids, in order) from their tallies; the g-th one's sample units and years. */
export function shownCopies(
  shown: readonly number[],
  tallies: { copyUnits: Int32Array; variants: Int32Array; firstText: Int32Array },
  samples: readonly number[][],
  yearsOf: (g: number) => number[],
): CountedCopy[] {
  return shown.map((c, g) => ({
    copyId: c,
    units: tallies.copyUnits[c]!,
    variants: tallies.variants[c]!,
    firstText: tallies.firstText[c]!,
    sampleIds: samples[g]!,
    years: yearsOf(g),
  }));
}
