// Ranges where the data has them (issue 24): tokio's data.js reports a "± x" per value. Its Explore chart draws them
// as a band over the whole history (over 80 points), as error bars once zoomed to 80 points or fewer, says which
// under the chart, and its tip gives the point's "± x unit".
import path from 'node:path';
import { REAL } from '../real-files.ts';
import { expect, test } from './fixtures.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

test("tokio's data.js: its ± ranges are a band over the history and error bars when zoomed in", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(TOKIO);
  await expect(page.getByTestId('source').first()).toBeVisible({ timeout: 90_000 });
  await page.getByRole('tab', { name: 'Explore' }).click();

  const chart = page.getByTestId('chart').first();
  const svg = chart.locator('svg[viewBox]').first();
  await expect(svg).toBeVisible({ timeout: 30_000 });
  await svg.scrollIntoViewIfNeeded();
  // Over 400 runs: a band.
  await expect(chart.getByTestId('range-legend')).toHaveText('Band: the ± range the data reports for each point.');
  await expect(svg.locator('[aria-label="area"] path')).toHaveCount(1);

  // The tip of a point names its reported range in the series' unit.
  await expect(async () => {
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await expect(chart).toContainText('(reported range)', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  expect(await chart.textContent()).toMatch(/± [\d.,]+ (ns|µs|ms|s) \(reported range\)/);

  // Drag across a tenth of the plot: 80 points or fewer, each with an error bar and no band.
  await expect(async () => {
    const box = (await svg.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.45, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.55, y, { steps: 5 });
    await page.mouse.up();
    await expect(chart.getByTestId('range-legend')).toHaveText(
      'Error bars: the ± range the data reports for each point.',
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 30_000 });
  const zoomed = chart.locator('svg[viewBox]').first();
  await expect(zoomed.locator('[aria-label="area"] path')).toHaveCount(0);
  // The first dot mark is the points' (outliers are ringed by a later one).
  const dots = await zoomed.locator('[aria-label="dot"]').first().locator('circle').count();
  expect(dots).toBeGreaterThan(0);
  expect(dots).toBeLessThanOrEqual(80);
  // Every point has its bar: one vertical rule per point (change markers are rules too, drawn across the plot).
  const bars = await zoomed
    .locator('[aria-label="rule"] line')
    .evaluateAll((lines) =>
      lines.filter(
        (l) => l.getAttribute('x1') === l.getAttribute('x2') && l.getAttribute('y1') !== l.getAttribute('y2'),
      ),
    );
  expect(bars.length).toBeGreaterThanOrEqual(dots);
});
