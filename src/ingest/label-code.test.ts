/**
 * A label is staged as a code (as is / missing / trimmed) and read from the raw cell on insert: the
 * value must be exactly what labelValue gives, for every kind of cell.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { sqlString } from '../analysis/filters';
import { labelCode, labelFromCode, labelValue } from './normalize-sql';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
});
afterAll(() => conn.close());

const CELLS: (string | null)[] = [
  null,
  '',
  ' ',
  '\u3000',
  'X局',
  ' X局',
  'X局\u3000',
  '\tX局\r\n',
  '无',
  ' 无 ',
  '—',
  '——',
  'N/A',
  '昆明市五华区教育体育局',
  '  昆明市五华区教育体育局（本级）  ',
  '无锡',
];

test.each(CELLS)('label %j: the code and the raw cell give labelValue', async (cell) => {
  const x = cell === null ? 'CAST(NULL AS VARCHAR)' : sqlString(cell);
  const [row] = (
    await conn.query(
      `SELECT ${labelValue('x')} AS v, ${labelFromCode(labelCode('x'), 'x')} AS c, ${labelCode('x')} AS code FROM (SELECT ${x} AS x)`,
    )
  ).toArray();
  const { v, c, code } = row.toJSON() as { v: string | null; c: string | null; code: number };
  expect(c).toBe(v);
  // Missing exactly when the value is NULL; as is exactly when the value is the cell.
  expect(code === 1).toBe(v === null);
  expect(code === 0).toBe(v !== null && v === cell);
});
