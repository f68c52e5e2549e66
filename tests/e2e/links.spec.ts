// Links that name the same thing twice (found by an outside fuzzer: each one broke the page for good): a series
// selected twice, and a source on another origin named twice in ?source=.
import { expect, test } from './fixtures.ts';

const FOREIGN_CSV = 'http://127.0.0.1:9/a.csv';

test('a link that selects a series twice opens Explore without a page error, loaded or pasted', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // {"t":"explore","k":["x","x"]}
  const link = '#v1.q1YqUbJSSq0oyMkvSlXSUcpWsopWqlDSUapQiq0FAA';
  await page.goto(`./${link}`);
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible({ timeout: 30_000 });
  expect(errors).toEqual([]);

  await page.evaluate(() => (location.hash = ''));
  await page.evaluate((hash) => (location.hash = hash), link);
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a source on another origin named twice in ?source= is asked about once, and nothing is fetched', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const source = encodeURIComponent(FOREIGN_CSV);
  await page.goto(`./?source=${source}&source=${source}`);
  await expect(page.getByTestId('link-consent')).toHaveCount(1);
  await expect(page.getByTestId('consent-host')).toHaveText('127.0.0.1:9');
  await expect(page.getByTestId('link-consent').locator('li')).toHaveText([FOREIGN_CSV]);
  // The page still renders: the views switch.
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByRole('tab', { name: 'Explore' })).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});
