/**
 * Copied-text groups name a few units, not all of them (a boilerplate text can be shared by ten
 * thousand units); the cross-filter asks for the full list when clicked.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical, type FixtureRow } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS } from '../filters';
import { buildProblemPhrases } from './build';
import { COPY_UNIT_SAMPLE, copiedTextsSql, copyUnitsSql } from './queries';

let conn: Connector;
const SHARED = '一是绩效目标设置不够科学合理；二是预算执行率有待进一步提高。';
// 12 units (单位01…单位12) wrote the same text, the even ones in 2022, the odd ones in 2023.
const EVALUATIONS: FixtureRow[] = Array.from({ length: 12 }, (_, i) => ({
  unit: `单位${String(i + 1).padStart(2, '0')}`,
  year: i % 2 ? 2022 : 2023,
  problems: SHARED,
  region: '五华区',
}));

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, { evaluations: EVALUATIONS });
  await buildProblemPhrases((sql) => conn.query(sql));
});
afterAll(() => conn.close());

const plain = async (sql: string) =>
  (await conn.query(sql)).toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());

it('names the first units of a group by name and counts them all', async () => {
  const stored = await plain(copiedTextsSql(NO_FILTERS));
  const fresh = await plain(copiedTextsSql({ ...NO_FILTERS, regions: ['五华区'] }));
  for (const groups of [stored, fresh]) {
    expect(groups).toHaveLength(1);
    expect(groups[0]!['units']).toBe(12);
    expect([...(groups[0]!['unit_sample'] as Iterable<string>)]).toEqual(
      EVALUATIONS.slice(0, COPY_UNIT_SAMPLE).map((e) => e.unit),
    );
  }
});

it('lists every unit of a group under the filters for the cross-filter', async () => {
  const [group] = await plain(copiedTextsSql(NO_FILTERS));
  const id = Number(group!['copy_id']);
  const units = async (f = NO_FILTERS) => (await plain(copyUnitsSql(f, id))).map((r) => r['unit']);
  expect(await units()).toEqual(EVALUATIONS.map((e) => e.unit));
  // 2022: the units at odd indexes, 单位02, 单位04, …
  expect(await units({ ...NO_FILTERS, yearFrom: 2022, yearTo: 2022 })).toEqual(
    EVALUATIONS.filter((_, i) => i % 2).map((e) => e.unit),
  );
});
