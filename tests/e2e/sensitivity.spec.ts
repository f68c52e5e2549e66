// Sensitivity you can see, on the page: tokio's real history opened, Explore says under a chart how big a shift the
// detector would flag in that series, and the Settings' backtest gives the three counts and lists the alerts.
import path from 'node:path';
import { REAL } from '../real-files.ts';
import { expect, test } from './fixtures.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

test('Explore shows the smallest shift flagged; the backtest shows its three counts and the alerts', async ({
  page,
}) => {
  await page.goto('./?empty');
  await expect(page.getByText(/DuckDB v1\.4\.3/)).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(TOKIO);
  await expect(page.getByTestId('source')).toContainText('data.js');

  await page.getByRole('tab', { name: 'Explore' }).click();
  await page
    .getByRole('listbox', { name: 'Series list' })
    .getByRole('option', { name: /ping_pong/ })
    .click();
  const chart = page.getByTestId('chart').filter({ hasText: 'ping_pong' });
  await expect(chart.locator('svg').first()).toBeVisible();
  // tokio's runners are noisy (~9 % here): nothing under twice that is flagged.
  await expect(chart.getByTestId('sensitivity')).toHaveText(
    /^Sensitivity: would flag a new shift of ±\d+ % or more once 10 runs sit at the new level \(smaller ones need more runs; limited by the [a-z ]+\); noise \d\.\d %\.$/,
  );
  await expect(chart.getByTestId('sensitivity')).toHaveAttribute('title', /after 3 runs: ±\d+\.\d %.*after 30 runs/);

  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Backtest this α on the history' }).click();
  const counts = page.getByTestId('backtest-counts');
  await expect(counts).toBeVisible({ timeout: 60_000 });
  await expect(counts).toContainText(/alerts at α 0\.001\s*\d+/);
  await expect(counts).toContainText(/more at α 0\.01\s*\+\d+/);
  await expect(counts).toContainText(/fewer at α 0\.0001\s*−\d+/);
  await expect(page.getByTestId('backtest-sentence')).toContainText(
    /^At this sensitivity \(α 0\.001\) your whole history would have alerted \d+ times/,
  );
  // The list of alerts names send_medium's +82 % at 8efa6201 (Dec 2020).
  await page.getByText(/^Alerts at α 0\.001 \(\d+\)$/).click();
  await expect(page.getByTestId('backtest')).toContainText(/8efa6201\s*send_medium · sync_mpsc · time\s*\+8\d\.\d%/);
});
