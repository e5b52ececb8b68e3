/**
 * Each dropped file becomes a plain table named after the file, so analysts can write
 * `SELECT * FROM 五华区_2023`. Names are plain identifiers (no quoting needed in SQL cells):
 * letters, digits, CJK and `_`; a leading digit gets a `t_` prefix because an unquoted identifier
 * cannot start with one.
 */

/** Names the ingest owns; a file called evaluations.csv must not overwrite the canonical table. */
export const RESERVED_TABLE_NAMES: readonly string[] = [
  'evaluations',
  'indicators',
  'ingest_rejects',
  'ingest_totals',
  'ingest_warnings',
];

/** Base name without extension, reduced to a plain identifier. */
export function baseTableName(fileName: string): string {
  const leaf = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = leaf.lastIndexOf('.');
  const stem = dot > 0 ? leaf.slice(0, dot) : leaf;
  // \p{L}\p{N} covers CJK ideographs and full-width digits; everything else becomes `_`.
  let name = stem.normalize('NFKC').replace(/[^\p{L}\p{N}_]/gu, '_');
  if (name === '') name = 'file';
  if (/^\p{N}/u.test(name)) name = 't_' + name;
  return name;
}

/**
 * fileName → tableName for the session. Re-dropping the same file name reuses its table (the load
 * replaces it); a different file whose name reduces to the same identifier gets `_2`, `_3`, ….
 */
export class TableRegistry {
  private readonly byFile = new Map<string, string>();

  /** The table for this file, assigning a new name the first time the file is seen. */
  tableFor(fileName: string): string {
    const known = this.byFile.get(fileName);
    if (known) return known;
    const base = baseTableName(fileName);
    const taken = new Set([...this.byFile.values(), ...RESERVED_TABLE_NAMES].map((n) => n.toLowerCase()));
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
    this.byFile.set(fileName, name);
    return name;
  }

  /** Forgets a file (its table was dropped); its name may be given to a later file. */
  forget(fileName: string): void {
    this.byFile.delete(fileName);
  }

  entries(): [fileName: string, tableName: string][] {
    return [...this.byFile.entries()];
  }
}
