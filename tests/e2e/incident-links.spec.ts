// The incident view from a chart point and in the share link (issue 24): on tokio's real history, a point picked at
// e2589a0e on ping_pong's chart offers "Show everything that moved at e2589a0e" beside its commit's page, which lists
// the three series that stepped there; the link copied from that view opens the same incident in a new page (the
// opened file comes back from the browser's storage). Data without commit links (a CSV with bare commit ids, opened
// from a URL) gets the same from the keyboard alone, and its link carries the URL and the incident.
import path from 'node:path';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { decodeViewState } from '../../src/lib/share/view-state.ts';
import { REAL } from '../real-files.ts';
import { expect, test } from './fixtures.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
// e2589a0e's commit time in the file is 2021-07-07T10:53:57+02:00: the tip says it in UTC.
const TARGET = { commit: 'e2589a0e', time: '2021-07-07 08:53' };

/** The tip's text with the pointer over run `i` (1-based on the run-order axis) of a chart. */
async function tipAt(page: Page, chart: Locator, run: number): Promise<string> {
  const at = await chart.locator('.plot').evaluate((host, i) => {
    const figure = host.firstElementChild as Element & {
      scale: (name: string) => { apply: (v: number) => number; range: number[] };
    };
    const svg = host.querySelector('svg[viewBox]') as SVGSVGElement;
    const box = svg.getBoundingClientRect();
    const ratio = box.width / svg.viewBox.baseVal.width;
    const y = figure.scale('y').range;
    return { x: box.left + figure.scale('x').apply(i) * ratio, y: box.top + ((y[0] + y[1]) / 2) * ratio };
  }, run);
  await page.mouse.move(at.x, at.y);
  const tip = chart.locator('g[aria-label="tip"]');
  await expect(tip).toContainText('commit:');
  return (await tip.textContent()) ?? '';
}

/** Runs on the chart's run-order axis (its x domain is 1…n). */
const runCount = (chart: Locator) =>
  chart.locator('.plot').evaluate((host) => {
    const figure = host.firstElementChild as Element & { scale: (name: string) => { domain: number[] } };
    return Math.max(...figure.scale('x').domain);
  });

/** Copy link, and open the link copied in a new page of the same browser. */
async function copyAndOpen(page: Page, context: BrowserContext): Promise<Page> {
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-status')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#v1\./);
  const other = await context.newPage();
  await other.goto(link);
  return other;
}

test("tokio: a point picked at e2589a0e on ping_pong's chart opens the incident; its copied link opens it again", async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(TOKIO);
  await expect(page.getByTestId('source').first()).toContainText('data.js', { timeout: 90_000 });
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 90_000 });

  await page.getByRole('tab', { name: 'Explore' }).click();
  await page.getByRole('searchbox', { name: 'Search series' }).fill('ping_pong');
  await page.getByRole('option', { name: /ping_pong · rt_multi_threaded/ }).click();
  const chart = page.getByTestId('chart').first();
  await expect(chart.locator('h3')).toContainText('ping_pong');
  await page.getByRole('combobox', { name: 'x axis' }).selectOption('run');
  await expect(chart.locator('svg[viewBox]').first()).toBeVisible({ timeout: 30_000 });

  // Find e2589a0e's point the way a user would, by pointing: halve the runs by the tip's time, then step to it.
  let low = 1;
  let high = await runCount(chart);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const time = /(\d{4}-\d\d-\d\d \d\d:\d\d) UTC/.exec(await tipAt(page, chart, middle))![1];
    if (time < TARGET.time) low = middle;
    else high = middle;
  }
  let run = 0;
  for (let i = Math.max(1, low - 3); i <= low + 4 && !run; i++)
    if ((await tipAt(page, chart, i)).includes(`commit: ${TARGET.commit}`)) run = i;
  expect(run, 'a run at e2589a0e on the chart').toBeGreaterThan(0);
  await tipAt(page, chart, run);
  await expect(chart.locator('g[aria-label="tip"]')).toContainText('click: open the commit');
  await page.mouse.down();
  await page.mouse.up();

  // Under the chart: the picked run, what moved at its commit, and the commit's own page.
  await expect(chart.getByTestId('picked-run')).toContainText(TARGET.commit);
  await expect(chart.getByTestId('picked-commit')).toHaveAttribute(
    'href',
    /^https:\/\/github\.com\/tokio-rs\/tokio\/commit\/e2589a0e[0-9a-f]{32}$/,
  );
  await chart.getByRole('button', { name: `Show everything that moved at ${TARGET.commit}` }).click();

  const expectIncident = async (at: Page) => {
    await expect(at.getByRole('tab', { name: 'Incident' })).toHaveAttribute('aria-selected', 'true');
    await expect(at.getByTestId('incident-headline')).toHaveText(/^Commit e2589a0e .*: 3 series moved at it/, {
      timeout: 90_000,
    });
    const rows = at.getByTestId('incident-series').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    for (const name of ['ping_pong', 'spawn_many', 'chained_spawn'])
      await expect(rows.filter({ hasText: `${name} · rt_multi_threaded` })).toHaveCount(1);
  };
  await expectIncident(page);

  // Copy link: the incident travels in it; a new page opened on it reopens the kept file at the same incident.
  const other = await copyAndOpen(page, context);
  await expect(other.getByTestId('source').first()).toContainText('data.js', { timeout: 90_000 });
  await expectIncident(other);
  await other.close();
});

test('a CSV with bare commit ids, from a URL: from the keyboard, a run on the chart leads to what moved at its commit', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // Three benchmarks over 30 commits; two of them get 40 % slower at the 20th, which has no page to link to.
  const rows = ['ts,bench,commit,time_ms'];
  for (let run = 0; run < 30; run++)
    for (const [b, bench] of ['parse', 'render', 'save'].entries()) {
      const noise = ((run * 7 + b * 3) % 5) - 2;
      const base = 100 + b * 50 + noise;
      const slower = run >= 19 && bench !== 'save';
      rows.push(
        `2026-01-${String(run + 1).padStart(2, '0')}T00:00:00Z,${bench},c0${String(run).padStart(2, '0')}fee,${slower ? base * 1.4 : base}`,
      );
    }
  // Served from the page's own origin, so the link carries it.
  const url = new URL('data/bench.csv', baseURL).href;
  await context.route(url, (route) => route.fulfill({ body: rows.join('\n'), contentType: 'text/csv' }));
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`./?source=${encodeURIComponent(url)}`);
  await expect(page.getByTestId('source').first()).toContainText('bench.csv', { timeout: 60_000 });
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Explore' }).click();
  await page.getByRole('searchbox', { name: 'Search series' }).fill('parse');
  await page.getByRole('option', { name: /parse/ }).click();
  const chart = page.getByTestId('chart').first();
  await expect(chart.locator('svg[viewBox]').first()).toBeVisible({ timeout: 30_000 });

  // "Pick a run" starts at the regression's first bad run; the arrows move one run; no commit page to open.
  await chart.getByTestId('pick-run').focus();
  await page.keyboard.press('Enter');
  await expect(chart.getByTestId('picked-run')).toContainText('c019fee');
  await chart.getByRole('button', { name: 'Earlier run' }).focus();
  await page.keyboard.press('Enter');
  await expect(chart.getByTestId('picked-run')).toContainText('c018fee');
  await chart.getByRole('button', { name: 'Later run' }).focus();
  await page.keyboard.press('Enter');
  await expect(chart.getByTestId('picked-run')).toContainText('c019fee');
  await expect(chart.getByTestId('picked-commit')).toHaveCount(0);
  await chart.getByTestId('picked-incident').focus();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('tab', { name: 'Incident' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('incident-headline')).toHaveText(/^Commit c019fee .*: 2 series moved at it/, {
    timeout: 60_000,
  });
  const expectIncident = async (at: Page) => {
    await expect(at.getByRole('tab', { name: 'Incident' })).toHaveAttribute('aria-selected', 'true');
    await expect(at.getByTestId('incident-headline')).toHaveText(/^Commit c019fee .*: 2 series moved at it/, {
      timeout: 60_000,
    });
    const listed = at.getByTestId('incident-series').locator('tbody tr');
    await expect(listed).toHaveCount(2);
    await expect(listed.filter({ hasText: 'parse' })).toHaveCount(1);
    await expect(listed.filter({ hasText: 'render' })).toHaveCount(1);
  };
  await expectIncident(page);
  await expect(page.getByTestId('share-status')).toHaveCount(0);
  const other = await copyAndOpen(page, context);
  await expect(page.getByTestId('share-status')).toHaveText('Link copied.');
  await expectIncident(other);
  // On another tab the address leaves the incident out.
  const link = other.url();
  await other.getByRole('tab', { name: 'Overview' }).click();
  await expect.poll(() => other.url()).not.toBe(link);
  // The address is rewritten as the page settles (the source's preview, then DuckDB's): the newest one counts.
  const viewInAddress = () => decodeViewState(new URL(other.url()).hash, DEFAULT_SETTINGS);
  await expect.poll(() => viewInAddress().tab).toBeUndefined(); // the Overview, the default tab
  expect(viewInAddress().incident).toBeUndefined();
  await other.close();
});
