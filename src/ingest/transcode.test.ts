import { describe, expect, test } from 'vitest';
import { chunksOf, LineScanner, NotUtf8Error, scanChunks } from './transcode';
import { encodeGbk, encodeUtf16 } from './testing/gbk';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => new TextDecoder().decode(b!);

describe('LineScanner', () => {
  test.each([
    ['a\nb\n', 2, [], false],
    ['a\nb', 2, [], false],
    ['a\n\nb\n', 3, [2], false],
    ['a\r\n\r\nb\r\n', 3, [2], false],
    ['t\n\nh\n"x\n\ny",1\n\n', 7, [2, 7], true],
    ['"a""b"\n\n', 2, [2], false],
  ])('%j → %i lines, blank %j, quoted newlines %s', (input, lines, blank, quoted) => {
    const s = new LineScanner();
    // One byte at a time: state must survive any chunk boundary.
    for (const b of utf8(input)) s.push(new Uint8Array([b]));
    s.finish();
    expect([s.lines, s.blankLines, s.quotedNewlines]).toEqual([lines, blank, quoted]);
  });

  test.each([
    ['a\nb\n', [0, 2], [], [1, 2]],
    ['a\nb', [0, 2], [], [1, 2]],
    ['h\n"x\ny",1\nz\n', [0, 2, 5, 10], [2, 1], [1, 2, 4]],
    ['h\n"x\n\n\ny"\n\n"p\nq"', [0, 2, 5, 6, 7, 10, 11, 14], [2, 3, 7, 1], [1, 2, 7]],
    ['单\n位\n', [0, 4], [], [1, 2]],
    ['\r\na\r\n\r\n', [0, 2, 5], [], [2]],
  ])(
    '%j → line starts %j, multi-line records [line, extra…] %j, records start on %j',
    (input, starts, multi, records) => {
      const s = new LineScanner();
      for (const b of utf8(input)) s.push(new Uint8Array([b]));
      s.finish();
      expect([...s.lineStarts]).toEqual(starts);
      expect([...s.multiline]).toEqual(multi);
      expect([...s.records]).toEqual(records);
    },
  );
});

describe('scanChunks', () => {
  const csv = '单位名称,自评得分\n昆明市五华区政务服务管理局,９１\n\n注：单位万元\n';

  test.each([1, 2, 3, 7, 1 << 20])('GBK → UTF-8 identical for chunk size %i', async (size) => {
    const r = await scanChunks(chunksOf(encodeGbk(csv), size), 'gb18030', 0);
    expect(text(r.utf8)).toBe(csv);
    expect(r.blankLines).toEqual([3]);
  });

  test.each([
    ['utf-16le', true],
    ['utf-16be', false],
  ] as const)('%s with BOM → UTF-8 without BOM', async (encoding, le) => {
    const r = await scanChunks(chunksOf(encodeUtf16(csv, le), 5), encoding, 0);
    expect(text(r.utf8)).toBe(csv);
  });

  test('pieces: whole records, in order, adding up to the transcoded file', async () => {
    // Quoted cells with newlines, CRLF, a last line without newline: no piece ends inside a record.
    const csv = 'h1,h2\r\n甲,"一\n二"\r\n\r\n乙,"x\r\ny"\r\n丙,3\r\n"丁\n",4\r\n戊,5';
    const whole = await scanChunks(chunksOf(encodeGbk(csv)), 'gb18030', 0);
    for (const [chunk, min] of [
      [1, 1],
      [3, 5],
      [5, 12],
      [64, 1],
    ]) {
      const pieces: string[] = [];
      const r = await scanChunks(
        chunksOf(encodeGbk(csv), chunk),
        'gb18030',
        0,
        undefined,
        { pieceBytes: min },
        (p) => pieces.push(text(p)),
      );
      expect(r.utf8).toBeNull();
      expect(pieces.join(''), `chunks of ${chunk}`).toBe(text(whole.utf8));
      expect(pieces.length).toBeGreaterThan(chunk === 64 ? 0 : 2);
      // Every piece but the last ends a record: an even number of quotes, then a newline.
      for (const p of pieces.slice(0, -1)) {
        expect(p.endsWith('\n')).toBe(true);
        expect((p.match(/"/g) ?? []).length % 2).toBe(0);
      }
      expect(r.records).toEqual(whole.records);
    }
  });

  test('UTF-8 is validated, not copied', async () => {
    const r = await scanChunks(chunksOf(utf8(csv), 4), 'utf-8', 0);
    expect(r.utf8).toBeNull();
    expect(r.lines).toBe(4);
  });

  test('UTF-8 with an invalid byte late in the file is rejected (caller falls back to gb18030)', async () => {
    const bytes = new Uint8Array([...utf8('a,b\n'.repeat(1000)), ...encodeGbk('单位\n')]);
    await expect(scanChunks(chunksOf(bytes, 64), 'utf-8', 0)).rejects.toBeInstanceOf(NotUtf8Error);
  });

  test('reports progress up to 1', async () => {
    const seen: number[] = [];
    await scanChunks(chunksOf(utf8(csv), 10), 'utf-8', utf8(csv).length, (f) => seen.push(f));
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(3);
  });
});
