/**
 * Dataset fingerprints let a shared notebook say which files it was written against, so the
 * receiver is warned when their copy is missing or differs instead of silently seeing other numbers.
 */
import type { DatasetFingerprint } from './state';

/** SHA-256 of the bytes, first 16 hex characters (64 bits: plenty to tell two exports apart). */
export async function fingerprintBytes(
  file: string,
  bytes: Uint8Array,
  rows: number,
): Promise<DatasetFingerprint> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  const hash = Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  return { file, rows, hash };
}

export interface FingerprintDifference {
  file: string;
  wantedRows: number;
  loadedRows: number;
  wantedHash: string;
  loadedHash: string;
}

export interface FingerprintComparison {
  /** Files the notebook expects that are not loaded. */
  missing: string[];
  /** Files loaded under the same name but with other bytes or another row count. */
  differing: FingerprintDifference[];
  ok: boolean;
}

/** Matches by file name; extra loaded files are fine. */
export function compareFingerprints(
  wanted: readonly DatasetFingerprint[],
  loaded: readonly DatasetFingerprint[],
): FingerprintComparison {
  const byName = new Map(loaded.map((d) => [d.file, d]));
  const missing: string[] = [];
  const differing: FingerprintDifference[] = [];
  for (const w of wanted) {
    const l = byName.get(w.file);
    if (!l) missing.push(w.file);
    else if (l.hash !== w.hash || l.rows !== w.rows)
      differing.push({
        file: w.file,
        wantedRows: w.rows,
        loadedRows: l.rows,
        wantedHash: w.hash,
        loadedHash: l.hash,
      });
  }
  return { missing, differing, ok: missing.length === 0 && differing.length === 0 };
}
