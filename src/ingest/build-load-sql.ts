/**
 * The SQL of one file's load: read every column as text into the raw table, give each record its
 * physical line, then normalise once into a staging table that feeds evaluations/indicators, totals
 * and warnings. Pure builders; ingest-file.ts runs them.
 */
import { sqlIdent, sqlString } from '../analysis/filters';
import type { FieldError } from './field-check';
import type { HeaderMapping } from './headers';
import type { RawReject } from './rejects';
import {
  decimalValue,
  gradeValue,
  kindValue,
  labelCode,
  labelFromCode,
  labelValue,
  moneyValue,
  noteTest,
  present,
  rateValue,
  textValue,
  totalLabelTest,
  trimmed,
  yearValue,
} from './normalize-sql';
import { EVALUATION_COLUMNS, INDICATOR_COLUMNS, type CanonicalTable } from './schema';

export const STAGE = '_ingest_stage';
export const GAPS = '_ingest_gaps';
export const LINES = '_ingest_lines';
export const REJECTS = '_ingest_reject_errors';
export const REJECT_SCANS = '_ingest_reject_scans';
export const FILL = '_ingest_fill';

export interface ReadOptions {
  path: string;
  table: string;
  columns: readonly string[];
  delimiter: string;
  /** Physical lines before the header line. */
  skip: number;
  /**
   * Keep DuckDB's list of rejected rows (40 % of the read's time). Without it, rejected rows are
   * dropped silently, so the caller must know them otherwise (the scanner's field check).
   */
  storeRejects: boolean;
  /**
   * DuckDB's lenient reader (strict_mode off), for a file the strict one cannot read at all (mixed
   * line ends): quotes are then read by looser rules. Rejects are always stored with it.
   */
  lenient?: boolean;
  /** A later piece of the file (transcoded piece by piece, each after a copy of the header line): appended to the table. */
  append?: boolean;
}

/**
 * Every column VARCHAR so text stays exact (08123, 18-digit codes); quoted "" stays an empty string.
 * Broken rows (field count, quoting, invalid UTF-8) go to the rejects table instead of failing.
 */
export function readCsvSql(o: ReadOptions): string {
  const columns = `{${o.columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}`;
  const into = o.append
    ? `INSERT INTO ${sqlIdent(o.table)} SELECT`
    : `CREATE OR REPLACE TABLE ${sqlIdent(o.table)} AS SELECT`;
  return `${into} * FROM read_csv(${sqlString(o.path)},
    auto_detect = false, header = true, skip = ${o.append ? 0 : o.skip}, delim = ${sqlString(o.delimiter)},
    quote = '"', escape = '"', columns = ${columns}, allow_quoted_nulls = false,
    strict_mode = ${!o.lenient}, ignore_errors = true${
      o.storeRejects
        ? `, store_rejects = true,
    rejects_table = '${REJECTS}', rejects_scan = '${REJECT_SCANS}'`
        : ''
    })`;
}

/** A field-count error as DuckDB's rejects table describes one (its own type and message). */
export function fieldReject(e: FieldError, columns: number): RawReject {
  return {
    pos: e.pos,
    csvLine: e.text,
    errorType: e.found < columns ? 'MISSING COLUMNS' : 'TOO MANY COLUMNS',
    message: `Expected Number of Columns: ${columns} Found: ${e.found}`,
  };
}

/**
 * The scanner's field-count errors as a CSV file for predictedRejectsSql (a file, because a few
 * thousand raw lines in an SQL literal parse slowly).
 */
export function predictedRejectsCsv(errors: readonly FieldError[], columns: number): string {
  const quoted = (x: string) => `"${x.replaceAll('"', '""')}"`;
  return errors
    .map((e) => {
      const r = fieldReject(e, columns);
      return `${r.pos},${r.errorType},${quoted(r.message)},${quoted(r.csvLine)}\n`;
    })
    .join('');
}

/** DuckDB's rejects table, as far as REJECTS_SQL reads it, from predictedRejectsCsv's file (or empty). */
export function predictedRejectsSql(path: string | null): string {
  const columns = `line_byte_position BIGINT, byte_position BIGINT, error_type VARCHAR, error_message VARCHAR, csv_line VARCHAR`;
  if (!path) return `CREATE OR REPLACE TEMP TABLE ${REJECTS} (${columns})`;
  return `CREATE OR REPLACE TEMP TABLE ${REJECTS} AS SELECT pos AS line_byte_position, pos AS byte_position,
    error_type, error_message, csv_line FROM read_csv(${sqlString(path)}, header = false, auto_detect = false,
    delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, strict_mode = true,
    columns = {'pos': 'BIGINT', 'error_type': 'VARCHAR', 'error_message': 'VARCHAR', 'csv_line': 'VARCHAR'})`;
}

/**
 * Rows DuckDB could not read, one per record (a record can fail several ways; the first error by
 * position is its reason), with the byte offset of their first line.
 */
const REJECTED_RECORDS = `SELECT DISTINCT ON (line_byte_position) line_byte_position::BIGINT AS pos, csv_line, error_type, error_message
  FROM ${REJECTS} ORDER BY line_byte_position, byte_position, error_type`;

export const REJECTS_SQL = `SELECT pos, csv_line, error_type, error_message FROM (${REJECTED_RECORDS}) ORDER BY pos`;

/**
 * Rejected records into ingest_rejects, straight from DuckDB's rejects table: JavaScript only gives
 * each record's line (`[pos, line]` pairs; notes are left out). The raw text and the reason are the
 * same as rejects.ts builds for the report (leading blank lines and the final newline cut).
 */
export function insertRejectsSql(
  source: string,
  placed: readonly { pos: number; line: number }[],
  reasons: Record<string, string>,
): string | null {
  if (!placed.length) return null;
  const list = (k: 'pos' | 'line') => sqlString(placed.map((p) => p[k]).join(','));
  const reason = `CASE r.error_type ${Object.entries(reasons)
    .map(([type, label]) => `WHEN ${sqlString(type)} THEN ${sqlString(label)}`)
    .join(' ')} ELSE r.error_type END || '（' || coalesce(r.error_message, '') || '）'`;
  const raw = `regexp_replace(regexp_replace(coalesce(r.csv_line, ''), '^[\r\n]+', ''), '\r?\n$', '')`;
  return `INSERT INTO ingest_rejects (source_file, source_row, raw, reason)
    SELECT ${sqlString(source)}, m.line, ${raw}, ${reason}
    FROM (${REJECTED_RECORDS}) r JOIN (SELECT unnest(string_split(${list('pos')}, ','))::BIGINT AS pos,
      unnest(string_split(${list('line')}, ','))::INTEGER AS line) m ON r.pos = m.pos`;
}

/** Something between data records in physical lines: a blank line, a rejected record, a record whose
 * cells span lines. */
export type LineEvent =
  { kind: 'skip'; line: number; span: number } | { kind: 'record'; line: number; span: number };

/**
 * How far each record DuckDB returned sits below `firstLine + rowid`: pairs (rowid, shift), the shift
 * holding from that rowid on. Blank lines and rejected records push later records down without taking
 * a rowid; a multi-line record takes one rowid and pushes later records down by its extra lines.
 */
export function lineShifts(firstLine: number, events: readonly LineEvent[]): [number, number][] {
  const sorted = events.filter((e) => e.line >= firstLine).sort((a, b) => a.line - b.line);
  const shifts: [number, number][] = [];
  let line = firstLine;
  let rowid = 0;
  for (const e of sorted) {
    if (e.line < line) continue; // inside a record already counted
    rowid += e.line - line;
    line = e.line + e.span;
    if (e.kind === 'record') rowid++;
    const shift = line - firstLine - rowid;
    if (shifts.at(-1)?.[0] === rowid) shifts[shifts.length - 1] = [rowid, shift];
    else if (shifts.at(-1)?.[1] !== shift && (shifts.length || shift !== 0)) shifts.push([rowid, shift]);
  }
  return shifts;
}

/** The shifts as a table (rowid v, shift); two split strings parse far faster than a VALUES list. */
export function gapsSql(shifts: readonly [number, number][]): string | null {
  if (!shifts.length) return null;
  const list = (i: 0 | 1) => sqlString(shifts.map((s) => s[i]).join(','));
  return `CREATE OR REPLACE TEMP TABLE ${GAPS} AS SELECT unnest(string_split(${list(0)}, ','))::BIGINT AS v,
    unnest(string_split(${list(1)}, ','))::BIGINT AS shift`;
}

/**
 * The first line of every record DuckDB returned, in order: the scanner's records from the first data
 * line on, less the rejected ones. Null when the count disagrees with DuckDB's (then the shifts,
 * which do not depend on every record being matched, number the rows).
 */
export function dataRecordLines(
  records: Uint32Array,
  firstLine: number,
  rejected: ReadonlySet<number>,
  rawRows: number,
): Uint32Array | null {
  const out = new Uint32Array(rawRows);
  let n = 0;
  for (const line of records) {
    if (line < firstLine || rejected.has(line)) continue;
    if (n === rawRows) return null;
    out[n++] = line;
  }
  return n === rawRows ? out : null;
}

/** True when the records sit on consecutive lines from firstLine on (they are strictly increasing). */
export function consecutiveLines(lines: Uint32Array, firstLine: number): boolean {
  return lines.length === 0 || lines[lines.length - 1] === firstLine + lines.length - 1;
}

/**
 * The lines as runs of consecutive lines, one `first,count` per line of text. Records sit on
 * consecutive lines except around a blank line, a rejected record or a cell spanning lines, so a
 * million records are a few thousand runs: a million numbers took ~0.35 s of JavaScript to write and
 * ~0.2 s of SQL to read.
 */
export function lineRuns(lines: Uint32Array): Uint8Array {
  const runs: string[] = [];
  for (let i = 0; i < lines.length;) {
    let j = i + 1;
    while (j < lines.length && lines[j] === lines[j - 1]! + 1) j++;
    runs.push(`${lines[i]},${j - i}\n`);
    i = j;
  }
  return new TextEncoder().encode(runs.join(''));
}

/**
 * The record lines as a one-column table, in record order, from lineRuns' file: each run becomes its
 * lines (unnest keeps the runs' order, as the read keeps the file's).
 */
export function linesTableSql(path: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${LINES} AS SELECT unnest(range(first, first + count))::INTEGER AS line
    FROM read_csv(${sqlString(path)}, header = false, auto_detect = false, columns = {'first': 'BIGINT', 'count': 'BIGINT'})`;
}

/**
 * The raw table with each record's physical line: from the record-lines table row by row (POSITIONAL
 * JOIN, no sorting), or first data line + rowid + the shift before it (ASOF join), or, with nothing
 * between the records, first data line + rowid.
 */
export function linedSourceSql(
  table: string,
  firstLine: number,
  lines: 'consecutive' | 'records' | 'shifts',
): string {
  const t = sqlIdent(table);
  // __rid: the record's row in the raw table, which the insert checks when it reads prose there.
  if (lines === 'consecutive')
    return `SELECT t.*, t.rowid AS __rid, ${firstLine} + t.rowid AS __source_row FROM ${t} t`;
  if (lines === 'records')
    return `SELECT t.*, t.rowid AS __rid, l.line AS __source_row FROM ${t} t POSITIONAL JOIN ${LINES} l`;
  return `SELECT t.*, t.rowid AS __rid, ${firstLine} + t.rowid + coalesce(g.shift, 0) AS __source_row FROM ${t} t
    ASOF LEFT JOIN ${GAPS} g ON t.rowid >= g.v`;
}

type Parse = 'label' | 'text' | 'decimal' | 'money' | 'rate' | 'year' | 'grade' | 'kind';

const PARSE: Record<string, Parse> = {
  unit: 'label',
  supervisor: 'label',
  region: 'label',
  project: 'label',
  level1: 'label',
  level2: 'label',
  level3: 'label',
  year: 'year',
  kind: 'kind',
  grade: 'grade',
  score: 'decimal',
  review_score: 'decimal',
  weight: 'decimal',
  points: 'decimal',
  budget_initial: 'money',
  budget: 'money',
  spent: 'money',
  execution_rate: 'rate',
};

/** Warning kind per parse, when a present cell could not be read. */
export const WARNING_KIND: Partial<Record<Parse, string>> = {
  decimal: 'not_a_number',
  money: 'not_a_number',
  rate: 'not_a_number',
  year: 'not_a_year',
  grade: 'unknown_grade',
  kind: 'unknown_kind',
};

export interface StageOptions {
  kind: CanonicalTable;
  headers: readonly HeaderMapping[];
  /** All raw column names (a row is blank when every one is). */
  columns: readonly string[];
  /** Column-level verdict: the execution-rate column holds fractions (0.7368). */
  rateFractions: boolean;
  source: string;
  /**
   * The raw table, when the stage holds its records in the same order (the line numbers came
   * without an ASOF join): the text columns — prose (problems, suggestions…, most of a file's bytes)
   * and labels (unit, project…) — are then not copied into the stage but read from here, row by row
   * (POSITIONAL JOIN), on insert. Copying strings is what costs in a load: at a million rows the
   * labels alone took ~1 s to stage, and filling their blanks in the stage another ~1.2 s.
   */
  proseFrom?: string;
  /** The columns fillTableSql's table fills: their blanks take its values on insert. */
  filled?: readonly string[];
}

/** The stage's labelCode column of a label read from the raw table. */
const codeColumn = (column: string) => sqlIdent('__code_' + column);

/** Text columns read from the raw table on insert (with `proseFrom`) instead of staged: prose and labels. */
function fromRaw(o: StageOptions, h: HeaderMapping): boolean {
  return !!o.proseFrom && h.column !== null && ['text', 'label'].includes(PARSE[h.column] ?? 'text');
}

/** The fill-down columns this file maps. */
function fillColumns(o: StageOptions): { name: string; header: HeaderMapping }[] {
  return canonicalColumns(o.kind).flatMap((c) => {
    const header = c.fillDown ? o.headers.find((h) => h.column === c.name) : undefined;
    return header ? [{ name: c.name, header }] : [];
  });
}

/**
 * A data row's cell of a fill-down column is a merged-cell blank: empty or a missing marker. An
 * unreadable year or kind (a warning) is not blank and stays NULL. Over the stage's columns.
 */
function blankInStage(o: StageOptions, column: string, header: HeaderMapping): string {
  if (fromRaw(o, header)) return `${codeColumn(column)} = 1`;
  const raw = WARNING_KIND[PARSE[column] ?? 'text'] ? sqlIdent('__raw_' + column) : null;
  return `(${sqlIdent(column)} IS NULL${raw ? ` AND NOT ${present(raw)}` : ''})`;
}

export function canonicalColumns(kind: CanonicalTable) {
  return kind === 'evaluations' ? EVALUATION_COLUMNS : INDICATOR_COLUMNS;
}

function valueSql(column: string, cell: string, yuan: boolean, rateFractions: boolean): string {
  switch (PARSE[column] ?? 'text') {
    case 'label':
      return labelValue(cell);
    case 'text':
      return textValue(cell);
    case 'decimal':
      return decimalValue(cell, 'DECIMAL(9,2)');
    case 'money':
      return moneyValue(cell, yuan);
    case 'rate':
      return rateValue(cell, rateFractions);
    case 'year':
      return yearValue(cell);
    case 'grade':
      return gradeValue(cell);
    case 'kind':
      return kindValue(cell);
  }
}

/**
 * The staging table: per record its line, its class (data / total / note / blank / header), the
 * total label, the typed canonical values, and the raw cell of every parsed column (for warnings).
 */
export function stageSql(o: StageOptions, lined: string): string {
  const mapped = o.headers.filter((h) => h.column !== null);
  const cell = (h: HeaderMapping) => `s.${sqlIdent(h.header)}`;
  // The first non-empty cell (a cell of spaces counts as content: trimming every cell is costly).
  const firstCell = `coalesce(${o.columns.map((c) => `nullif(s.${sqlIdent(c)}, '')`).join(', ')})`;
  const labels = mapped.filter((h) => ['label', 'kind'].includes(PARSE[h.column!] ?? 'text'));
  const totalLabel = labels.length
    ? `CASE ${labels.map((h) => `WHEN ${totalLabelTest(cell(h))} THEN ${trimmed(cell(h))}`).join(' ')} END`
    : 'NULL';
  // A header repeated on a later page: its first two mapped cells equal their header names.
  const repeat = mapped.slice(0, 2).map((h) => `${cell(h)} = ${sqlString(h.header)}`);
  const cls = `CASE WHEN __first IS NULL THEN 'blank' WHEN ${noteTest('__first')} THEN 'note'
    ${repeat.length ? `WHEN ${repeat.join(' AND ')} THEN 'header'` : ''}
    WHEN __label IS NOT NULL THEN 'total' ELSE 'data' END`;
  // Text read from the raw table on insert stays out of the stage; for a label, how its cell becomes
  // the value is staged instead (labelCode: as is, missing, trimmed).
  const staged = mapped.filter((h) => !fromRaw(o, h));
  const coded = mapped.filter((h) => fromRaw(o, h) && PARSE[h.column!] === 'label');
  const codes = coded.map((h) => `${labelCode(cell(h))} AS ${codeColumn(h.column!)}`);
  const values = staged.map(
    (h) => `${valueSql(h.column!, cell(h), h.yuan, o.rateFractions)} AS ${sqlIdent('__v_' + h.column)}`,
  );
  // A raw cell is kept only where its value could not be read (a warning, or a missing marker): the
  // stage then copies a few strings instead of every parsed cell.
  const raws = mapped
    .filter((h) => WARNING_KIND[PARSE[h.column!] ?? 'text'])
    .map(
      (h) =>
        `CASE WHEN ${sqlIdent('__v_' + h.column)} IS NULL THEN ${cell(h)} END AS ${sqlIdent('__raw_' + h.column)}`,
    );
  const typed = staged.map((h) => `${sqlIdent('__v_' + h.column)} AS ${sqlIdent(h.column!)}`);
  // The first cell, the total label and the values are computed once in the inner query, then
  // classified; the first cell is kept only for the rows the report lists (notes, totals).
  const computed = [`${firstCell} AS __first`, `${totalLabel} AS __label`, ...values, ...codes];
  const inner = `SELECT s.*, ${computed.join(', ')} FROM (${lined}) s`;
  const classified = `SELECT s.*, ${cls} AS __class FROM (${inner}) s`;
  const kept = [...typed, ...coded.map((h) => codeColumn(h.column!)), ...raws];
  // __rid: the raw table's row, in file order whatever numbered the lines (fillTableSql orders by it).
  return `CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT CAST(s.__source_row AS INTEGER) AS source_row, __rid, __class,
    __label, CASE WHEN __class <> 'data' THEN __first END AS __first${kept.length ? ', ' : ''}${kept.join(', ')} FROM (${classified}) s`;
}

/**
 * Where a row's canonical column comes from: the stage (s), or the raw cell (r) for text read there
 * (stageSql's `proseFrom`); a fill-down column of a data row falls back on the fill table (f) when
 * its cell is blank. Null when no header maps to the column.
 */
function columnSource(o: StageOptions, column: string, fill: boolean): string | null {
  const h = o.headers.find((x) => x.column === column);
  if (!h) return null;
  const rawCell = `r.${sqlIdent(h.header)}`;
  const value = !fromRaw(o, h)
    ? `s.${sqlIdent(column)}`
    : PARSE[column] === 'label'
      ? labelFromCode(`s.${codeColumn(column)}`, rawCell)
      : valueSql(column, rawCell, h.yuan, o.rateFractions);
  // A staged column is filled in the stage itself (fillStageSql); a label read from the raw table
  // takes the stage's fill column where its own cell is blank.
  const filled = fill && fromRaw(o, h) && !!o.filled?.includes(column);
  return filled ? `coalesce(${value}, s.${sqlIdent('__fill_' + column)})` : value;
}

/**
 * The stage rows of one class, with the raw table beside them row by row when text is read from
 * there. A stage row not beside its own raw row would take another record's text: that fails the
 * load instead.
 */
function stageRows(o: StageOptions, cls: 'data' | 'total'): string {
  const beside = o.proseFrom ? ` POSITIONAL JOIN ${sqlIdent(o.proseFrom)} r` : '';
  const aligned = o.proseFrom
    ? `\n    AND (CASE WHEN s.__rid = r.rowid THEN TRUE ELSE error('staged rows out of the raw table''s order') END)`
    : '';
  return `${STAGE} s${beside} WHERE s.__class = '${cls}'${aligned}`;
}

/** Data rows into the canonical table, blanks of merged cells filled from the fill table. */
export function insertCanonicalSql(o: StageOptions): string {
  const cols = canonicalColumns(o.kind);
  const select = cols.map((c) => `${columnSource(o, c.name, true) ?? 'NULL'} AS ${sqlIdent(c.name)}`);
  const names = [...cols.map((c) => sqlIdent(c.name)), 'source_file', 'source_row'];
  return `INSERT INTO ${o.kind} (${names.join(', ')}) SELECT ${select.join(', ')}, ${sqlString(o.source)}, s.source_row
    FROM ${stageRows(o, 'data')}`;
}

/** Which fill-down columns have blanks among data rows (one aggregate over the stage). */
export function blankLabelsSql(o: StageOptions): string | null {
  const cols = fillColumns(o);
  if (!cols.length) return null;
  return `SELECT ${cols.map((c) => `count(*) FILTER (WHERE ${blankInStage(o, c.name, c.header)}) AS ${sqlIdent(c.name)}`).join(', ')}
    FROM ${STAGE} WHERE __class = 'data'`;
}

/**
 * Merged-cell blanks filled down in file order (numbers never are): each blank data row of a column
 * takes the value of the nearest data row above that has one. That row is the one just before the
 * run of rows (in raw-table order) that have no value in the column or are not data, so only those few
 * rows are numbered and grouped; an ASOF join of the blanks against every filled row, or a window
 * over every row, sorted the whole stage (~0.9 s for one column at a million rows). The table holds
 * one row per blank data row (`__rid`) and a column per filled column (NULL where not blank there).
 */
export function fillTableSql(o: StageOptions, columns: readonly string[]): string | null {
  const fills = fillColumns(o).filter((f) => columns.includes(f.name));
  if (!fills.length) return null;
  const parts = fills.map((f, i) => {
    const blank = blankInStage(o, f.name, f.header);
    const c = sqlIdent(f.name);
    // The value of the row above: from the raw table (a label read there) or the stage, computed
    // after the join so only the few source rows are read.
    const [from, value] = fromRaw(o, f.header)
      ? [`${sqlIdent(o.proseFrom!)} v ON v.rowid = t.src`, labelValue(`v.${sqlIdent(f.header.header)}`)]
      : [`${STAGE} v ON v.__rid = t.src`, `v.${c}`];
    // Rows that cannot give a value: not data, or NULL in the column (blank, or an unreadable year).
    const none = fromRaw(o, f.header) ? blank : `${c} IS NULL`;
    // Runs of consecutive such rows: rid minus its rank is constant along a run.
    const runs = `SELECT __rid, b, __rid - row_number() OVER (ORDER BY __rid) AS g FROM (
        SELECT __rid, __class = 'data' AND ${blank} AS b FROM ${STAGE} WHERE __class <> 'data' OR ${none})`;
    return `f${i} AS (SELECT t.__rid, ${value} AS ${c} FROM (
        SELECT r.__rid, min(r.__rid) OVER (PARTITION BY r.g) - 1 AS src, r.b FROM (${runs}) r) t
      JOIN ${from} WHERE t.b)`;
  });
  const union = fills.map((_, i) => `SELECT * FROM f${i}`).join(' UNION ALL BY NAME ');
  return `CREATE OR REPLACE TEMP TABLE ${FILL} AS WITH ${parts.join(',\n  ')}
    SELECT __rid, ${fills.map((f) => `any_value(${sqlIdent(f.name)}) AS ${sqlIdent(f.name)}`).join(', ')} FROM (${union}) GROUP BY __rid`;
}

/**
 * The fill table's values into the stage: a staged column (year, kind) in place, a label read from
 * the raw table into a new column beside it. An UPDATE of the few blank rows, not a join on insert:
 * beside the raw table (POSITIONAL JOIN) the stage has no row estimate, so DuckDB built the join's
 * hash table on the million stage rows instead of the few fill rows (3 s).
 */
export function fillStageSql(o: StageOptions, columns: readonly string[]): string[] {
  const fills = fillColumns(o).filter((f) => columns.includes(f.name));
  if (!fills.length) return [];
  const target = (f: (typeof fills)[number]) =>
    fromRaw(o, f.header) ? sqlIdent('__fill_' + f.name) : sqlIdent(f.name);
  const added = fills
    .filter((f) => fromRaw(o, f.header))
    .map((f) => {
      const type = canonicalColumns(o.kind).find((c) => c.name === f.name)!.type;
      return `ALTER TABLE ${STAGE} ADD COLUMN ${target(f)} ${type}`;
    });
  const sets = fills.map((f) => `${target(f)} = coalesce(f.${sqlIdent(f.name)}, ${STAGE}.${target(f)})`);
  return [...added, `UPDATE ${STAGE} SET ${sets.join(', ')} FROM ${FILL} f WHERE ${STAGE}.__rid = f.__rid`];
}

/** Total rows into ingest_totals (an indicators total keeps its points as the score). */
export function insertTotalsSql(o: StageOptions): string {
  const pairs: [string, string][] = EVALUATION_COLUMNS.map((c) => {
    const from = o.kind === 'indicators' && c.name === 'score' ? 'points' : c.name;
    return [c.name, columnSource(o, from, false) ?? 'NULL'];
  });
  return `INSERT INTO ingest_totals (label, ${pairs.map(([c]) => sqlIdent(c)).join(', ')}, source_file, source_row)
    SELECT s.__label, ${pairs.map(([, v]) => v).join(', ')}, ${sqlString(o.source)}, s.source_row
    FROM ${stageRows(o, 'total')}`;
}

/**
 * A warning per present cell that could not be read (the row is kept, the field is NULL). The raw
 * cell is kept only where the value failed, so `IS NOT NULL` on it — a check the scan does on the
 * null mask — skips almost every row before the class and marker tests (4× faster at 1M rows).
 */
export function insertWarningsSql(o: StageOptions): string | null {
  const parts = o.headers
    .filter((h) => h.column && WARNING_KIND[PARSE[h.column] ?? 'text'])
    .map((h) => {
      const c = h.column!;
      const raw = sqlIdent('__raw_' + c);
      return `SELECT ${sqlString(o.source)}, source_row, ${sqlString(c)}, ${raw}, ${sqlString(WARNING_KIND[PARSE[c]!]!)}
        FROM ${STAGE} WHERE ${raw} IS NOT NULL AND __class IN ('data', 'total') AND ${sqlIdent(c)} IS NULL AND ${present(raw)}`;
    });
  if (!parts.length) return null;
  return `INSERT INTO ingest_warnings (source_file, source_row, "column", raw, kind) ${parts.join(' UNION ALL ')}`;
}

/** Clears a file's earlier rows everywhere, so a re-dropped file replaces instead of doubling. */
export function clearFileSql(source: string): string[] {
  return ['evaluations', 'indicators', 'ingest_rejects', 'ingest_totals', 'ingest_warnings'].map(
    (t) => `DELETE FROM ${t} WHERE source_file = ${sqlString(source)}`,
  );
}
