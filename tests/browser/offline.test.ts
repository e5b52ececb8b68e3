/**
 * Offline: the service worker precaches the app on the first visit; after that the app loads,
 * brings back its stored files and queries them with the network switched off. No request ever
 * leaves the origin.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium';
import { dropFiles, foreignRequests, openApp, runSql, waitIdle, type AppPage } from './harness';

const file = join(mkdtempSync(join(tmpdir(), 'offline-')), 'offline.csv');
writeFileSync(file, 'k,v\na,1\nb,2\n');

describe('offline', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await openApp(browser, baseUrl, '?nodemo');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads and queries with the network off after the first visit', async () => {
    const { page } = app;
    await dropFiles(page, [file]);
    // Installed = every asset precached.
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      if (!reg.active) throw new Error('no active service worker');
    });
    await page.waitForTimeout(500); // let the autosave and the file store settle
    const online = app.requests.length;

    await page.context().setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, {
      timeout: 60_000,
    });
    // The network is really off: a request no cache holds fails. (navigator.onLine is no proof: after
    // the reload Debian's Chromium 150 reports true while every request still fails.)
    const probe = await page.evaluate(() =>
      fetch(`/not-cached-${Math.random()}`, { cache: 'no-store' }).then(
        (r) => `answered ${r.status}`,
        () => 'failed',
      ),
    );
    expect(probe).toBe('failed');
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.locator('[data-testid="table-list"] li[data-table="offline"]').waitFor({ timeout: 60_000 });
    await waitIdle(page);
    const r = await runSql(page, 'SELECT k, v FROM offline ORDER BY k');
    expect(r.rows).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(app.requests.length).toBeGreaterThan(online);
  });

  it('made no request outside its origin and threw no page error', () => {
    expect(foreignRequests(app.requests, baseUrl)).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
