// The last good…first bad compare link in the Overview's Details (issue 24): on tokio's data.js, with no setting, the
// worst regression's Details links GitHub's compare page from 51fad066 to e2589a0e (the commits the row and the
// evidence name), from the history's own commit pages.
import path from 'node:path';
import { REAL } from '../real-files.ts';
import { expect, test } from './fixtures.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

test("tokio: Details of ping_pong's regression links the compare page of its last good and first bad commits", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 60_000 });
  await page.getByTestId('file-input').setInputFiles(TOKIO);
  await expect(page.getByTestId('source').first()).toBeVisible({ timeout: 90_000 });
  await page.getByRole('tab', { name: 'Overview' }).click();

  const row = page.getByTestId('regressions').locator('tbody tr', { hasText: 'ping_pong' }).first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText('e2589a0e');
  await row.getByRole('button', { name: 'Details' }).click();

  const link = page.getByTestId('compare-link');
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expect(link).toHaveText('compare 51fad066…e2589a0e');
  await expect(link).toHaveAttribute(
    'href',
    /^https:\/\/github\.com\/tokio-rs\/tokio\/compare\/51fad066[0-9a-f]{32}\.\.\.e2589a0e[0-9a-f]{32}$/,
  );
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  // The same last good commit as the Details line names.
  await expect(page.locator('tr.details')).toContainText('last good');
  await expect(page.locator('tr.details code', { hasText: '51fad066' })).toHaveCount(1);
});
