/**
 * The canonical tables. Their names and columns are part of the product: SQL cells and shared
 * links depend on them, so change them only with a migration of saved notebooks.
 */

export type ColumnType = 'VARCHAR' | 'INTEGER' | 'DECIMAL(18,2)' | 'DECIMAL(18,6)' | 'DECIMAL(9,2)';

export interface CanonicalColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** Label columns are filled down within a file (merged cells exported as blanks); numbers never are. */
  readonly fillDown?: boolean;
}

export const EVALUATION_COLUMNS: readonly CanonicalColumn[] = [
  { name: 'unit', type: 'VARCHAR', fillDown: true },
  { name: 'supervisor', type: 'VARCHAR', fillDown: true },
  { name: 'region', type: 'VARCHAR', fillDown: true },
  { name: 'year', type: 'INTEGER', fillDown: true },
  { name: 'kind', type: 'VARCHAR', fillDown: true },
  { name: 'project', type: 'VARCHAR', fillDown: true },
  { name: 'score', type: 'DECIMAL(9,2)' },
  { name: 'grade', type: 'VARCHAR' },
  { name: 'review_score', type: 'DECIMAL(9,2)' },
  // Money in 万元; six decimals so a 元 amount converts to 万元 exactly (1 元 = 0.0001 万元).
  { name: 'budget_initial', type: 'DECIMAL(18,6)' },
  { name: 'budget', type: 'DECIMAL(18,6)' },
  { name: 'spent', type: 'DECIMAL(18,6)' },
  { name: 'execution_rate', type: 'DECIMAL(9,2)' },
  { name: 'problems', type: 'VARCHAR' },
  { name: 'suggestions', type: 'VARCHAR' },
];

export const INDICATOR_COLUMNS: readonly CanonicalColumn[] = [
  { name: 'unit', type: 'VARCHAR', fillDown: true },
  { name: 'year', type: 'INTEGER', fillDown: true },
  { name: 'project', type: 'VARCHAR', fillDown: true },
  { name: 'level1', type: 'VARCHAR', fillDown: true },
  { name: 'level2', type: 'VARCHAR', fillDown: true },
  { name: 'level3', type: 'VARCHAR' },
  { name: 'weight', type: 'DECIMAL(9,2)' },
  { name: 'points', type: 'DECIMAL(9,2)' },
  { name: 'target', type: 'VARCHAR' },
  { name: 'actual', type: 'VARCHAR' },
  { name: 'deviation_reason', type: 'VARCHAR' },
];

const PROVENANCE = `source_file VARCHAR NOT NULL, source_row INTEGER NOT NULL`;

function ddl(table: string, columns: readonly CanonicalColumn[]): string {
  const cols = columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${table} (${cols}, ${PROVENANCE})`;
}

/** Creates the canonical tables if they are missing; safe to run on every start. */
export const CANONICAL_DDL: readonly string[] = [
  ddl('evaluations', EVALUATION_COLUMNS),
  ddl('indicators', INDICATOR_COLUMNS),
  `CREATE TABLE IF NOT EXISTS ingest_rejects (source_file VARCHAR NOT NULL, source_row INTEGER, raw VARCHAR, reason VARCHAR NOT NULL)`,
  // Total rows (合计/小计/总计/其中…) are not evaluations; they are kept here so the audit can check
  // them against the sum of the rows they total. `label` is the cell that said 合计 etc.
  ddl('ingest_totals', [{ name: 'label', type: 'VARCHAR' }, ...EVALUATION_COLUMNS]),
  // Per-field problems: the row was kept, the field became NULL.
  `CREATE TABLE IF NOT EXISTS ingest_warnings (source_file VARCHAR NOT NULL, source_row INTEGER NOT NULL, "column" VARCHAR NOT NULL, raw VARCHAR, kind VARCHAR NOT NULL)`,
];

export type CanonicalTable = 'evaluations' | 'indicators';
