import type { Connector } from '../../src/engine/connector';

/** A query's rows as JSON strings (BIGINTs as strings), for comparing answers row for row. */
export async function jsonRows(conn: Connector, sql: string): Promise<string[]> {
  return (await conn.query(sql))
    .toArray()
    .map((r: { toJSON(): Record<string, unknown> }) =>
      JSON.stringify(r.toJSON(), (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
    );
}
