/**
 * Exports from a real browser: a cell result as CSV and as Parquet (read back with DuckDB's own
 * reader), and the notebook as a .selfeval.json file that opens again when dropped.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium';
import { dropFiles, foreignRequests, openApp, runSql, type AppPage } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'export-'));
const data = join(dir, 'spend.csv');
writeFileSync(
  data,
  'unit,spent,note\n东城区教育局,-1234.56,"a,b"\n西城区"财政"局,12345678901234.99,=SUM(A1)\n朝阳,0.10,\n',
);
const SQL = `SELECT unit, spent::DECIMAL(18,2) AS spent, note, 7::INTEGER AS n FROM spend ORDER BY spent`;

async function download(page: Page, testId: string): Promise<{ name: string; path: string }> {
  const cell = page.locator('[data-testid="cell"]').last();
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    cell.locator(`[data-testid="${testId}"]`).click(),
  ]);
  const path = join(dir, dl.suggestedFilename());
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), path };
}

describe('exports', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await openApp(browser, baseUrl, '?nodemo');
    await dropFiles(app.page, [data]);
    const r = await runSql(app.page, SQL);
    expect(r.error).toBeNull();
  });
  afterAll(async () => {
    expect(foreignRequests(app.requests, baseUrl)).toEqual([]);
    await browser?.close();
  });

  it('a cell result as CSV: BOM, exact decimals, quoting, formula neutralised', async () => {
    const { name, path } = await download(app.page, 'export-csv');
    expect(name).toMatch(/\.csv$/);
    expect(readFileSync(path, 'utf8')).toBe(
      '\uFEFFunit,spent,note,n\r\n' +
        '东城区教育局,-1234.56,"a,b",7\r\n' +
        '朝阳,0.10,,7\r\n' +
        `"西城区""财政""局",12345678901234.99,'=SUM(A1),7\r\n`,
    );
  });

  it('a cell result as Parquet, read back by DuckDB with the same types and values', async () => {
    const { name, path } = await download(app.page, 'export-parquet');
    expect(name).toMatch(/\.parquet$/);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const schema = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
    expect(schema.getRowObjectsJson().map((r) => `${r.column_name}:${r.column_type}`)).toEqual([
      'unit:VARCHAR',
      'spent:DECIMAL(18,2)',
      'note:VARCHAR',
      'n:INTEGER',
    ]);
    const rows = await db.runAndReadAll(`SELECT * FROM read_parquet('${path}')`);
    expect(rows.getRowObjectsJson()).toEqual([
      { unit: '东城区教育局', spent: '-1234.56', note: 'a,b', n: 7 },
      { unit: '朝阳', spent: '0.10', note: null, n: 7 },
      { unit: '西城区"财政"局', spent: '12345678901234.99', note: '=SUM(A1)', n: 7 },
    ]);
  });

  it('the notebook as a .selfeval.json file that opens again when dropped', async () => {
    const { page } = app;
    await page.fill('[data-testid="notebook-title"]', '支出 导出');
    await page.locator('[data-testid="notebook-title"]').blur();
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-notebook"]'),
    ]);
    expect(dl.suggestedFilename()).toBe('支出 导出.selfeval.json');
    const path = join(dir, dl.suggestedFilename());
    await dl.saveAs(path);
    const json = JSON.parse(readFileSync(path, 'utf8')) as {
      v: number;
      cells: { sql: string }[];
      datasets: { file: string; rows: number }[];
    };
    expect(json.v).toBe(1);
    expect(json.cells.map((c) => c.sql)).toContain(SQL);
    expect(json.datasets).toEqual([expect.objectContaining({ file: 'spend.csv', rows: 3 })]);

    // Another analyst, same data: dropping the file opens the notebook and runs its read-only cells.
    const other = await openApp(browser, baseUrl, '?nodemo');
    await dropFiles(other.page, [data, path]);
    await other.page.click('[data-testid="tab-notebook"]');
    const cell = other.page.locator('[data-testid="cell"]').filter({ hasText: '7::INTEGER' });
    await cell.locator('[data-testid="cell-result"]').waitFor({ timeout: 60_000 });
    expect(await cell.locator('tbody tr').count()).toBe(3);
    expect(await other.page.locator('[data-testid="notebook-title"]').inputValue()).toBe('支出 导出');
    expect(foreignRequests(other.requests, baseUrl)).toEqual([]);
  });
});
