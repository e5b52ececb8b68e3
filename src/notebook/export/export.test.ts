import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { NotebookFormatError } from '../share/errors';
import { analystNotebook } from '../share/fixtures';
import { csvTextField, exportCsv, tableToCsv } from './csv';
import { notebookFileName, notebookFromFile, notebookToFile, notebookToJson } from './notebook-file';
import { exportParquet } from './parquet-export';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
  await conn.query(`CREATE TABLE ev AS SELECT * FROM (VALUES
    ('东城区教育局', 98.5::DECIMAL(5,2), -1234.56::DECIMAL(18,2), '=HYPERLINK("http://x")', 'a,b', DATE '2023-12-31'),
    ('西城区"财政"局', NULL, 0.10::DECIMAL(18,2), '-5', E'line1\\nline2', NULL),
    ('+朝阳', 60.25, 12345678901234.99::DECIMAL(18,2), '@SUM(A1)', NULL, DATE '2022-01-01')
  ) v(unit, score, spent, note, mixed, day)`);
}, 60_000);
afterAll(() => conn.close());

describe('CSV export', () => {
  test('BOM, header, quoting, neutralisation, Chinese, NULL and exact decimals', async () => {
    const csv = await exportCsv((s) => conn.query(s), 'SELECT * FROM ev ORDER BY spent;');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toEqual([
      'unit,score,spent,note,mixed,day',
      `东城区教育局,98.50,-1234.56,"'=HYPERLINK(""http://x"")","a,b",2023-12-31`,
      `"西城区""财政""局",,0.10,'-5,"line1\nline2",`,
      `'+朝阳,60.25,12345678901234.99,'@SUM(A1),,2022-01-01`,
      '',
    ]);
  });

  test('numbers, including negative ones, are not neutralised; text that looks negative is', async () => {
    const csv = await exportCsv(
      (s) => conn.query(s),
      `SELECT -5 AS n, -2.5::DOUBLE AS d, '-5' AS t, 123456789012345678901234567890::HUGEINT AS big`,
    );
    expect(csv).toBe("\uFEFFn,d,t,big\r\n-5,-2.5,'-5,123456789012345678901234567890\r\n");
  });

  test('neutralises tab and carriage-return starts and formula-like headers', async () => {
    expect(csvTextField('\tx')).toBe("'\tx");
    expect(csvTextField('\rx')).toBe(`"'\rx"`);
    const csv = await exportCsv((s) => conn.query(s), `SELECT 1 AS "=cmd"`);
    expect(csv).toBe("\uFEFF'=cmd\r\n1\r\n");
  });

  test('a raw Arrow table keeps DECIMAL exact', async () => {
    const t = await conn.query(`SELECT -1234.56::DECIMAL(18,2) AS a, 0.05::DECIMAL(4,3) AS b, 'x' AS c`);
    expect(tableToCsv(t)).toBe('\uFEFFa,b,c\r\n-1234.56,0.050,x\r\n');
  });
});

describe('Parquet export', () => {
  test('COPY … (FORMAT parquet) is not available in duckdb-wasm 1.32, so the writer is used', async () => {
    await expect(conn.query(`COPY (SELECT 1) TO '/uploads/x.parquet' (FORMAT parquet)`)).rejects.toThrow(
      /parquet/,
    );
  });

  test('round-trips through DuckDB’s own Parquet reader', async () => {
    const sql = `SELECT unit, score, spent, note, mixed, day, 7::TINYINT AS tiny, 9007199254740993::BIGINT AS big,
        sum(1) OVER () AS huge, 1.5::DOUBLE AS dbl, unit LIKE '%局' AS is_bureau,
        TIMESTAMP '2024-03-01 12:34:56.789' AS ts, [1, 2] AS list,
        123456789012345678901.5::DECIMAL(30,1) AS wide
      FROM ev ORDER BY spent`;
    const bytes = await exportParquet(conn, sql, '__test.parquet');
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PAR1');

    const dir = mkdtempSync(join(tmpdir(), 'pq-'));
    const file = join(dir, 'x.parquet');
    writeFileSync(file, bytes);
    const native = await (await DuckDBInstance.create(':memory:')).connect();
    const schema = await native.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    expect(schema.getRowObjectsJson().map((r) => `${r.column_name}:${r.column_type}`)).toEqual([
      'unit:VARCHAR',
      'score:DECIMAL(5,2)',
      'spent:DECIMAL(18,2)',
      'note:VARCHAR',
      'mixed:VARCHAR',
      'day:DATE',
      'tiny:INTEGER',
      'big:BIGINT',
      'huge:DECIMAL(38,0)',
      'dbl:DOUBLE',
      'is_bureau:BOOLEAN',
      'ts:TIMESTAMP',
      'list:VARCHAR',
      'wide:DECIMAL(30,1)',
    ]);
    const back = await native.runAndReadAll(`SELECT * EXCLUDE (list), list FROM read_parquet('${file}')`);
    const expected = await native.runAndReadAll(
      `SELECT * EXCLUDE (list), list::VARCHAR AS list FROM (${sql.replaceAll(
        'FROM ev',
        `FROM (VALUES
        ('东城区教育局', 98.5::DECIMAL(5,2), -1234.56::DECIMAL(18,2), '=HYPERLINK("http://x")', 'a,b', DATE '2023-12-31'),
        ('西城区"财政"局', NULL, 0.10::DECIMAL(18,2), '-5', E'line1\\nline2', NULL),
        ('+朝阳', 60.25, 12345678901234.99::DECIMAL(18,2), '@SUM(A1)', NULL, DATE '2022-01-01')
      ) v(unit, score, spent, note, mixed, day)`,
      )})`,
    );
    expect(back.getRowObjectsJson()).toEqual(expected.getRowObjectsJson());
    expect(back.getRowObjectsJson()[0]).toMatchObject({ spent: '-1234.56', big: '9007199254740993' });
  });

  test('writes an empty result and a multi-row-group result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pq-'));
    const native = await (await DuckDBInstance.create(':memory:')).connect();
    const empty = join(dir, 'empty.parquet');
    writeFileSync(empty, await exportParquet(conn, 'SELECT * FROM ev WHERE false'));
    const e = await native.runAndReadAll(`SELECT count(*)::INT AS n FROM read_parquet('${empty}')`);
    expect(e.getRowObjectsJson()).toEqual([{ n: 0 }]);

    const many = join(dir, 'many.parquet');
    const source = `SELECT i, 'r' || i AS s, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 0.01 END AS d FROM range(120001) t(i)`;
    writeFileSync(many, await exportParquet(conn, source));
    const summary = `SELECT count(*)::INT AS n, sum(i)::VARCHAR AS si, count(d)::INT AS nd, sum(d)::VARCHAR AS sd, max(s) AS ms`;
    const m = await native.runAndReadAll(`${summary} FROM read_parquet('${many}')`);
    const want = (await conn.query(`${summary} FROM (${source})`)).toArray().map((r) => ({ ...r.toJSON() }));
    expect(m.getRowObjectsJson()).toEqual(want);
    expect(want[0]).toMatchObject({ n: 120001, nd: 80000 });
  });
});

describe('notebook file', () => {
  test('round-trips and validates like a link', async () => {
    const state = analystNotebook();
    const blob = notebookToFile(state);
    expect(blob.type).toBe('application/json');
    expect(notebookFromFile(await blob.text())).toEqual(state);
    expect(notebookFromFile('\uFEFF' + notebookToJson(state))).toEqual(state);
    expect(() => notebookFromFile('{not json')).toThrow(NotebookFormatError);
    expect(() => notebookFromFile('{"v":2}')).toThrow(/version/);
    expect(() => notebookFromFile('{"v":1,"cells":[{"id":"a","sql":5}]}')).toThrow(/cells\[0\]\.sql/);
  });

  test('file names are safe', () => {
    expect(notebookFileName('2023/自评:复核?')).toBe('2023 自评 复核.selfeval.json');
    expect(notebookFileName('  ')).toBe('notebook.selfeval.json');
  });
});
