/**
 * What kind of bytes a dropped file holds. Exports from Chinese Windows Excel/WPS are GB18030 (GBK)
 * unless saved as “CSV UTF-8”; a BOM decides first, then strict UTF-8, then gb18030 (a superset of GBK
 * that decodes every byte sequence, so it is the safe last resort).
 */
export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Why a file cannot be read as a table at all (bilingual message for the report). */
export type NotText = { zh: string; en: string };

export function bomEncoding(head: Uint8Array): Encoding | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * Encoding of the file judged from its first bytes. A sample that is valid UTF-8 may still hide GBK
 * further down; the streaming scan re-checks the whole file and falls back (see transcode.ts).
 */
export function sniffEncoding(sample: Uint8Array): Encoding {
  const bom = bomEncoding(sample);
  if (bom) return bom;
  try {
    // stream:true so a multi-byte character cut at the sample's end is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The WHATWG decoder label for an encoding. */
export function decoderLabel(encoding: Encoding): string {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

/** True when DuckDB can read the bytes as they are (UTF-8, its BOM skipped by the reader). */
export function isUtf8(encoding: Encoding): boolean {
  return encoding === 'utf-8' || encoding === 'utf-8-bom';
}

const SAVE_AS_CSV = {
  zh: '请在 Excel 或 WPS 中打开，另存为 CSV (逗号分隔)，再拖入。',
  en: 'Open it in Excel or WPS, save it as CSV (Comma delimited) — 另存为 CSV (逗号分隔) — and drop that file.',
};

/** A reason the file is not a text table, or null when it looks like text. */
export function notTextReason(head: Uint8Array, size: number): NotText | null {
  if (size === 0) return { zh: '文件是空的（0 字节）。', en: 'The file is empty (0 bytes).' };
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)
    return {
      zh: '这是一个 Excel 工作簿（.xlsx），不是 CSV 文本。' + SAVE_AS_CSV.zh,
      en: 'This is an Excel workbook (.xlsx), not CSV text. ' + SAVE_AS_CSV.en,
    };
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    return {
      zh: '这是一个旧版 Excel 工作簿（.xls），不是 CSV 文本。' + SAVE_AS_CSV.zh,
      en: 'This is an old Excel workbook (.xls), not CSV text. ' + SAVE_AS_CSV.en,
    };
  const bom = bomEncoding(head);
  if (bom !== 'utf-16le' && bom !== 'utf-16be') {
    // NUL bytes never occur in UTF-8/GBK text; their presence means a binary file.
    const n = Math.min(head.length, 8192);
    for (let i = 0; i < n; i++)
      if (head[i] === 0)
        return {
          zh: '这不是文本文件（含二进制内容），无法作为表格读取。',
          en: 'This is not a text file (it holds binary data) and cannot be read as a table.',
        };
  }
  return null;
}
