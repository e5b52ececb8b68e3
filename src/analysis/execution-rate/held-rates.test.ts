/**
 * The counted rate distribution from held rates (held-rates.ts) against rateDistributionSql on the
 * same rows: the same JSON, row for row, for states of years and kinds, every grouping and limits
 * that cut ties. The rows have NULL years, kinds, supervisors and regions, many equal rates (the
 * quantile ranks land inside runs of them), negative rates and rates over 100, groups of one row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { jsonRows } from '../../../tests/unit/json-rows';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, type Filters } from '../filters';
import type { GroupBy } from '../score-inflation/evaluation-sql';
import { rateDistributionSql } from './build-execution-rate-sql';
import { heldRateDistribution, loadHeldRates, type HeldRates } from './held-rates';

let conn: Connector;
let held: HeldRates;
const query = (sql: string) => conn.query(sql);

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, {});
  // 3,000 evaluations: rates on a coarse grid (ties), every 37th without a rate; supervisors
  // with equal counts (i % 8 sizes repeat), one supervisor of a single row, NULL labels here and there.
  await conn.query(`INSERT INTO evaluations (unit, supervisor, region, year, kind, project, execution_rate, source_file, source_row)
SELECT '单位' || (i % 40),
  CASE WHEN i = 7 THEN '独一个' WHEN i % 23 = 0 THEN NULL ELSE '主管' || (i % 8) END,
  CASE WHEN i % 19 = 0 THEN NULL ELSE '区' || (i % 5) END,
  CASE WHEN i % 29 = 0 THEN NULL ELSE 2018 + (i % 5) END,
  CASE WHEN i % 31 = 0 THEN NULL WHEN i % 3 = 0 THEN '部门整体支出' ELSE '项目支出' END,
  '项目' || i,
  CASE WHEN i % 37 = 0 THEN NULL
       WHEN i % 11 = 0 THEN CAST(-5 + (hash(i) % 3) AS DECIMAL(9,2))
       ELSE CAST((hash(i * 7) % 60) * 2.5 + (hash(i) % 3) / 100.0 AS DECIMAL(9,2)) END,
  'export.csv', i + 2
FROM range(3000) t(i)`);
  held = (await loadHeldRates(query))!;
});
afterAll(() => conn.close());

const STATES: [string, Partial<Filters>][] = [
  ['nothing', {}],
  ['years from 2019', { yearFrom: 2019 }],
  ['years up to 2020', { yearTo: 2020 }],
  ['one year', { yearFrom: 2021, yearTo: 2021 }],
  ['one kind', { kinds: ['项目支出'] }],
  ['both kinds and a year range', { kinds: ['项目支出', '部门整体支出'], yearFrom: 2018, yearTo: 2019 }],
  ['a kind no row has', { kinds: ['没有'] }],
  ['an empty year range', { yearFrom: 2022, yearTo: 2019 }],
];
const GROUPINGS: GroupBy[] = ['supervisor', 'region', 'year'];

describe('the rate distribution from held rates', () => {
  it('holds every rate, ascending, with the groups and cells', async () => {
    const [{ n }] = (
      await conn.query('SELECT count(execution_rate)::INTEGER AS n FROM evaluations')
    ).toArray();
    expect(held.cents.length).toBe(n);
    expect(held.cents.every((c, i) => i === 0 || held.cents[i - 1]! <= c)).toBe(true);
    expect(held.groups.supervisor.values).toContain('独一个');
    expect(held.cells.some((c) => c.year === null) && held.cells.some((c) => c.kind === null)).toBe(true);
  });

  for (const [name, state] of STATES) {
    for (const by of GROUPINGS) {
      for (const limit of [40, 3]) {
        it(`answers as the SQL does: ${name}, by ${by}, limit ${limit}`, async () => {
          const f: Filters = { ...NO_FILTERS, ...state };
          const bySql = await jsonRows(conn, rateDistributionSql(f, by, false, limit));
          const fromHeld = heldRateDistribution(held, f, by, limit).map((r) => JSON.stringify(r));
          expect(fromHeld).toEqual(bySql);
        });
      }
    }
  }

  it('compares groups that differ (the comparisons above are not trivial)', () => {
    const rows = heldRateDistribution(held, NO_FILTERS, 'supervisor');
    expect(rows.length).toBe(10); // 主管0–7, 独一个 and NULL
    expect(rows.at(-1)!.grp).toBe('独一个');
    expect(rows.some((r) => r.grp === null)).toBe(true);
    expect(new Set(rows.map((r) => r.n)).size).toBeLessThan(rows.length); // ties broken by label
    expect(rows.some((r) => r.min < 0 && r.max > 100 && r.under_share! > 0 && r.over_share! > 0)).toBe(true);
  });

  it('holds nothing when the rate is not whole hundredths', async () => {
    const other = await createNodeConnector();
    try {
      await other.query(
        'CREATE TABLE evaluations (supervisor VARCHAR, region VARCHAR, year INTEGER, kind VARCHAR, execution_rate DOUBLE)',
      );
      await other.query(`INSERT INTO evaluations VALUES ('甲', '区', 2020, '项目支出', 73.685)`);
      expect(await loadHeldRates((sql) => other.query(sql))).toBeNull();
    } finally {
      await other.close();
    }
  });
});
