import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { openApp, runSql, waitIdle, type AppPage } from './harness';

describe('the notebook opens with the demo data loaded', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await openApp(browser, baseUrl);
    await app.page.waitForSelector('[data-testid="demo-banner"]');
    await app.page.waitForTimeout(100);
    await waitIdle(app.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('has the seed rows queryable with no file dropped', async () => {
    const r = await runSql(
      app.page,
      `SELECT unit, year, score, grade, spent, execution_rate FROM evaluations
       WHERE unit = '昆明市五华区政务服务管理局' AND year = 2023 AND source_file = 'seed-evaluations.csv'`,
    );
    expect(r.error).toBeNull();
    expect(r.rows).toEqual([['昆明市五华区政务服务管理局', '2023', '91.00', '优', '293.080000', '73.68']]);
  });

  it('has the synthetic units and indicators too', async () => {
    const r = await runSql(
      app.page,
      `SELECT (SELECT count(DISTINCT unit) FROM evaluations) > 250 AS many_units,
              (SELECT count(DISTINCT year) FROM evaluations WHERE source_file LIKE 'synthetic%') AS years,
              (SELECT count(*) FROM indicators) > 10000 AS indicators`,
    );
    expect(r.rows).toEqual([['true', '7', 'true']]);
  });

  it('clears the demo data with one click', async () => {
    await app.page.click('[data-testid="clear-demo"]');
    await app.page.waitForSelector('[data-testid="demo-banner"]', { state: 'detached' });
    const r = await runSql(app.page, 'SELECT count(*) AS n FROM evaluations');
    expect(r.rows).toEqual([['0']]);
  });
});
