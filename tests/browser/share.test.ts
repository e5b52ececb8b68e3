/**
 * Share links in a real browser: the round trip between two browser contexts (two analysts), the
 * files a link asks for, a fingerprint that differs, and hostile links (a DROP TABLE, a URL read,
 * HTML/script in a cell, a note and the data) that must change nothing and run nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeState } from '../../src/notebook/share/codec';
import { ANALYST_QUERIES } from '../../src/notebook/share/fixtures';
import { emptyNotebook } from '../../src/notebook/share/state';
import { launchChromium } from './chromium';
import { dropFiles, foreignRequests, openApp, runSql, type AppPage } from './harness';

const PAYLOAD = '<img src=x onerror="window.__pwned=1">';
const dir = mkdtempSync(join(tmpdir(), 'share-'));
const budget = join(dir, 'budget.csv');
writeFileSync(
  budget,
  `item,amount,memo\n教育,1234.56,${'"' + PAYLOAD.replaceAll('"', '""') + '"'}\n卫生,100.10,ok\n`,
);
const other = join(mkdtempSync(join(tmpdir(), 'share-b-')), 'budget.csv');
writeFileSync(other, 'item,amount,memo\n教育,1234.56,x\n卫生,999.99,ok\n农业,1,z\n');

async function shareLink(page: Page): Promise<string> {
  await page.click('[data-testid="share"]');
  const input = page.locator('[data-testid="share-link"]');
  await input.waitFor();
  return input.inputValue();
}

async function cellTexts(page: Page): Promise<string[]> {
  await page.click('[data-testid="tab-notebook"]');
  return page
    .locator('[data-testid="cell"] [data-testid="sql-editor"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value ?? e.textContent ?? ''));
}

describe('share links', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let sender: AppPage;
  let link = '';
  let withData: AppPage;
  const apps: AppPage[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    sender = await openApp(browser, baseUrl, '?nodemo');
    apps.push(sender);
    await dropFiles(sender.page, [budget]);
    const r = await runSql(sender.page, 'SELECT item, amount FROM budget ORDER BY amount DESC');
    expect(r.rows).toEqual([
      ['教育', '1234.56'],
      ['卫生', '100.10'],
    ]);
    await sender.page.locator('[data-testid="cell-note"]').last().fill('按金额排序 <b>不是粗体</b>');
    link = await shareLink(sender.page);
  });
  afterAll(async () => {
    for (const a of apps) expect(foreignRequests(a.requests, baseUrl)).toEqual([]);
    await browser?.close();
  });

  it('puts the notebook in the fragment, never the data', () => {
    const url = new URL(link);
    expect(url.hash).toMatch(/^#v1\.[A-Za-z0-9_-]+$/);
    expect(link).not.toContain('1234.56');
    expect(decodeURIComponent(link)).not.toContain('教育');
  });

  it('says which files to drop, then applies the notebook once they are', async () => {
    const receiver = await openApp(browser, baseUrl, link.slice(baseUrl.length));
    apps.push(receiver);
    const page = receiver.page;
    const missing = page.locator('[data-testid="link-missing"]');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('budget.csv');
    expect(await cellTexts(page)).toContain('SELECT item, amount FROM budget ORDER BY amount DESC');
    await dropFiles(page, [budget]);
    await missing.waitFor({ state: 'detached' });
    const cell = page.locator('[data-testid="cell"]').last();
    await cell.locator('[data-testid="cell-result"]').waitFor();
    expect(await cell.locator('tbody tr').count()).toBe(2);
    // The note arrives as text, not markup.
    expect(await cell.locator('[data-testid="cell-note"]').inputValue()).toBe('按金额排序 <b>不是粗体</b>');
    expect(await page.locator('[data-testid="link-differs"]').count()).toBe(0);
    expect(page.url()).not.toContain('#v1.');
    withData = receiver;
  });

  it('warns when the dropped file differs from the one the link was made with', async () => {
    const receiver = await openApp(browser, baseUrl, link.slice(baseUrl.length));
    apps.push(receiver);
    await receiver.page.locator('[data-testid="link-missing"]').waitFor();
    await dropFiles(receiver.page, [other]);
    const differs = receiver.page.locator('[data-testid="link-differs"]');
    await differs.waitFor();
    expect(await differs.textContent()).toMatch(/budget\.csv[\s\S]*2[\s\S]*3/);
  });

  it('measures a 10-cell notebook link', async () => {
    // A fresh notebook holding the ten realistic queries of the unit tests' fixture, typed in.
    const page = sender.page;
    await page.click('[data-testid="new-notebook"]');
    await expect.poll(() => page.locator('[data-testid="cell"]').count()).toBe(0);
    for (const sql of ANALYST_QUERIES) {
      await page.click('[data-testid="add-cell"]');
      await page.locator('[data-testid="cell"] [data-testid="sql-editor"]').last().fill(sql);
    }
    await page.click('[data-testid="share"]');
    expect(await page.locator('[data-testid="cell"]').count()).toBe(10);
    const long = await page.locator('[data-testid="share-link"]').inputValue();
    process.stdout.write(
      `\n[share] 10-cell notebook link: ${long.length} characters (fragment ${new URL(long).hash.length})\n`,
    );
    expect(long.length).toBeLessThan(4000);
  });

  it('a hostile link changes nothing, reaches nothing, and runs no script', async () => {
    // The receiver from above: budget.csv is loaded there.
    const receiver = withData;
    const page = receiver.page;
    const state = emptyNotebook('<script>window.__pwned=1</script>');
    state.cells = [
      { id: 'drop', sql: 'SELECT 1 AS harmless;\nDROP TABLE budget;' },
      { id: 'url', sql: `SELECT * FROM read_csv('http://example.com/steal.csv')` },
      {
        id: 'html',
        sql: `SELECT '${PAYLOAD.replaceAll("'", "''")}' AS x`,
        note: '<script>window.__pwned=1</script>',
      },
      { id: 'data', sql: 'SELECT memo FROM budget ORDER BY amount DESC LIMIT 1' },
      { id: 'make', sql: 'CREATE TABLE made_by_link AS SELECT 42 AS answer' },
    ];
    await page.evaluate((h) => (location.hash = h), await encodeState(state));
    await page.click('[data-testid="tab-notebook"]');
    const cells = page.locator('[data-testid="cell"]');
    await expect.poll(() => cells.count()).toBe(5);

    const drop = cells.nth(0);
    await drop.locator('[data-testid="consent"]').waitFor();
    expect(await drop.locator('[data-testid="consent-statement"]').textContent()).toContain(
      'DROP TABLE budget',
    );
    expect(await drop.getAttribute('data-status')).toBe('idle');
    expect(await drop.locator('[data-testid="run-cell"]').isDisabled()).toBe(true);

    const url = cells.nth(1);
    await url.locator('[data-testid="cell-error"]').waitFor();
    expect(await url.locator('[data-testid="cell-error"]').textContent()).toMatch(/permission|disabled/i);

    const html = cells.nth(2);
    await html.locator('[data-testid="cell-result"]').waitFor();
    expect(await html.locator('tbody td').last().textContent()).toBe(PAYLOAD);
    expect(await html.locator('[data-testid="cell-note"]').inputValue()).toBe(
      '<script>window.__pwned=1</script>',
    );
    const data = cells.nth(3);
    await data.locator('[data-testid="cell-result"]').waitFor();
    expect(await data.locator('tbody td').last().textContent()).toBe(PAYLOAD);

    // The table is still there, and nothing the link asked to create exists until consent.
    expect(await page.locator('[data-testid="table-list"] li[data-table="budget"]').count()).toBe(1);
    expect((await runSql(page, 'SELECT count(*) AS n FROM budget')).rows).toEqual([['2']]);
    expect((await runSql(page, 'SELECT * FROM made_by_link')).error).toMatch(/does not exist/);
    const make = cells.nth(4);
    expect(await make.getAttribute('data-status')).toBe('idle');
    await make.locator('[data-testid="confirm-run"]').click();
    await expect.poll(() => make.getAttribute('data-status')).toBe('done');
    expect((await runSql(page, 'SELECT * FROM made_by_link')).rows).toEqual([['42']]);

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"], script:not([src]):not([type])').count()).toBe(0);
    expect(receiver.requests.some((u) => u.includes('example.com'))).toBe(false);
    expect(receiver.errors).toEqual([]);
  });
});
