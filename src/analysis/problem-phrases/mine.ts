/**
 * Recurring problem phrases: token n-grams (2–8 words) of the distinct problems texts, counted by
 * the number of distinct units whose texts contain them, kept when maximal.
 *
 * The mining is level by level (apriori): an (n+1)-gram can only be used by ≥ minUnits units when
 * both its n-word prefix and suffix are, so each level only looks at extensions of the previous
 * level's survivors. n-grams are numbered per level and keyed by (prefix number, last word) as a
 * plain number, which keeps the maps small and fast.
 */
import { copyKey, prepareText } from './clauses';
import { isEdgeToken, segmentText } from './segment';

export interface MiningInput {
  /** The distinct problems texts; a text's index is its id. */
  readonly texts: readonly string[];
  /** The units of text i are unitIds[unitOffsets[i] … unitOffsets[i + 1]). */
  readonly unitOffsets: Int32Array;
  readonly unitIds: Int32Array;
  /** Unit ids are 0 … unitCount − 1. */
  readonly unitCount: number;
}

export interface MiningOptions {
  /** A phrase must be used by at least this many units (over all the data). */
  minUnits: number;
  /** … and be at least this many characters long. */
  minChars: number;
  minTokens: number;
  /** At most 31 (the packed key's room). */
  maxTokens: number;
  /** Keep the phrases used by the most units, at most this many. */
  maxPhrases: number;
  /** Texts shorter than this (无, 暂无) are never reported as copies. */
  minCopyChars: number;
  /**
   * Drop a phrase unless minUnits units use it outside every longer kept phrase containing it
   * (see `ownUse`): fragments such as 设置不够 otherwise top the list.
   */
  ownUnits: boolean;
}

export const DEFAULT_MINING: MiningOptions = {
  minUnits: 2,
  minChars: 4,
  minTokens: 2,
  // Boilerplate clauses run past 8 words (考核标准、考核条件过于简单和笼统 is 9 with the 、): with a
  // cap of 8 they come out as overlapping 8-word windows. Measured: no slower than 8.
  maxTokens: 16,
  maxPhrases: 3000,
  minCopyChars: 6,
  ownUnits: true,
};

export interface Phrase {
  readonly text: string;
  /** Distinct units using it, over all the mined data. */
  readonly units: number;
  readonly tokens: number;
}

export interface MinedPhrases {
  /** Most units first, then longer, then by text. */
  readonly phrases: Phrase[];
  /** The phrases in text i are textPhrases[textOffsets[i] … textOffsets[i + 1]). */
  readonly textOffsets: Int32Array;
  readonly textPhrases: Int32Array;
  /** Per text: equal numbers mark copies (same clauses after normalisation); −1 for short texts. */
  readonly copyGroups: Int32Array;
}

/** One level of the lattice: the n-grams of length n used by ≥ minUnits units. */
interface Level {
  /** (prefix number × vocabulary size + last word) → number at this level. */
  readonly index: Map<number, number>;
  readonly units: Int32Array;
  /** The (n−1)-gram numbers of the prefix and suffix (word ids at n = 2). */
  readonly prefix: Int32Array;
  readonly suffix: Int32Array;
  readonly last: Int32Array;
  readonly first: Int32Array;
  readonly chars: Int32Array;
}

/** All texts as one array of word ids, −1 between clauses and texts, so no n-gram spans them. */
interface Corpus {
  readonly tokens: Int32Array;
  /** Text i is tokens[textStart[i] … textStart[i + 1]). */
  readonly textStart: Int32Array;
  readonly words: string[];
  readonly edge: Uint8Array;
  readonly copyGroups: Int32Array;
}

function buildCorpus(texts: readonly string[], minCopyChars: number): Corpus {
  const wordIds = new Map<string, number>();
  // Exports repeat the same clauses in many texts; ICU segmentation is the slow step, so each
  // distinct clause is segmented once.
  const clauses = new Map<string, number[]>();
  const words: string[] = [];
  const edges: number[] = [];
  const tokens: number[] = [];
  const textStart = new Int32Array(texts.length + 1);
  const copyGroups = new Int32Array(texts.length).fill(-1);
  const copies = new Map<string, number>();
  texts.forEach((raw, t) => {
    textStart[t] = tokens.length;
    const prepared = prepareText(raw);
    const key = copyKey(prepared);
    if (key.replaceAll('\n', '').length >= minCopyChars) {
      let group = copies.get(key);
      if (group === undefined) copies.set(key, (group = copies.size));
      copyGroups[t] = group;
    }
    for (const clause of prepared.split('\n')) {
      let ids = clauses.get(clause);
      if (ids === undefined) {
        ids = [];
        for (const token of segmentText(clause)) {
          let id = wordIds.get(token.text);
          if (id === undefined) {
            id = words.length;
            wordIds.set(token.text, id);
            words.push(token.text);
            edges.push(isEdgeToken(token) ? 1 : 0);
          }
          ids.push(id);
        }
        clauses.set(clause, ids);
      }
      if (ids.length === 0) continue;
      for (const id of ids) tokens.push(id);
      tokens.push(-1);
    }
  });
  textStart[texts.length] = tokens.length;
  return { tokens: Int32Array.from(tokens), textStart, words, edge: Uint8Array.from(edges), copyGroups };
}

/** Unit → texts, the transpose of the input's text → units. */
function textsByUnit(input: MiningInput): { offsets: Int32Array; texts: Int32Array } {
  const { unitOffsets, unitIds, unitCount } = input;
  const offsets = new Int32Array(unitCount + 1);
  for (const u of unitIds) offsets[u + 1]!++;
  for (let u = 0; u < unitCount; u++) offsets[u + 1]! += offsets[u]!;
  const fill = offsets.slice(0, unitCount);
  const texts = new Int32Array(unitIds.length);
  for (let t = 0; t + 1 < unitOffsets.length; t++) {
    for (let k = unitOffsets[t]!; k < unitOffsets[t + 1]!; k++) texts[fill[unitIds[k]!]!++] = t;
  }
  return { offsets, texts };
}

/**
 * For every slot j, the number of distinct units whose texts contain an occurrence marked j in
 * `at` (at[i] = slot of the n-gram starting at token i, −1 for none).
 */
function countUnits(
  at: Int32Array,
  slots: number,
  corpus: Corpus,
  byUnit: { offsets: Int32Array; texts: Int32Array },
): Int32Array {
  const units = new Int32Array(slots);
  const seen = new Int32Array(slots).fill(-1);
  const { textStart } = corpus;
  for (let u = 0; u + 1 < byUnit.offsets.length; u++) {
    for (let k = byUnit.offsets[u]!; k < byUnit.offsets[u + 1]!; k++) {
      const t = byUnit.texts[k]!;
      for (let i = textStart[t]!; i < textStart[t + 1]!; i++) {
        const j = at[i]!;
        if (j >= 0 && seen[j] !== u) {
          seen[j] = u;
          units[j]!++;
        }
      }
    }
  }
  return units;
}

function mineLevels(corpus: Corpus, byUnit: ReturnType<typeof textsByUnit>, options: MiningOptions): Level[] {
  const { tokens } = corpus;
  const V = corpus.words.length;
  const levels: Level[] = [];
  let prev = tokens;
  for (let n = 2; n <= options.maxTokens; n++) {
    const at = new Int32Array(tokens.length).fill(-1);
    const slotOf = new Map<number, number>();
    const prefix: number[] = [];
    const suffix: number[] = [];
    const last: number[] = [];
    for (let i = 0; i + n <= tokens.length; i++) {
      const a = prev[i]!;
      const b = prev[i + 1]!;
      if (a < 0 || b < 0) continue;
      const w = tokens[i + n - 1]!;
      const key = a * V + w;
      let j = slotOf.get(key);
      if (j === undefined) {
        j = prefix.length;
        slotOf.set(key, j);
        prefix.push(a);
        suffix.push(b);
        last.push(w);
      }
      at[i] = j;
    }
    const counts = countUnits(at, prefix.length, corpus, byUnit);
    const renumber = new Int32Array(prefix.length).fill(-1);
    let kept = 0;
    for (let j = 0; j < prefix.length; j++) if (counts[j]! >= options.minUnits) renumber[j] = kept++;
    if (kept === 0) break;
    const level: Level = {
      index: new Map(),
      units: new Int32Array(kept),
      prefix: new Int32Array(kept),
      suffix: new Int32Array(kept),
      last: new Int32Array(kept),
      first: new Int32Array(kept),
      chars: new Int32Array(kept),
    };
    const below = levels.at(-1);
    for (const [key, j] of slotOf) {
      const k = renumber[j]!;
      if (k < 0) continue;
      level.index.set(key, k);
      level.units[k] = counts[j]!;
      level.prefix[k] = prefix[j]!;
      level.suffix[k] = suffix[j]!;
      level.last[k] = last[j]!;
      level.first[k] = below ? below.first[prefix[j]!]! : prefix[j]!;
      level.chars[k] =
        (below ? below.chars[prefix[j]!]! : corpus.words[prefix[j]!]!.length) +
        corpus.words[last[j]!]!.length;
    }
    for (let i = 0; i < at.length; i++) if (at[i]! >= 0) at[i] = renumber[at[i]!]!;
    levels.push(level);
    prev = at;
  }
  return levels;
}

/** levels[n − 2] holds the n-grams; these helpers walk between numbers and word ids. */
function wordsOf(levels: Level[], n: number, k: number): number[] {
  const out: number[] = [];
  for (let m = n; m >= 2; m--) {
    const level = levels[m - 2]!;
    out.push(level.last[k]!);
    k = level.prefix[k]!;
  }
  out.push(k);
  return out.reverse();
}

/** Pack (n, number) into one map key. */
const KEY_N = 32;
const key = (n: number, k: number) => k * KEY_N + n;

/**
 * The phrase candidates: every maximal n-gram (no one-word-longer n-gram has the same unit count —
 * with containment, the same count means the same units), trimmed of edge words, then kept only
 * if no other trimmed candidate contains it with the same count.
 */
function selectCandidates(levels: Level[], corpus: Corpus, options: MiningOptions): Map<number, number> {
  const maximal = levels.map((l) => new Uint8Array(l.units.length).fill(1));
  for (let n = 3; n - 2 < levels.length; n++) {
    const level = levels[n - 2]!;
    const below = levels[n - 3]!;
    for (let k = 0; k < level.units.length; k++) {
      if (below.units[level.prefix[k]!] === level.units[k]) maximal[n - 3]![level.prefix[k]!] = 0;
      if (below.units[level.suffix[k]!] === level.units[k]) maximal[n - 3]![level.suffix[k]!] = 0;
    }
  }
  const candidates = new Map<number, number>(); // key(n, k) → units
  levels.forEach((level, li) => {
    for (let k = 0; k < level.units.length; k++) {
      if (!maximal[li]![k]) continue;
      // Trim: dropping the first word is the suffix, dropping the last word the prefix.
      let n = li + 2;
      let kk = k;
      while (n > 2 && corpus.edge[levels[n - 2]!.first[kk]!]) kk = levels[n-- - 2]!.suffix[kk]!;
      while (n > 2 && corpus.edge[levels[n - 2]!.last[kk]!]) kk = levels[n-- - 2]!.prefix[kk]!;
      const top = levels[n - 2]!;
      if (corpus.edge[top.first[kk]!] || corpus.edge[top.last[kk]!]) continue;
      if (n < options.minTokens || top.chars[kk]! < options.minChars) continue;
      candidates.set(key(n, kk), top.units[kk]!);
    }
  });
  // A candidate inside another with the same count is the same finding, shorter: drop it. Only
  // sub-n-grams with that count are visited (a sub-n-gram never has fewer units).
  for (const [id, units] of [...candidates]) {
    const stack = [id];
    while (stack.length) {
      const at = stack.pop()!;
      const n = at % KEY_N;
      const k = (at - n) / KEY_N;
      if (n <= 2) continue;
      const level = levels[n - 2]!;
      for (const sub of [level.prefix[k]!, level.suffix[k]!]) {
        if (levels[n - 3]!.units[sub] !== units) continue;
        candidates.delete(key(n - 1, sub));
        stack.push(key(n - 1, sub));
      }
    }
  }
  return candidates;
}

/** Mines the recurring phrases of the distinct problems texts. Pure; runs in Node and in a worker. */
export function minePhrases(input: MiningInput, overrides: Partial<MiningOptions> = {}): MinedPhrases {
  const options = { ...DEFAULT_MINING, ...overrides };
  if (options.maxTokens >= KEY_N) throw new RangeError(`maxTokens must be below ${KEY_N}.`);
  const corpus = buildCorpus(input.texts, options.minCopyChars);
  const byUnit = textsByUnit(input);
  const levels = mineLevels(corpus, byUnit, options);
  const candidates = selectCandidates(levels, corpus, options);
  const V = corpus.words.length;

  // Phrase ids by text, so two segmentations of one string (ICU can split 细化 two ways depending on
  // the context) count as one phrase.
  const phraseOf = new Map<number, number>();
  const idByText = new Map<string, number>();
  const texts: string[] = [];
  const tokenCounts: number[] = [];
  // Keep the most used (twice the cap: merging equal strings below can only raise counts).
  const chosen = [...candidates]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, options.maxPhrases * 2)
    .map(([id]) => id);
  for (const id of chosen) {
    const n = id % KEY_N;
    const text = wordsOf(levels, n, (id - n) / KEY_N)
      .map((w) => corpus.words[w])
      .join('');
    let p = idByText.get(text);
    if (p === undefined) {
      p = texts.length;
      idByText.set(text, p);
      texts.push(text);
      tokenCounts.push(n);
    }
    phraseOf.set(id, p);
  }

  // Which phrases each text contains: walk the lattice from every position.
  const { tokens, textStart } = corpus;
  const seen = new Int32Array(texts.length).fill(-1);
  const offsets = new Int32Array(input.texts.length + 1);
  const found: number[] = [];
  for (let t = 0; t < input.texts.length; t++) {
    offsets[t] = found.length;
    for (let i = textStart[t]!; i < textStart[t + 1]!; i++) {
      let k = tokens[i]!;
      for (let n = 2; n - 2 < levels.length && k >= 0 && tokens[i + n - 1]! >= 0; n++) {
        k = levels[n - 2]!.index.get(k * V + tokens[i + n - 1]!) ?? -1;
        if (k < 0) break;
        const p = phraseOf.get(key(n, k));
        if (p !== undefined && seen[p] !== t) {
          seen[p] = t;
          found.push(p);
        }
      }
    }
  }
  offsets[input.texts.length] = found.length;

  const at = Int32Array.from(found);
  const { units, unitsOf } = countPhraseUnits(at, offsets, texts.length, byUnit);
  const own = options.ownUnits
    ? ownUse(levels, phraseOf, texts, unitsOf, input.unitCount, options.minUnits)
    : null;
  const order = texts
    .map((_, p) => p)
    .filter((p) => units[p]! >= options.minUnits && (!own || own[p]))
    .sort((x, y) => units[y]! - units[x]! || tokenCounts[y]! - tokenCounts[x]! || cmp(texts[x]!, texts[y]!))
    .slice(0, options.maxPhrases);
  const rank = new Int32Array(texts.length).fill(-1);
  order.forEach((p, r) => (rank[p] = r));
  const textOffsets = new Int32Array(input.texts.length + 1);
  const kept: number[] = [];
  for (let t = 0; t < input.texts.length; t++) {
    textOffsets[t] = kept.length;
    for (let k = offsets[t]!; k < offsets[t + 1]!; k++) if (rank[at[k]!]! >= 0) kept.push(rank[at[k]!]!);
  }
  textOffsets[input.texts.length] = kept.length;
  return {
    phrases: order.map((p) => ({ text: texts[p]!, units: units[p]!, tokens: tokenCounts[p]! })),
    textOffsets,
    textPhrases: Int32Array.from(kept),
    copyGroups: corpus.copyGroups,
  };
}

function countPhraseUnits(
  found: Int32Array,
  offsets: Int32Array,
  phrases: number,
  byUnit: ReturnType<typeof textsByUnit>,
): { units: Int32Array; unitsOf: number[][] } {
  const units = new Int32Array(phrases);
  const unitsOf: number[][] = Array.from({ length: phrases }, () => []);
  const seen = new Int32Array(phrases).fill(-1);
  for (let u = 0; u + 1 < byUnit.offsets.length; u++) {
    for (let k = byUnit.offsets[u]!; k < byUnit.offsets[u + 1]!; k++) {
      const t = byUnit.texts[k]!;
      for (let m = offsets[t]!; m < offsets[t + 1]!; m++) {
        const p = found[m]!;
        if (seen[p] !== u) {
          seen[p] = u;
          units[p]!++;
          unitsOf[p]!.push(u);
        }
      }
    }
  }
  return { units, unitsOf };
}

/**
 * Which phrases units use on their own: 设置不够 is a maximal phrase when 绩效目标设置不够… and
 * 绩效指标设置不够… are used by different units, yet every unit using it says one of the two.
 * Longest first, a phrase is kept when at least minUnits of its units use no longer kept phrase
 * that contains it.
 */
function ownUse(
  levels: Level[],
  phraseOf: Map<number, number>,
  texts: string[],
  unitsOf: number[][],
  unitCount: number,
  minUnits: number,
): Uint8Array {
  const containers: Set<number>[] = texts.map(() => new Set());
  for (const [id, p] of phraseOf) {
    const seen = new Set<number>();
    const stack = [id];
    while (stack.length) {
      const at = stack.pop()!;
      const n = at % KEY_N;
      if (n <= 2) continue;
      const k = (at - n) / KEY_N;
      const level = levels[n - 2]!;
      for (const sub of [key(n - 1, level.prefix[k]!), key(n - 1, level.suffix[k]!)]) {
        if (seen.has(sub)) continue;
        seen.add(sub);
        stack.push(sub);
        const q = phraseOf.get(sub);
        if (q !== undefined && q !== p) containers[q]!.add(p);
      }
    }
  }
  const kept = new Uint8Array(texts.length);
  const mark = new Int32Array(unitCount).fill(-1);
  const byLength = texts.map((_, p) => p).sort((x, y) => texts[y]!.length - texts[x]!.length);
  for (const g of byLength) {
    for (const h of containers[g]!) if (kept[h]) for (const u of unitsOf[h]!) mark[u] = g;
    let alone = 0;
    for (const u of unitsOf[g]!) if (mark[u] !== g) alone++;
    kept[g] = alone >= minUnits ? 1 : 0;
  }
  return kept;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Builds a mining input from (unit, problems) pairs — for tests and small data. */
export function miningInputFrom(rows: readonly { unit: string; problems: string }[]): MiningInput {
  const textIds = new Map<string, number>();
  const unitIdsByName = new Map<string, number>();
  const pairs = new Set<string>();
  const byText: number[][] = [];
  for (const { unit, problems } of rows) {
    let t = textIds.get(problems);
    if (t === undefined) {
      textIds.set(problems, (t = textIds.size));
      byText.push([]);
    }
    let u = unitIdsByName.get(unit);
    if (u === undefined) unitIdsByName.set(unit, (u = unitIdsByName.size));
    if (pairs.has(`${t}:${u}`)) continue;
    pairs.add(`${t}:${u}`);
    byText[t]!.push(u);
  }
  const unitOffsets = new Int32Array(byText.length + 1);
  byText.forEach((us, t) => (unitOffsets[t + 1] = unitOffsets[t]! + us.length));
  return {
    texts: [...textIds.keys()],
    unitOffsets,
    unitIds: Int32Array.from(byText.flat()),
    unitCount: unitIdsByName.size,
  };
}
