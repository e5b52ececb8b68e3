import { describe, expect, test } from 'vitest';
import { notTextReason, sniffEncoding } from './encoding';
import { encodeGbk, encodeUtf16 } from './testing/gbk';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

describe('sniffEncoding', () => {
  test.each([
    ['UTF-8 BOM', bytes(0xef, 0xbb, 0xbf, ...utf8('单位名称,得分')), 'utf-8-bom'],
    ['UTF-16 LE BOM', encodeUtf16('单位名称', true), 'utf-16le'],
    ['UTF-16 BE BOM', encodeUtf16('单位名称', false), 'utf-16be'],
    ['UTF-8 without BOM', utf8('单位名称,得分\n昆明,91\n'), 'utf-8'],
    ['plain ASCII', utf8('a,b\n1,2\n'), 'utf-8'],
    ['GBK', encodeGbk('单位名称,自评得分\n昆明市五华区政务服务管理局,91\n'), 'gb18030'],
    // A sample cut in the middle of a UTF-8 character is still UTF-8.
    ['UTF-8 cut mid-character', utf8('单位名称').subarray(0, 5), 'utf-8'],
  ])('%s', (_name, sample, expected) => {
    expect(sniffEncoding(sample)).toBe(expected);
  });
});

describe('notTextReason', () => {
  test.each([
    ['empty', bytes(), 0, /空/],
    [
      'xlsx (zip)',
      bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0),
      6,
      /Excel 工作簿（\.xlsx）.*另存为 CSV \(逗号分隔\)/,
    ],
    ['xls (OLE)', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1), 6, /\.xls/],
    ['binary', bytes(0x41, 0, 0x42, 0), 4, /不是文本/],
  ])('%s', (_name, head, size, message) => {
    expect(notTextReason(head, size)?.zh).toMatch(message);
  });

  test.each([
    ['CSV text', utf8('a,b\n1,2\n')],
    ['UTF-16 text (NUL bytes are normal there)', encodeUtf16('a,b', true)],
  ])('%s is text', (_name, head) => {
    expect(notTextReason(head, head.length)).toBeNull();
  });

  test('the English message names the Excel fix', () => {
    expect(notTextReason(bytes(0x50, 0x4b, 0x03, 0x04), 4)?.en).toMatch(/Excel workbook.*save it as CSV/);
  });
});
