/** What one file's ingest tells the analyst (rendered by panels/QualityPanel.svelte). */
import type { Encoding } from './encoding';
import type { HeaderMapping } from './headers';
import type { CanonicalTable } from './schema';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface RejectedRow {
  /** Physical line where the record starts (1-based), null when it could not be placed. */
  sourceRow: number | null;
  raw: string;
  reason: string;
}

export interface WarningGroup {
  column: string;
  /** not_a_number | not_a_year | unknown_grade | unknown_kind */
  kind: string;
  count: number;
  examples: { sourceRow: number; raw: string }[];
}

export interface RowNote {
  sourceRow: number;
  text: string;
}

export interface FileReport {
  fileName: string;
  size: number;
  /** The plain table holding the file as read (null when the file could not be read at all). */
  tableName: string | null;
  encoding: Encoding | null;
  delimiter: string | null;
  /** 1-based physical line of the header row. */
  headerRow: number | null;
  headers: HeaderMapping[];
  kind: CanonicalTable | null;
  /** Why the file is a plain table only (kind null). */
  kindReason: Bilingual | null;
  /** Records below the header, including blank lines, notes, totals and rejected rows. */
  rowsRead: number;
  /** Rows in the raw table (every record DuckDB could read). */
  rawRows: number;
  /** Rows loaded into `kind`'s canonical table. */
  canonicalRows: number;
  /** Total rows (合计/小计/其中…) kept out of the canonical table; the list is capped at LIST_LIMIT. */
  totalsCount: number;
  totals: RowNote[];
  /** Notes below the table (注：…, 单位负责人：…); the list is capped at LIST_LIMIT. */
  notesCount: number;
  notes: RowNote[];
  /** Blank rows (empty lines and rows of empty cells) and repeated header rows, skipped. */
  blankRows: number;
  repeatedHeaders: number;
  /** Rows that could not be read as a whole; all are in ingest_rejects, the list is capped. */
  rejectsCount: number;
  rejects: RejectedRow[];
  warnings: WarningGroup[];
  /** The execution-rate column held fractions (0.7368) and was multiplied by 100. */
  rateFractions: boolean;
  /** DuckDB's strict reader could not read the file (e.g. mixed line ends): read by its lenient one. */
  lenient: boolean;
  fatal: Bilingual | null;
  elapsedMs: number;
}

/** Longest list of totals, notes or rejects carried in a report (the tables hold all of them). */
export const LIST_LIMIT = 10_000;

export function emptyReport(fileName: string, size: number): FileReport {
  return {
    fileName,
    size,
    tableName: null,
    encoding: null,
    delimiter: null,
    headerRow: null,
    headers: [],
    kind: null,
    kindReason: null,
    rowsRead: 0,
    rawRows: 0,
    canonicalRows: 0,
    totalsCount: 0,
    totals: [],
    notesCount: 0,
    notes: [],
    blankRows: 0,
    repeatedHeaders: 0,
    rejectsCount: 0,
    rejects: [],
    warnings: [],
    rateFractions: false,
    lenient: false,
    fatal: null,
    elapsedMs: 0,
  };
}

/** Rows accounted for: every row read is loaded, a total, a note, blank/repeated header, or rejected. */
export function accountedRows(r: FileReport): number {
  const loaded = r.kind ? r.canonicalRows : r.rawRows;
  return loaded + r.totalsCount + r.notesCount + r.blankRows + r.repeatedHeaders + r.rejectsCount;
}
