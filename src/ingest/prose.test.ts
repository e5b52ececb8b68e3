/**
 * Prose columns (problems, suggestions…) are read from the raw table on insert instead of being
 * copied into the stage (stageSql's `proseFrom`): the canonical rows and totals are the same as when
 * the stage carries them, and a stage that no longer lines up with the raw table fails the load
 * instead of giving a row another record's text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { sqlIdent, sqlString } from '../analysis/filters';
import {
  blankLabelsSql,
  fillStageSql,
  fillTableSql,
  insertCanonicalSql,
  insertTotalsSql,
  linedSourceSql,
  STAGE,
  stageSql,
  type StageOptions,
} from './build-load-sql';
import { mapHeaders } from './headers';
import { CANONICAL_DDL } from './schema';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
  for (const sql of CANONICAL_DDL) await conn.query(sql);
});
afterAll(() => conn.close());

const HEADERS = ['单位名称', '年度', '自评得分', '存在的问题', '改进措施'];
// Padded prose, missing markers, an empty cell, a total row with its own text, a blank row.
// Labels too: a padded one (trimmed), merged-cell blanks filled from the nearest data row above —
// past a total row and a blank row — and a marker (无) that counts as blank.
const ROWS = [
  ['单位甲', '2023', '91', '  绩效目标不够明确  ', '细化指标'],
  ['单位乙', '2023', '88', '无', '—'],
  ['', '', '', '', ''],
  [' 单位丙　', '2022', '75', '', '加强监控'],
  ['', '', '70', '', ''],
  ['合计', '', '', '合计行说明', ''],
  ['', '', '', '', ''],
  ['', '2021', '65', '', ''],
  ['无', '', '60', '', ''],
];

async function rows(sql: string): Promise<string[]> {
  return (await conn.query(sql)).toArray().map((r: { toJSON(): object }) => JSON.stringify(r.toJSON()));
}

function stageOptions(source: string, proseFrom: string | undefined): StageOptions {
  return {
    kind: 'evaluations',
    headers: mapHeaders(HEADERS).headers,
    columns: HEADERS,
    rateFractions: false,
    source,
    proseFrom,
  };
}

async function load(proseFrom: string | undefined, source: string): Promise<void> {
  const o = stageOptions(source, proseFrom);
  await conn.query(
    `CREATE OR REPLACE TABLE raw AS SELECT * FROM (VALUES ${ROWS.map(
      (r) => `(${r.map(sqlString).join(', ')})`,
    ).join(', ')}) v(${HEADERS.map(sqlIdent).join(', ')})`,
  );
  await conn.query(stageSql(o, linedSourceSql('raw', 2, 'consecutive')));
  // As ingestFile does: the columns with blanks, filled through the fill table.
  const counts = (await conn.query(blankLabelsSql(o)!)).toArray()[0].toJSON() as Record<string, unknown>;
  const columns = Object.keys(counts).filter((c) => Number(counts[c]) > 0);
  await conn.query(fillTableSql(o, columns)!);
  for (const sql of fillStageSql(o, columns)) await conn.query(sql);
  o.filled = columns;
  await conn.query(insertCanonicalSql(o));
  await conn.query(insertTotalsSql(o));
}

describe('prose read from the raw table', () => {
  it('gives the same evaluations and totals as prose carried in the stage', async () => {
    await load(undefined, 'staged.csv');
    await load('raw', 'beside.csv');
    const of = async (table: string, file: string) =>
      rows(`SELECT * EXCLUDE (source_file) FROM ${table} WHERE source_file = '${file}' ORDER BY source_row`);
    const staged = await of('evaluations', 'staged.csv');
    expect(staged).toHaveLength(6);
    expect(await of('evaluations', 'beside.csv')).toEqual(staged);
    expect(await of('ingest_totals', 'beside.csv')).toEqual(await of('ingest_totals', 'staged.csv'));
    // Trimmed, markers missing, the total keeps its text.
    expect(
      await rows(
        `SELECT problems, suggestions FROM evaluations WHERE source_file = 'beside.csv' ORDER BY source_row`,
      ),
    ).toEqual([
      JSON.stringify({ problems: '绩效目标不够明确', suggestions: '细化指标' }),
      JSON.stringify({ problems: null, suggestions: null }),
      JSON.stringify({ problems: null, suggestions: '加强监控' }),
      ...Array(3).fill(JSON.stringify({ problems: null, suggestions: null })),
    ]);
    // Trimmed, and filled down past the total and blank rows (years too: the unit's blank year).
    expect(
      await rows(`SELECT unit, year FROM evaluations WHERE source_file = 'beside.csv' ORDER BY source_row`),
    ).toEqual(
      [
        ['单位甲', 2023],
        ['单位乙', 2023],
        ['单位丙', 2022],
        ['单位丙', 2022],
        ['单位丙', 2021],
        ['单位丙', 2021],
      ].map(([unit, year]) => JSON.stringify({ unit, year })),
    );
    expect(await rows(`SELECT problems FROM ingest_totals WHERE source_file = 'beside.csv'`)).toEqual([
      JSON.stringify({ problems: '合计行说明' }),
    ]);
  });

  it('fails the load when the stage does not line up with the raw table', async () => {
    const o = stageOptions('moved.csv', 'raw');
    await conn.query(stageSql(o, linedSourceSql('raw', 2, 'consecutive')));
    // As if the stage had been reordered: its first record now claims the raw table's second row.
    await conn.query(`UPDATE ${STAGE} SET __rid = __rid + 1 WHERE __rid = 0`);
    await expect(conn.query(insertCanonicalSql(o))).rejects.toThrow(/out of the raw table's order/);
  });
});
