/**
 * The departments' most frequent phrase, read through the phrase build's id tables, against the
 * same count made directly on the notebook's problem_phrases(unit, year, phrase) — on phrases mined
 * for real from generated texts, for every grouping, filtered and not, sorted by it and not.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, filterWhere, type Filters } from '../filters';
import { buildProblemPhrases } from '../problem-phrases/build';
import { OPTIONAL_TABLES_SQL, readOptionalTables } from '../audit/optional-tables';
import { departmentsSql, type DepartmentGrouping } from './build-departments-sql';
import { readDepartments } from './read-departments';

let conn: Connector;
const query = (sql: string) => conn.query(sql);

const CLAUSES = [
  '绩效目标设置不够科学合理',
  '预算执行率有待进一步提高',
  '队伍建设有待加强',
  '绩效管理认识不够',
  '资金使用效益有待提高',
  '项目前期论证不够充分',
];

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, {});
  // 1,500 evaluations of 60 units over 3 years; each text joins two or three of the clauses, so
  // units share phrases in different numbers; some rows have no text or no year, and two units no
  // supervisor (a blank group, which must get its phrase too).
  const clauses = `['${CLAUSES.join("', '")}']`;
  await conn.query(`INSERT INTO evaluations (unit, supervisor, region, year, kind, project, problems, source_file, source_row)
SELECT '单位' || (i % 60), CASE WHEN i % 60 IN (7, 19) THEN NULL ELSE '主管' || (i % 4) END, '区' || (i % 3), CASE WHEN i % 97 = 0 THEN NULL ELSE 2021 + (i // 7) % 3 END,
  '项目支出', '项目' || i,
  CASE WHEN i % 31 = 0 THEN NULL ELSE
    '一是' || ${clauses}[1 + (i // 60 + i) % 6] || '；二是' || ${clauses}[1 + (i % 60 * 7 // 11) % 6]
    || CASE WHEN i % 5 = 0 THEN '；三是' || ${clauses}[1 + (i % 60) % 6] ELSE '' END || '。' END,
  'gen.csv', i + 2
FROM range(1500) t(i)`);
  await buildProblemPhrases(query);
});
afterAll(() => conn.close());

/** Per group, the phrase most (unit, year) pairs of its evaluations used (ties by phrase), directly. */
async function expected(
  f: Filters,
  key: DepartmentGrouping,
): Promise<Map<string, [string | null, number | null]>> {
  const rows = (
    await conn.query(`WITH k AS (SELECT DISTINCT ${key} AS name, unit, year FROM evaluations WHERE ${filterWhere(f)}),
c AS (SELECT k.name, p.phrase, count(*) AS n FROM problem_phrases p JOIN k ON k.unit = p.unit AND k.year = p.year GROUP BY ALL)
SELECT name, phrase, CAST(n AS INTEGER) AS n FROM c QUALIFY row_number() OVER (PARTITION BY name ORDER BY n DESC, phrase) = 1`)
  ).toArray() as { name: string; phrase: string; n: number }[];
  return new Map(rows.map((r) => [r.name, [r.phrase, r.n]]));
}

it('counts the same phrases as problem_phrases does', async () => {
  const tables = readOptionalTables(await conn.query(OPTIONAL_TABLES_SQL));
  expect(tables.phrases).toBe(true);
  const phrases = Number(
    (await conn.query('SELECT count(DISTINCT phrase)::INT AS n FROM problem_phrases')).get(0)?.n,
  );
  // enough variety for the comparison to mean something
  expect(phrases).toBeGreaterThanOrEqual(4);
  let compared = 0;
  for (const patch of [
    {},
    { regions: ['区1'] },
    { yearFrom: 2022 },
    { unitSearch: '单位1' },
  ] as Partial<Filters>[]) {
    const f = { ...NO_FILTERS, ...patch };
    for (const groupBy of ['unit', 'supervisor', 'region'] as const) {
      const want = await expected(f, groupBy);
      for (const column of ['evaluations', 'top_phrase'] as const) {
        const sql = departmentsSql(f, { groupBy, sort: { column, desc: true }, limit: 200, tables });
        for (const row of readDepartments(await conn.query(sql))) {
          expect(
            [row.topPhrase, row.topPhraseCount],
            `${groupBy} ${row.name} ${JSON.stringify(patch)}`,
          ).toEqual(want.get(row.name!) ?? [null, null]);
          compared++;
        }
      }
    }
  }
  expect(compared).toBeGreaterThan(300);
});
