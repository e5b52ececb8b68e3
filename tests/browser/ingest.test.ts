import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { encodeGbk } from '../../src/ingest/testing/gbk';
import { launchChromium } from './chromium';
import { dropFiles, openApp, runSql, type AppPage } from './harness';

const DATASETS = resolve(import.meta.dirname, '../../datasets');

/** A mixed drop: GBK with a title line, tab-separated 元 amounts, an indicators file, junk files. */
function fixtures(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'selfeval-ingest-'));
  const write = (name: string, bytes: Uint8Array | string) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };
  return [
    write(
      '区县汇总GBK.csv',
      encodeGbk(
        '附件1：2023年度项目支出绩效自评汇总表\r\n' +
          '单位名称,主管部门,年度,项目名称,全年预算数（万元）,全年执行数（万元）,执行率,自评得分,评价等级\r\n' +
          '甲区教育局,甲区教育局,2023年度,校舍维修,"1,200.50",1100.00,91.63%,９５,优秀\r\n' +
          ',,2023,课后服务,80.00,40.00,50%,88,良好\r\n' +
          '合计,,,,"1,280.50",1140.00,,,\r\n' +
          '甲区卫健局,甲区卫健局,2023,疫苗接种,100,101,101%,—,优\r\n' +
          '注：本表由各单位填报。\r\n',
      ),
    ),
    write(
      'yuan.tsv',
      '部门名称\t年度\t全年预算数（元）\t实际支出（元）\t预算执行率\t得分\t等级\n' +
        '乙区财政局\t2022\t3978000.00\t2930800.00\t0.7368\t91\t优\n' +
        '乙区民政局\t2022\t500000\t500000\t1\t100\t优\n',
    ),
    join(DATASETS, 'seed-indicators.csv'),
    write('workbook.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 1, 2, 3])),
    write('empty.csv', ''),
    write('codes.csv', 'code,zip\n110101199001011234,08123\n'),
  ];
}

describe('ingest in the browser: a mixed drop lands in the canonical tables', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let app: AppPage;

  /** What the page showed before the drop, once started. */
  let before: { waiting: number; panels: number; tables: string };

  beforeAll(async () => {
    browser = await launchChromium();
    app = await openApp(browser, baseUrl, '?nodemo');
    // Time for a dashboard that wrongly starts on empty tables to create them.
    await app.page.waitForTimeout(1500);
    before = {
      waiting: await app.page.getByTestId('dashboard-waiting').count(),
      panels: await app.page.locator('[data-testid^="panel-"]').count(),
      tables: (await app.page.getByTestId('table-list').textContent()) ?? '',
    };
    await dropFiles(app.page, fixtures());
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('builds no panel tables before the first file: the engine is free for the drop', async () => {
    expect(before.waiting).toBe(1);
    expect(before.panels).toBe(0);
    expect(before.tables).toContain('evaluations');
    expect(before.tables).not.toMatch(/problem_phrases|audit_flags/);
    // Once files are loaded, the five panels are there.
    await app.page.waitForSelector('[data-testid="panel-audit"]');
    expect(await app.page.getByTestId('dashboard-waiting').count()).toBe(0);
    expect(await app.page.locator('[data-testid^="panel-"]').count()).toBe(5);
  });

  it('normalises GBK, 元, percent, fractions, full-width digits, grades and totals', async () => {
    const r = await runSql(
      app.page,
      `SELECT unit, year, project, budget, spent, execution_rate, score, grade, source_file, source_row
       FROM evaluations ORDER BY source_file, source_row`,
    );
    expect(r.error).toBeNull();
    expect(r.rows).toEqual([
      ['乙区财政局', '2022', 'NULL', '397.800000', '293.080000', '73.68', '91.00', '优', 'yuan.tsv', '2'],
      ['乙区民政局', '2022', 'NULL', '50.000000', '50.000000', '100.00', '100.00', '优', 'yuan.tsv', '3'],
      [
        '甲区教育局',
        '2023',
        '校舍维修',
        '1200.500000',
        '1100.000000',
        '91.63',
        '95.00',
        '优',
        '区县汇总GBK.csv',
        '3',
      ],
      [
        '甲区教育局',
        '2023',
        '课后服务',
        '80.000000',
        '40.000000',
        '50.00',
        '88.00',
        '良',
        '区县汇总GBK.csv',
        '4',
      ],
      [
        '甲区卫健局',
        '2023',
        '疫苗接种',
        '100.000000',
        '101.000000',
        '101.00',
        'NULL',
        '优',
        '区县汇总GBK.csv',
        '6',
      ],
    ]);
  });

  it('keeps the total row out of evaluations and lists it', async () => {
    const r = await runSql(app.page, `SELECT label, budget, source_row FROM ingest_totals`);
    expect(r.rows).toEqual([['合计', '1280.500000', '5']]);
  });

  it('loads the seed indicators with their weights and points', async () => {
    const r = await runSql(
      app.page,
      `SELECT count(*) AS n, sum(weight) FILTER (WHERE unit = '昆明市五华区政务服务管理局') AS w
       FROM indicators WHERE source_file = 'seed-indicators.csv'`,
    );
    const expected = readFileSync(join(DATASETS, 'seed-indicators.csv'), 'utf8');
    expect(Number(r.rows[0]?.[0])).toBeGreaterThan(100);
    expect(expected).toContain('昆明市五华区政务服务管理局');
    expect(r.rows[0]?.[1]).toBe('100.00');
  });

  it('keeps codes exact in the plain table', async () => {
    const r = await runSql(app.page, 'SELECT code, zip FROM codes');
    expect(r.rows).toEqual([['110101199001011234', '08123']]);
  });

  it('explains the bad files by name, and reports every file', async () => {
    await app.page.click('[data-testid="tab-quality"]');
    const reports = app.page.locator('[data-testid="ingest-report"]');
    expect(await reports.count()).toBe(6);
    const workbook = await reports.filter({ hasText: 'workbook.csv' }).textContent();
    expect(workbook).toMatch(/Excel/);
    expect(workbook).toMatch(/另存为/);
    const empty = await reports.filter({ hasText: 'empty.csv' }).textContent();
    expect(empty).toMatch(/空/);
    const gbk = reports.filter({ hasText: '区县汇总GBK.csv' });
    expect(await gbk.textContent()).toMatch(/GB18030|GBK/);
    expect(await gbk.locator('[data-testid="rows-loaded"]').textContent()).toBe('3');
  });
});
