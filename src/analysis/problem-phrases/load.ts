/**
 * Typed loaders over the queries: what the panel shows, with the SQL it ran (for 查看SQL).
 * Arrow rows become plain objects here; counts are INTEGER in the SQL so they arrive as numbers.
 */
import type { Table } from 'apache-arrow';
import { filterWhere, type Filters } from '../filters';
import type { Querier } from '../types';
import { rowsOf } from '../arrow-rows';
import type { CountedPanel, StateTexts } from './counts';
import { byLabel, labelFilters, type CodedLabel, type LabelFilters, type LabelRows } from './label-rows';
import {
  COPY_UNIT_SAMPLE,
  copiedTextsSql,
  LABEL_TYPES_SQL,
  labelHeld,
  labelRowsSql,
  labelValuesSql,
  phraseTextsSql,
  stateTextsSql,
  topPhrasesSql,
} from './queries';

export interface TopPhrase {
  phrase: string;
  /** Units using it under the filters. */
  units: number;
  /** Units using it in the whole data. */
  allUnits: number;
  years: { year: number | null; units: number }[];
}

export interface CopiedText {
  copyId: number;
  units: number;
  /** The first units by name (COPY_UNIT_SAMPLE); `units` counts them all. */
  unitSample: string[];
  years: number[];
  /** Distinct raw texts in the group (numbering or spacing differed). */
  variants: number;
  text: string;
}

export interface PhraseText {
  unit: string | null;
  year: number | null;
  problems: string;
  rows: number;
}

type Row = Record<string, unknown>;
const plain = async (query: Querier, sql: string): Promise<Row[]> => rowsOf<Row>(await query(sql));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const list = (v: unknown): unknown[] =>
  v && typeof v === 'object' && Symbol.iterator in v ? [...(v as Iterable<unknown>)] : [];

export async function loadTopPhrases(query: Querier, f: Filters, limit = 20) {
  const sql = topPhrasesSql(f, limit);
  const phrases: TopPhrase[] = [];
  for (const r of await plain(query, sql)) {
    let last = phrases.at(-1);
    if (!last || last.phrase !== r.phrase) {
      last = { phrase: String(r.phrase), units: Number(r.units), allUnits: Number(r.all_units), years: [] };
      phrases.push(last);
    }
    if (r.year_units !== null && r.year_units !== undefined) {
      last.years.push({ year: num(r.year), units: Number(r.year_units) });
    }
  }
  return { phrases, sql };
}

export async function loadCopiedTexts(query: Querier, f: Filters, limit = 20) {
  const sql = copiedTextsSql(f, limit);
  const groups: CopiedText[] = (await plain(query, sql)).map((r) => ({
    copyId: Number(r.copy_id),
    units: Number(r.units),
    unitSample: list(r.unit_sample).map(String),
    years: list(r.years)
      .filter((y) => y !== null)
      .map(Number),
    variants: Number(r.variants),
    text: String(r.text ?? ''),
  }));
  return { groups, sql };
}

export interface PhrasePanel {
  top: { phrases: TopPhrase[]; sql: string };
  copies: { groups: CopiedText[]; sql: string };
}

/** counts.ts's countPhrasePanel over the current build's index: in a worker in the app. */
export type CountPhrases = (
  rows: StateTexts,
  limit: number,
  sample: number,
) => CountedPanel | Promise<CountedPanel>;

/**
 * countPhrasePanel over the rows label-only filters pick from the label rows (label-rows.ts), where
 * those rows are held: the worker in the app.
 */
export type CountLabels = (f: LabelFilters, limit: number, sample: number) => Promise<CountedPanel>;

/**
 * Both filtered answers of the phrase panel. With a counter they are counted in TypeScript from the
 * state's text rows (counts.ts: the same answers as the SQL, which is still what 查看SQL shows), then
 * the shown phrases, units and texts are looked up; unfiltered, the build's stored answers are read.
 * With `countLabels`, a state that filters by labels only is counted from the held label rows
 * instead of rows the engine returns. `names` keeps what earlier states of the same build looked up.
 */
export async function loadPhrasePanel(
  query: Querier,
  f: Filters,
  count: CountPhrases | null,
  limit = 20,
  countLabels: CountLabels | null = null,
  names: NameCache = nameCache(),
): Promise<PhrasePanel> {
  if (!count || filterWhere(f) === 'TRUE') {
    const [top, copies] = await Promise.all([
      loadTopPhrases(query, f, limit),
      loadCopiedTexts(query, f, limit),
    ]);
    return { top, copies };
  }
  const labels = countLabels && labelFilters(f);
  const { phrases: counted, copies: copied } = labels
    ? await countLabels(labels, limit, COPY_UNIT_SAMPLE)
    : await count(stateTexts(await query(stateTextsSql(f))), limit, COPY_UNIT_SAMPLE);
  await lookUp(
    query,
    {
      phrases: counted.map((p) => p.phraseId),
      units: copied.flatMap((c) => c.sampleIds),
      texts: copied.map((c) => c.firstText),
    },
    names,
  );
  return {
    top: {
      phrases: counted.map((p) => ({
        phrase: names.phrases.get(p.phraseId)!.text,
        units: p.units,
        allUnits: names.phrases.get(p.phraseId)!.units,
        years: p.years,
      })),
      sql: topPhrasesSql(f, limit),
    },
    copies: {
      groups: copied.map((c) => ({
        copyId: c.copyId,
        units: c.units,
        unitSample: c.sampleIds.map((u) => names.units.get(u)!),
        years: c.years,
        variants: c.variants,
        text: names.texts.get(c.firstText) ?? '',
      })),
      sql: copiedTextsSql(f, limit),
    },
  };
}

const int32Column = (t: Table, name: string) =>
  Int32Array.from(t.getChild(name)!.toArray() as ArrayLike<number>);

function stateTexts(t: Table): StateTexts {
  return {
    unitIds: int32Column(t, 'unit_id'),
    years: int32Column(t, 'year'),
    textIds: int32Column(t, 'text_id'),
  };
}

/** The label rows of the current phrase build (problem_unit_texts, problem_units), read once per build. */
export async function loadLabelRows(query: Querier): Promise<LabelRows> {
  const types = new Map((await plain(query, LABEL_TYPES_SQL)).map((r) => [String(r.label), String(r.type)]));
  const held = byLabel((c) => labelHeld(c, types.get(c) ?? ''));
  const [values, rows, units] = await Promise.all([
    plain(query, labelValuesSql(held)),
    query(labelRowsSql(held)),
    query(`SELECT unit FROM problem_units ORDER BY unit_id`),
  ]);
  const labels = byLabel((c): CodedLabel => ({
    codes: int32Column(rows, c),
    values: values.filter((v) => v.label === c).map((v) => String(v.v)),
  }));
  return {
    unitIds: int32Column(rows, 'unit_id'),
    years: int32Column(rows, 'year'),
    textIds: int32Column(rows, 'text_id'),
    labels,
    unitNames: [...units.getChild('unit')!].map(String),
  };
}

/**
 * What the shown ids name in one phrase build: the phrases' texts and whole-data units, the units'
 * names, the texts. Ids are fixed within a build, so a panel keeps one of these per build and a
 * state looks up only the ids no earlier state showed (the top phrases of the states an analyst
 * moves between are mostly the same: years 2018–2023 at a million rows, the lookup was ~50 ms of
 * the engine's time, a scan of the phrase vocabulary).
 */
export interface NameCache {
  phrases: Map<number, { text: string; units: number }>;
  units: Map<number, string>;
  texts: Map<number, string>;
}

export const nameCache = (): NameCache => ({ phrases: new Map(), units: new Map(), texts: new Map() });

/**
 * Every unit's name, from the build's label rows (`unitNames[unit_id]`), so a state's copied-text
 * groups name their units without asking the engine (a region's units are new ids each time).
 */
export function knowUnits(names: NameCache, unitNames: readonly string[]): void {
  unitNames.forEach((name, id) => names.units.set(id, name));
}

/** A phrase as a name row (`remember`). */
const PHRASE_COLUMNS = `'p' AS k, phrase_id AS id, phrase AS v, units`;

/**
 * Every phrase's text and whole-data unit count (the vocabulary: a few thousand rows), read once per
 * build, so no state asks for the texts of its phrases (~20–50 ms of the engine's time per state).
 */
export async function knowPhrases(query: Querier, names: NameCache): Promise<void> {
  remember(names, await plain(query, `SELECT ${PHRASE_COLUMNS} FROM problem_phrase_vocab`));
}

/** What a name row (`k`: p phrase, u unit, t text) says, kept in `names`. */
function remember(names: NameCache, rows: Row[]): void {
  for (const r of rows) {
    const id = Number(r.id);
    if (r.k === 'p') names.phrases.set(id, { text: String(r.v), units: Number(r.units) });
    else if (r.k === 'u') names.units.set(id, String(r.v));
    else names.texts.set(id, String(r.v ?? ''));
  }
}

/** Fills `names` with the ids it lacks, in one query (none when it has them all). */
async function lookUp(
  query: Querier,
  ids: { phrases: number[]; units: number[]; texts: number[] },
  names: NameCache,
): Promise<void> {
  const missing = (xs: number[], known: Map<number, unknown>) =>
    [...new Set(xs.map((x) => Math.trunc(x)))].filter((x) => !known.has(x));
  const list = (xs: number[]) => xs.map(String).join(', ');
  const phrases = missing(ids.phrases, names.phrases);
  const units = missing(ids.units, names.units);
  const texts = missing(ids.texts, names.texts);
  // Every part names its columns: the first part present names the union's.
  const parts = [
    phrases.length &&
      `SELECT ${PHRASE_COLUMNS} FROM problem_phrase_vocab WHERE phrase_id IN (${list(phrases)})`,
    units.length &&
      `SELECT 'u' AS k, unit_id AS id, unit AS v, NULL AS units FROM problem_units WHERE unit_id IN (${list(units)})`,
    texts.length &&
      `SELECT 't' AS k, text_id AS id, problems AS v, NULL AS units FROM problem_texts WHERE text_id IN (${list(texts)})`,
  ].filter((p): p is string => Boolean(p));
  if (!parts.length) return;
  remember(names, await plain(query, parts.join('\nUNION ALL ')));
}

export async function loadPhraseTexts(query: Querier, f: Filters, phrase: string, limit = 200) {
  const sql = phraseTextsSql(f, phrase, limit);
  const texts: PhraseText[] = (await plain(query, sql)).map((r) => ({
    unit: r.unit === null ? null : String(r.unit),
    year: num(r.year),
    problems: String(r.problems ?? ''),
    rows: Number(r.rows),
  }));
  return { texts, sql };
}
