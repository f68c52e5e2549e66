// The page at real-world size: other projects' histories (tests/fixtures/real) opened at a laptop and a phone width, in
// light and dark. Nothing may stick out of the page or out of its box, change labels in a chart may not overlap, tick
// labels stay inside their chart, and text keeps a readable contrast against what is behind it.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { REAL } from '../real-files.ts';
import { expect, test } from './fixtures.ts';
import { asvFiles, openReal, TOKIO } from './real-histories.ts';

const GAB = path.join(REAL, 'github_action_benchmark');
const HISTORIES = [
  TOKIO,
  path.join(GAB, 'awslabs_mountpoint-s3_gh-pages/dev/bench/data.js'),
  path.join(GAB, 'benchmark-action_github-action-benchmark_gh-pages/dev/bench/data.js'),
];
const TABS = ['Overview', 'Grid', 'Explore', 'Compare', 'Incident', 'Notifications', 'Settings'];

/** Elements that stick out of the viewport or of their parent, outside any scrolling box. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible') return true;
      }
      return false;
    };
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    for (const el of document.querySelectorAll('header *, main *, .messages *, .sources *')) {
      if (el.closest('svg') || inScroller(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const parent = el.parentElement!.getBoundingClientRect();
      if (box.right > width + 1)
        out.push(`${name(el)} ends at ${Math.round(box.right)} px, past the window (${width} px)`);
      else if (box.right > parent.right + 1 && getComputedStyle(el).position !== 'absolute')
        out.push(`${name(el)} sticks out of its parent by ${Math.round(box.right - parent.right)} px`);
    }
    return out;
  });
}

/** In every chart: tick labels inside the SVG, and no two text labels of the marks overlapping. */
function chartProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const svg of document.querySelectorAll('figure svg[viewBox]')) {
      const frame = svg.getBoundingClientRect();
      const ticks = svg.querySelectorAll(
        'g[aria-label="y-axis tick label"] text, g[aria-label="x-axis tick label"] text',
      );
      for (const t of ticks) {
        const b = t.getBoundingClientRect();
        if (b.left < frame.left - 1 || b.right > frame.right + 1) out.push(`tick label "${t.textContent}" cut off`);
      }
      const labels = [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => ({
        text: t.textContent,
        box: t.getBoundingClientRect(),
      }));
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          const a = labels[i].box;
          const b = labels[j].box;
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
            out.push(`labels "${labels[i].text}" and "${labels[j].text}" overlap`);
        }
      }
    }
    return out;
  });
}

/** Text whose contrast against its background is below WCAG AA (4.5:1; 3:1 for large or bold ≥ 14 px text). */
function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (text: string) => (text.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const c = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const background = (el: Element): number[] => {
      for (let p: Element | null = el; p; p = p.parentElement) {
        const c = rgb(getComputedStyle(p).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
      }
      return rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('svg') || el.closest('[hidden]')) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (!own) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none' || (el as HTMLElement).offsetParent === null)
        continue;
      if ((el as HTMLButtonElement).disabled) continue;
      const fg = luminance(rgb(style.color));
      const bg = luminance(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.5 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`"${el.textContent!.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
    }
    return [...new Set(out)].slice(0, 20);
  });
}

async function checkEveryTab(page: Page): Promise<void> {
  for (const tab of TABS) {
    await page.getByRole('tab', { name: tab }).click();
    if (tab === 'Explore')
      await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible({ timeout: 30_000 });
    await page.waitForTimeout(300);
    expect(await overflowing(page), `${tab}: nothing sticks out`).toEqual([]);
    expect(await lowContrast(page), `${tab}: readable contrast`).toEqual([]);
    if (tab === 'Explore') expect(await chartProblems(page), 'charts').toEqual([]);
  }
}

for (const [width, height, scheme] of [
  [1366, 900, 'light'],
  [1366, 900, 'dark'],
  [390, 844, 'light'],
  [390, 844, 'dark'],
] as const) {
  test(`real github-action-benchmark histories at ${width} px, ${scheme}: nothing overflows or overlaps, text is readable`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await openReal(page, HISTORIES);
    await checkEveryTab(page);
  });
}

test("django's asv history (759 result files) with its long names: the list shortens them, hover and chart title say them whole", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await openReal(page, asvFiles());
  await checkEveryTab(page);
  await page.getByRole('tab', { name: 'Explore' }).click();
  const option = page.getByRole('option').filter({ hasText: 'QueryDeleteRel' }).first();
  await option.scrollIntoViewIfNeeded();
  const full = await option.getAttribute('title');
  expect(full).toContain('query_benchmarks.query_delete_related.benchmark.QueryDeleteRel.time_query_del_rel');
  await option.click();
  await expect(page.getByTestId('chart').first().locator('h3')).toHaveText(full!);
});

test('keyboard: the hidden file inputs are no tab stops, the tabs move with the arrow keys', async ({ page }) => {
  await page.goto('./?empty');
  await page.getByRole('button', { name: 'Open files…' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Open folder…' })).toBeFocused();
  await page.getByRole('tab', { name: 'Overview' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Grid' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Grid' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Settings' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tablist')).toHaveCount(1);
});

test('10,000 series: the list keeps only the rows in view in the page and scrolls to the last one', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const rows = ['suite,case,ts,time_ns'];
  for (let s = 0; s < 100; s++) {
    for (let c = 0; c < 100; c++)
      for (let d = 0; d < 3; d++)
        rows.push(
          `group_${String(s).padStart(2, '0')},case_${String(c).padStart(2, '0')},2026-01-0${d + 1}T00:00:00Z,${1000 + s + c + d}`,
        );
  }
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('series-count')).toContainText('10,000 series', { timeout: 60_000 });
  const options = page.getByRole('option');
  expect(await options.count()).toBeLessThan(80);
  await page.getByRole('listbox', { name: 'Series list' }).evaluate((list) => (list.scrollTop = list.scrollHeight));
  await expect(page.getByRole('option').filter({ hasText: 'group_99' }).filter({ hasText: 'case_99' })).toBeVisible();
  expect(await options.count()).toBeLessThan(80);
});
