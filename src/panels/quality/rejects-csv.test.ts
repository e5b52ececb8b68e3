import { expect, test } from 'vitest';
import { rejectsCsv } from './rejects-csv';

test('rejected rows become CSV with quoting, a BOM and CRLF', () => {
  const csv = rejectsCsv('a.csv', [
    { sourceRow: 11, raw: '坏行,只有"三个"字段', reason: '字段数少于表头' },
    { sourceRow: null, raw: 'x\ny', reason: 'r' },
  ]);
  expect(csv).toBe(
    '\uFEFF源文件,行号,原因,原始内容\r\na.csv,11,字段数少于表头,"坏行,只有""三个""字段"\r\na.csv,,r,"x\ny"\r\n',
  );
});
