/**
 * Rows DuckDB's reader rejected (wrong field count, broken quoting): placed on their physical line
 * from the byte offset DuckDB reports, and explained for people. Notes below the table (注：…) are
 * usually one-cell rows too; they are told apart here so they are not called errors.
 */
import { NOTE_PATTERN } from './normalize-sql';

export interface RawReject {
  pos: number;
  csvLine: string;
  errorType: string;
  message: string;
}

export interface PlacedReject {
  /** Byte offset DuckDB reported (the key of its rejects table). */
  pos: number;
  line: number;
  /** Physical lines the record covers. */
  span: number;
  raw: string;
  reason: string;
  isNote: boolean;
}

export const REASONS: Record<string, string> = {
  'MISSING COLUMNS': '字段数少于表头',
  'TOO MANY COLUMNS': '字段数多于表头',
  'UNQUOTED VALUE': '引号不配对',
  'INVALID UNICODE': '含无效字符（编码错误）',
  'INVALID ENCODING': '含无效字符（编码错误）',
  'LINE SIZE OVER MAXIMUM': '行过长',
  'MAXIMUM LINE SIZE': '行过长',
};

const NOTE = new RegExp(NOTE_PATTERN);

/** True when a rejected line is a note: its first non-empty cell reads like 注：…/单位负责人：…. */
export function looksLikeNote(raw: string): boolean {
  const first = raw.normalize('NFKC').replace(/^[\s,;\t|"]+/, '');
  return first !== '' && NOTE.test(first);
}

/** The reader merges blank lines before a bad row into it; they are counted as blank lines instead. */
function stripLeadingNewlines(line: string): { text: string; skipped: number } {
  const m = /^[\r\n]*/.exec(line)![0];
  return { text: line.slice(m.length), skipped: m.length };
}

/** The 1-based line holding byte `pos`, by binary search over the lines' start offsets. */
export function lineAt(lineStarts: Uint32Array, pos: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Places rejects on physical lines from the byte offsets DuckDB reports. */
export function placeRejects(lineStarts: Uint32Array, rejects: readonly RawReject[]): PlacedReject[] {
  const byPos = new Map<number, RawReject>();
  for (const r of rejects) if (!byPos.has(r.pos)) byPos.set(r.pos, r); // one row per record
  return [...byPos.values()]
    .sort((a, b) => a.pos - b.pos)
    .map((r) => {
      const { text, skipped } = stripLeadingNewlines(r.csvLine);
      const raw = text.replace(/\r?\n$/, '');
      const label = REASONS[r.errorType] ?? r.errorType;
      return {
        pos: r.pos,
        line: lineAt(lineStarts, r.pos + skipped),
        span: 1 + (raw.match(/\n/g)?.length ?? 0),
        raw,
        reason: `${label}（${r.message}）`,
        isNote: looksLikeNote(raw),
      };
    });
}
