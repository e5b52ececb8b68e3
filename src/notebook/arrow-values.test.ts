import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { decimalText, formatCell } from './arrow-values';

describe('decimalText', () => {
  it.each([
    [[12345678, 0, 0, 0], 3, '12345.678'],
    [[5, 0, 0, 0], 2, '0.05'],
    [[0xfffffffb, 0xffffffff, 0xffffffff, 0xffffffff], 2, '-0.05'],
    [[0, 0, 0, 0], 2, '0.00'],
    [[42, 0, 0, 0], 0, '42'],
  ])('words %j scale %i → %s', (words, scale, text) => {
    expect(decimalText(Uint32Array.from(words), scale)).toBe(text);
  });
});

describe('formatCell on real DuckDB results', () => {
  let c: Connector;
  beforeAll(async () => {
    c = await createNodeConnector();
  });
  afterAll(() => c.close());

  it('keeps money, big integers and codes exact and marks NULL', async () => {
    const t = await c.query(`SELECT 5657.15::DECIMAL(18,6) AS money, 123456789012345678::BIGINT AS code,
      '08123' AS zip, NULL::DECIMAL(9,2) AS missing, -73.68::DECIMAL(9,2) AS neg, 99999999999.999999::DECIMAL(18,6) AS big,
      DATE '2023-12-31' AS d, [1, 2] AS l`);
    const row = t.schema.fields.map((f) => formatCell(t.getChild(f.name)?.get(0), f));
    expect(row).toEqual([
      { text: '5657.150000', kind: 'number' },
      { text: '123456789012345678', kind: 'number' },
      { text: '08123', kind: 'text' },
      { text: 'NULL', kind: 'null' },
      { text: '-73.68', kind: 'number' },
      { text: '99999999999.999999', kind: 'number' },
      { text: '2023-12-31', kind: 'text' },
      { text: '[1,2]', kind: 'text' },
    ]);
  });
});
