/**
 * Typed loaders over the queries: what the panel shows, with the SQL it ran (for 查看SQL).
 * Arrow rows become plain objects here; counts are INTEGER in the SQL so they arrive as numbers.
 */
import type { Filters } from '../filters';
import type { Querier } from '../types';
import { copiedTextsSql, phraseTextsSql, topPhrasesSql } from './queries';

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
const plain = async (query: Querier, sql: string): Promise<Row[]> =>
  (await query(sql)).toArray().map((r: { toJSON(): Row }) => r.toJSON());
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
