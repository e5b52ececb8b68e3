/**
 * The normalising SQL must stay a straight pipeline. DuckDB turns `x IN (…)` with five or more
 * constants into a hash (mark) join; a dozen of those in the staging query made a load ~10× slower in
 * WASM (measured: 24 s → 14 s for 200,000 rows when they went), so this pins the plan's shape.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { sqlIdent } from '../analysis/filters';
import { linedSourceSql, stageSql } from './build-load-sql';
import { mapHeaders } from './headers';
import { EVALUATION_HEADER } from '../../datasets/generator/generate';

// The generator's export header, with one money column in 元 so the conversion is in the plan too.
const HEADERS = EVALUATION_HEADER.map((h) => (h === '全年预算数（万元）' ? '全年预算数（元）' : h));

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
  await conn.query(`CREATE TABLE raw AS SELECT ${HEADERS.map((h) => `'x' AS ${sqlIdent(h)}`).join(', ')}`);
});
afterAll(async () => conn?.close());

test('the staging query has no joins besides the line-number join', async () => {
  const mapping = mapHeaders(HEADERS);
  expect(mapping.kind).toBe('evaluations');
  const sql = stageSql(
    { kind: 'evaluations', headers: mapping.headers, columns: HEADERS, rateFractions: true, source: 'f.csv' },
    linedSourceSql('raw', 2, 'consecutive'),
  );
  const select = sql.slice(sql.indexOf(' AS SELECT ') + 4);
  const plan = (await conn.query(`EXPLAIN ${select}`)).toArray().map((r) => String(r.toJSON().explain_value));
  expect(plan.join('\n')).not.toMatch(/JOIN/);
});
