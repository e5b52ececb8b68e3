import { describe, expect, test } from 'vitest';
import { concatBytes } from './bytes';
import { Gb18030ToUtf8 } from './gb18030';
import { chunksOf } from './transcode';
import { encodeGbk } from './testing/gbk';

/** What the browser's decoder and encoder give for the whole input at once. */
const reference = (bytes: Uint8Array) => new TextEncoder().encode(new TextDecoder('gb18030').decode(bytes));

function fast(bytes: Uint8Array, chunk: number): Uint8Array {
  const t = new Gb18030ToUtf8();
  const parts = [...chunksOf(bytes, chunk)].map((c) => t.push(c));
  parts.push(t.finish());
  return concatBytes(parts);
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TEXT = encodeGbk('单位名称,自评得分\r\n昆明市五华区政务服务管理局,９１，“优”—·€？\n');

describe('Gb18030ToUtf8', () => {
  test.each([1, 2, 3, 5, 64, 1 << 20])('GBK text, chunks of %i bytes → same as TextDecoder', (size) => {
    expect(fast(TEXT, size)).toEqual(reference(TEXT));
  });

  test.each([
    ['four-byte codes (U+0080, U+20000)', [0x81, 0x30, 0x81, 0x30, 0x0a, 0x95, 0x32, 0x82, 0x36]],
    ['the lone 0x80 and 0xFF', [0x61, 0x80, 0x62, 0xff, 0x0a]],
    ['a lead byte before ASCII and before a newline', [0xb5, 0x41, 0xb5, 0x0a, 0xb5]],
    ['an invalid trail 0x7F', [0xb5, 0x7f, 0xa5, 0xa5]],
    ['a lead byte at the very end', [0x41, 0xb5]],
  ])('%s', (_, bytes) => {
    const input = new Uint8Array(bytes);
    for (const size of [1, 2, 3, 100]) expect(fast(input, size)).toEqual(reference(input));
  });

  test('random mixes of GBK, four-byte codes, newlines and garbage match TextDecoder', () => {
    const next = random(42);
    for (let round = 0; round < 200; round++) {
      const bytes: number[] = [];
      for (let k = 0; k < 300; k++) {
        const r = next();
        if (r < 0.3) bytes.push(...TEXT.subarray(Math.floor(next() * TEXT.length)).subarray(0, 4));
        else if (r < 0.4)
          bytes.push(
            0x81 + Math.floor(next() * 3),
            0x30 + Math.floor(next() * 10),
            0x81 + Math.floor(next() * 126),
            0x30 + Math.floor(next() * 10),
          );
        else if (r < 0.5) bytes.push(0x0a);
        else if (r < 0.7) bytes.push(Math.floor(next() * 256));
        else bytes.push(0xb0 + Math.floor(next() * 40), 0xa1 + Math.floor(next() * 90));
      }
      const input = new Uint8Array(bytes);
      const size = 1 + Math.floor(next() * 50);
      expect(fast(input, size)).toEqual(reference(input));
    }
  });
});
