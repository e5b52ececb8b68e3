/** End-to-end ingest rules on messy exports built from the seeds' tables (real SQL, one engine). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { fromBytes, ingestFile, TableRegistry } from './ingest-file';
import { accountedRows } from './report';
import { encodeGbk, encodeUtf16 } from './testing/gbk';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
}, 60_000);
afterAll(() => conn.close());

const utf8 = (s: string) => new TextEncoder().encode(s);
async function all(sql: string): Promise<Record<string, unknown>[]> {
  const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);
  return (await conn.query(sql)).toArray().map((r) => {
    const o = r.toJSON() as Record<string, unknown>;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]));
  });
}

const EVAL_HEADER =
  '单位名称,主管部门,地区,年度,评价类型,项目名称,年初预算数（元）,全年预算数（元）,全年执行数（元）,执行率,自评得分,评价等级,存在的问题';
// Line numbers are physical lines of this text (1-based).
const MESSY = [
  '附件1：2023年度项目支出绩效自评汇总表', // 1
  ',,,,,,,,,,,,', // 2 (Excel writes the empty cells of a merged title row)
  '', // 3
  EVAL_HEADER, // 4
  '昆明市五华区政务服务管理局,昆明市五华区财政局,五华区,2023年度,项目支出绩效自评,政务服务专项工作经费,"3,978,000.00",3978000,2930800,73.68%,９１,优秀,"绩效目标设置不够科学合理，', // 5
  '量化、细化不够"', // 6
  ',,,2023,项目,政务大厅微改造,100000,100000,50000,50%,115. 00,良好,—', // 7 (merged unit/supervisor/region)
  '合      计,,,,,,,4078000,2980800,,,,', // 8
  '其中：区级财政,,,,,,,3978000,2930800,,,,', // 9
  '昆明市东川区委办公室,昆明市东川区财政局,东川区,2020,部门整体,部门整体支出,4531900,4531900,4531900,100%,97,A,无', // 10
  '坏行,只有三个字段', // 11 (wrong field count)
  '"引号不配对,x,y,2020,项目,p,1,1,1,1%,90,优,"', // 12 (the quote swallows the commas: one field)
  '西山区某局,西山区财政局,西山区,二〇二三,项目,q,abc,1,1,1%,九十,特优,', // 13 (unreadable fields)
  '', // 14
  '注：本表金额单位为元。', // 15
  '单位负责人：张三,,,,,,财务负责人：李四,,,,,,', // 16
].join('\r\n');

describe('a messy GBK export', () => {
  const tables = new TableRegistry();
  let report: Awaited<ReturnType<typeof ingestFile>>;
  beforeAll(async () => {
    report = await ingestFile(conn, fromBytes('五华区 汇总.csv', encodeGbk(MESSY)), { tables });
  });

  test('layout and encoding', () => {
    expect(report.fatal).toBeNull();
    expect(report.encoding).toBe('gb18030');
    expect(report.delimiter).toBe(',');
    expect(report.headerRow).toBe(4);
    expect(report.tableName).toBe('五华区_汇总');
    expect(report.kind).toBe('evaluations');
  });

  test('values normalised: 元 → 万元 exactly, full-width digits, spaces in numbers, grades, kinds, years', async () => {
    const rows =
      await all(`SELECT unit, supervisor, region, year, kind, project, budget_initial::VARCHAR AS bi,
      budget::VARCHAR AS budget, spent::VARCHAR AS spent, execution_rate::VARCHAR AS rate, score::VARCHAR AS score, grade,
      problems, source_row FROM evaluations WHERE source_file = '五华区 汇总.csv' ORDER BY source_row`);
    expect(rows.map((r) => r.source_row)).toEqual([5, 7, 10, 13]);
    expect(rows[0]).toMatchObject({
      unit: '昆明市五华区政务服务管理局',
      year: 2023,
      kind: '项目支出',
      bi: '397.800000',
      budget: '397.800000',
      spent: '293.080000',
      rate: '73.68',
      score: '91.00',
      grade: '优',
      problems: '绩效目标设置不够科学合理，\r\n量化、细化不够',
    });
    // Merged cells: labels filled down from the row above; numbers are not.
    expect(rows[1]).toMatchObject({
      unit: '昆明市五华区政务服务管理局',
      region: '五华区',
      score: '115.00',
      grade: '良',
      problems: null,
      rate: '50.00',
    });
    expect(rows[2]).toMatchObject({
      kind: '部门整体支出',
      year: 2020,
      grade: '优',
      problems: null,
      spent: '453.190000',
    });
    expect(rows[3]).toMatchObject({
      year: null,
      bi: null,
      score: null,
      grade: null,
    });
  });

  test('unreadable fields keep their row and become warnings with the raw text', () => {
    const byColumn = Object.fromEntries(report.warnings.map((w) => [w.column, w]));
    expect(byColumn.year).toMatchObject({
      kind: 'not_a_year',
      examples: [{ sourceRow: 13, raw: '二〇二三' }],
    });
    expect(byColumn.score).toMatchObject({
      kind: 'not_a_number',
      examples: [{ sourceRow: 13, raw: '九十' }],
    });
    expect(byColumn.grade?.examples).toEqual([{ sourceRow: 13, raw: '特优' }]);
    expect(byColumn.budget_initial?.examples).toEqual([{ sourceRow: 13, raw: 'abc' }]);
  });

  test('totals are kept out of evaluations and listed with their rows', async () => {
    expect(report.totals).toEqual([
      { sourceRow: 8, text: '合      计' },
      { sourceRow: 9, text: '其中：区级财政' },
    ]);
    const [t] = await all(
      `SELECT label, budget::VARCHAR AS b FROM ingest_totals WHERE source_file = '五华区 汇总.csv' ORDER BY source_row`,
    );
    expect(t).toEqual({ label: '合      计', b: '407.800000' });
  });

  test('broken rows go to ingest_rejects with raw text and reason; notes are reported, not rejected', async () => {
    expect(report.rejects.map((r) => [r.sourceRow, r.raw])).toEqual([
      [11, '坏行,只有三个字段'],
      [12, '"引号不配对,x,y,2020,项目,p,1,1,1,1%,90,优,"'],
    ]);
    expect(report.rejects[0]!.reason).toMatch(/字段数少于表头/);
    const stored = await all(
      `SELECT source_row, raw, reason FROM ingest_rejects WHERE source_file = '五华区 汇总.csv' ORDER BY source_row`,
    );
    // The table (filled in SQL) says exactly what the report (built in JavaScript) says.
    expect(stored).toEqual(
      report.rejects.map((r) => ({ source_row: r.sourceRow, raw: r.raw, reason: r.reason })),
    );
    expect(report.notes.map((n) => n.sourceRow)).toEqual([15, 16]);
  });

  test('every row read is accounted for', () => {
    expect(report.rowsRead).toBe(11); // lines 5–16 minus the continuation line 6
    expect(accountedRows(report)).toBe(report.rowsRead);
  });

  test('dropping the same file again replaces its rows instead of doubling them', async () => {
    const again = await ingestFile(conn, fromBytes('五华区 汇总.csv', encodeGbk(MESSY)), { tables });
    expect(again.tableName).toBe('五华区_汇总');
    const [n] =
      await all(`SELECT (SELECT count(*) FROM evaluations WHERE source_file = '五华区 汇总.csv') AS e,
      (SELECT count(*) FROM ingest_totals WHERE source_file = '五华区 汇总.csv') AS t,
      (SELECT count(*) FROM ingest_rejects WHERE source_file = '五华区 汇总.csv') AS r,
      (SELECT count(*) FROM ingest_warnings WHERE source_file = '五华区 汇总.csv') AS w,
      (SELECT count(*) FROM 五华区_汇总) AS raw`);
    expect(n).toEqual({ e: 4, t: 2, r: 2, w: report.warnings.reduce((s, w) => s + w.count, 0), raw: 7 });
  });
});

describe('layouts and encodings', () => {
  const rowsOf = (file: string) =>
    all(
      `SELECT unit, score::VARCHAR AS score, execution_rate::VARCHAR AS rate, source_row FROM evaluations WHERE source_file = '${file}' ORDER BY source_row`,
    );

  test.each([
    ['tab.tsv', utf8('单位名称\t自评得分\t执行率\nA局\t91\t73.68\n'), '\t', 'utf-8'],
    ['semi.csv', utf8('单位名称;自评得分;执行率\nA局;91;73.68%\n'), ';', 'utf-8'],
    [
      'bom.csv',
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('单位名称,自评得分,执行率\r\nA局,91,73.68%\r\n')]),
      ',',
      'utf-8-bom',
    ],
    ['u16.csv', encodeUtf16('单位名称,自评得分,执行率\r\nA局,91,73.68%\r\n', true), ',', 'utf-16le'],
    ['frac.csv', utf8('单位名称,自评得分,执行率\nA局,91,0.7368\nB局,80,1.2\n'), ',', 'utf-8'],
  ])('%s', async (file, bytes, delimiter, encoding) => {
    const r = await ingestFile(conn, fromBytes(file, bytes));
    expect([r.delimiter, r.encoding, r.fatal]).toEqual([delimiter, encoding, null]);
    expect((await rowsOf(file))[0]).toEqual({ unit: 'A局', score: '91.00', rate: '73.68', source_row: 2 });
  });

  test.each([
    ['2017', 2017],
    ['2017年', 2017],
    ['2017年度', 2017],
    ['（2023）年度', 2023],
    ['２０２３', 2023],
    ['1949', 1949],
    ['2100', 2100],
    ['1948', null],
    ['2101', null],
    ['17', null],
  ])('year %j → %j', async (cell, year) => {
    const name = `year-${cell}.csv`;
    await ingestFile(conn, fromBytes(name, utf8(`单位名称,年度,自评得分\nA局,${cell},90\n`)));
    const [row] = await all(`SELECT year FROM evaluations WHERE source_file = '${name}'`);
    expect(row!.year).toBe(year);
  });

  test('merged cells of several label columns fill down each from its own nearest row above', async () => {
    // Blanks in different rows per column; an unreadable year stays NULL (a warning, not a merged cell).
    const csv = '单位名称,主管部门,年度,自评得分\nX局,甲委,2021,90\n,乙委,2022,80\nY局,,二〇二三,70\n,,,60\n';
    await ingestFile(conn, fromBytes('merged.csv', utf8(csv)));
    expect(
      await all(
        `SELECT unit, supervisor, year, score::VARCHAR AS s FROM evaluations WHERE source_file = 'merged.csv' ORDER BY source_row`,
      ),
    ).toEqual([
      { unit: 'X局', supervisor: '甲委', year: 2021, s: '90.00' },
      { unit: 'X局', supervisor: '乙委', year: 2022, s: '80.00' },
      { unit: 'Y局', supervisor: '乙委', year: null, s: '70.00' },
      { unit: 'Y局', supervisor: '乙委', year: 2022, s: '60.00' },
    ]);
  });

  test('a rate column that is not all fractions keeps 0.7368 as 0.74 %', async () => {
    const r = await ingestFile(conn, fromBytes('mixed.csv', utf8('单位名称,执行率\nA局,0.7368\nB局,95\n')));
    expect(r.rateFractions).toBe(false);
    expect((await rowsOf('mixed.csv')).map((x) => x.rate)).toEqual(['0.74', '95.00']);
  });

  test('GBK that starts after the first 64 KB of ASCII falls back from UTF-8 to gb18030', async () => {
    const ascii = 'Unit,score\n' + 'x,1\n'.repeat(20_000);
    const bytes = new Uint8Array([...utf8(ascii), ...encodeGbk('五华区,2\n')]);
    const r = await ingestFile(conn, fromBytes('late.csv', bytes));
    expect(r.encoding).toBe('gb18030');
    const [last] = await all(
      `SELECT unit, source_row FROM evaluations WHERE source_file = 'late.csv' ORDER BY source_row DESC LIMIT 1`,
    );
    expect(last).toEqual({ unit: '五华区', source_row: 20_002 });
  });

  test('raw table keeps text exact: leading zeros and 18-digit codes', async () => {
    const r = await ingestFile(
      conn,
      fromBytes('codes.csv', utf8('zip,code,name\n08123,110101199003077777,"a ""b"", c"\n')),
    );
    expect(await all(`SELECT * FROM ${r.tableName}`)).toEqual([
      { zip: '08123', code: '110101199003077777', name: 'a "b", c' },
    ]);
  });

  test('source_row counts physical lines across multi-line cells and blank lines', async () => {
    const csv = '单位名称,存在的问题,自评得分\nA局,"一是\n二是\n三是",90\n\nB局,x,80\nC局,"1\r\n2",70\n';
    await ingestFile(conn, fromBytes('lines.csv', utf8(csv)));
    expect((await rowsOf('lines.csv')).map((x) => [x.unit, x.source_row])).toEqual([
      ['A局', 2],
      ['B局', 6],
      ['C局', 7],
    ]);
  });
});

describe('bad files and mapping', () => {
  test.each([
    ['book.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /Excel 工作簿.*另存为 CSV \(逗号分隔\)/],
    ['old.csv', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), /\.xls/],
    ['empty.csv', new Uint8Array(0), /空/],
    ['blank.csv', utf8('\n\n\n'), /没有可读的行/],
  ])('%s is a fatal error with a clear message', async (file, bytes, message) => {
    const r = await ingestFile(conn, fromBytes(file, bytes));
    expect(r.fatal?.zh).toMatch(message);
  });

  test('a file with unknown headers stays a plain table and the report says why', async () => {
    const r = await ingestFile(conn, fromBytes('other.csv', utf8('foo,bar\n1,2\n')));
    expect(r.kind).toBeNull();
    expect(r.kindReason?.en).toMatch(/plain table/);
    expect(r.rawRows).toBe(1);
    expect(accountedRows(r)).toBe(r.rowsRead);
  });

  test('a mapping override makes an unknown file load, and 得分系数(%) is never points', async () => {
    const csv = '机构,得分系数(%),分数\nA局,95,88\n';
    const first = await ingestFile(conn, fromBytes('override.csv', utf8(csv)));
    expect(first.kind).toBeNull();
    const r = await ingestFile(conn, fromBytes('override.csv', utf8(csv)), {
      mapping: { 机构: 'unit', 分数: 'score' },
    });
    expect(r.kind).toBe('evaluations');
    expect(r.headers.map((h) => h.column)).toEqual(['unit', null, 'score']);
    expect(
      await all(`SELECT unit, score::VARCHAR AS s FROM evaluations WHERE source_file = 'override.csv'`),
    ).toEqual([{ unit: 'A局', s: '88.00' }]);
  });

  test('indicators: 得分 is points, level labels filled down, the last 分值 is the weight', async () => {
    const csv =
      '一级指标,分值,二级指标,分值,三级指标,分值,得分\n决策,40,项目立项,7,立项依据充分性,4,4\n,,,,立项程序规范性,3,3\n合计,100,,,,100,91\n';
    const r = await ingestFile(conn, fromBytes('ind.csv', utf8(csv)));
    expect(r.kind).toBe('indicators');
    const rows = await all(
      `SELECT level1, level2, level3, weight::VARCHAR AS w, points::VARCHAR AS p FROM indicators WHERE source_file = 'ind.csv' ORDER BY source_row`,
    );
    expect(rows).toEqual([
      { level1: '决策', level2: '项目立项', level3: '立项依据充分性', w: '4.00', p: '4.00' },
      { level1: '决策', level2: '项目立项', level3: '立项程序规范性', w: '3.00', p: '3.00' },
    ]);
    expect(r.totals).toEqual([{ sourceRow: 4, text: '合计' }]);
  });
});
