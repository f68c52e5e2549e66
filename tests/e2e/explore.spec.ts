import { expect, openDemo, test } from './fixtures.ts';
import type { Locator, Page } from '@playwright/test';

test('paints the shell at once, then charts the built-in demo', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: /perftrack/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open files…' })).toBeVisible();
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb');
  await expect(page.getByTestId('source')).toContainText('seed time-series schema');
  // The overview lists the regressions injected into the demo's last week.
  await expect(page.getByTestId('regressions').locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('regressions')).toContainText('vit-base · webgpu');
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  await expect(page.getByTestId('series-count')).toContainText('18 series');
  await expect(page.getByText(/DuckDB v1\.4\.3/)).toBeVisible();
});

test('filters by dimension, switches metric and series, shows commit in the hover tip', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('group', { name: 'model' }).getByRole('button', { name: 'vit-base' }).click();
  await expect(page.getByTestId('series-count')).toContainText('3 series');
  await page.getByRole('group', { name: 'hardware' }).getByRole('button', { name: 'webgpu' }).click();
  await expect(page.getByTestId('series-count')).toContainText('1 series');
  await page.getByTestId('metric-select').selectOption('throughput');
  await expect(page.getByTestId('chart')).toHaveCount(1);
  await expect(page.getByTestId('chart').locator('h3')).toContainText('vit-base · webgpu');
  await expect(page.getByTestId('chart').locator('svg')).toContainText('throughput (items/s)');

  const svg = page.getByTestId('chart').locator('svg').first();
  // The chart is drawn again when DuckDB takes over from the demo's preview: hover until the tip of the settled one shows.
  await hoverUntil(page, svg, -20, page.getByTestId('chart'), /commit: [0-9a-f]{8}/);
  await expect(page.getByTestId('chart')).toContainText(/version: v1\.7\.0/);
  await expect(page.getByTestId('chart')).toContainText(/run: nightly-/);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('series-count')).toContainText('18 series');
  // Keyboard: the list moves the selection with the arrow keys.
  const list = page.getByRole('listbox', { name: 'Series list' });
  await list.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(list.getByRole('option', { selected: true })).toHaveCount(1);
  await expect(list.getByRole('option', { selected: true })).toContainText('vit-base · cuda');
  await expect(page.getByTestId('chart')).toHaveCount(1);
  await expect(page.getByTestId('chart').locator('h3')).toContainText('vit-base · cuda');
});

test('the SQL console runs read-only queries', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: 'SQL' }).click();
  await page
    .getByLabel('SQL query')
    .fill('SELECT metric, count(*) AS n FROM measurements GROUP BY metric ORDER BY metric');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sql-result')).toContainText('throughput');
  await expect(page.getByTestId('sql-result').locator('tbody tr')).toHaveCount(4);
  await page.getByLabel('SQL query').fill('DROP TABLE measurements');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('sql-error')).toContainText('read-only');
  await page.getByLabel('SQL query').fill('SELEC * FRM measurements');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('sql-error')).toContainText('did you mean SELECT?');
  await page.getByLabel('SQL query').fill('SELECT count(*) FROM src_1.performance_results');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sql-result')).toContainText('2160');
});

test('with a repository commit URL, a chart point opens its commit and the Overview links the first bad commit', async ({
  page,
  baseURL,
}) => {
  await openDemo(page);
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('Commit URL template').fill(`${baseURL}commit/{commit}`);
  await page.getByLabel('Commit URL template').press('Enter');
  await page.getByLabel('Commit URL template').blur();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByTestId('regressions').locator(`a[href^="${baseURL}commit/"]`).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Explore' }).click();
  const svg = page.getByTestId('chart').first().locator('svg').first();
  const box = await hoverUntil(page, svg, -30, page.getByTestId('chart').first(), 'click: open the commit');
  // A click picks the run; the panel under the chart links its commit.
  await page.mouse.click(box.x + box.width - 30, box.y + box.height / 2);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('picked-commit').first().click()]);
  expect(popup.url()).toMatch(new RegExp(`^${baseURL}commit/[0-9a-f]{6,}$`));
});

/** Moves the mouse to `fromRight` px left of the chart's right edge, mid-height, until `target` shows `text`. */
async function hoverUntil(
  page: Page,
  svg: Locator,
  fromRight: number,
  target: Locator,
  text: string | RegExp,
): Promise<{ x: number; y: number; width: number; height: number }> {
  let box: { x: number; y: number; width: number; height: number } | null = null;
  await expect(async () => {
    box = await svg.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width + fromRight, box!.y + box!.height / 2);
    await expect(target).toContainText(text, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  return box!;
}
