import { launchChromium } from '/work/main/tests/browser/chromium';
import { serveStatic } from '/work/main/tests/browser/static-server';
const dir = process.argv[2] ?? '/work/main/dist';
const query = process.argv[3] ?? '';
const out = process.argv[4] ?? '/tmp/shot.png';
const server = await serveStatic(dir);
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
const reqs: string[] = [];
page.on('request', (r) => reqs.push(r.url()));
page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 300)));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(server.url + query);
try { await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 60000 }); } catch (e) { console.log('not ready'); }
await page.waitForTimeout(Number(process.env.WAIT ?? 3000));
await page.screenshot({ path: out, fullPage: process.env.FULL === '1' });
console.log('requests:', reqs.length, reqs.filter((u) => !u.startsWith(server.url)).slice(0, 5));
console.log(await page.evaluate(() => document.documentElement.dataset.engineReadyAt));
await browser.close(); await server.close();
