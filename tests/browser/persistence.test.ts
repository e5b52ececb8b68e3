/**
 * Nothing lost: cells, notes and dropped files survive a reload (IndexedDB + OPFS), without
 * dropping the files again; several notebooks can be kept, renamed, deleted and restored.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium';
import { dropFiles, foreignRequests, openApp, runSql, waitIdle, type AppPage } from './harness';

const file = join(mkdtempSync(join(tmpdir(), 'persist-')), '预算执行.csv');
writeFileSync(file, 'item,amount\n教育,1234.56\n卫生,100.10\n农业,7\n');

/** Waits for an autosave that happened after `since`. */
async function saved(page: Page, since: number): Promise<void> {
  await page.waitForFunction(
    (t) => Number(document.querySelector('[data-testid="autosave"]')?.getAttribute('data-saved-at') ?? 0) > t,
    since,
  );
}

async function sqlOfCells(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="cell"] [data-testid="sql-editor"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
}

describe('persistence', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await openApp(browser, baseUrl, '?nodemo');
  });
  afterAll(async () => {
    expect(foreignRequests(app.requests, baseUrl)).toEqual([]);
    await browser?.close();
  });

  it('brings back the notebook and the loaded tables after a reload', async () => {
    const { page } = app;
    await dropFiles(page, [file]);
    const r = await runSql(page, 'SELECT sum(amount::DECIMAL(18,2)) AS total FROM 预算执行');
    expect(r.rows).toEqual([['1341.66']]);
    await page.locator('[data-testid="cell-note"]').last().fill('合计核对');
    // A save of the state taken after the note was typed (an earlier one may still be finishing).
    await saved(page, Date.now());
    const before = await sqlOfCells(page);

    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, {
      timeout: 60_000,
    });
    await page.locator('[data-testid="table-list"] li[data-table="预算执行"]').waitFor({ timeout: 60_000 });
    await waitIdle(page);
    await page.click('[data-testid="tab-notebook"]');
    expect(await sqlOfCells(page)).toEqual(before);
    expect(await page.locator('[data-testid="cell-note"]').last().inputValue()).toBe('合计核对');
    const again = await runSql(page, 'SELECT count(*) AS n FROM 预算执行');
    expect(again.rows).toEqual([['3']]);
    expect(await page.locator('[data-testid="storage-problem"]').count()).toBe(0);
  });

  it('keeps several notebooks: create, rename, switch, delete and undo', async () => {
    const { page } = app;
    await page.click('[data-testid="tab-notebook"]');
    const switcher = page.locator('[data-testid="notebook-switcher"] option');
    const first = await page.locator('[data-testid="notebook-switcher"]').inputValue();
    await page.click('[data-testid="new-notebook"]');
    await expect.poll(() => switcher.count()).toBe(2);
    expect(await page.locator('[data-testid="cell"]').count()).toBe(0);
    await page.fill('[data-testid="notebook-title"]', '2023 复核');
    await page.locator('[data-testid="notebook-title"]').press('Enter');
    await page.locator('[data-testid="notebook-title"]').blur();
    await expect.poll(() => switcher.allTextContents()).toContain('2023 复核 · 0');

    await page.click('[data-testid="delete-notebook"]');
    await page.locator('[data-testid="toast"]').waitFor();
    await expect.poll(() => switcher.count()).toBe(1);
    expect(await page.locator('[data-testid="notebook-switcher"]').inputValue()).toBe(first);
    await page.click('[data-testid="undo"]');
    await expect.poll(() => switcher.count()).toBe(2);
    // The list shows the restored notebook (its save refreshes the list) a moment before it opens.
    await expect.poll(() => page.locator('[data-testid="notebook-title"]').inputValue()).toBe('2023 复核');

    await page.selectOption('[data-testid="notebook-switcher"]', first);
    await expect.poll(() => page.locator('[data-testid="cell"]').count()).toBeGreaterThan(0);
  });
});
