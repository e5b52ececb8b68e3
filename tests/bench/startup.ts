/**
 * Cold start of the production build: page load → engine ready, in headless Chromium, median of 5
 * fresh browser contexts (no cache). Prints figures; never fails on a slow machine.
 * Run: npm run bench:startup
 */
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureChromium, launchChromium } from '../browser/chromium';
import { serveStatic } from '../browser/static-server';

const root = resolve(import.meta.dirname, '../..');
ensureChromium();
if (!process.env.SKIP_BUILD)
  execSync('npx vite build --logLevel warn', {
    cwd: root,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would build a non-production bundle (no service worker).
    env: { ...process.env, NODE_ENV: 'production' },
  });
const server = await serveStatic(resolve(root, 'dist'));
const browser = await launchChromium();
const runs: number[] = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + '?nodemo');
  await page.waitForFunction(() => document.documentElement.dataset.engineReadyAt, null, { timeout: 60_000 });
  runs.push(Number(await page.evaluate(() => document.documentElement.dataset.engineReadyAt)));
  await context.close();
}
await browser.close();
await server.close();
const sorted = [...runs].sort((a, b) => a - b);
console.log(`cold start (navigation → engine ready), 5 runs: ${runs.map((r) => `${r} ms`).join(', ')}`);
console.log(`median: ${sorted[2]} ms`);
