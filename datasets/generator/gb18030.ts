/**
 * A GB18030 encoder for the characters the generator writes. Exports from Chinese Windows are
 * GB18030/GBK; Node can decode GB18030 but not encode it, so the reverse table is built once from
 * TextDecoder over every two-byte sequence (lead 0x81–0xFE, trail 0x40–0xFE). That covers GBK — all of
 * CJK, full-width forms and the punctuation used here; anything else is refused rather than mangled.
 */

let table: Uint16Array | null = null;

function reverseTable(): Uint16Array {
  if (table) return table;
  const decoder = new TextDecoder('gb18030', { fatal: false });
  const t = new Uint16Array(65536);
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const text = decoder.decode(pair);
      if (text.length !== 1) continue;
      const code = text.charCodeAt(0);
      if (code === 0xfffd || code < 0x80 || t[code] !== 0) continue;
      t[code] = (lead << 8) | trail;
    }
  }
  table = t;
  return t;
}

/** Encodes `text` as GB18030; throws on a character outside ASCII and the two-byte range. */
export function encodeGb18030(text: string): Uint8Array {
  const t = reverseTable();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    const bytes = t[code] as number;
    if (bytes === 0) {
      throw new RangeError(
        `encodeGb18030: “${text[i]}” (U+${code.toString(16).toUpperCase()}) has no two-byte GB18030 code`,
      );
    }
    out[n++] = bytes >> 8;
    out[n++] = bytes & 0xff;
  }
  return out.subarray(0, n);
}

export function encode(text: string, encoding: 'utf-8' | 'gb18030'): Uint8Array {
  return encoding === 'gb18030' ? encodeGb18030(text) : new TextEncoder().encode(text);
}
