import fs from 'node:fs';
import path from 'node:path';
import { E2E_FIXTURES, FLAT, dropFiles, expect, openDemo, test } from './fixtures.ts';

test('opens a .duckdb, a .parquet, a .csv and a .json file through the file picker and by drop', async ({ page }) => {
  await page.goto('./?empty');
  await expect(page.getByText(/DuckDB v1\.4\.3/)).toBeVisible({ timeout: 30_000 });
  await page
    .getByTestId('file-input')
    .setInputFiles([path.join(E2E_FIXTURES, 'history.duckdb'), path.join(E2E_FIXTURES, 'nightly.parquet')]);
  await expect(page.getByTestId('source')).toHaveCount(2);
  await expect(page.getByTestId('source').filter({ hasText: 'history.duckdb' })).toContainText('8,640 rows');
  await expect(page.getByTestId('source').filter({ hasText: 'nightly.parquet' })).toContainText('960 rows');

  await page.getByRole('tab', { name: 'Explore' }).click();
  await dropFiles(page, [
    { name: 'wide-semicolon.csv', bytes: fs.readFileSync(path.join(FLAT, 'wide-semicolon.csv')) },
    { name: 'records.json', bytes: fs.readFileSync(path.join(FLAT, 'records.json')) },
  ]);
  await expect(page.getByTestId('source')).toHaveCount(4);
  // The size is read before DuckDB takes the file's buffer (it once showed 0 B).
  await expect(page.getByTestId('source').filter({ hasText: 'wide-semicolon.csv' })).toContainText('458 B');
  await page.getByTestId('metric-select').selectOption('req_per_sec');
  await expect(page.getByTestId('series-count')).toContainText('2 series');
  await page.getByTestId('metric-select').selectOption('images_per_sec');
  await expect(page.getByTestId('series-count')).toContainText('2 series');
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
});

test('a flat table mapping can be corrected in the form', async ({ page }) => {
  await page.goto('./?empty');
  await expect(page.getByText(/DuckDB v1\.4\.3/)).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(path.join(FLAT, 'wide-semicolon.csv'));
  await page.getByRole('tab', { name: 'Explore' }).click();
  await page.getByRole('button', { name: 'Columns…' }).click();
  await page.getByLabel('Role of threads').selectOption('ignore');
  await page.getByLabel('Better direction of rss_bytes').selectOption('higher');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByTestId('metric-select').selectOption('req_per_sec');
  await expect(page.getByTestId('series-count')).toContainText('1 series');
});

test('a corrupt or truncated file shows an error and the loaded data stays', async ({ page }) => {
  await openDemo(page);
  await page.getByTestId('file-input').setInputFiles(path.join(E2E_FIXTURES, 'truncated.duckdb'));
  await expect(page.getByTestId('message-error')).toContainText(/truncated/);
  await page.getByTestId('file-input').setInputFiles(path.join(E2E_FIXTURES, 'corrupt.duckdb'));
  await expect(page.getByTestId('message-error').nth(1)).toContainText(/corrupt\.duckdb/);
  await dropFiles(page, [{ name: 'no-metrics.csv', bytes: fs.readFileSync(path.join(FLAT, 'no-metrics.csv')) }]);
  await expect(page.getByTestId('message-error').nth(2)).toContainText(/no numeric column/);
  await expect(page.getByTestId('source')).toHaveCount(1);
  await expect(page.getByTestId('series-count')).toContainText('18 series');
  await page.getByTestId('metric-select').selectOption('memory');
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
});
