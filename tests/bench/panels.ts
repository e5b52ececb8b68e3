/**
 * Panel refresh benchmark (issue 5): the generator's 1,000,000 evaluations loaded in the production
 * build (headless Chromium); for several filter changes, the time until every dashboard panel has
 * refreshed (phrases included), next to the same SQL run by native DuckDB (@duckdb/node-api, 1
 * thread) on the same rows. Prints figures; never fails on a slow machine. The browser time runs from
 * the start of Playwright's action (it finds the element and checks it can be used before the page
 * sees anything) to idle; "from the page's event" runs from the first event the page received.
 * Run: npm run bench:panels   (ROWS=… to change the size, SKIP_BUILD=1 to reuse dist/, NOCACHE=1 to
 * turn off the dashboard's result cache so every figure is computed afresh, DETAIL=1 to list the
 * slowest queries of each change with the worker time each took, DETAIL=all to list them all in order
 * with when each was sent and answered, and when the main thread's long tasks ran, REGIONS=n to
 * time n more region changes and print their median (with DETAIL, the worker's busy time in each too),
 * DIST=dir to serve another build, for an A/B of two builds in one sitting, PAUSE=ms to wait that
 * long after the first render before the first change, to tell the background work after a build
 * from the change's own, GAP=ms to wait that long before each later change too (an analyst reads the
 * panels between changes; the browser trims its heaps once a page is idle); CHROMIUM_FLAGS=… passes
 * flags to Chromium for an experiment). DETAIL also prints each chart drawn in a change with
 * Observable Plot's time for it, and (Linux) the CPU time every group of Chromium's threads took in
 * it (thread-cpu.ts).
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { writeSynthetic } from '../../datasets/generator/write';
import { ensureChromium, launchChromium } from '../browser/chromium';
import { serveStatic } from '../browser/static-server';
import type { BenchHooks } from '../../src/shell/bench-hooks';
import { CODED_COLUMNS } from '../../src/analysis/problem-phrases/build';
import { listedRowsSql } from '../../src/dashboard/row-copies';
import { cpuBetween, cpuSnapshot } from './thread-cpu';

const root = resolve(import.meta.dirname, '../..');
const rows = Number(process.env.ROWS ?? 1_000_000);
const units = Math.round(rows / 1.6 / 7);
const dir = join(root, 'bench-data', `utf-8-${units}`);
const file = join(dir, 'synthetic-evaluations-2017-2023.csv');
if (!existsSync(file)) {
  mkdirSync(dir, { recursive: true });
  writeSynthetic(
    { units, yearFrom: 2017, yearTo: 2023, seed: 'bench', mess: 0.05, indicators: false, encoding: 'utf-8' },
    dir,
  );
}

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
const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
await page.goto(server.url + '?nodemo&bench' + (process.env.NOCACHE ? '&nocache' : ''));
await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, {
  timeout: 120_000,
});

/**
 * Waits until no panel is busy; returns the page's clock (performance.now) when that was seen.
 */
async function panelsIdle(p: Page): Promise<number> {
  // Every panel marks itself aria-busy while its queries run. Watched with a MutationObserver in the
  // page rather than polled: polling every few milliseconds ran on the main thread being measured.
  return p.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const idle = () => {
          const panels = [...document.querySelectorAll('[data-testid^="panel-"]')];
          return panels.length >= 5 && panels.every((el) => el.getAttribute('aria-busy') !== 'true');
        };
        if (idle()) return resolve(performance.now());
        const observer = new MutationObserver(() => {
          if (!idle()) return;
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['aria-busy'],
        });
      }),
  );
}

let t0 = Date.now();
await page.setInputFiles('[data-testid="file-input"]', file);
await page.waitForSelector('[data-testid="ingest-report"]', { state: 'attached', timeout: 900_000 });
await page.waitForFunction(() => !document.querySelector('[data-testid="load-progress"]'), null, {
  timeout: 900_000,
});
console.log(`loaded ${file} in ${Date.now() - t0} ms`);
t0 = Date.now();
await page.waitForTimeout(100);
await panelsIdle(page);
console.log(`first render of all panels after load (phrase mining included): ${Date.now() - t0} ms`);
// The queries of the filter changes are logged from here on (startLog): the load's, the phrase
// build's id lists among them (~13 MB of SQL at a million rows), were kept until the first change's
// takeLog carried them over the DevTools pipe, and that change paid for it (55,000 page faults on
// the page's main thread, 21,000 in the browser's) while it was timed. (A build from before
// startLog, served with DIST=…, logs from its opening.)
await page.evaluate(() =>
  (window as unknown as { __selfevalBench: Partial<BenchHooks> }).__selfevalBench.startLog?.(),
);
const n = await page.evaluate(async () => {
  const h = (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench;
  return (await h.rows('SELECT count(*)::INT AS n FROM evaluations'))[0]?.n;
});
console.log(`evaluations: ${Number(n).toLocaleString('en-US')} rows`);
const labelRowsMs = await page.evaluate(() =>
  performance.getEntriesByName('phrases:label-rows').map((e) => Math.round(e.duration)),
);
console.log(
  `phrase label rows read after each build (in the background; waiting behind other engine work included): ${labelRowsMs.join(', ')} ms`,
);
const heldRatesMs = await page.evaluate(() =>
  performance.getEntriesByName('dashboard:held-rates').map((e) => Math.round(e.duration)),
);
console.log(`held rates read (the same; held-rates.ts): ${heldRatesMs.join(', ')} ms`);
// The engine's memory (tables, copies, caches), to see what a filter state's copies cost.
const engineMb = () =>
  page.evaluate(async () => {
    const h = (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench;
    return Number(
      (await h.rows('SELECT (sum(memory_usage_bytes) / 1e6)::INT AS mb FROM duckdb_memory()'))[0]?.mb,
    );
  });
console.log(`engine memory after the first render: ${await engineMb()} MB`);

if (process.env.PAUSE) {
  console.log(`waiting ${process.env.PAUSE} ms before the first change (PAUSE)`);
  await page.waitForTimeout(Number(process.env.PAUSE));
}
const regions = await page.locator('[data-testid="filter-regions"] option').allTextContents();
const supervisors = await page.locator('[data-testid="filter-supervisors"] option').allTextContents();
const kinds = await page.locator('[data-testid="filter-kinds"] option').allTextContents();
const changes: [string, () => Promise<unknown>][] = [
  [`region = ${regions[1]}`, () => page.selectOption('[data-testid="filter-regions"]', { index: 1 })],
  [
    'year 2021–2021',
    async () => {
      await page.selectOption('[data-testid="filter-year-from"]', '2021');
      await page.selectOption('[data-testid="filter-year-to"]', '2021');
    },
  ],
  ['unit search 教育', () => page.fill('[data-testid="filter-unit-search"]', '教育')],
  // By test id: finding the button by its text scans the whole page, which is Playwright's time, not the app's.
  ['clear all filters', () => page.click('[data-testid="filter-reset"]')],
  // Filters whose rows are spread over the whole table (not region-ordered): copied, not read in place.
  [
    `supervisor = ${supervisors[1]}`,
    () => page.selectOption('[data-testid="filter-supervisors"]', { index: 1 }),
  ],
  [`kind = ${kinds[1]} as well`, () => page.selectOption('[data-testid="filter-kinds"]', { index: 1 })],
  ['clear all filters again', () => page.click('[data-testid="filter-reset"]')],
  // Wide states. One kind read in place (its rows are one run of row groups): 项目支出 keeps 38 % of
  // the generator's rows, 部门整体支出 62 %.
  [`kind = ${kinds[2]}`, () => page.selectOption('[data-testid="filter-kinds"]', { index: 2 })],
  ['clear all filters once more', () => page.click('[data-testid="filter-reset"]')],
  [`kind = ${kinds[1]}`, () => page.selectOption('[data-testid="filter-kinds"]', { index: 1 })],
  ['clear all filters a 4th time', () => page.click('[data-testid="filter-reset"]')],
  // Six years of seven (86 % of the rows), spread over the kind- and region-ordered table: copied.
  ['year 2018–2023', () => page.selectOption('[data-testid="filter-year-from"]', '2018')],
  ['clear all filters a 5th time', () => page.click('[data-testid="filter-reset"]')],
];

const db = await DuckDBInstance.create(':memory:', { threads: '1' });
const conn = await db.connect();
// The same rows natively: a plain typed load of the same export (its values are already clean enough
// for timing; the browser's normalisation is what ingest tests pin).
const num = (c: string) =>
  `TRY_CAST(regexp_replace(nfc_normalize("${c}"), '[,%\\s]', '', 'g') AS DECIMAL(18,6))`;
await conn.run(`CREATE TABLE evaluations AS SELECT "单位名称" AS unit, "主管部门" AS supervisor, "地区" AS region,
  TRY_CAST("年度" AS INTEGER) AS year, "评价类型" AS kind, "项目名称" AS project,
  ${num('自评得分')}::DECIMAL(9,2) AS score, "评价等级" AS grade, ${num('复核得分')}::DECIMAL(9,2) AS review_score,
  ${num('年初预算数（万元）')} AS budget_initial, ${num('全年预算数（万元）')} AS budget, ${num('全年执行数（万元）')} AS spent,
  ${num('执行率（%）')}::DECIMAL(9,2) AS execution_rate, "存在的问题" AS problems, "改进措施" AS suggestions,
  'bench.csv' AS source_file, 0 AS source_row
  FROM read_csv('${file}', skip = 2, header = true, ignore_errors = true, all_varchar = true)`);
// The kind- and region-ordered evaluations the phrase build makes and the browser's row copies read
// (its text ids are not needed for timing the copies; this load keeps no total rows, so no row has
// a total_id), with the browser's own kind and region codes: its SQL names them by number.
// (A build from before the codes, served with DIST=…, has none.)
const codes = await page.evaluate(async () => {
  const h = (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench;
  return h.rows('SELECT dim, value, code FROM problem_codes').catch(() => []);
});
await conn.run(`CREATE TABLE problem_codes (dim VARCHAR, value VARCHAR, code INTEGER)`);
for (const c of codes)
  await conn.run(`INSERT INTO problem_codes VALUES ($1, $2, $3)`, [
    String(c.dim),
    String(c.value),
    Number(c.code),
  ]);
await conn.run(`CREATE TABLE problem_totals (total_id INTEGER, source_file VARCHAR, source_row INTEGER)`);
await conn.run(`CREATE TABLE problem_evals AS SELECT unit, NULL::INTEGER AS unit_id, supervisor, region, year, kind,
  project, score, grade, review_score, budget, spent, execution_rate, source_file, source_row, NULL::INTEGER AS text_id,
  NULL::INTEGER AS total_id, ${CODED_COLUMNS.map((c) => `${c}_codes.code AS ${c}_code`).join(', ')}
  FROM evaluations e ${CODED_COLUMNS.map((c) => `LEFT JOIN problem_codes ${c}_codes ON ${c}_codes.dim = '${c}' AND ${c}_codes.value = e.${c}`).join(' ')}
  ORDER BY kind, region, year`);
// The rows the lists read (row-copies.ts), as the page takes them after its phrase build.
await conn.run(listedRowsSql('problem_evals'));

// When the page got the change (its first input, change or click event after `firstEvent` is reset):
// Playwright's own work before it (finding the element, checking it can be used) is not the app's.
await page.evaluate(() => {
  const w = window as unknown as { __firstEvent: number | null };
  w.__firstEvent = null;
  for (const type of ['input', 'change', 'click'])
    document.addEventListener(type, (e) => (w.__firstEvent ??= e.timeStamp), true);
});
const firstEvent = () =>
  page.evaluate(() => (window as unknown as { __firstEvent: number | null }).__firstEvent);
const resetFirstEvent = () =>
  page.evaluate(() => void ((window as unknown as { __firstEvent: number | null }).__firstEvent = null));

// Main-thread time (long tasks: turning answers into charts and tables), to tell it from the engine's.
// Each kept with its start, for DETAIL=all's timeline next to the queries'.
type LongTask = { start: number; ms: number };
await page.evaluate(() => {
  const w = window as unknown as { __longTasks: LongTask[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: false });
});

// The phrase counter's cell tallies are made in the background after the label rows come
// (counts.worker.ts): whether that work had ended by the first change, or ran into the changes.
const tallies = () =>
  page.evaluate(() => ({
    now: performance.now(),
    made: performance
      .getEntriesByName('phrases:tallies')
      .map((e) => ({ start: e.startTime, ms: e.duration })),
  }));
const talliesBefore = await tallies();
// GAP: the wait before every change after the first (0: none).
const gapMs = Number(process.env.GAP ?? 0);
if (gapMs) console.log(`waiting ${gapMs} ms before each later change (GAP)`);
for (const [i, [label, change]] of changes.entries()) {
  if (i > 0 && gapMs) await page.waitForTimeout(gapMs);
  await page.evaluate(() => (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench.takeLog());
  await page.evaluate(
    () => void (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench.takeTimings(),
  );
  await page.evaluate(() => ((window as unknown as { __longTasks: LongTask[] }).__longTasks = []));
  await resetFirstEvent();
  // Read before the clock starts and after it stops: /proc is read on the same two cores.
  const cpuBefore = process.env.DETAIL ? cpuSnapshot() : null;
  const start = Date.now();
  const pageStart = await page.evaluate(() => performance.now());
  await change();
  await page.waitForTimeout(20);
  const idleAt = await panelsIdle(page);
  const browserMs = Date.now() - start;
  const cpu = cpuBefore && cpuBetween(cpuBefore, cpuSnapshot());
  const appMs = Math.round(idleAt - ((await firstEvent()) ?? pageStart));
  const log = await page.evaluate(() =>
    (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench.takeLog(),
  );
  const timings = await page.evaluate(() =>
    (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench.takeTimings(),
  );
  let nativeMs = 0;
  let skipped = 0;
  for (const sql of log) {
    const q0 = performance.now();
    try {
      await conn.runAndReadAll(sql);
      nativeMs += performance.now() - q0;
    } catch {
      skipped++; // tables only the browser built (e.g. the mined phrase tables)
    }
  }
  console.log(
    `${label.padEnd(22)} browser ${String(browserMs).padStart(5)} ms (from the page's event ${String(appMs).padStart(5)} ms; ${log.length} queries)` +
      ` · native ${nativeMs.toFixed(0).padStart(5)} ms (${log.length - skipped} run, ${skipped} need browser-only tables)` +
      ` · ratio ${(browserMs / Math.max(1, nativeMs)).toFixed(1)}× · ${browserMs < 1000 ? 'under' : 'OVER'} 1 s`,
  );
  console.log(`    engine memory: ${await engineMb()} MB`);
  if (process.env.DETAIL) {
    const longTasks = await page.evaluate(
      () => (window as unknown as { __longTasks: LongTask[] }).__longTasks,
    );
    console.log(
      `    main thread busy (long tasks): ${Math.round(longTasks.reduce((sum, t) => sum + t.ms, 0))} ms` +
        (process.env.DETAIL === 'all'
          ? ` (${longTasks.map((t) => `at ${Math.round(t.start - pageStart)} for ${Math.round(t.ms)}`).join(', ')})`
          : ''),
    );
    // Each chart drawn in this change and what Plot took for it (PlotChart's `chart:` measures).
    const charts = await page.evaluate(
      (since) =>
        performance
          .getEntriesByType('measure')
          .filter((m) => m.name.startsWith('chart:') && m.startTime >= since)
          .map((m) => `${m.name.slice(6)} ${Math.round(m.duration)}`),
      pageStart,
    );
    const plotMs = charts.reduce((sum, c) => sum + Number(c.split(' ').pop()), 0);
    console.log(`    charts drawn: ${charts.length}, Plot ${plotMs} ms (${charts.join(', ')})`);
    const busy = timings.reduce((sum, t) => sum + t.ms, 0);
    console.log(`    worker busy: ${busy} ms; the rest of the ${browserMs} ms it waited for the page`);
    // Every Chromium thread's CPU in the change (Linux only): what the two cores were busy with.
    if (cpu) console.log(`    CPU by thread (10 ms ticks): ${cpu}`);
    const shown =
      process.env.DETAIL === 'all' ? timings : [...timings].sort((a, b) => b.ms - a.ms).slice(0, 8);
    const at = (t: number) => String(Math.round(t - pageStart)).padStart(5);
    for (const t of shown)
      console.log(
        `    ${String(t.ms).padStart(6)} ms  ${process.env.DETAIL === 'all' ? `sent ${at(t.sent)} done ${at(t.done)}  ` : ''}${t.sql.replace(/\s+/g, ' ').slice(0, 150)}`,
      );
  }
}
// REGIONS=n: n more region changes, each from the unfiltered overview and each to a region not yet
// chosen (nothing cached), for a median that one noisy run cannot move much.
const more = Math.min(Number(process.env.REGIONS ?? 0), regions.length - 2);
if (more > 0) {
  const times: number[] = [];
  const appTimes: number[] = [];
  const workerTimes: number[] = [];
  for (let i = 2; i < 2 + more; i++) {
    if (gapMs) await page.waitForTimeout(gapMs);
    await resetFirstEvent();
    await page.evaluate(
      () => void (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench.takeTimings(),
    );
    const start = Date.now();
    await page.selectOption('[data-testid="filter-regions"]', { index: i });
    await page.waitForTimeout(20);
    const idleAt = await panelsIdle(page);
    times.push(Date.now() - start);
    appTimes.push(Math.round(idleAt - ((await firstEvent()) ?? 0)));
    const timings = await page.evaluate(() =>
      (window as unknown as { __selfevalBench: BenchHooks }).__selfevalBench.takeTimings(),
    );
    workerTimes.push(timings.reduce((sum, t) => sum + t.ms, 0));
    await page.click('[data-testid="filter-reset"]');
    await page.waitForTimeout(20);
    await panelsIdle(page);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `region changes from the overview (${more} regions): ${times.join(', ')} ms — median ${median(times)} ms`,
  );
  console.log(`    from the page's change event: ${appTimes.join(', ')} ms — median ${median(appTimes)} ms`);
  // As DETAIL's "worker busy" for the first changes: to tell the engine's share from the page's.
  if (process.env.DETAIL) console.log(`    worker busy: ${workerTimes.join(', ')} ms`);
}
const talliesAfter = await tallies();
const made = talliesAfter.made.at(-1);
console.log(
  made === undefined
    ? 'phrase cell tallies: no end reported (not made by the end, or a build from before `tallied`)'
    : `phrase cell tallies made ${Math.round(made.ms)} ms after the label rows were handed over, ` +
        (talliesBefore.made.length
          ? `${Math.round(talliesBefore.now - made.start - made.ms)} ms before the first change`
          : `${Math.round(made.start + made.ms - talliesBefore.now)} ms after the first change began`),
);
conn.closeSync();
await browser.close();
await server.close();
