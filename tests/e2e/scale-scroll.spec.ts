// 10,000 series in the page: the Explore list, the filter chips and the Grid of sparklines keep a bounded number of
// rows, chips and cells in the page while scrolling to the end; the Grid's sparklines arrive for the cells in view in
// one worker call per window (never one call per cell), and a window scrolled back to is drawn without asking again.
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';

const BENCHMARKS = 5_000;
const THREADS = [1, 2];
const name = (b: number) =>
  `runtime_scheduler/suite_${b % 40}/spawn_many_tasks_with_a_parameterised_payload_of_${b}_bytes`;

/** 5,000 benchmarks × 2 thread counts = 10,000 series, three runs each. */
function historyCsv(): Buffer {
  const lines = ['time,benchmark,threads,time_ms'];
  for (let run = 0; run < 3; run++)
    for (let b = 0; b < BENCHMARKS; b++)
      for (const t of THREADS)
        lines.push(`2026-01-0${run + 1}T00:00:00Z,${name(b)},${t},${(10 + (b % 97) / 10 + run * 0.01 * t).toFixed(3)}`);
  return Buffer.from(lines.join('\n') + '\n');
}

// Counts the page's calls to its worker by method (Comlink's APPLY messages), from before the app starts.
const COUNT_CALLS = `
  window.__workerCalls = {};
  window.__sparklineKeys = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 'APPLY' && Array.isArray(message.path)) {
      window.__workerCalls[message.path[0]] = (window.__workerCalls[message.path[0]] ?? 0) + 1;
      // Comlink sends each argument as a wire value: the first of sparklines() is the list of series keys.
      if (message.path[0] === 'sparklines') window.__sparklineKeys.push(message.argumentList[0].value.length);
    }
    return post.call(this, message, ...rest);
  };
`;

const workerCalls = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as { __workerCalls: Record<string, number> }).__workerCalls }));

/** Scroll an element to `top` as a user's wheel would (the page hears a scroll event). */
const scrollTo = (page: Page, selector: string, top: number) =>
  page.locator(selector).evaluate((el, y) => {
    el.scrollTop = y;
    el.dispatchEvent(new Event('scroll'));
  }, top);

test('10,000 series: list, chips and grid stay small in the page; sparklines come in one call per window', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.addInitScript({ content: COUNT_CALLS });
  await page.goto('./?tab=explore&empty');
  await expect(page.locator('[data-engine=ready]')).toBeAttached({ timeout: 60_000 });
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles({ name: 'ten-thousand.csv', mimeType: 'text/csv', buffer: historyCsv() });
  await expect(page.getByTestId('series-count')).toContainText('10,000 series', { timeout: 120_000 });

  // The list: at most a window of rows in the page from the top to the last row.
  const list = '[aria-label="Series list"]';
  const rows = page.locator(`${list} li[role=option]`);
  const height = await page.locator(list).evaluate((el) => el.scrollHeight);
  expect(height).toBeGreaterThan(10_000 * 50);
  let most = 0;
  for (let top = 0; top <= height; top += Math.floor(height / 12)) {
    await scrollTo(page, list, top);
    await expect(rows.first()).toBeAttached();
    most = Math.max(most, await rows.count());
  }
  await scrollTo(page, list, height);
  await expect(page.locator('#series-9999')).toBeVisible();
  expect(most).toBeLessThanOrEqual(60);
  // Each row in the page names its series (whole on hover), shortened to at most its two lines.
  const last = page.locator('#series-9999');
  expect((await last.getAttribute('title'))!.length).toBeGreaterThan(60);
  expect(((await last.locator('.label').textContent()) ?? '').length).toBeLessThanOrEqual(64);

  // The benchmark filter: 5,000 values, a few dozen chips and a box that finds the others.
  const benchmarks = page.locator('fieldset', { has: page.getByLabel('Find a benchmark value') });
  await expect(benchmarks.locator('button.chip')).toHaveCount(60);
  await expect(benchmarks.getByTestId('chips-more')).toHaveText(/4,940 more/);
  await benchmarks.getByLabel('Find a benchmark value').fill('payload_of_4321_');
  await expect(benchmarks.locator('button.chip')).toHaveCount(1);
  await benchmarks.locator('button.chip').click();
  await expect(page.getByTestId('series-count')).toContainText('2 series');
  await benchmarks.locator('button.chip').click();
  await expect(page.getByTestId('series-count')).toContainText('10,000 series');

  // The grid, once the analysis has sorted its cells.
  await page.getByRole('tab', { name: 'Grid' }).click();
  const count = page.getByTestId('grid-count');
  await expect(count).toContainText('10,000 of 10,000', { timeout: 120_000 });
  await expect(count).not.toContainText('analysing', { timeout: 180_000 });
  const grid = '[data-testid=grid]';
  const cells = page.getByTestId('grid-cell');
  /** Every cell in view has its sparkline drawn. */
  const drawnInView = () =>
    page.locator(grid).evaluate((el) => {
      const view = el.getBoundingClientRect();
      const inView = [...el.querySelectorAll('[data-testid=grid-cell]')].filter((c) => {
        const r = c.getBoundingClientRect();
        return r.bottom > view.top && r.top < view.bottom;
      });
      return inView.length > 0 && inView.every((c) => c.querySelector('polyline'));
    });
  await expect.poll(drawnInView, { timeout: 60_000 }).toBe(true);
  const before = await workerCalls(page);
  const gridHeight = await page.locator(grid).evaluate((el) => el.scrollHeight);
  let stops = 0;
  let mostCells = 0;
  for (let i = 1; i <= 10; i++) {
    await scrollTo(page, grid, Math.round((i * gridHeight) / 10));
    stops++;
    await expect.poll(drawnInView, { timeout: 60_000 }).toBe(true);
    mostCells = Math.max(mostCells, await cells.count());
  }
  await expect(cells.last()).toHaveAttribute('data-index', '9999');
  const after = await workerCalls(page);
  const asked = (m: string) => (after[m] ?? 0) - (before[m] ?? 0);
  expect(mostCells).toBeLessThanOrEqual(80);
  // Batched calls, a few per window it stopped at (a window whose cells the analysis re-sorts asks for its new
  // cells), none per cell: each call carries the keys of many cells.
  const keysPerCall = (
    await page.evaluate(() => (window as unknown as { __sparklineKeys: number[] }).__sparklineKeys)
  ).slice(before.sparklines ?? 0);
  console.log(`sparkline calls over ${stops} stops: ${asked('sparklines')}, keys per call ${keysPerCall.join(' ')}`);
  expect(asked('sparklines')).toBeGreaterThanOrEqual(1);
  expect(asked('sparklines')).toBeLessThanOrEqual(2 * stops);
  expect(keysPerCall.reduce((a, b) => a + b, 0) / keysPerCall.length).toBeGreaterThanOrEqual(10);
  expect(asked('seriesPoints')).toBe(0);

  // Back to the top: drawn from what was fetched, nothing asked.
  await scrollTo(page, grid, 0);
  await expect.poll(drawnInView, { timeout: 10_000 }).toBe(true);
  await page.waitForTimeout(500);
  expect((await workerCalls(page)).sparklines).toBe(after.sparklines);
});
