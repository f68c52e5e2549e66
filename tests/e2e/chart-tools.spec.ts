// The chart tools on real histories: the summary grid (a cell opens its series in Explore), drag-to-zoom and Reset
// on a chart with the range controls in agreement, the zoom keys, the selection overlaid as % of each baseline; and
// a grid of 10,000 series that keeps few cells in the page while it scrolls (frame times are measured and reported,
// not asserted).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { REAL } from '../real-files.ts';
import { expect, test } from './fixtures.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

/** How many points a chart's line joins (its path's commands). */
async function linePoints(chart: Locator): Promise<number> {
  const d = (await chart.locator('[aria-label="line"] path').first().getAttribute('d')) ?? '';
  return (d.match(/[ML]/g) ?? []).length;
}

async function openFiles(page: Page, files: string[]): Promise<void> {
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('source').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 60_000 });
}

test('tokio: grid cell → Explore, drag to zoom and reset, zoom keys, overlay normalised', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openFiles(page, [TOKIO]);

  // The grid lists every series with its status; the regressed ones come first.
  await page.getByRole('tab', { name: 'Grid' }).click();
  const grid = page.getByTestId('grid');
  const cells = grid.getByTestId('grid-cell');
  await expect(cells.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('grid-count')).toContainText(/of \d+ series × metric/);
  const regressedChip = page.getByRole('button', { name: /^regressed \d+/ });
  await expect(regressedChip).toBeVisible();
  await expect(cells.first()).toHaveClass(/regressed/);
  await expect(cells.first().getByTestId('sparkline').locator('polyline')).toHaveCount(1, { timeout: 20_000 });

  // Filtering by a status keeps only its cells.
  await page.getByRole('button', { name: /^stable \d+/ }).click();
  await expect(cells.first()).toHaveClass(/stable/);
  await page.getByRole('button', { name: 'Show all' }).click();

  // A cell opens its series in Explore: the chart of that series, over its whole history.
  const name = (await cells.first().locator('.name').textContent())!.trim();
  await cells.first().click();
  await expect(page.getByRole('tab', { name: 'Explore' })).toHaveAttribute('aria-selected', 'true');
  const chart = page.getByTestId('chart').first();
  await expect(chart.locator('h3')).toHaveText(name);
  const plot = chart.locator('svg[viewBox]').first();
  await expect(plot).toBeVisible({ timeout: 30_000 });
  const from = page.getByLabel('From date');
  const to = page.getByLabel('To date');
  await expect(from).toHaveValue('');

  // Drag across the middle of the plot: the range controls show the zoomed range, the chart draws only it.
  const pointsBefore = await linePoints(chart);
  expect(pointsBefore).toBeGreaterThan(20);
  // The chart may be drawn again as the series list settles: take the box of the one on screen.
  let box = await plot.boundingBox();
  for (let i = 0; !box && i < 20; i++) box = (await page.waitForTimeout(250), await plot.boundingBox());
  if (!box) throw new Error('the chart has no box');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.45, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
  await expect(chart.getByTestId('zoom-selection')).toBeVisible();
  await page.mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
  await page.mouse.up();
  await expect(from).not.toHaveValue('');
  await expect(to).not.toHaveValue('');
  await expect(chart.getByTestId('zoom-reset')).toBeEnabled();
  await expect.poll(() => linePoints(chart), { timeout: 20_000 }).toBeLessThan(pointsBefore);
  // The drag did not also open a commit.
  expect(page.context().pages()).toHaveLength(1);

  // Reset: the whole history again.
  await chart.getByTestId('zoom-reset').click();
  await expect(from).toHaveValue('');
  await expect(to).toHaveValue('');
  await expect.poll(() => linePoints(chart)).toBe(pointsBefore);

  // From the keyboard: + zooms in, 0 resets.
  await chart.locator('.plot').focus();
  await page.keyboard.press('+');
  await expect(from).not.toHaveValue('');
  await page.keyboard.press('0');
  await expect(from).toHaveValue('');

  // Two series overlaid, each as % of its own baseline.
  const list = page.getByRole('listbox', { name: 'Series list' });
  const other = list.getByRole('option', { selected: false }).first();
  await other.click({ modifiers: ['Control'] });
  await expect(page.getByTestId('chart')).toHaveCount(2);
  await page.getByTestId('overlay-toggle').check();
  const overlay = page.getByTestId('overlay-chart');
  await expect(overlay.locator('[aria-label="line"] path')).toHaveCount(2, { timeout: 20_000 });
  await expect(overlay).toContainText('% of its baseline');
  await expect(overlay.locator('[aria-label="y-axis tick label"]')).toContainText('100');
  await overlay.getByText('Baselines').click();
  await expect(overlay.getByTestId('overlay-baselines').locator('li')).toHaveCount(2);
  await page.getByTestId('overlay-toggle').uncheck();
  await expect(page.getByTestId('chart')).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('a grid of 10,000 series keeps few cells in the page while it scrolls', async ({ page }) => {
  test.setTimeout(240_000);
  // 10,000 benchmarks × 3 nights: a flat CSV, one series per benchmark.
  // In a folder of its own: test-results/ is emptied by other runs.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-grid-')), 'grid-10000.csv');
  const lines = ['date,benchmark,latency_ms'];
  for (let night = 1; night <= 3; night++)
    for (let b = 0; b < 10_000; b++)
      lines.push(
        `2025-03-0${night},suite/bench_${String(b).padStart(5, '0')},${(10 + (b % 17) + night * 0.1).toFixed(2)}`,
      );
  fs.writeFileSync(file, lines.join('\n'));
  try {
    await openFiles(page, [file]);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }

  await page.getByRole('tab', { name: 'Grid' }).click();
  await expect(page.getByTestId('grid-count')).toContainText('10,000 of 10,000', { timeout: 60_000 });
  const grid = page.getByTestId('grid');
  await expect(grid.getByTestId('grid-cell').first()).toBeVisible();

  // Scroll the whole grid, one step per frame, and time each frame; count the cells in the page as it goes.
  const measured = await grid.evaluate(async (element) => {
    // First the same number of frames with nothing scrolled: the machine's own frame times at this moment.
    const idle: number[] = [];
    await new Promise<void>((done) => {
      let last = performance.now();
      const frame = (now: number) => {
        idle.push(now - last);
        last = now;
        if (idle.length > 300) done();
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const frames: number[] = [];
    let maxCells = 0;
    const step = 240;
    await new Promise<void>((done) => {
      let last = performance.now();
      const frame = (now: number) => {
        frames.push(now - last);
        last = now;
        maxCells = Math.max(maxCells, element.querySelectorAll('[data-testid="grid-cell"]').length);
        if (element.scrollTop + element.clientHeight >= element.scrollHeight - 1 || frames.length > 1500) done();
        else {
          element.scrollTop += step;
          requestAnimationFrame(frame);
        }
      };
      requestAnimationFrame(frame);
    });
    return {
      idle: idle.slice(1),
      frames: frames.slice(1),
      maxCells,
      scrollHeight: element.scrollHeight,
      lastLabel: [...element.querySelectorAll('[data-testid="grid-cell"] .name')].at(-1)?.textContent ?? '',
    };
  });
  const quantile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;
  };
  const report = {
    frames: measured.frames.length,
    medianMs: quantile(measured.frames, 0.5),
    p95Ms: quantile(measured.frames, 0.95),
    idleMedianMs: quantile(measured.idle, 0.5),
    idleP95Ms: quantile(measured.idle, 0.95),
    maxCellsInPage: measured.maxCells,
    scrollHeight: measured.scrollHeight,
  };
  console.log(`grid of 10,000 series while scrolling: ${JSON.stringify(report)}`);
  test.info().annotations.push({ type: 'grid-scroll-frames', description: JSON.stringify(report) });

  // The whole grid was scrolled (the last cell reached) with never more than a few rows of cells in the page.
  expect(measured.scrollHeight).toBeGreaterThan(100_000);
  expect(measured.lastLabel).toContain('bench_09999');
  expect(measured.maxCells).toBeGreaterThan(0);
  expect(measured.maxCells).toBeLessThan(200);
  await expect(grid.getByTestId('grid-cell').last()).toBeVisible();
});
