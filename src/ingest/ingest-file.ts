/**
 * One dropped file → its raw table + canonical rows + a report. Steps: sniff bytes (encoding, not
 * text?) → stream-scan/transcode → sniff layout on a sample → map headers → DuckDB reads all text →
 * place records on physical lines → normalise once in SQL → insert → summarise for the report.
 */
import type { Table } from 'apache-arrow';
import type { Connector } from '../engine/connector';
import { sqlIdent, sqlString } from '../analysis/filters';
import {
  blankLabelsSql,
  clearFileSql,
  GAPS,
  dataRecordLines,
  fillStageSql,
  fillTableSql,
  FILL,
  gapsSql,
  LINES,
  linesTableSql,
  insertCanonicalSql,
  insertRejectsSql,
  insertTotalsSql,
  insertWarningsSql,
  linedSourceSql,
  lineShifts,
  consecutiveLines,
  fieldReject,
  lineRuns,
  predictedRejectsCsv,
  predictedRejectsSql,
  readCsvSql,
  REJECT_SCANS,
  REJECTS,
  REJECTS_SQL,
  STAGE,
  stageSql,
  type LineEvent,
  type ReadOptions,
  type StageOptions,
} from './build-load-sql';
import { decoderLabel, isUtf8, notTextReason, sniffEncoding, type Encoding } from './encoding';
import { mapHeaders } from './headers';
import { fractionColumnSql } from './normalize-sql';
import { emptyReport, LIST_LIMIT, type Bilingual, type FileReport } from './report';
import { placeRejects, REASONS, type PlacedReject, type RawReject } from './rejects';
import { CANONICAL_DDL } from './schema';
import { columnNames, findHeader, parseSample, SAMPLE_BYTES, sniffDelimiter } from './sniff';
import { defaultTranscoder, type IngestSource, type Transcoder } from './source';
import { TableRegistry } from './table-name';
import { NotUtf8Error, PIECE_BYTES, type ScanOptions, type ScanResult } from './transcode';

export { fromFile, fromBytes, type IngestSource, type Transcoder } from './source';
export type { FileReport } from './report';
export { TableRegistry } from './table-name';
export { EXECUTION_RATE_RULE } from './normalize-sql';

export interface IngestOptions {
  /** header → canonical column, or null to not import it (a person's correction). */
  mapping?: Record<string, string | null>;
  /** fileName → tableName for the session; share one across files. */
  tables?: TableRegistry;
  onProgress?: (p: { phase: string; fraction: number }) => void;
  transcode?: Transcoder;
  /** Size of the pieces a transcoded file is read in (transcode.ts PIECE_BYTES; small in tests). */
  pieceBytes?: number;
}

/** An Arrow value as plain JS: bigints → numbers, lists → arrays, structs/rows → objects. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    // Arrow rows and vectors both have toJSON (an object, resp. an array).
    const json = 'toJSON' in v && typeof v.toJSON === 'function' ? (v.toJSON() as unknown) : v;
    if (Array.isArray(json)) return json.map(plain);
    if (json && typeof json === 'object')
      return Object.fromEntries(Object.entries(json).map(([k, x]) => [k, plain(x)]));
    return json;
  }
  return v;
}

/** Rows of an Arrow table as plain objects. */
function rows(t: Table): Record<string, unknown>[] {
  return t.toArray().map((r) => plain(r) as Record<string, unknown>);
}

const fatal = (zh: string, en: string): Bilingual => ({ zh, en });

function runScan(
  src: IngestSource,
  encoding: Encoding,
  opts: IngestOptions,
  scan: ScanOptions,
  onPiece?: (utf8: Uint8Array) => void,
): Promise<ScanResult> {
  const transcode = opts.transcode ?? defaultTranscoder;
  return transcode(
    src,
    encoding,
    (fraction) => opts.onProgress?.({ phase: 'scan', fraction }),
    scan,
    onPiece,
  );
}

/**
 * DuckDB's strict CSV reader gave up on the file as a whole (not on single rows, which it rejects):
 * measured with line ends that change from \r\n to \n within a file. The lenient reader reads it.
 */
function strictReaderFailed(e: unknown): boolean {
  return e instanceof Error && /state machine reached an invalid state/i.test(e.message);
}

/** Bytes of `text` in UTF-8 before its line `line` (1-based): where that line starts once transcoded. */
function utf8Before(text: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line && at !== -1; l++) at = text.indexOf('\n', at) + 1 || -1;
  return new TextEncoder().encode(at === -1 ? text : text.slice(0, at)).length;
}

/** Blank lines and rejected records (skipped) and multi-line records, for lineShifts. */
function lineEvents(
  scanned: ScanResult,
  blank: readonly number[],
  placed: readonly PlacedReject[],
  rejected: ReadonlySet<number>,
): LineEvent[] {
  const multi = new Map<number, number>();
  for (let i = 0; i < scanned.multiline.length; i += 2)
    multi.set(scanned.multiline[i]!, 1 + scanned.multiline[i + 1]!);
  return [
    ...blank.map((line): LineEvent => ({ kind: 'skip', line, span: 1 })),
    // The scanner knows a rejected record's lines better than its (possibly cut) raw text does.
    ...placed.map((p): LineEvent => ({ kind: 'skip', line: p.line, span: multi.get(p.line) ?? p.span })),
    ...[...multi]
      .filter(([line]) => !rejected.has(line))
      .map(([line, span]): LineEvent => ({ kind: 'record', line, span })),
  ];
}

export async function ingestFile(
  conn: Connector,
  src: IngestSource,
  opts: IngestOptions = {},
): Promise<FileReport> {
  const started = performance.now();
  const report = emptyReport(src.name, src.size);
  const tables = opts.tables ?? new TableRegistry();
  const step = (phase: string, fraction: number) => opts.onProgress?.({ phase, fraction });
  // Each query's time as a measure too (`ingest-sql:…`), for `DETAIL=1 npm run bench:ingest`.
  const q = async (sql: string) => {
    const start = performance.now();
    try {
      return await conn.query(sql);
    } finally {
      performance.measure(`ingest-sql:${sql.replace(/\s+/g, ' ').slice(0, 90)}`, {
        start,
        end: performance.now(),
      });
    }
  };
  const uploadName = `ingest-${Math.random().toString(36).slice(2)}.csv`;
  const linesName = `${uploadName}.lines`;
  const rejectsName = `${uploadName}.rejects`;
  /** The pieces of a transcoded file registered for reading (transcodeInPieces). */
  const pieces: string[] = [];
  // Phase timings as performance measures (`ingest:read` …), for `npm run bench:ingest` and devtools.
  let lapStart = started;
  // The scan and the read of a UTF-8 file overlap: each is measured on its own too.
  const timed = <T>(part: string, work: Promise<T>): Promise<T> => {
    const start = performance.now();
    return work.finally(() => performance.measure(`ingest-part:${part}`, { start, end: performance.now() }));
  };
  const lap = (phase: string) => {
    const now = performance.now();
    performance.measure(`ingest:${phase}`, { start: lapStart, end: now });
    lapStart = now;
  };
  try {
    for (const sql of CANONICAL_DDL) await q(sql);
    for (const sql of clearFileSql(src.name)) await q(sql);
    const table = tables.tableFor(src.name);
    const head = src.head ? await src.head(SAMPLE_BYTES) : (await src.bytes()).subarray(0, SAMPLE_BYTES);
    const notText = notTextReason(head, src.size);
    if (notText) {
      await q(`DROP TABLE IF EXISTS ${sqlIdent(table)}`);
      report.fatal = notText;
      return report;
    }
    // Layout from the first 64 KB, decoded on this thread (cheap): it does not need the whole scan.
    let encoding = sniffEncoding(head);
    const text = new TextDecoder(decoderLabel(encoding)).decode(head);
    const delimiter = sniffDelimiter(text);
    const header = findHeader(parseSample(text, delimiter, src.size <= SAMPLE_BYTES));
    if (!header) {
      report.encoding = encoding;
      await q(`DROP TABLE IF EXISTS ${sqlIdent(table)}`);
      report.fatal = fatal('文件中没有可读的行，未找到表头。', 'No readable rows: no header row was found.');
      return report;
    }
    report.delimiter = delimiter;
    report.headerRow = header.record.line;
    const columns = columnNames(header.record.fields);
    const mapping = mapHeaders(columns, opts.mapping, header.record.fields);
    report.headers = mapping.headers;
    report.kind = mapping.kind;
    report.kindReason = mapping.reason;

    // The scanner counts each data record's fields, so the read need not store DuckDB's rejects.
    const fieldCheck = { delimiter, columns: columns.length, fromLine: header.record.endLine + 1 };
    let path = '';
    /** The read of a registered file (the whole file, or a piece) into the raw table. */
    const readCsv = (o: Pick<ReadOptions, 'path' | 'storeRejects' | 'lenient' | 'append'>) =>
      q(readCsvSql({ table, columns, delimiter, skip: header.record.line - 1, ...o }));
    const readTable = async (storeRejects: boolean) => {
      const sql = (lenient: boolean) => readCsv({ path, storeRejects: storeRejects || lenient, lenient });
      if (!report.lenient)
        try {
          return await sql(false);
        } catch (e) {
          if (!strictReaderFailed(e)) throw e;
          report.lenient = true;
        }
      storedRejects = true;
      return sql(true);
    };
    const read = async (utf8: Uint8Array | null, storeRejects: boolean) => {
      step('read', 0);
      // The transcoded buffer is ours alone: handed over, not copied.
      path = await conn.registerFile(uploadName, utf8 ?? src.file ?? (await src.bytes()), {
        handOver: utf8 !== null,
      });
      await readTable(storeRejects);
    };
    const countRaw = async () => Number(rows(await q(`SELECT count(*) AS n FROM ${sqlIdent(table)}`))[0]!.n);
    let scanned: ScanResult;
    // Set by readTable too: a lenient read always keeps DuckDB's own rejects.
    let storedRejects = false;
    const transcodeAndRead = async (withRejects = false): Promise<ScanResult> => {
      const result = await runScan(src, encoding, opts, { fieldCheck });
      lap('transcode');
      // Read with DuckDB's rejects stored right away when the field check cannot be trusted.
      storedRejects = withRejects || report.lenient || (result.fields?.quirky ?? true);
      await read(result.utf8, storedRejects);
      return result;
    };
    // A transcoded file is read piece by piece while the worker transcodes the rest: DuckDB and the
    // worker each keep a core busy, where reading after the whole transcode left one idle for ~5 s
    // of a 300 MB GBK file. The first piece holds the header.
    const transcodeInPieces = async (): Promise<ScanResult> => {
      const headerEnd = utf8Before(text, header.record.endLine + 1);
      const pieceBytes = Math.max(opts.pieceBytes ?? PIECE_BYTES, headerEnd);
      // The header line goes before every later piece, so each is read as the first one is.
      const piecePrefix = new TextEncoder()
        .encode(text)
        .slice(utf8Before(text, header.record.line), headerEnd);
      // One transaction for all the pieces: a table appended to by separately committed INSERTs
      // scanned its text ~10× slower ever after (measured in duckdb-wasm: 340 against 30 ms for one
      // column of a million rows), which every later step of the load pays.
      let reading = q('BEGIN TRANSACTION').then(() => {});
      const onPiece = (utf8: Uint8Array) => {
        const name = `${uploadName}.${pieces.length}`;
        const append = pieces.length > 0;
        pieces.push(name);
        reading = reading.then(async () => {
          const piece = await conn.registerFile(name, utf8, { handOver: true });
          await readCsv({ path: piece, storeRejects: false, append });
        });
        // Handled here so a failed read does not surface before the scan ends; awaited below.
        reading.catch(() => {});
      };
      reading.catch(() => {});
      let result: ScanResult;
      try {
        result = await runScan(src, encoding, opts, { fieldCheck, pieceBytes, piecePrefix }, onPiece);
        await reading;
        await q('COMMIT');
      } catch (e) {
        const failed = await reading.then(
          () => null,
          (x: unknown) => x,
        );
        await q('ROLLBACK').catch(() => {});
        // Line ends or quoting DuckDB's strict reader cannot follow: the whole file, read leniently.
        if (failed && strictReaderFailed(failed)) return transcodeAndRead(true);
        throw e;
      }
      lap('transcode');
      if (!pieces.length || (result.fields?.quirky ?? true)) {
        // The field check cannot be trusted: read the whole file again, DuckDB's rejects stored.
        return transcodeAndRead();
      }
      return result;
    };
    if (isUtf8(encoding)) {
      // A UTF-8 file is read as it is, so DuckDB reads while the worker scans it. DuckDB checks the
      // bytes itself: a row with invalid UTF-8 is dropped, which the count below catches.
      const [scan, reading] = await Promise.allSettled([
        timed('scan', runScan(src, encoding, opts, { fieldCheck, validate: false })),
        timed('read', read(null, false)),
      ]);
      if (scan.status === 'rejected') throw scan.reason;
      if (reading.status === 'rejected') throw reading.reason;
      scanned = scan.value;
    } else scanned = await transcodeInPieces();
    report.rawRows = await countRaw();
    // DuckDB dropped exactly the records the scanner found with the wrong field count.
    const predicted = () => {
      const f = scanned.fields;
      return !!f && !f.quirky && f.records - f.errors.length === report.rawRows;
    };
    if (!storedRejects && !predicted() && isUtf8(encoding)) {
      // Rows dropped for another reason. Bytes that are not UTF-8 after a sample that looked like it
      // (a mostly-ASCII GBK export) make it a GB18030 file.
      const valid = await runScan(src, encoding, opts, {}).then(
        () => true,
        (e: unknown) => {
          if (e instanceof NotUtf8Error) return false;
          throw e;
        },
      );
      if (!valid) {
        encoding = 'gb18030';
        scanned = await transcodeAndRead();
        report.rawRows = await countRaw();
      }
    }
    if (!storedRejects && !predicted()) {
      // Quoting or encoding errors: read again, keeping DuckDB's own list of rejected rows (a file
      // read in pieces is transcoded again, whole).
      if (path) await readTable(true);
      else scanned = await transcodeAndRead(true);
      storedRejects = true;
      report.rawRows = await countRaw();
    }
    if (!storedRejects) {
      const csv = predictedRejectsCsv(scanned.fields!.errors, columns.length);
      const rejectsPath = csv
        ? await conn.registerFile(rejectsName, new TextEncoder().encode(csv), { handOver: true })
        : null;
      await q(predictedRejectsSql(rejectsPath));
    }
    lap('scan+read');
    report.encoding = scanned.encoding;
    report.tableName = table;

    // Rejected records, skipped blank lines and multi-line records place every row on its line.
    const rawRejects = storedRejects
      ? rows(await q(REJECTS_SQL)).map((r): RawReject => ({
          pos: Number(r.pos),
          csvLine: String(r.csv_line ?? ''),
          errorType: String(r.error_type),
          message: String(r.error_message ?? ''),
        }))
      : scanned.fields!.errors.map((e) => fieldReject(e, columns.length));
    const placed = rawRejects.length ? placeRejects(scanned.lineStarts, rawRejects) : [];
    const blank = scanned.blankLines.filter((l) => l > header.record.endLine);
    const firstLine = header.record.endLine + 1;
    const rejected = new Set(placed.map((p) => p.line));
    const lines = dataRecordLines(scanned.records, firstLine, rejected, report.rawRows);
    let lined = linedSourceSql(table, firstLine, 'consecutive');
    // Only the ASOF join (line shifts) does not keep the raw table's order.
    let inOrder = true;
    if (lines && !consecutiveLines(lines, firstLine)) {
      const path = await conn.registerFile(linesName, lineRuns(lines), { handOver: true });
      await q(linesTableSql(path));
      lined = linedSourceSql(table, firstLine, 'records');
    } else if (!lines) {
      // The scanner's records and DuckDB's rows disagree: number rows by the shifts, which do not
      // depend on matching every record.
      const shifts = lineShifts(firstLine, lineEvents(scanned, blank, placed, rejected));
      if (shifts.length) {
        await q(gapsSql(shifts)!);
        lined = linedSourceSql(table, firstLine, 'shifts');
        inOrder = false;
      }
    }
    lap('lines');

    const notes = placed.filter((p) => p.isNote);
    const rejects = placed.filter((p) => !p.isNote);
    report.rejectsCount = rejects.length;
    report.rejects = rejects
      .slice(0, LIST_LIMIT)
      .map((p) => ({ sourceRow: p.line, raw: p.raw, reason: p.reason }));
    const rejectsSql = insertRejectsSql(src.name, rejects, REASONS);
    if (rejectsSql) await q(rejectsSql);
    lap('rejects');
    report.blankRows = blank.length;

    if (!mapping.kind) {
      report.notesCount = notes.length;
      report.notes = notes.slice(0, LIST_LIMIT).map((p) => ({ sourceRow: p.line, text: p.raw }));
      report.rowsRead = report.rawRows + placed.length + blank.length;
      return report;
    }

    step('normalize', 0.5);
    const rate = mapping.headers.find((h) => h.column === 'execution_rate');
    const rateFractions = rate
      ? Boolean(rows(await q(fractionColumnSql(sqlIdent(table), sqlIdent(rate.header))))[0]!.f)
      : false;
    report.rateFractions = rateFractions;
    lap('fractions');
    const stage: StageOptions = {
      kind: mapping.kind,
      headers: mapping.headers,
      columns,
      rateFractions,
      source: src.name,
      proseFrom: inOrder ? table : undefined,
    };
    await q(stageSql(stage, lined));
    lap('stage');
    const blankLabels = blankLabelsSql(stage);
    if (blankLabels) {
      const blank = Object.entries(rows(await q(blankLabels))[0] ?? {}).filter(([, n]) => Number(n) > 0);
      const columns = blank.map(([c]) => c);
      const fill = fillTableSql(stage, columns);
      if (fill) {
        await q(fill);
        for (const sql of fillStageSql(stage, columns)) await q(sql);
        stage.filled = columns;
      }
    }
    lap('fill-down');
    await q(insertCanonicalSql(stage));
    lap('insert');
    await q(insertTotalsSql(stage));
    const warnings = insertWarningsSql(stage);
    if (warnings) await q(warnings);

    lap('totals+warnings');
    step('report', 0.9);
    await summarise(
      conn,
      report,
      src.name,
      notes.map((p) => ({ sourceRow: p.line, text: p.raw })),
    );
    lap('report');
    return report;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    report.fatal = fatal(`导入“${src.name}”失败：${message}`, `Loading “${src.name}” failed: ${message}`);
    return report;
  } finally {
    for (const t of [STAGE, FILL, GAPS, LINES, REJECTS, REJECT_SCANS])
      await q(`DROP TABLE IF EXISTS ${t}`).catch(() => {});
    await conn.dropFile(uploadName);
    await conn.dropFile(linesName);
    await conn.dropFile(rejectsName);
    for (const piece of pieces) await conn.dropFile(piece);
    report.elapsedMs = Math.round(performance.now() - started);
    step('done', 1);
  }
}

/** Counts and examples for the report, from the stage and the file's warnings. */
async function summarise(
  conn: Connector,
  report: FileReport,
  source: string,
  rejectedNotes: FileReport['notes'],
) {
  const counts = rows(await conn.query(`SELECT __class AS c, count(*) AS n FROM ${STAGE} GROUP BY ALL`));
  const count = (c: string) => Number(counts.find((r) => r.c === c)?.n ?? 0);
  report.canonicalRows = count('data');
  report.totalsCount = count('total');
  report.notesCount = count('note') + rejectedNotes.length;
  report.blankRows += count('blank');
  report.repeatedHeaders = count('header');
  report.rowsRead =
    report.rawRows + report.rejectsCount + rejectedNotes.length + report.blankRows - count('blank');
  const listed = rows(
    await conn.query(`SELECT source_row, __class AS c, coalesce(__label, __first) AS text FROM ${STAGE}
      WHERE __class IN ('total', 'note') ORDER BY source_row LIMIT ${2 * LIST_LIMIT}`),
  );
  report.totals = listed
    .filter((r) => r.c === 'total')
    .slice(0, LIST_LIMIT)
    .map((r) => ({ sourceRow: Number(r.source_row), text: String(r.text) }));
  report.notes = [
    ...listed
      .filter((r) => r.c === 'note')
      .map((r) => ({ sourceRow: Number(r.source_row), text: String(r.text) })),
    ...rejectedNotes,
  ]
    .sort((a, b) => a.sourceRow - b.sourceRow)
    .slice(0, LIST_LIMIT);
  const grouped = rows(
    await conn.query(`SELECT "column", kind, count(*) AS n,
      list({'sourceRow': source_row, 'raw': raw} ORDER BY source_row)[1:5] AS examples
      FROM ingest_warnings WHERE source_file = ${sqlString(source)} GROUP BY ALL ORDER BY n DESC, "column"`),
  );
  report.warnings = grouped.map((g) => ({
    column: String(g.column),
    kind: String(g.kind),
    count: Number(g.n),
    examples: (g.examples as { sourceRow: number | bigint; raw: string }[]).map((e) => ({
      sourceRow: Number(e.sourceRow),
      raw: String(e.raw),
    })),
  }));
}
