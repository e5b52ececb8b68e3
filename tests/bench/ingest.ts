/**
 * Ingest benchmark (issue 3): a 1,000,000-row self-evaluation export (Chinese headers, title line,
 * thousands separators, percent strings) as UTF-8 and as GB18030, each dropped into the production
 * build in headless Chromium; time from drop to "all rows loaded", next to native DuckDB
 * (@duckdb/node-api, 1 thread) reading the same UTF-8 file in the same run. Prints figures and ratios;
 * never fails because the machine was slow.  Run: npm run bench:ingest  (ROWS=… to change the size,
 * ONLY=utf-8 or ONLY=gb18030 for one encoding, DETAIL=1 for the slow queries, RUNS=n for medians)
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeSynthetic } from '../../datasets/generator/write';
import { ensureChromium, launchChromium } from '../browser/chromium';
import { serveStatic } from '../browser/static-server';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, 'bench-data');
const rows = Number(process.env.ROWS ?? 1_000_000);
// The generator writes ≈ 1.6 evaluations per unit and year.
const units = Math.round(rows / 1.6 / 7);

function generate(encoding: 'utf-8' | 'gb18030'): string {
  const dir = join(out, `${encoding}-${units}`);
  const config = {
    units,
    yearFrom: 2017,
    yearTo: 2023,
    seed: 'bench',
    mess: 0.05,
    indicators: false,
    encoding,
  };
  const file = join(
    dir,
    encoding === 'gb18030'
      ? 'synthetic-evaluations-2017-2023-gb18030.csv'
      : 'synthetic-evaluations-2017-2023.csv',
  );
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeSynthetic(config, dir);
  }
  return file;
}

async function native(file: string): Promise<{ ms: number; rows: number }> {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  const t0 = performance.now();
  await conn.run(
    `CREATE TABLE t AS SELECT * FROM read_csv('${file}', skip = 2, header = true, ignore_errors = true)`,
  );
  const ms = performance.now() - t0;
  const n = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRows()[0]?.[0]);
  conn.closeSync();
  return { ms, rows: n };
}

const utf8 = generate('utf-8');
const gbk = generate('gb18030');
console.log(
  `files: ${utf8} (${(statSync(utf8).size / 1e6).toFixed(1)} MB), ${gbk} (${(statSync(gbk).size / 1e6).toFixed(1)} MB)`,
);

ensureChromium();
if (!process.env.SKIP_BUILD)
  execSync('npx vite build --logLevel warn', {
    cwd: root,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would build a non-production bundle (no service worker).
    env: { ...process.env, NODE_ENV: 'production' },
  });
// DIST=… serves another build (A/B of two builds in one sitting).
const server = await serveStatic(process.env.DIST ?? join(root, 'dist'));
const browser = await launchChromium();

async function inBrowser(file: string): Promise<{ ms: number; loaded: string }> {
  const page = await browser.newPage();
  await page.goto(server.url + '?nodemo');
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, {
    timeout: 120_000,
  });
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="ingest-report"]', { state: 'attached', timeout: 900_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="load-progress"]'), null, {
    timeout: 900_000,
  });
  const ms = Date.now() - t0;
  // Where the time went, from ingestFile's performance measures.
  // Phases in order; the overlapping parts of one (the scan and the read of a UTF-8 file) in brackets.
  const phases = await page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((m) => /^ingest(-part)?:/.test(m.name))
      .map((m) => {
        const [kind, name] = m.name.split(':');
        const text = `${name} ${Math.round(m.duration)}`;
        return kind === 'ingest-part' ? `(${text})` : text;
      }),
  );
  console.log(`  phases (ms): ${phases.join(' · ')}`);
  // DETAIL=1: every ingest query over 100 ms, in order.
  if (process.env.DETAIL) {
    const slow = await page.evaluate(() =>
      performance
        .getEntriesByType('measure')
        .filter((m) => m.name.startsWith('ingest-sql:') && m.duration > 100)
        .map((m) => `${String(Math.round(m.duration)).padStart(7)} ms  ${m.name.slice(11)}`),
    );
    console.log(slow.join('\n'));
  }
  const loaded =
    (await page.locator('[data-testid="ingest-report"] [data-testid="rows-loaded"]').first().textContent()) ??
    '?';
  await page.close();
  return { ms, loaded };
}

// RUNS=n: every timing n times, interleaved (native, UTF-8, GB18030, native, …), ratios of the
// medians — this machine's speed drifts by tens of percent within minutes, native DuckDB's too.
const runs = Math.max(1, Number(process.env.RUNS ?? 1));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
// ONLY=utf-8 or ONLY=gb18030 times one encoding (while working on one path).
const only = process.env.ONLY;
const times = { native: [] as number[], utf8: [] as number[], gbk: [] as number[] };
for (let run = 1; run <= runs; run++) {
  const base = await native(utf8);
  times.native.push(base.ms);
  console.log(
    `native DuckDB (1 thread), UTF-8: ${base.ms.toFixed(0)} ms for ${base.rows.toLocaleString('en-US')} rows`,
  );
  if (only !== 'gb18030') {
    const u = await inBrowser(utf8);
    times.utf8.push(u.ms);
    console.log(
      `browser, UTF-8:   ${u.ms} ms (${u.loaded} rows loaded) — ${(u.ms / base.ms).toFixed(2)}× native (target ≤ 2.5×)`,
    );
  }
  if (only !== 'utf-8') {
    const g = await inBrowser(gbk);
    times.gbk.push(g.ms);
    console.log(
      `browser, GB18030: ${g.ms} ms (${g.loaded} rows loaded) — ${(g.ms / base.ms).toFixed(2)}× native (target ≤ 3.5×)`,
    );
  }
}
if (runs > 1) {
  const n = median(times.native);
  console.log(`medians of ${runs} runs: native ${n.toFixed(0)} ms`);
  if (times.utf8.length)
    console.log(
      `  UTF-8   ${median(times.utf8)} ms — ${(median(times.utf8) / n).toFixed(2)}× native (target ≤ 2.5×)`,
    );
  if (times.gbk.length)
    console.log(
      `  GB18030 ${median(times.gbk)} ms — ${(median(times.gbk) / n).toFixed(2)}× native (target ≤ 3.5×)`,
    );
}
await browser.close();
await server.close();
