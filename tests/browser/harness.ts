import type { Browser, Page } from 'playwright-core';

export interface AppPage {
  page: Page;
  /** Every URL the page requested (documents, scripts, workers, wasm, fetches). */
  requests: string[];
  errors: string[];
}

/** Opens the app and records every request, including those made by its workers. */
export async function openApp(browser: Browser, baseUrl: string, query = ''): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN' });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(baseUrl + query);
  await page.waitForSelector('[data-testid="engine-status"]');
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, {
    timeout: 60_000,
  });
  return { page, requests, errors };
}

/** Requests that left the page's origin (data: and blob: URLs never touch the network). */
export function foreignRequests(requests: readonly string[], baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin;
  return requests.filter(
    (u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin,
  );
}

export async function waitIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[data-testid="load-progress"]'), null, {
    timeout: 120_000,
  });
}

export async function dropFiles(page: Page, paths: string[]): Promise<void> {
  await page.setInputFiles('[data-testid="file-input"]', paths);
  const prompt = page.locator('[data-testid="replace-demo"]');
  if (await prompt.isVisible().catch(() => false)) await prompt.click();
  await page.waitForTimeout(50);
  await waitIdle(page);
}

export interface CellOutcome {
  columns: string[];
  rows: string[][];
  total: string;
  error: string | null;
}

/** Appends a cell, types SQL, runs it and reads the first page of the result as exact text. */
export async function runSql(page: Page, sql: string): Promise<CellOutcome> {
  await page.click('[data-testid="tab-notebook"]');
  await page.click('[data-testid="add-cell"]');
  const cell = page.locator('[data-testid="cell"]').last();
  await cell.locator('[data-testid="sql-editor"]').fill(sql);
  await cell.locator('[data-testid="run-cell"]').click();
  await cell
    .locator('[data-testid="cell-result"], [data-testid="cell-error"]')
    .first()
    .waitFor({ timeout: 60_000 });
  const errorBox = cell.locator('[data-testid="cell-error"]');
  if (await errorBox.count())
    return { columns: [], rows: [], total: '', error: await errorBox.textContent() };
  const result = cell.locator('[data-testid="cell-result"]');
  const columns = await result.locator('thead th .col').allTextContents();
  const rows = await result
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent ?? '')),
    );
  const total = (await result.locator('[data-testid="row-count"]').textContent()) ?? '';
  return { columns, rows, total, error: null };
}
