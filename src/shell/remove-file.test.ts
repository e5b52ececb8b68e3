import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../engine/connector';
import { createNodeConnector } from '../engine/node-connector';
import { fromBytes, ingestFile, TableRegistry } from '../ingest/ingest-file';
import { removeIngestedFile } from './remove-file';

const csv = (s: string) => new TextEncoder().encode(s);
const EVAL = '单位名称,年度,自评得分,评价等级\n甲局,2023,95,优\n乙局,2023,88,良\n';

describe('removeIngestedFile', () => {
  let c: Connector;
  beforeAll(async () => {
    c = await createNodeConnector();
  });
  afterAll(() => c.close());

  it("takes one file's rows and raw table out and leaves the other file alone", async () => {
    const tables = new TableRegistry();
    await ingestFile(c, fromBytes('a.csv', csv(EVAL)), { tables });
    await ingestFile(c, fromBytes('b.csv', csv(EVAL)), { tables });
    await removeIngestedFile(c, 'a.csv', tables);
    const t = await c.query(
      `SELECT (SELECT count(*) FROM evaluations)::INT AS n, (SELECT list(DISTINCT source_file) FROM evaluations)::VARCHAR AS files,
       (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'a')::INT AS raw_a, (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'b')::INT AS raw_b`,
    );
    expect(t.get(0)?.toJSON()).toEqual({ n: 2, files: '[b.csv]', raw_a: 0, raw_b: 1 });
    expect(tables.entries().map(([f]) => f)).toEqual(['b.csv']);
  });
});
