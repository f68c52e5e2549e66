// Units, confidence and messages on real histories (issue 24): mountpoint-s3's peak memory (written in MiB) reads in
// binary units after it replaces the demo, times on axes read 24-hour UTC, a cut-short data.js is named as such, the
// SQL console answers a typo with "did you mean", and control outlines are at least 3 : 1 in both schemes.
import fs from 'node:fs';
import path from 'node:path';
import { REAL } from '../real-files.ts';
import { expect, openDemo, test } from './fixtures.ts';

const MOUNTPOINT_MEMORY = path.join(
  REAL,
  'github_action_benchmark/awslabs_mountpoint-s3_gh-pages/dev/bench/peak_mem_usage/data.js',
);
const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

test("mountpoint-s3's peak memory, opened over the demo, reads in MiB/GiB on the axis and in the tips", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openDemo(page);
  await page.getByTestId('file-input').setInputFiles(MOUNTPOINT_MEMORY);
  await expect(page.getByTestId('source').first()).toContainText('data.js', { timeout: 90_000 });
  await page.getByRole('tab', { name: 'Explore' }).click();
  const select = page.getByTestId('metric-select');
  // The file replaces the demo: its metrics (latency, throughput …) leave the select.
  await expect(select.locator('option', { hasText: 'latency' })).toHaveCount(0, { timeout: 60_000 });
  const memory = await select.locator('option').filter({ hasText: 'memory' }).first().getAttribute('value');
  await select.selectOption(memory!);
  const svg = page.getByTestId('chart').first().locator('svg').first();
  await expect(svg).toBeVisible({ timeout: 30_000 });
  const axis = (await svg.locator('[aria-label="y-axis label"]').textContent()) ?? '';
  expect(axis).toMatch(/^memory \((MiB|GiB)\)/);
  expect(axis).not.toMatch(/\b(MB|GB)\b/);
  await expect(svg.locator('[aria-label="x-axis label"]')).toHaveText('UTC');
  const ticks = await svg.locator('[aria-label="x-axis tick label"] text').allTextContents();
  expect(ticks.join(' ')).not.toMatch(/\b(AM|PM)\b/);
});

test('a cut-short data.js is named as a cut-short github-action-benchmark history', async ({ page }) => {
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  const whole = fs.readFileSync(TOKIO);
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'data.js', mimeType: 'text/javascript', buffer: whole.subarray(0, 20_000) });
  const error = page.getByTestId('message-error').first();
  await expect(error).toContainText('data.js', { timeout: 30_000 });
  await expect(error).toContainText('github-action-benchmark');
  await expect(error).toContainText('cut short');
  await expect(error).not.toContainText('not a format this page recognises');
});

test('the SQL console: a misspelt table or column gets "did you mean"', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: 'SQL' }).click();
  await page.getByLabel('SQL query').fill('SELECT * FROM measurments');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sql-error')).toContainText('No table measurments — did you mean measurements?');
  await expect(page.getByTestId('sql-error')).not.toContainText('Catalog Error');
  await page.getByLabel('SQL query').fill('SELECT metrc FROM measurements');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sql-error')).toContainText('No column metrc — did you mean metric?');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`control outlines are at least 3 : 1 against what is behind them (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openDemo(page);
    const worst = await page.evaluate(() => {
      const rgb = (text: string) => {
        const m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(text);
        return m ? { c: [Number(m[1]), Number(m[2]), Number(m[3])], a: m[4] === undefined ? 1 : Number(m[4]) } : null;
      };
      const luminance = (c: number[]) => {
        const [r, g, b] = c.map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a: number[], b: number[]) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      // What is behind the outline: the first ancestor with an opaque background.
      const behind = (el: Element): number[] => {
        for (let node = el.parentElement; node; node = node.parentElement) {
          const bg = rgb(getComputedStyle(node).backgroundColor);
          if (bg && bg.a === 1) return bg.c;
        }
        return [255, 255, 255];
      };
      const found: { what: string; ratio: number }[] = [];
      for (const el of document.querySelectorAll('input, select, textarea, button')) {
        const style = getComputedStyle(el);
        const box = (el as HTMLElement).getBoundingClientRect();
        if (box.width === 0 || style.visibility === 'hidden' || style.borderTopStyle !== 'solid') continue;
        if (parseFloat(style.borderTopWidth) < 1) continue;
        const border = rgb(style.borderTopColor);
        const own = rgb(style.backgroundColor);
        if (!border || border.a < 1) continue;
        // A filled control (a primary button) is told apart by its fill, not its outline.
        if (own && own.a === 1 && ratio(own.c, behind(el)) >= 3) continue;
        found.push({
          what: `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 20) || el.getAttribute('aria-label') || ''}`,
          ratio: Math.min(ratio(border.c, behind(el)), own && own.a === 1 ? ratio(border.c, own.c) : Infinity),
        });
      }
      return found.sort((a, b) => a.ratio - b.ratio);
    });
    expect(worst.length).toBeGreaterThan(3);
    expect(worst.filter((w) => w.ratio < 3)).toEqual([]);
  });
}
