/**
 * A total row covers the rows of its file above it, back to the previous total row. The audit finds
 * the covers by an equi-join on (file, bucket of COVER_BUCKET rows) plus the range; this pins it to
 * the definition (an ASOF join: each row's nearest total row below it in its file) on files where
 * covers span many buckets, start and end on bucket edges, and hold no rows at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { jsonRows } from '../../../tests/unit/json-rows';
import { COVER_BUCKET, coverJoin, coverSpansSql } from './build-audit-sql';
import { visibleTotalsSql } from './flag-table';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
});
afterAll(() => conn.close());

const rowsOf = (sql: string) => jsonRows(conn, sql);

const B = COVER_BUCKET;
// Total rows per file: back-to-back totals (an empty cover), totals on and next to bucket edges,
// a cover of many buckets, and rows after the last total (covered by none).
const TOTALS: Record<string, number[]> = {
  'a.csv': [5, 6, B - 1, B, B + 1, 2 * B, 7 * B + 3, 7 * B + 4, 20 * B],
  'b.csv': [3 * B + 17],
  'c.csv': [],
};
const ROWS = 22 * B;

describe('total-row covers', () => {
  beforeAll(async () => {
    const files = Object.keys(TOTALS);
    // Every line of each file that is not a total row is an evaluation row.
    await conn.query(`CREATE TABLE cover_totals AS
      SELECT f AS source_file, unnest(r)::INTEGER AS source_row
      FROM (VALUES ${files.map((f) => `('${f}', [${TOTALS[f]!.join(',')}]::INTEGER[])`).join(', ')}) v(f, r)`);
    await conn.query(`CREATE TABLE cover_rows AS
      SELECT f.source_file, g.i::INTEGER AS source_row, g.i % 7 AS grp
      FROM (VALUES ${files.map((f) => `('${f}')`).join(', ')}) f(source_file), range(1, ${ROWS}) g(i)
      WHERE (f.source_file, g.i) NOT IN (SELECT (source_file, source_row) FROM cover_totals)`);
    await conn.query(
      `CREATE TABLE cover_spans AS ${coverSpansSql(
        `(SELECT *, lag(source_row, 1, 0) OVER (PARTITION BY source_file ORDER BY source_row) AS from_row FROM cover_totals)`,
        'from_row',
      )}`,
    );
  });

  it('gives every row the total the ASOF definition gives it', async () => {
    const byAsof = await rowsOf(`SELECT x.source_file, x.source_row, t.source_row AS total
      FROM cover_rows x ASOF JOIN cover_totals t ON x.source_file = t.source_file AND x.source_row < t.source_row
      ORDER BY ALL`);
    const byBuckets = await rowsOf(`SELECT x.source_file, x.source_row, t.source_row AS total
      FROM cover_rows x JOIN cover_spans t ON ${coverJoin('x', 't', 'from_row')} ORDER BY ALL`);
    // Rows above the last total of a.csv and b.csv (c.csv has none): a long cover is there.
    expect(byAsof.length).toBe(20 * B - 9 + (3 * B + 17 - 1));
    expect(byBuckets).toEqual(byAsof);
  });

  it('finds the totals whose cover holds a row passing a filter', async () => {
    await conn.query(`CREATE OR REPLACE TABLE audit_total_rows AS SELECT * FROM cover_spans`);
    for (const where of ['grp = 3', 'source_row % 500 = 0', 'source_row BETWEEN 250 AND 260']) {
      const expected = await rowsOf(`SELECT DISTINCT t.source_file, t.source_row
        FROM (SELECT * FROM cover_rows WHERE ${where}) x
        ASOF JOIN cover_totals t ON x.source_file = t.source_file AND x.source_row < t.source_row ORDER BY ALL`);
      expect(expected.length).toBeGreaterThan(0);
      expect(await rowsOf(`SELECT * FROM (${visibleTotalsSql('cover_rows', where)}) ORDER BY ALL`)).toEqual(
        expected,
      );
    }
  });
});
