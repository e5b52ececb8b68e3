/**
 * The read skips DuckDB's stored rejects when the scanner's field check accounts for every dropped
 * row: everything a load writes must then be what DuckDB's own list gives, file by file.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { fromBytes, ingestFile, TableRegistry } from './ingest-file';
import { inProcessTranscoder, type Transcoder } from './source';
import { encodeGbk } from './testing/gbk';
import { chunksOf, scanChunks } from './transcode';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
}, 60_000);
afterAll(() => conn.close());

const utf8 = (s: string) => new TextEncoder().encode(s);
const HEADER =
  '单位名称,主管部门,地区,年度,项目名称,全年预算数（万元）,全年执行数（万元）,执行率,自评得分,评价等级,存在的问题';
const ROW = (unit: string, problems = '执行率偏低') =>
  `${unit},某主管局,五华区,2023,某项目,100,80,80%,91,优,${problems}`;

const MESSY = [
  '附件1：2023年度项目支出绩效自评汇总表',
  '',
  HEADER,
  ROW('甲局'),
  '乙局,只有三个字段,x', // too few
  ROW('丙局', '"一是制度不健全，\r\n二是监控不到位"'), // a record across lines
  '',
  ROW('丁局') + ',多出一列', // too many
  `"戊局","某主管局",五华区,2023,"项""目",1,1,100%,90,优,"无"`, // quoted, escaped quote
  '"引号不配对,x,y,2023,p,1,1,1%,90,优,"', // one quoted field
  ROW('己局'),
  '合计,,,,,101,81,,,,',
  '',
  '注：本表金额单位为万元。',
  '单位负责人：张三,,,,,,财务负责人：李四,,,,',
].join('\r\n');

const ASCII_ROWS = Array.from({ length: 3000 }, (_, i) => `Unit ${i},2023,${60 + (i % 40)},none`);

const FILES: Record<string, { bytes: Uint8Array; predicted: boolean }> = {
  'wrong field counts, multi-line cells, blank lines, notes (UTF-8)': { bytes: utf8(MESSY), predicted: true },
  'the same as GBK': { bytes: encodeGbk(MESSY), predicted: true },
  'a quote inside an unquoted field: DuckDB judges the quoting': {
    bytes: utf8([HEADER, ROW('甲局'), ROW('乙"局'), ROW('丙局') + ',x'].join('\n')),
    predicted: false,
  },
  // Past the 64 KB sample: DuckDB drops the row, the count disagrees, the file turns out to be GBK.
  'a mostly-ASCII GBK export': {
    bytes: new Uint8Array([
      ...utf8(['unit,year,score,problems', ...ASCII_ROWS, 'short,row', ''].join('\n')),
      ...encodeGbk('乙局,2023,90,执行率偏低\n'),
    ]),
    predicted: true,
  },
};

/** A scan without the field check's answer: the load must read DuckDB's own list of rejects. */
const withoutPrediction: Transcoder = async (src, encoding, onProgress, scan) => {
  const { fields: _, ...rest } = await inProcessTranscoder(src, encoding, onProgress, scan);
  return rest;
};

/** The scan fed 7 bytes at a time, so a piece can end after almost every record. */
const inSmallChunks: Transcoder = async (src, encoding, onProgress, scan, onPiece) =>
  scanChunks(chunksOf(await src.bytes(), 7), encoding, src.size, onProgress, scan, onPiece);

const plain = (v: unknown) =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));

async function load(name: string, bytes: Uint8Array, transcode?: Transcoder, pieceBytes?: number) {
  const sql: string[] = [];
  const spy: Connector = { ...conn, query: (s) => (sql.push(s), conn.query(s)) };
  const { elapsedMs: _, ...report } = await ingestFile(spy, fromBytes(name, bytes), {
    tables: new TableRegistry(),
    transcode,
    pieceBytes,
  });
  const tables: Record<string, unknown> = {};
  for (const t of ['evaluations', 'ingest_rejects', 'ingest_totals', 'ingest_warnings'])
    tables[t] = plain(
      (await conn.query(`SELECT * FROM ${t} WHERE source_file = '${name}' ORDER BY ALL`))
        .toArray()
        .map((r) => r.toJSON()),
    );
  tables.raw = plain(
    (await conn.query(`SELECT * FROM "${report.tableName}" ORDER BY ALL`)).toArray().map((r) => r.toJSON()),
  );
  return {
    report,
    tables,
    storedRejects: sql.some((s) => s.includes('store_rejects = true')),
    appendedPieces: sql.filter((s) => /^INSERT INTO "[^"]+" SELECT \* FROM read_csv/.test(s)).length,
  };
}

describe('rejected rows from the field check', () => {
  test.each(Object.entries(FILES))('%s', async (name, file) => {
    const fast = await load('f.csv', file.bytes);
    const duck = await load('f.csv', file.bytes, withoutPrediction);
    expect(duck.storedRejects).toBe(true);
    expect(fast.storedRejects).toBe(!file.predicted);
    expect(fast.report.fatal).toBeNull();
    expect(fast.report).toEqual(duck.report);
    expect(fast.tables).toEqual(duck.tables);
  });

  // A transcoded file is read piece by piece as the scan hands pieces out: cut after every record
  // (pieces of 1 byte at least), the load is the same as from one piece.
  test.each([
    ['the messy GBK file', encodeGbk(MESSY), true],
    // A piece can start with a record whose quoted cell holds a bare \n in a \r\n file.
    ['CRLF with a bare LF in a quoted cell', encodeGbk(MESSY.replace('\r\n二是监控', '\n二是监控')), true],
    [
      'GBK with a quote inside a field (read again whole, rejects stored)',
      encodeGbk([HEADER, ROW('甲局'), ROW('乙"局'), ROW('丙局') + ',x'].join('\n')),
      false,
    ],
  ] as const)('%s: read in pieces as from one', async (_name, bytes, predicted) => {
    const one = await load('p.csv', bytes, undefined, Infinity);
    const many = await load('p.csv', bytes, inSmallChunks, 1);
    expect(one.appendedPieces).toBe(0);
    if (predicted) expect(many.appendedPieces).toBeGreaterThan(1);
    expect(many.storedRejects).toBe(!predicted);
    expect(many.report.fatal).toBeNull();
    expect(many.report).toEqual(one.report);
    expect(many.tables).toEqual(one.tables);
    expect(many.tables).toEqual((await load('p.csv', bytes, withoutPrediction)).tables);
  });

  test('a piece that fails to load fails the load cleanly: the pieces read before are rolled back', async () => {
    let appends = 0;
    const failing: Connector = {
      ...conn,
      query: (sql) =>
        /^INSERT INTO "[^"]+" SELECT \* FROM read_csv/.test(sql) && ++appends === 2
          ? Promise.reject(new Error('the engine ran out of memory'))
          : conn.query(sql),
    };
    const report = await ingestFile(failing, fromBytes('broken.csv', encodeGbk(MESSY)), {
      tables: new TableRegistry(),
      transcode: inSmallChunks,
      pieceBytes: 1,
    });
    expect(report.fatal?.en).toBe('Loading “broken.csv” failed: the engine ran out of memory');
    // No transaction left open, nothing half-loaded, and the next load works.
    await conn.query('BEGIN TRANSACTION');
    await conn.query('ROLLBACK');
    expect(
      (await conn.query(`SELECT count(*)::INT AS n FROM evaluations WHERE source_file = 'broken.csv'`))
        .toArray()[0]
        .toJSON(),
    ).toEqual({ n: 0 });
    const again = await load('after.csv', encodeGbk(MESSY), inSmallChunks, 1);
    expect(again.report.fatal).toBeNull();
    expect(again.report.canonicalRows).toBe(4);
  });

  // Line ends that change from \r\n to \n within the file: DuckDB's strict reader gives up on the
  // whole file; the lenient one reads every row, whole or in pieces.
  const MIXED =
    [HEADER, ROW('甲局'), ROW('乙局'), ROW('丙局')].join('\r\n') +
    '\n' +
    ROW('丁局') +
    '\n' +
    ROW('戊局') +
    '\r\n';
  test.each([
    ['UTF-8, read whole', utf8(MIXED), undefined],
    ['GBK, read in pieces', encodeGbk(MIXED), inSmallChunks],
  ] as const)('mixed line ends (%s): read leniently, nothing lost', async (_name, bytes, transcode) => {
    const report = await ingestFile(conn, fromBytes('mixed.csv', bytes), {
      tables: new TableRegistry(),
      transcode,
      pieceBytes: 1,
    });
    expect(report.fatal).toBeNull();
    expect(report.lenient).toBe(true);
    expect(report.canonicalRows).toBe(5);
    expect(report.rowsRead).toBe(5);
    const units = await conn.query(
      `SELECT unit, source_row FROM evaluations WHERE source_file = 'mixed.csv' ORDER BY source_row`,
    );
    expect(units.toArray().map((r) => r.toJSON())).toEqual(
      ['甲局', '乙局', '丙局', '丁局', '戊局'].map((unit, i) => ({ unit, source_row: i + 2 })),
    );
  });

  test('the messy file rejects what it should, with DuckDB’s reasons', async () => {
    const { report } = await load(
      'f.csv',
      FILES['wrong field counts, multi-line cells, blank lines, notes (UTF-8)']!.bytes,
    );
    expect(report.rejects.map((r) => [r.sourceRow, r.reason])).toEqual([
      [5, '字段数少于表头（Expected Number of Columns: 11 Found: 3）'],
      [9, '字段数多于表头（Expected Number of Columns: 11 Found: 12）'],
      [11, '字段数少于表头（Expected Number of Columns: 11 Found: 1）'],
    ]);
    expect(report.canonicalRows).toBe(4);
  });
});
