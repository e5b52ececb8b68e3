/**
 * Layout sniffing on a sample (the first ~64 KB only; DuckDB reads the bulk): the delimiter, and
 * where the real header row is — exports put titles (附件1：…汇总表) and blank lines above it.
 */
import { headerScore } from './headers';

export const SAMPLE_BYTES = 64 * 1024;

export interface SampleRecord {
  fields: string[];
  /** 1-based physical line where the record starts, and where it ends (multi-line quoted cells). */
  line: number;
  endLine: number;
}

/** RFC 4180 records from sample text; an unfinished last record (cut by the sample) is dropped. */
export function parseSample(text: string, delimiter: string, complete = false): SampleRecord[] {
  const records: SampleRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let start = 1;
  let touched = false; // the current line has any content, so an empty line is not a record
  const endRecord = () => {
    fields.push(field);
    if (touched) records.push({ fields, line: start, endLine: line });
    fields = [];
    field = '';
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') {
      inQuotes = true;
      touched = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      touched = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += ch;
      touched = true;
    }
  }
  if (complete && !inQuotes && touched) endRecord();
  return records;
}

export const DELIMITERS = [',', '\t', ';', '|'] as const;

/**
 * The delimiter that splits most sample lines into the same number (>1) of fields. Title and note
 * lines (one field) do not count against a candidate.
 */
export function sniffDelimiter(text: string): string {
  let best: string = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = new Map<number, number>();
    for (const r of parseSample(text, d).slice(0, 200)) {
      const n = r.fields.length;
      if (n > 1) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    let score = 0;
    for (const [width, freq] of counts) score = Math.max(score, freq * 1000 + width);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

export interface HeaderGuess {
  record: SampleRecord;
  /** Index of the record among the sample's records. */
  index: number;
  /** How many cells matched known header names (0 for a plain file). */
  matched: number;
}

const nonEmpty = (r: SampleRecord) => r.fields.filter((f) => f.trim() !== '').length;

/**
 * The header row: among the first 50 records, the one whose cells match most known header names
 * (at least 2). Failing that — a plain CSV — the first record filled at least half as wide as the
 * widest record (so a one-cell title line above it is skipped).
 */
export function findHeader(records: readonly SampleRecord[]): HeaderGuess | null {
  const head = records.slice(0, 50);
  let best: HeaderGuess | null = null;
  head.forEach((record, index) => {
    const matched = headerScore(record.fields);
    if (matched >= 2 && (!best || matched > best.matched)) best = { record, index, matched };
  });
  if (best) return best;
  const width = Math.max(0, ...head.map(nonEmpty));
  const index = head.findIndex(
    (r) => nonEmpty(r) > 0 && nonEmpty(r) >= Math.min(2, width) && nonEmpty(r) * 2 >= width,
  );
  return index < 0 ? null : { record: head[index]!, index, matched: 0 };
}

/**
 * Column names for the raw table: the header cells trimmed; blanks become column1…; duplicates get
 * _2, _3 (DuckDB needs unique names, and the mapping is keyed by them).
 */
export function columnNames(fields: readonly string[]): string[] {
  const seen = new Set<string>();
  return fields.map((f, i) => {
    let name = f.replace(/^\uFEFF/, '').trim() || `column${i + 1}`;
    const base = name;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${base}_${k}`;
    seen.add(name.toLowerCase());
    return name;
  });
}
