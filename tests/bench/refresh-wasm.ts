/**
 * The SQL of one dashboard refresh, timed query by query on duckdb-wasm in Node (the browser's
 * engine, single-threaded, without the page's rendering): the generator's CSV loaded, phrases mined
 * and audit flags stored as the app does, then for each filter state every panel query.
 * Run: npx vite-node tests/bench/refresh-wasm.ts   (ROWS=200000 by default; the CSV must exist —
 * `ROWS=… npm run bench:panels` generates it)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createNodeConnector } from '../../src/engine/node-connector';
import { CANONICAL_DDL } from '../../src/ingest/schema';
import { NO_FILTERS, type Filters } from '../../src/analysis/filters';
import { buildProblemPhrases } from '../../src/analysis/problem-phrases/build';
import { buildAuditFlagTables } from '../../src/analysis/audit/flag-table';
import { dashboardRefreshSql } from './refresh-sql';

const root = resolve(import.meta.dirname, '../..');
const rows = Number(process.env.ROWS ?? 200_000);
const units = Math.round(rows / 1.6 / 7);
const file = join(root, 'bench-data', `utf-8-${units}`, 'synthetic-evaluations-2017-2023.csv');
const out = (s: string) => process.stdout.write(`${s}\n`);

const conn = await createNodeConnector();
const query = (sql: string) => conn.query(sql);
for (const sql of CANONICAL_DDL) await query(sql);
await conn.registerFile('bench.csv', new Uint8Array(readFileSync(file)));
const num = (c: string) =>
  `TRY_CAST(regexp_replace(nfc_normalize("${c}"), '[,%\\s]', '', 'g') AS DECIMAL(18,6))`;
let t = performance.now();
await query(`INSERT INTO evaluations SELECT "单位名称", "主管部门", "地区", TRY_CAST("年度" AS INTEGER), "评价类型", "项目名称",
  ${num('自评得分')}::DECIMAL(9,2), "评价等级", ${num('复核得分')}::DECIMAL(9,2),
  ${num('年初预算数（万元）')}, ${num('全年预算数（万元）')}, ${num('全年执行数（万元）')},
  ${num('执行率（%）')}::DECIMAL(9,2), "存在的问题", "改进措施", 'bench.csv', CAST(row_number() OVER () AS INTEGER) + 3
  FROM read_csv('/uploads/bench.csv', skip = 2, header = true, ignore_errors = true, all_varchar = true)`);
out(`loaded ${file} in ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
await buildProblemPhrases(query);
out(`phrases mined in ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
await buildAuditFlagTables(query);
out(`audit flags stored in ${(performance.now() - t).toFixed(0)} ms`);

const region = String((await query(`SELECT min(region) AS r FROM evaluations`)).get(0)?.r);
const states: [string, Filters][] = [
  [`region = ${region}`, { ...NO_FILTERS, regions: [region] }],
  ['year 2021–2021', { ...NO_FILTERS, regions: [region], yearFrom: 2021, yearTo: 2021 }],
  [
    'unit search 教育',
    { ...NO_FILTERS, regions: [region], yearFrom: 2021, yearTo: 2021, unitSearch: '教育' },
  ],
  ['no filters', NO_FILTERS],
];
for (const [label, f] of states) {
  const times: [number, string][] = [];
  for (const [name, sql] of Object.entries(dashboardRefreshSql(f))) {
    const q0 = performance.now();
    await query(sql);
    times.push([performance.now() - q0, name]);
  }
  const total = times.reduce((n, [ms]) => n + ms, 0);
  out(`${label.padEnd(22)} ${total.toFixed(0).padStart(6)} ms in ${times.length} queries`);
  for (const [ms, name] of times.sort((a, b) => b[0] - a[0]).slice(0, 8))
    out(`    ${ms.toFixed(0).padStart(6)} ms  ${name}`);
}
await conn.close();
