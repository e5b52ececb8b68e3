/**
 * Builds the canonical tables from plain rows, for analysis tests that need exact, hand-checked
 * inputs without going through ingest.
 */
import type { Connector } from '../../src/engine/connector';
import { CANONICAL_DDL, EVALUATION_COLUMNS, INDICATOR_COLUMNS } from '../../src/ingest/schema';
import { sqlString } from '../../src/analysis/filters';

type Value = string | number | null;
export type FixtureRow = Record<string, Value>;

function literal(v: Value | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  return typeof v === 'number' ? String(v) : sqlString(v);
}

async function insert(conn: Connector, table: string, names: string[], rows: FixtureRow[]) {
  if (!rows.length) return;
  const cols = [...names, 'source_file', 'source_row'];
  const values = rows
    .map((r, i) => {
      const filled: FixtureRow = { source_file: 'fixture.csv', source_row: i + 2, ...r };
      return `(${cols.map((c) => literal(filled[c])).join(', ')})`;
    })
    .join(',\n');
  await conn.query(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`);
}

export async function loadCanonical(
  conn: Connector,
  data: { evaluations?: FixtureRow[]; indicators?: FixtureRow[] },
): Promise<void> {
  for (const sql of CANONICAL_DDL) await conn.query(sql);
  await conn.query('DELETE FROM evaluations');
  await conn.query('DELETE FROM indicators');
  await insert(
    conn,
    'evaluations',
    EVALUATION_COLUMNS.map((c) => c.name),
    data.evaluations ?? [],
  );
  await insert(
    conn,
    'indicators',
    INDICATOR_COLUMNS.map((c) => c.name),
    data.indicators ?? [],
  );
}
