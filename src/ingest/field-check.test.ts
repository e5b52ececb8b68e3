/** The scanner's field-count check, fed every possible chunk split (records cross chunk edges). */
import { describe, expect, test } from 'vitest';
import type { FieldError } from './field-check';
import { chunksOf, scanChunks } from './transcode';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytesBefore = (text: string, part: string) => utf8(text.slice(0, text.indexOf(part))).length;

interface Case {
  csv: string;
  columns?: number;
  fromLine?: number;
  delimiter?: string;
  /** Expected data records (rejected ones included). */
  records: number;
  /** [first line, fields found, text] of each record with the wrong count. */
  errors: [number, number, string][];
  quirky?: boolean;
}

const CASES: Record<string, Case> = {
  'every record right': { csv: 'h1,h2\na,b\nc,d\n', records: 2, errors: [] },
  'too few fields': { csv: 'h1,h2\na\nc,d\n', records: 2, errors: [[2, 1, 'a']] },
  'too many fields': { csv: 'h1,h2\na,b,c\n', records: 1, errors: [[2, 3, 'a,b,c']] },
  'a delimiter inside quotes is no field break': { csv: 'h1,h2\n"a,b",c\n', records: 1, errors: [] },
  'a record across lines keeps its first line and its text': {
    csv: 'h1,h2\n"x\ny",b,c\nd,e\n',
    records: 2,
    errors: [[2, 3, '"x\ny",b,c']],
  },
  'CRLF: the text loses its \\r': { csv: 'h1,h2\r\na\r\nc,d\r\n', records: 2, errors: [[2, 1, 'a']] },
  'a last line without newline': { csv: 'h1,h2\na,b\nc', records: 2, errors: [[3, 1, 'c']] },
  'blank lines are no records': { csv: 'h1,h2\n\na,b\n\r\n', records: 1, errors: [] },
  'lines above the data are not checked': {
    csv: '附件1：汇总表\n\n单位,年度\n甲,2017\n',
    fromLine: 4,
    records: 1,
    errors: [],
  },
  'Chinese text, offsets in UTF-8 bytes': {
    csv: '单位,年度\n甲,2017,多\n乙\n',
    records: 2,
    errors: [
      [2, 3, '甲,2017,多'],
      [3, 1, '乙'],
    ],
  },
  'escaped quotes are fine': { csv: 'h1,h2\n"a""b",c\n"""",d\n', records: 2, errors: [] },
  'tab-delimited': { csv: 'h1\th2\na\tb\nc,d\n', delimiter: '\t', records: 2, errors: [[3, 1, 'c,d']] },
  'a quote inside an unquoted field is quirky': {
    csv: 'h1,h2\na"b,c\n',
    records: 1,
    errors: [],
    quirky: true,
  },
  'text after a closing quote is quirky': { csv: 'h1,h2\n"a"x,b\n', records: 1, errors: [], quirky: true },
};

describe('FieldCheck (in scanChunks)', () => {
  test.each(Object.entries(CASES))('%s', async (_name, c) => {
    const bytes = utf8(c.csv);
    const expected: FieldError[] = c.errors.map(([line, found, text]) => ({
      pos: bytesBefore(c.csv, text),
      line,
      found,
      text,
    }));
    for (let size = 1; size <= bytes.length; size++) {
      const r = await scanChunks(chunksOf(bytes, size), 'utf-8', bytes.length, undefined, {
        fieldCheck: { delimiter: c.delimiter ?? ',', columns: c.columns ?? 2, fromLine: c.fromLine ?? 2 },
      });
      // A quirky file's counts are not used (DuckDB's own rejects are), so only the verdict matters.
      if (c.quirky) expect(r.fields?.quirky, `chunks of ${size}`).toBe(true);
      else
        expect(r.fields, `chunks of ${size}`).toEqual({
          records: c.records,
          errors: expected,
          quirky: false,
        });
    }
  });

  test('long records of any bytes: counts match a byte-by-byte count, aligned chunks or not', async () => {
    // The check counts four bytes at a time in aligned chunks: every byte value but quote and
    // newline, delimiters anywhere in a word, bytes like 0xAC next to them.
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const lines: number[][] = [[...utf8('a,b,c')]];
    for (let r = 0; r < 400; r++) {
      const line: number[] = [];
      for (let k = random(160); k > 0; k--) {
        const b = random(5) === 0 ? 0x2c : random(256);
        line.push(b === 0x22 || b === 0x0a || b === 0x0d ? 0x41 : b);
      }
      lines.push(line.length ? line : [0x41]);
    }
    const bytes = new Uint8Array(lines.flatMap((l) => [...l, 0x0a]));
    const expected = lines.slice(1).flatMap((l, i) => {
      const found = 1 + l.filter((b) => b === 0x2c).length;
      return found === 3 ? [] : [{ line: i + 2, found }];
    });
    for (const size of [bytes.length, 4096, 4095, 1021, 64]) {
      const r = await scanChunks(chunksOf(bytes, size), 'utf-8', bytes.length, undefined, {
        validate: false,
        fieldCheck: { delimiter: ',', columns: 3, fromLine: 2 },
      });
      expect(r.fields!.records).toBe(400);
      expect(
        r.fields!.errors.map((e) => ({ line: e.line, found: e.found })),
        `chunks of ${size}`,
      ).toEqual(expected);
    }
  });

  test('without the option the scan counts nothing', async () => {
    const r = await scanChunks(chunksOf(utf8('h1,h2\na\n')), 'utf-8', 8);
    expect(r.fields).toBeUndefined();
  });

  test('validate: false takes invalid UTF-8 as it is; the default check still throws', async () => {
    const bad = new Uint8Array([...utf8('h1,h2\na,'), 0xff, 0x0a]);
    const r = await scanChunks(chunksOf(bad), 'utf-8', bad.length, undefined, { validate: false });
    expect(r.records).toEqual(new Uint32Array([1, 2]));
    await expect(scanChunks(chunksOf(bad), 'utf-8', bad.length)).rejects.toThrow(/UTF-8/);
  });
});
