// Times ingestFile on a generated 1,000,000-row self-evaluation CSV against DuckDB reading the same
// UTF-8 file (1 thread): native DuckDB (@duckdb/node-api) and the same duckdb-wasm build the app runs.
// Run: npx vite-node tests/bench/ingest.mjs [-- rows]
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeConnector } from '../../src/engine/node-connector.ts';
import { fromBytes, ingestFile } from '../../src/ingest/ingest-file.ts';

const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const HEADER =
  '单位名称,主管部门,地区,年度,评价类型,项目名称,年初预算数（万元）,全年预算数（万元）,全年执行数（万元）,执行率,自评得分,评价等级,存在的问题,改进措施';
const REGIONS = ['五华区', '盘龙区', '官渡区', '西山区', '东川区', '呈贡区', '晋宁区'];
const PROBLEMS = [
  '绩效目标设置不够科学合理',
  '预算执行率有待进一步提高',
  '量化、细化不够',
  '"队伍建设,有待加强"',
];

function generate(n) {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const budget = ((i * 7919) % 100000) / 100 + 10;
    const spent = Math.round(budget * (0.5 + ((i * 31) % 50) / 100) * 100) / 100;
    const rate = ((spent / budget) * 100).toFixed(2) + '%';
    const score = 60 + ((i * 13) % 41);
    const grade = score >= 90 ? '优' : score >= 80 ? '良' : score >= 60 ? '中' : '差';
    const region = REGIONS[i % REGIONS.length];
    lines.push(
      [
        `${region}第${i % 5000}单位`,
        `${region}财政局`,
        region,
        2017 + (i % 7),
        i % 3 ? '项目支出' : '部门整体支出',
        `项目${i}`,
        budget.toFixed(2),
        budget.toFixed(2),
        spent.toFixed(2),
        rate,
        score,
        grade,
        PROBLEMS[i % PROBLEMS.length],
        '加强管理',
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

const dir = mkdtempSync(join(tmpdir(), 'ingest-bench-'));
const file = join(dir, 'bench.csv');
writeFileSync(file, generate(rows));
const bytes = readFileSync(file);
console.log(`${rows.toLocaleString('en-US')} rows, ${(bytes.length / 1e6).toFixed(1)} MB`);

const time = async (fn) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

// Native DuckDB, 1 thread.
let nativeMs = NaN;
console.log('native…');
try {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await db.connect();
  nativeMs = await time(() => c.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file}')`));
} catch (e) {
  console.log('native DuckDB unavailable:', e.message);
}

const conn = await createNodeConnector();
await conn.registerFile('baseline.csv', new Uint8Array(bytes));
const wasmMs = await time(() =>
  conn.query(`CREATE TABLE baseline AS SELECT * FROM read_csv('/uploads/baseline.csv')`),
);
await conn.query('DROP TABLE baseline');
await conn.dropFile('baseline.csv');

const phases = [];
let last = performance.now();
const ingestMs = await time(async () => {
  const report = await ingestFile(conn, fromBytes('bench.csv', new Uint8Array(bytes)), {
    onProgress: ({ phase }) => {
      const now = performance.now();
      phases.push(`${phase}@${Math.round(now - last)}`);
      console.log(phase, Math.round(now - last));
      last = now;
    },
  });
  if (report.fatal) throw new Error(report.fatal.en);
  console.log(
    `loaded ${report.canonicalRows.toLocaleString('en-US')} evaluations, ${report.rejectsCount} rejects`,
  );
});
console.log(phases.join(' '));
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`native DuckDB read (1 thread): ${fmt(nativeMs)}`);
console.log(`duckdb-wasm read:              ${fmt(wasmMs)}`);
console.log(`ingestFile (wasm):             ${fmt(ingestMs)}`);
console.log(
  `ratio vs native: ${(ingestMs / nativeMs).toFixed(2)}×, vs wasm read: ${(ingestMs / wasmMs).toFixed(2)}×`,
);
await conn.close();
