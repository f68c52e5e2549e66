// A file opened while DuckDB starts is drawn from the importers' own parse (issue 26): the preview's chart shows
// before DuckDB is ready, marked as a preview, and the engine's answers replace it with the same series, names and
// units.
import type { Page } from '@playwright/test';
import path from 'node:path';
import { REAL } from '../real-files.ts';
import { expect, holdDuckDb, test } from './fixtures.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

// DuckDB starts, then loads and analyses a 10,698-row history, in each test: on a loaded 2-core machine that alone
// can take most of a minute.
test.describe.configure({ timeout: 180_000 });

/** What Explore shows of the data: the metric options (names and units), the series list and the charts' titles. */
async function shown(page: Page) {
  return {
    metrics: await page.getByTestId('metric-select').locator('option').allTextContents(),
    count: await page.getByTestId('series-count').textContent(),
    series: await page.getByRole('listbox', { name: 'Series list' }).locator('li[id^=series-]').allTextContents(),
    charts: await page.getByTestId('chart').locator('h3').allTextContents(),
  };
}

test("tokio's data.js picked at navigation: a preview chart before DuckDB, then the engine's, the same", async ({
  page,
}) => {
  const release = await holdDuckDb(page);
  await page.goto('./?tab=explore');
  await page.getByTestId('file-input').setInputFiles(TOKIO);

  await expect(page.getByTestId('preview-marker')).toBeVisible();
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  await expect(page.locator('[data-engine]')).toHaveAttribute('data-engine', 'starting');
  // The demo made way for the file.
  await expect(page.getByTestId('source')).toHaveCount(1);
  await expect(page.getByTestId('source')).toContainText('data.js');
  await expect(page.getByTestId('source')).toContainText('preview');
  await expect(page.getByTestId('series-count')).toContainText(/^\s*\d+ series/);
  const before = await shown(page);
  expect(before.metrics.length).toBeGreaterThan(0);
  expect(before.charts.length).toBeGreaterThan(0);

  release();
  await expect(page.locator('[data-engine]')).toHaveAttribute('data-engine', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('preview-marker')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('source')).toHaveCount(1);
  await expect(page.getByTestId('source')).not.toContainText('preview');
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  expect(await shown(page)).toEqual(before);

  // The Overview's list during the preview gives way to the analysis.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('preview-note')).toHaveCount(0);
});

test('the Overview lists the previewed series while DuckDB starts', async ({ page }) => {
  const release = await holdDuckDb(page);
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(TOKIO);
  const note = page.getByTestId('preview-note');
  await expect(note).toContainText('full analysis when DuckDB is ready');
  const rows = page.getByTestId('preview-series').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(5);
  await expect(page.locator('[data-engine]')).toHaveAttribute('data-engine', 'starting');
  release();
  await expect(note).toHaveCount(0, { timeout: 60_000 });
});

test('a ?source= link to a data.js shows its preview chart before DuckDB, then the engine takes over', async ({
  page,
  baseURL,
}) => {
  const release = await holdDuckDb(page);
  // Served from the app's own origin (no consent asked), as a data.js beside a published page would be.
  await page.route(/\/bench\/data\.js$/, (route) => route.fulfill({ path: TOKIO, contentType: 'text/javascript' }));
  await page.goto(`./?tab=explore&source=${encodeURIComponent(new URL('bench/data.js', baseURL).href)}`);
  await expect(page.getByTestId('preview-marker')).toBeVisible();
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  await expect(page.locator('[data-engine]')).toHaveAttribute('data-engine', 'starting');
  const before = await shown(page);
  release();
  await expect(page.getByTestId('preview-marker')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('source')).not.toContainText('preview');
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  expect(await shown(page)).toEqual(before);
});

/** The first chart's drawn points: its line and dots as Observable Plot placed them. */
async function firstChartPoints(page: Page) {
  const chart = page.getByTestId('chart').first();
  return {
    line: await chart.locator('g[aria-label="line"] path').getAttribute('d'),
    dots: await chart.locator('g[aria-label="dot"]').first().locator('circle').count(),
  };
}

// Flat tables: typed and mapped in the page as the engine types and maps them (preview-flat.ts); the series list,
// the metric options and the first chart's points are the same before and after DuckDB takes over.
for (const [label, file] of [
  [
    "Otava's CSV (a branch per history, dotted times with offsets)",
    path.join(REAL, 'otava/resources/sample_multi_branch.csv'),
  ],
  ['JSON records (nested objects as dotted columns)', path.join(import.meta.dirname, '../fixtures/flat/records.json')],
] as const) {
  test(`${label}: a preview chart before DuckDB, then the engine's, the same`, async ({ page }) => {
    const release = await holdDuckDb(page);
    await page.goto('./?tab=explore');
    await page.getByTestId('file-input').setInputFiles(file);
    await expect(page.getByTestId('preview-marker')).toBeVisible();
    await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
    await expect(page.locator('[data-engine]')).toHaveAttribute('data-engine', 'starting');
    await expect(page.getByTestId('source')).toContainText(path.basename(file));
    const before = { ...(await shown(page)), points: await firstChartPoints(page) };
    expect(before.points.dots).toBeGreaterThan(1);
    expect(before.points.line).toMatch(/^M/);
    expect(before.series.length).toBeGreaterThan(0);

    release();
    await expect(page.locator('[data-engine]')).toHaveAttribute('data-engine', 'ready', { timeout: 60_000 });
    await expect(page.getByTestId('preview-marker')).toHaveCount(0, { timeout: 60_000 });
    await expect(page.getByTestId('source')).not.toContainText('preview');
    await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
    expect({ ...(await shown(page)), points: await firstChartPoints(page) }).toEqual(before);
  });
}
