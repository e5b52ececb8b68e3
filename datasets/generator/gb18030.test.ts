import { describe, expect, it } from 'vitest';
import { encodeGb18030 } from './gb18030';
import { generateText } from './generate';

const gbDecode = (bytes: Uint8Array): string => new TextDecoder('gb18030', { fatal: true }).decode(bytes);

describe('encodeGb18030', () => {
  it('matches the known GBK bytes of common characters', () => {
    expect([...encodeGb18030('你好,A')]).toEqual([0xc4, 0xe3, 0xba, 0xc3, 0x2c, 0x41]);
    expect([...encodeGb18030('（万元）')]).toEqual([0xa3, 0xa8, 0xcd, 0xf2, 0xd4, 0xaa, 0xa3, 0xa9]);
  });

  it('round-trips a whole generated export, flaws and all', () => {
    const text = generateText({
      units: 120,
      yearFrom: 2017,
      yearTo: 2018,
      seed: 'gb',
      mess: 0.2,
      indicators: true,
      encoding: 'gb18030',
    });
    for (const part of [text.evaluations, text.indicators]) {
      const bytes = encodeGb18030(part);
      expect(gbDecode(bytes)).toBe(part);
      // Really GB18030, not UTF-8 in disguise: Chinese characters take two bytes.
      expect(bytes.length).toBeLessThan(new TextEncoder().encode(part).length);
    }
  });

  it('round-trips the seed characters and refuses what it cannot encode', () => {
    const sample = '昆明市五华区政务服务管理局 ≥95% ９１ ——…“”《》、；：１２３ 鑫';
    expect(gbDecode(encodeGb18030(sample))).toBe(sample);
    expect(() => encodeGb18030('😀')).toThrow(/no two-byte GB18030 code/);
  });
});
