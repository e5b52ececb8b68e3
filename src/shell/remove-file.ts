import type { Connector } from '../engine/connector';
import { sqlIdent } from '../analysis/filters';
import { clearFileSql } from '../ingest/build-load-sql';
import type { TableRegistry } from '../ingest/table-name';

/** Takes a file back out: its rows from every canonical table, and its own raw table. */
export async function removeIngestedFile(
  conn: Connector,
  fileName: string,
  tables: TableRegistry,
): Promise<void> {
  for (const sql of clearFileSql(fileName)) await conn.query(sql).catch(() => undefined);
  const table = tables.entries().find(([file]) => file === fileName)?.[1];
  if (table) await conn.query(`DROP TABLE IF EXISTS ${sqlIdent(table)}`);
  tables.forget(fileName);
}
