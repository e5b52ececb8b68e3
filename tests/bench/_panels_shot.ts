import { launchChromium } from '/work/main/tests/browser/chromium';
import { serveStatic } from '/work/main/tests/browser/static-server';
const server = await serveStatic('/work/main/dist');
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
page.on('console', (m) => { if (m.type() === 'error' || m.text().includes('Error')) console.log('console:', m.text().slice(0, 300)); });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(server.url + (process.argv[2] ?? ''));
await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 60000 });
await page.waitForTimeout(Number(process.env.WAIT ?? 40000));
for (const id of (process.env.PANELS ?? 'panel-score-inflation,panel-execution-rate,panel-problem-phrases,panel-departments,panel-audit').split(',')) {
  const el = page.locator(`[data-testid="${id}"]`).first();
  if (await el.count()) await el.screenshot({ path: `/tmp/p-${id}.png` });
}
await page.screenshot({ path: '/tmp/p-top.png' });
await browser.close(); await server.close();
