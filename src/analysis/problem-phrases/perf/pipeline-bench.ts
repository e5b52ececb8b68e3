/**
 * The whole pipeline on N synthetic evaluations in Node (real duckdb-wasm, miner without a worker):
 * build once, then the queries a filter change runs.
 *   npx vite-node src/analysis/problem-phrases/perf/pipeline-bench.ts -- 1000000 30000
 * (evaluations, distinct texts in the pool; 8,000 units × 8 years, 80% of a unit-year's rows share a text.)
 */
import { createNodeConnector } from '../../../engine/node-connector';
import { CANONICAL_DDL } from '../../../ingest/schema';
import { NO_FILTERS, sqlString, type Filters } from '../../filters';
import { buildProblemPhrases } from '../build';
import { copiedTextsSql, topPhrasesSql } from '../queries';
import { syntheticProblemTexts } from './synthetic';

const [rows = 1_000_000, poolSize = 30_000] = process.argv
  .slice(2)
  .filter((a) => a !== '--')
  .map(Number);
const out = (s: string) => process.stdout.write(`${s}\n`);

const conn = await createNodeConnector();
const query = (sql: string) => conn.query(sql);
for (const sql of CANONICAL_DDL) await query(sql);
const pool = syntheticProblemTexts(poolSize, 3);
await query(`CREATE TABLE pool (id INTEGER, problems VARCHAR)`);
for (let from = 0; from < pool.length; from += 5000) {
  const values = pool.slice(from, from + 5000).map((t, i) => `(${from + i}, ${sqlString(t)})`);
  await query(`INSERT INTO pool VALUES ${values.join(', ')}`);
}
let t = performance.now();
await query(
  `INSERT INTO evaluations (unit, supervisor, region, year, kind, project, score, grade, problems, source_file, source_row)
   SELECT '单位' || u, '主管' || (u % 80), '区' || (u % 15), y, '项目支出', '项目' || i, 80 + i % 20, '优', p.problems, 'synthetic', i
   FROM (SELECT i, i % 8000 AS u, 2017 + (i // 8000) % 8 AS y,
           (CASE WHEN i % 5 = 0 THEN hash(i) ELSE hash(i % 8000, (i // 8000) % 8) END % ${poolSize})::INTEGER AS pid
         FROM range(${rows}) r(i)) g
   JOIN pool p ON p.id = g.pid`,
);
out(`generated ${rows} evaluations in ${(performance.now() - t).toFixed(0)} ms`);

const built = await buildProblemPhrases(query);
out(`build: ${JSON.stringify(built)}`);

const cases: [string, Partial<Filters>][] = [
  ['no filter', {}],
  ['one year', { yearFrom: 2020, yearTo: 2020 }],
  ['one region', { regions: ['区3'] }],
  ['20 units', { units: Array.from({ length: 20 }, (_, i) => `单位${i * 7}`) }],
  ['unit search', { unitSearch: '99' }],
  ['grade 优', { grades: ['优'] }],
  ['score ≥ 95', { scoreMin: 95 }],
];
for (const [name, patch] of cases) {
  const f = { ...NO_FILTERS, ...patch };
  for (const [what, sql] of [
    ['top 20', topPhrasesSql(f, 20)],
    ['copies', copiedTextsSql(f, 20)],
  ] as const) {
    t = performance.now();
    const result = await query(sql);
    out(
      `${name.padEnd(12)} ${what.padEnd(7)} ${(performance.now() - t).toFixed(0).padStart(6)} ms  (${result.numRows} rows)`,
    );
  }
}
const sample = await query(`SELECT phrase, units FROM problem_phrase_vocab ORDER BY phrase_id LIMIT 8`);
for (const r of sample.toArray()) out(`  ${r.units}\t${r.phrase}`);
const n = await query(`SELECT count(*)::INTEGER AS n FROM problem_phrases`);
out(`problem_phrases: ${n.get(0)?.n} rows`);
await conn.close();
