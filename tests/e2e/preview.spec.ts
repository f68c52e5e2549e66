import { expect, holdDuckDb, test } from './fixtures.ts';

test('the demo answers from its published preview while DuckDB starts, then DuckDB takes over', async ({ page }) => {
  const release = await holdDuckDb(page);
  await page.goto('./');
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb (preview)');
  await expect(page.getByTestId('regressions').locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('regressions')).toContainText('vit-base · webgpu');
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('series-count')).toContainText('18 series');
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  await expect(page.locator('[data-engine]')).toHaveAttribute('data-engine', 'starting');
  await expect(page.getByTestId('published-note')).toHaveCount(0);

  release();
  await expect(page.locator('[data-engine]')).toHaveAttribute('data-engine', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('source')).toHaveText(/benchmark\.duckdb\s+seed time-series schema/);
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  await page.getByRole('tab', { name: 'SQL' }).click();
  await page.getByLabel('SQL query').fill('SELECT count(*) AS results FROM src_1.performance_results');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sql-result')).toContainText('2160');
});

test('if the previewed database cannot be opened, the preview stays and the page says why', async ({ page }) => {
  const release = await holdDuckDb(page);
  await page.route(/\/demo\/benchmark\.duckdb$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('./');
  await expect(page.getByTestId('regressions').locator('tbody tr')).toHaveCount(6);
  release();
  await expect(page.getByTestId('message-error')).toContainText(/404/, { timeout: 30_000 });
  await expect(page.getByTestId('regressions').locator('tbody tr')).toHaveCount(6);
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
});
