import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { openApp, runSql, waitIdle, type AppPage } from './harness';
import { CHART_COLORS } from '../../src/panels/chart/plot-defaults';

const PANELS = [
  'panel-score-inflation',
  'panel-execution-rate',
  'panel-problem-phrases',
  'panel-departments',
  'panel-audit',
];

async function panelsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    (ids) =>
      ids.every((id) => {
        const el = document.querySelector(`[data-testid="${id}"]`);
        return el && el.getAttribute('aria-busy') !== 'true';
      }),
    PANELS,
    { timeout: 120_000 },
  );
}

/** Clicks a panel's first 查看SQL and waits for the notebook cell it opens to run; returns the cell. */
async function openPanelSql(page: Page, panel: string) {
  const cellsBefore = await page.locator('[data-testid="cell"]').count();
  await page.locator(`[data-testid="${panel}"]`).getByRole('button', { name: '查看SQL' }).first().click();
  await expect.poll(() => page.locator('[data-testid="cell"]').count()).toBe(cellsBefore + 1);
  const cell = page.locator('[data-testid="cell"]').last();
  await cell
    .locator('[data-testid="cell-result"], [data-testid="cell-error"]')
    .first()
    .waitFor({ timeout: 60_000 });
  return cell;
}

describe('the dashboard on the demo data', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await openApp(browser, baseUrl);
    await app.page.waitForSelector('[data-testid="demo-banner"]');
    await app.page.waitForTimeout(100);
    await waitIdle(app.page);
    // Panels re-query once the demo is in; wait for the charts, then for every query to settle.
    await app.page.waitForSelector('[data-testid="panel-score-inflation"] svg', { timeout: 120_000 });
    await panelsSettled(app.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows all five panels with content', async () => {
    for (const id of PANELS) {
      const panel = app.page.locator(`[data-testid="${id}"]`);
      expect(await panel.isVisible()).toBe(true);
      expect(`${id}: ${await panel.textContent()}`.length, id).toBeGreaterThan(id.length + 50);
    }
    expect(await app.page.locator('[data-testid="panel-score-inflation"] svg').count()).toBeGreaterThan(2);
  });

  it('flags the real 91/优 evaluation with 73.68% spent in the audit and the inflation scatter list', async () => {
    const { page } = app;
    await page.fill('[data-testid="filter-unit-search"]', '五华区政务服务管理局');
    await page.selectOption('[data-testid="filter-year-from"]', '2023');
    await page.selectOption('[data-testid="filter-year-to"]', '2023');
    await page.waitForTimeout(50);
    await panelsSettled(page);
    const audit = page.locator('[data-testid="panel-audit"]');
    await expect.poll(() => audit.textContent()).toContain('seed-evaluations.csv');
    const seedFlag = audit.locator('tr', { hasText: 'seed-evaluations.csv' });
    expect(await seedFlag.textContent()).toContain('73.68');
    const inflation = page.locator('[data-testid="panel-score-inflation"]');
    expect(
      await inflation.locator('tr', { hasText: 'seed-evaluations.csv' }).first().textContent(),
    ).toContain('73.68');
    // In the scatter it is a red dot (all red dots are one path of circles, dots-path.ts). Clicking
    // the dot picks it (units and year filtered to it) and 查看明细 lists that evaluation.
    const scatter = inflation.locator('[aria-label="自评得分与执行率散点图"]');
    const d = (await scatter.locator(`path[fill="${CHART_COLORS.alert}"]`).getAttribute('d'))!;
    const starts = [...d.matchAll(/M(-?[\d.]+),(-?[\d.]+)a3\.5/g)];
    expect(starts).toHaveLength(1);
    const chart = scatter.locator('svg:not([class$="-ramp"])');
    await chart.scrollIntoViewIfNeeded();
    // The chart may be drawn scaled to its box: page position = box corner + SVG position × scale.
    const box = (await chart.boundingBox())!;
    const scale = box.width / Number(await chart.getAttribute('width'));
    const [x, y] = [box.x + (Number(starts[0]![1]) + 3.5) * scale, box.y + Number(starts[0]![2]) * scale];
    await page.mouse.move(x, y);
    // Its tip words the row only when shown (the title channel holds the row itself).
    await expect
      .poll(async () => (await scatter.locator('[aria-label="tip"]').allTextContents()).join(''))
      .toMatch(/五华区政务服务管理局 2023.*得分 91\.00 优 · 执行率 73\.68%/);
    await page.mouse.click(x, y);
    const picked = inflation.locator('.picked');
    await expect.poll(() => picked.textContent()).toContain('五华区政务服务管理局 2023');
    await picked.getByRole('button', { name: '查看明细' }).click();
    const drill = page.locator('[data-testid="drill-down"]');
    await expect.poll(() => drill.textContent()).toContain('73.68');
    await page.keyboard.press('Escape');
    expect(await drill.count()).toBe(0);
    expect(await page.locator('[data-testid="active-filters"]').textContent()).toContain('2023');
  });

  it('removes filters from their chips, and opens a panel query as a notebook cell', async () => {
    const { page } = app;
    await page.getByText(/清除全部/).click();
    expect(await page.locator('[data-testid="active-filters"]').count()).toBe(0);
    await panelsSettled(page);
    const cell = await openPanelSql(page, 'panel-audit');
    expect(await cell.locator('[data-testid="cell-error"]').count()).toBe(0);
    expect(await cell.locator('[data-testid="sql-editor"]').inputValue()).toMatch(/SELECT/i);
  });

  it('draws long lists in part, and shows a filtered panel query on the canonical tables', async () => {
    const { page } = app;
    await page.click('[data-testid="tab-dashboard"]');
    // No filters (the test before cleared them; the reset button only shows with filters on).
    expect(await page.locator('[data-testid="filter-reset"]').count()).toBe(0);
    await panelsSettled(page);
    // The demo has 1,341 flags: the list holds 500 and draws 100 until asked for the rest.
    const audit = page.locator('[data-testid="panel-audit"]');
    const rows = audit.locator('[data-testid="audit-row"]');
    expect(await rows.count()).toBe(100);
    await audit.locator('[data-testid="audit-more"]').click();
    await expect.poll(() => rows.count()).toBe(500);
    expect(await audit.locator('[data-testid="audit-more"]').count()).toBe(0);
    // The 优 share by supervisor (hundreds of rows at scale) draws 20 the same way.
    const inflation = page.locator('[data-testid="panel-score-inflation"]');
    const shareRows = inflation.locator('[data-testid="share-row"]');
    expect(await shareRows.count()).toBe(20);
    const held = Number(
      (await inflation.locator('[data-testid="share-more"]').textContent())!.replace(/\D/g, ''),
    );
    expect(held).toBeGreaterThan(5);
    await inflation.locator('[data-testid="share-more"]').click();
    await expect.poll(() => shareRows.count()).toBe(20 + held);
    // The score × rate cells are one image, not one SVG dot each: the demo has hundreds of cells; the
    // 91 red dots are one path of 91 circles (dots-path.ts). The legend is SVG swatches, a band per
    // order of magnitude (count-bands.ts), not a second image.
    const scatter = page.locator('[aria-label="自评得分与执行率散点图"]');
    expect(await scatter.locator('svg image').count()).toBe(1);
    expect(await scatter.locator('circle').count()).toBe(0);
    const redDots = (await scatter.locator(`path[fill="${CHART_COLORS.alert}"]`).getAttribute('d'))!;
    expect(redDots.match(/M/g)).toHaveLength(91);
    const swatches = scatter.locator('svg[class$="-ramp"] rect');
    expect(await swatches.count()).toBeGreaterThanOrEqual(2);

    // Under a filter the panels read a copy of its rows (dashboard/row-copies.ts); 查看SQL opens the
    // same query on evaluations, which runs in the notebook.
    const region = (await page.locator('[data-testid="filter-regions"] option').allTextContents())[1]!;
    await page.selectOption('[data-testid="filter-regions"]', { index: 1 });
    await page.waitForTimeout(50);
    await panelsSettled(page);
    // The list goes back to its first entry after the pick: it says a region is chosen (not 全部), and
    // the region is ticked.
    const regionOptions = await page.locator('[data-testid="filter-regions"] option').allTextContents();
    expect(regionOptions[0]).toBe('已选 1 个');
    expect(regionOptions[1]).toBe(`✓ ${region}`);
    expect(regionOptions.filter((o) => o.startsWith('✓'))).toHaveLength(1);
    const cell = await openPanelSql(page, 'panel-execution-rate');
    const sql = await cell.locator('[data-testid="sql-editor"]').inputValue();
    expect(sql).toContain('FROM evaluations');
    expect(sql).toContain(region);
    expect(sql).not.toMatch(/dash_/);
    expect(await cell.locator('[data-testid="cell-error"]').count()).toBe(0);
    // The departments by unit read the copies' unit_key; what 查看SQL opens groups evaluations by name.
    await page.click('[data-testid="tab-dashboard"]');
    const departments = await openPanelSql(page, 'panel-departments');
    const departmentsSql = await departments.locator('[data-testid="sql-editor"]').inputValue();
    expect(departmentsSql).toContain('FROM evaluations');
    expect(departmentsSql).toContain(region);
    expect(departmentsSql).not.toMatch(/dash_|unit_key/);
    expect(await departments.locator('[data-testid="cell-error"]').count()).toBe(0);
    await page.click('[data-testid="tab-dashboard"]');
    await page.click('[data-testid="filter-reset"]');
    await panelsSettled(page);
  });

  // The panel counts these in a worker: a region's from the rows it picks (counts.ts), a year range's
  // from the cells' tallies (cell-counts.ts). The SQL it shows must give the same lists either way.
  it.each<[string, (page: Page) => Promise<unknown>]>([
    ['a region', (page) => page.selectOption('[data-testid="filter-regions"]', { index: 1 })],
    ['a year range', (page) => page.selectOption('[data-testid="filter-year-from"]', { index: 2 })],
  ])('counts the phrases and copied texts of %s as their 查看SQL does', async (_, choose) => {
    const { page } = app;
    await page.click('[data-testid="tab-dashboard"]');
    // Counted from the label rows the worker holds (label-rows.ts), not rows the engine returns.
    await page.waitForSelector('[data-testid="panel-problem-phrases"][data-rows-from="labels"]', {
      state: 'attached',
    });
    await choose(page);
    await page.waitForTimeout(50);
    await panelsSettled(page);
    const panel = page.locator('[data-testid="panel-problem-phrases"]');
    const chips = (await panel.locator('.phrase-list button.chip').allTextContents()).map((t) =>
      t.trim().replace(/\s+/g, ' '),
    );
    const copies = (await panel
      .locator('table tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent?.trim() ?? '')),
      )) as string[][];
    expect(chips.length).toBeGreaterThan(3);
    expect(copies.length).toBeGreaterThan(0);

    const topSql = await (
      await openPanelSql(page, 'panel-problem-phrases')
    )
      .locator('[data-testid="sql-editor"]')
      .inputValue();
    expect(topSql).toContain('unnest(phrase_ids)');
    const top = await runSql(
      page,
      `SELECT phrase || ' ' || units FROM (${topSql}) GROUP BY phrase_id, phrase, units ORDER BY units DESC, phrase_id`,
    );
    expect(top.error).toBeNull();
    expect(top.rows.map((r) => r[0])).toEqual(chips);

    await page.click('[data-testid="tab-dashboard"]');
    const copyCells = page.locator('[data-testid="cell"]').count();
    await panel
      .locator('figure', { hasText: '逐字相同的问题文本' })
      .getByRole('button', { name: '查看SQL' })
      .click();
    await expect.poll(() => page.locator('[data-testid="cell"]').count()).toBe((await copyCells) + 1);
    const copySql = await page
      .locator('[data-testid="cell"]')
      .last()
      .locator('[data-testid="sql-editor"]')
      .inputValue();
    const copied = await runSql(
      page,
      `SELECT units::VARCHAR, array_to_string(unit_sample, '、') || CASE WHEN units > len(unit_sample) THEN ' 等 ' || units || ' 个' ELSE '' END,
        array_to_string(list_filter(years, y -> y IS NOT NULL), '、') FROM (${copySql})`,
    );
    expect(copied.error).toBeNull();
    expect(copied.rows).toEqual(copies);

    await page.click('[data-testid="tab-dashboard"]');
    await page.click('[data-testid="filter-reset"]');
    await panelsSettled(page);
  });

  it('switches the rate quantiles by group between counted and budget-weighted, each as its 查看SQL gives', async () => {
    // Each mode is its own query (build-execution-rate-sql.ts); the table shows the one asked for.
    const { page } = app;
    await page.click('[data-testid="tab-dashboard"]');
    await panelsSettled(page);
    const panel = page.locator('[data-testid="panel-execution-rate"]');
    const shown = async () =>
      (await panel
        .locator('[data-testid="rate-groups"] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
        )) as string[][];
    const viaSql = async () => {
      const cells = await page.locator('[data-testid="cell"]').count();
      await panel.locator('[data-testid="rate-groups-sql"]').click();
      await expect.poll(() => page.locator('[data-testid="cell"]').count()).toBe(cells + 1);
      const sql = await page
        .locator('[data-testid="cell"]')
        .last()
        .locator('[data-testid="sql-editor"]')
        .inputValue();
      const result = await runSql(
        page,
        `SELECT coalesce(grp, '（未填）'), n::VARCHAR, printf('%.2f%%', p50), printf('%.2f%%', mean) FROM (${sql})`,
      );
      expect(result.error).toBeNull();
      await page.click('[data-testid="tab-dashboard"]');
      return { sql, rows: result.rows };
    };
    const columns = (rows: string[][]) => rows.map((r) => [r[0], r[1]!.replace(/,/g, ''), r[2], r[3]]);

    const counted = await shown();
    const countedSql = await viaSql();
    expect(countedSql.sql).toContain('quantile_disc');
    expect(columns(counted)).toEqual(countedSql.rows);

    // A year range, counted from the held rates once the dashboard holds them (held-rates.ts):
    // the same rows as the SQL 查看SQL opens.
    const from = () => panel.locator('[data-testid="rate-groups"]').getAttribute('data-rows-from');
    await expect
      .poll(async () => {
        await page.selectOption('[data-testid="filter-year-from"]', { index: 0 });
        await page.selectOption('[data-testid="filter-year-from"]', { index: 2 });
        await panelsSettled(page);
        return from();
      })
      .toBe('held');
    const held = await shown();
    const heldSql = await viaSql();
    expect(heldSql.sql).toMatch(
      /quantile_disc[\s\S]*FROM evaluations\s+WHERE execution_rate IS NOT NULL AND year >= \d+/,
    );
    expect(columns(held)).toEqual(heldSql.rows);
    expect(held).not.toEqual(counted);
    await page.click('[data-testid="filter-reset"]');
    await panelsSettled(page);

    await panel.getByRole('button', { name: '按预算加权' }).click();
    await panelsSettled(page);
    const weighted = await shown();
    const weightedSql = await viaSql();
    expect(weightedSql.sql).toContain('cum_w');
    expect(columns(weighted)).toEqual(weightedSql.rows);
    // Budgets differ between units, so the weighted figures are not the counted ones.
    expect(weighted.map((r) => r[3])).not.toEqual(counted.map((r) => r[3]));
    await panel.getByRole('button', { name: '按评价数' }).click();
    await panelsSettled(page);
  });

  it('keeps the chosen phrase when a filter changes', async () => {
    const { page } = app;
    await page.click('[data-testid="tab-dashboard"]');
    const phrases = page.locator('[data-testid="panel-problem-phrases"]');
    const chip = phrases.locator('.phrase-list button.chip').first();
    await chip.click();
    expect(await chip.getAttribute('aria-pressed')).toBe('true');
    const years = await page.locator('[data-testid="filter-year-from"] option').allTextContents();
    await page.selectOption('[data-testid="filter-year-from"]', years.at(-1)!);
    await page.waitForTimeout(50);
    await panelsSettled(page);
    // The texts of the chosen phrase under the new filters, not an empty panel.
    expect(await phrases.locator('h3', { hasText: '「' }).count()).toBe(1);
    await page.click('[data-testid="filter-reset"]');
    await panelsSettled(page);
  });

  it('mines the phrases of data loaded after a filter change', async () => {
    const { page } = app;
    await page.click('[data-testid="tab-dashboard"]');
    await page.selectOption('[data-testid="filter-year-from"]', { index: 1 });
    await page.waitForTimeout(50);
    await panelsSettled(page);
    await page.click('[data-testid="clear-demo"]');
    await page.waitForSelector('[data-testid="demo-banner"]', { state: 'detached' });
    await page.locator('[data-testid="empty-state"] button').click();
    await page.waitForSelector('[data-testid="demo-banner"]');
    await page.waitForTimeout(100);
    await waitIdle(page);
    await panelsSettled(page);
    // The phrase tables are built for the new data: no error, phrases listed.
    const phrases = page.locator('[data-testid="panel-problem-phrases"]');
    expect(await phrases.locator('[role="alert"]').count()).toBe(0);
    await expect
      .poll(() => phrases.locator('.phrase-list button.chip').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await page.click('[data-testid="filter-reset"]');
    await panelsSettled(page);
  });

  it('saves a chart as SVG and as PNG', async () => {
    const { page } = app;
    await page.click('[data-testid="tab-dashboard"]');
    const chart = page.locator('[data-testid="panel-score-inflation"] .chart-wrap').first();
    await chart.hover();
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      chart.locator('[data-testid="export-svg"]').click(),
    ]);
    const svgText = readFileSync((await svg.path()) ?? '', 'utf8');
    expect(svgText).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
    expect(svgText).toContain('xmlns="http://www.w3.org/2000/svg"');
    await chart.hover();
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      chart.locator('[data-testid="export-png"]').click(),
    ]);
    const bytes = readFileSync((await png.path()) ?? '');
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});
