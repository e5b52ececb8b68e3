/** rowsOf (arrow-rows.ts) gives what row.toJSON() gives, for every kind of column the panels read. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { rowsOf } from './arrow-rows';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
});
afterAll(() => conn.close());

describe('rowsOf', () => {
  it('gives each row as row.toJSON() does: nulls, numbers, text, big integers, lists, many batches', async () => {
    const t = await conn.query(`SELECT CAST(i AS INTEGER) AS n,
  CASE WHEN i % 7 = 0 THEN NULL ELSE CAST(i AS INTEGER) END AS maybe,
  CASE WHEN i % 5 = 0 THEN NULL ELSE i / 3.0 END AS x,
  CASE WHEN i % 11 = 0 THEN NULL ELSE '单位' || i END AS name,
  i * 1000000000000 AS big,
  CASE WHEN i % 13 = 0 THEN NULL ELSE [i, i + 1] END AS years,
  i % 2 = 0 AS even
FROM range(5000) t(i)`);
    expect(t.batches.length).toBeGreaterThan(1);
    // Lists arrive as Arrow vectors, compared by their values (two views of one list differ in caches).
    const plain = (row: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [
          k,
          v !== null && typeof v === 'object' && Symbol.iterator in v ? [...(v as Iterable<unknown>)] : v,
        ]),
      );
    const rows = rowsOf<Record<string, unknown>>(t);
    const expected = t.toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
    expect(rows).toHaveLength(5000);
    expect(rows.map(plain)).toEqual(expected.map(plain));
    expect(Object.keys(rows[0]!)).toEqual(['n', 'maybe', 'x', 'name', 'big', 'years', 'even']);
    expect(rows[7]).toMatchObject({ maybe: null, name: '单位7', big: 7000000000000n });
  });

  it('cuts text at each value: ASCII, CJK, 4-byte characters, empty and null texts, a leading U+FEFF', async () => {
    // One chunk per batch; each value a mix, so a miscounted character shifts every later value.
    const t = await conn.query(`SELECT CASE i % 6
    WHEN 0 THEN NULL
    WHEN 1 THEN ''
    WHEN 2 THEN '第' || i || '号：预算执行率偏低'
    WHEN 3 THEN '𠀀𩸽' || i || '😀'
    WHEN 4 THEN chr(65279) || 'a' || i
    ELSE 'é' || repeat('ü', i % 4) || i END AS s
FROM range(5000) t(i)`);
    expect(t.batches.length).toBeGreaterThan(1);
    const rows = rowsOf<{ s: string | null }>(t);
    // What the SQL above makes, written out in TypeScript.
    const expected = Array.from(
      { length: 5000 },
      (_, i) =>
        [null, '', `第${i}号：预算执行率偏低`, `𠀀𩸽${i}😀`, `\uFEFFa${i}`, `é${'ü'.repeat(i % 4)}${i}`][
          i % 6
        ],
    );
    expect(rows.map((r) => r.s)).toEqual(expected);
  });

  it('gives no rows for an empty answer', async () => {
    expect(rowsOf(await conn.query('SELECT 1 AS a WHERE FALSE'))).toEqual([]);
  });
});
