import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { classifyStatements } from './classify';
import { leadingWords, splitStatements } from './split';

describe('splitStatements', () => {
  test.each([
    ['SELECT 1', ['SELECT 1']],
    ['SELECT 1; SELECT 2;', ['SELECT 1', 'SELECT 2']],
    [' ;; SELECT 1 ;\n-- only a comment\n; /* and another */', ['SELECT 1']],
    ["SELECT 'a; DROP TABLE t'", ["SELECT 'a; DROP TABLE t'"]],
    ["SELECT 'it''s; fine'; SELECT 2", ["SELECT 'it''s; fine'", 'SELECT 2']],
    [`SELECT "odd;name" FROM t`, [`SELECT "odd;name" FROM t`]],
    ['SELECT 1 -- ; DROP TABLE t\n', ['SELECT 1 -- ; DROP TABLE t']],
    ['SELECT /* ; /* nested ; */ still ; */ 1', ['SELECT /* ; /* nested ; */ still ; */ 1']],
    ['SELECT $$a;b$$, $x$c;$$;d$x$', ['SELECT $$a;b$$, $x$c;$$;d$x$']],
    ["SELECT E'\\'; DROP TABLE t; '", ["SELECT E'\\'; DROP TABLE t; '"]],
    ["SELECT e'x' ; SELECT 'a\\'; SELECT 2", ["SELECT e'x'", "SELECT 'a\\'", 'SELECT 2']],
    ['SELECT $1; SELECT a$b$ FROM t', ['SELECT $1', 'SELECT a$b$ FROM t']],
  ])('%j', (sql, expected) => {
    expect(splitStatements(sql).map((s) => s.text)).toEqual(expected);
  });

  test('spans point into the original text', () => {
    const sql = '  SELECT 1 ;\n  SELECT 2';
    for (const s of splitStatements(sql)) expect(sql.slice(s.start, s.end)).toBe(s.text);
  });

  test('leadingWords skips comments and parentheses', () => {
    expect(leadingWords('-- x\n/* y */ ((select 1))')).toEqual(['SELECT']);
    expect(leadingWords('EXPLAIN ANALYZE SELECT 1')).toEqual(['EXPLAIN', 'ANALYZE', 'SELECT']);
  });
});

describe('classifyStatements on DuckDB', () => {
  let conn: Connector;
  beforeAll(async () => {
    conn = await createNodeConnector();
    await conn.query(`CREATE TABLE t AS SELECT * FROM (VALUES (1, '东城区'), (2, '西城区')) v(a, region)`);
  }, 60_000);
  afterAll(() => conn.close());

  // [sql, readOnly, statement types]
  const cases: [string, boolean, string[]][] = [
    ['SELECT 1', true, ['SELECT']],
    ['select region, sum(a) from t group by all', true, ['SELECT']],
    ['WITH x AS (SELECT a FROM t) SELECT * FROM x', true, ['WITH']],
    ['VALUES (1), (2)', true, ['VALUES']],
    ['FROM t WHERE a > 1', true, ['FROM']],
    ['(SELECT 1) UNION ALL (SELECT 2)', true, ['SELECT']],
    ['SUMMARIZE t', true, ['SUMMARIZE']],
    ['DESCRIBE t', true, ['DESCRIBE']],
    ['SHOW TABLES', true, ['SHOW']],
    ["PIVOT t ON region IN ('东城区') USING sum(a)", true, ['PIVOT']],
    ['PIVOT t ON region USING sum(a)', true, ['PIVOT']],
    ['UNPIVOT t ON a INTO NAME k VALUE v', true, ['UNPIVOT']],
    ['EXPLAIN SELECT * FROM t', true, ['EXPLAIN']],
    ['EXPLAIN ANALYZE SELECT * FROM t', true, ['EXPLAIN']],
    ['SELECT * FROM missing_table', true, ['SELECT']],
    ['SELECT 1; SELECT 2;', true, ['SELECT', 'SELECT']],
    ["SELECT 'x; DROP TABLE t' AS s", true, ['SELECT']],
    ['SELECT 1 -- ; DROP TABLE t', true, ['SELECT']],
    ['', true, []],
    ['DROP TABLE t', false, ['DROP']],
    ['SELECT 1; DROP TABLE t', false, ['SELECT', 'DROP']],
    ['/* harmless */ DROP TABLE t', false, ['DROP']],
    ['SELECT 1 /* ; */; -- x\n DELETE FROM t', false, ['SELECT', 'DELETE']],
    ['CREATE TABLE y AS SELECT * FROM t', false, ['CREATE']],
    ['CREATE OR REPLACE VIEW v AS SELECT 1', false, ['CREATE']],
    ['INSERT INTO t VALUES (3, 3)', false, ['INSERT']],
    ['UPDATE t SET a = 0', false, ['UPDATE']],
    ['ALTER TABLE t ADD COLUMN b INT', false, ['ALTER']],
    ["COPY t TO '/uploads/x.csv'", false, ['COPY']],
    ["COPY (SELECT 1) TO '/uploads/x.csv'", false, ['COPY']],
    ["ATTACH 'x.db' AS x", false, ['ATTACH']],
    ['DETACH x', false, ['DETACH']],
    ['SET threads = 1', false, ['SET']],
    ['RESET threads', false, ['RESET']],
    ['PRAGMA version', false, ['PRAGMA']],
    ['INSTALL httpfs', false, ['INSTALL']],
    ['LOAD httpfs', false, ['LOAD']],
    ['CALL duckdb_tables()', false, ['CALL']],
    ["EXPORT DATABASE '/uploads/db'", false, ['EXPORT']],
    ['CHECKPOINT', false, ['CHECKPOINT']],
    ['EXPLAIN DROP TABLE t', false, ['EXPLAIN']],
    ['EXPLAIN ANALYZE CREATE TABLE z AS SELECT 1', false, ['EXPLAIN']],
    ['WITH x AS (SELECT 1) INSERT INTO t SELECT 1, 1', false, ['WITH']],
    ['PIVOT t ON region USING sum(a)); DROP TABLE t; (SELECT 1', false, ['PIVOT', 'DROP', 'SELECT']],
    ['selec 1', false, ['SELEC']],
  ];

  test.each(cases)('%j → readOnly %s', async (sql, readOnly, types) => {
    const r = await classifyStatements((s) => conn.query(s), sql);
    expect(r.statements.map((s) => s.type)).toEqual(types);
    expect(r.readOnly).toBe(readOnly);
  });

  test('a syntax error is reported with DuckDB’s message', async () => {
    const r = await classifyStatements((s) => conn.query(s), 'SELECT 1; selec 2');
    expect(r.readOnly).toBe(false);
    expect(r.error).toMatch(/syntax error/);
    expect(r.statements[0]).toEqual({ text: 'SELECT 1', type: 'SELECT', readOnly: true });
  });

  test('classifying never runs anything', async () => {
    const sqls = cases.map((c) => c[0]);
    for (const sql of sqls) await classifyStatements((s) => conn.query(s), sql);
    const rows = (await conn.query('SELECT count(*)::INT AS n FROM t')).toArray()[0]!.toJSON();
    expect(rows.n).toBe(2);
    const tables = (await conn.query(`SELECT table_name FROM duckdb_tables() ORDER BY 1`)).toArray();
    expect(tables.map((r) => r.toJSON().table_name)).toEqual(['t']);
  });
});
