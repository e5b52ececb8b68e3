import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { dropFiles, foreignRequests, openApp, runSql, type AppPage } from './harness';

const SPECTRUM = resolve(import.meta.dirname, '../../../shared/conformance/csv-spectrum');
const csvs = readdirSync(join(SPECTRUM, 'csvs')).filter((f) => f.endsWith('.csv'));

describe('foundation: drop CSV files, query them, offline and locked down', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await openApp(browser, baseUrl, '?nodemo');
    await dropFiles(
      app.page,
      csvs.map((f) => join(SPECTRUM, 'csvs', f)),
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists every dropped file as a table with its row count', async () => {
    const list = app.page.locator('[data-testid="table-list"]');
    for (const f of csvs) {
      const expected = (
        JSON.parse(readFileSync(join(SPECTRUM, 'json', f.replace('.csv', '.json')), 'utf8')) as unknown[]
      ).length;
      const entry = list.locator(`li[data-table="${basename(f, '.csv')}"]`);
      await expect(entry.locator('[data-testid="table-rows"]').textContent()).resolves.toBe(String(expected));
    }
    const reports = app.page.locator('[data-testid="ingest-report"]');
    expect(await reports.count()).toBe(csvs.length);
  });

  it.each(csvs)('%s matches csv-spectrum row by row, value by value', async (file) => {
    const expected = JSON.parse(
      readFileSync(join(SPECTRUM, 'json', file.replace('.csv', '.json')), 'utf8'),
    ) as Record<string, string>[];
    const result = await runSql(app.page, `SELECT * FROM "${basename(file, '.csv')}"`);
    expect(result.error).toBeNull();
    const actual = result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i]])));
    expect(actual).toEqual(expected);
  });

  it('runs a query and shows its result with a header and a total', async () => {
    const r = await runSql(
      app.page,
      `SELECT 'zip' AS k, zip FROM comma_in_quotes UNION ALL SELECT 'n', '42'`,
    );
    expect(r.columns).toEqual(['k', 'zip']);
    expect(r.rows).toEqual([
      ['zip', '08123'],
      ['n', '42'],
    ]);
    expect(r.total).toContain('2');
  });

  it("shows DuckDB's error for bad SQL", async () => {
    const r = await runSql(app.page, 'SELEC * FROM nowhere');
    expect(r.error).toMatch(/syntax error/i);
  });

  it('pages a 1,000,000-row result without freezing the page', async () => {
    const started = Date.now();
    const r = await runSql(app.page, 'SELECT range AS i, range * 2 AS j FROM range(1000000)');
    expect(r.total).toContain('1,000,000');
    expect(r.rows).toHaveLength(100);
    const ping = await app.page.evaluate(async () => {
      const t = performance.now();
      await new Promise((res) => setTimeout(res, 0));
      return performance.now() - t;
    });
    expect(ping).toBeLessThan(200);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses SQL that reaches for a URL or a path outside the uploads', async () => {
    const url = await runSql(app.page, `SELECT * FROM read_csv('${baseUrl}leak-probe.csv')`);
    expect(url.error).toMatch(/permission/i);
    const path = await runSql(app.page, `SELECT * FROM read_text('/etc/hostname')`);
    expect(path.error).toMatch(/permission|not allowed|No files found/i);
    const unlock = await runSql(app.page, 'SET enable_external_access=true');
    expect(unlock.error).not.toBeNull();
  });

  it('made no request outside its own origin and threw no page error', () => {
    expect(foreignRequests(app.requests, baseUrl)).toEqual([]);
    // Even same-origin: the URL the SQL asked for was never requested.
    expect(app.requests.filter((u) => u.includes('leak-probe'))).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
