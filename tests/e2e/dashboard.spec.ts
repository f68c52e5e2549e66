import fs from 'node:fs';
import path from 'node:path';
import { FLAT, expect, test } from './fixtures.ts';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { decodeViewState } from '../../src/lib/share/view-state.ts';

async function overview(page: import('@playwright/test').Page) {
  await page.goto('./');
  await expect(page.getByTestId('regressions').locator('tbody tr')).toHaveCount(6, { timeout: 30_000 });
}

test('overview: ranked regressions with sparklines, filters, search, triage that survives a reload', async ({
  page,
}) => {
  await overview(page);
  await expect(page.getByTestId('summary')).toContainText('6 regressions in the whole history');
  await expect(page.getByTestId('latest')).toContainText('The newest run');
  const rows = page.getByTestId('regressions').locator('tbody tr:not(.details)');
  await expect(rows.first()).toContainText('critical');
  await expect(rows.first()).toContainText('+25.1%');
  await expect(page.getByTestId('sparkline').first().locator('polyline')).toBeAttached();
  await page.getByLabel('Severity').selectOption('critical');
  await expect(rows).toHaveCount(1);
  await page.getByLabel('Severity').selectOption('all');
  await page.getByLabel('Search regressions').fill('t5-small');
  await expect(rows).toHaveCount(2);
  await page.getByLabel('Search regressions').fill('');

  await page
    .getByLabel('Triage status of latency of vit-base · webgpu · Chrome WebGPU · batch_size=1 · fp32')
    .selectOption('investigating');
  await rows.first().getByRole('button', { name: 'Details' }).click();
  await page.getByLabel('Triage note').fill('bisecting the shader change');
  await page.getByLabel('Triage note').press('Tab');
  await page.getByLabel('Issue link').fill('https://github.com/example/repo/issues/42');
  await page.getByLabel('Issue link').press('Tab');
  await expect(page.getByRole('link', { name: 'open issue' })).toHaveAttribute(
    'href',
    'https://github.com/example/repo/issues/42',
  );
  await page
    .getByLabel('Triage status of throughput of vit-base · webgpu · Chrome WebGPU · batch_size=1 · fp32')
    .selectOption('false_positive');
  await expect(rows).toHaveCount(5); // "open" hides false positives

  await page.reload();
  await expect(rows).toHaveCount(5, { timeout: 30_000 });
  await expect(
    page.getByLabel('Triage status of latency of vit-base · webgpu · Chrome WebGPU · batch_size=1 · fp32'),
  ).toHaveValue('investigating');
  await page.getByLabel('Triage status filter').selectOption('all');
  await expect(rows).toHaveCount(6);
});

test('reports: Markdown and self-contained HTML downloads with the evidence', async ({ page, browser }) => {
  await overview(page);
  const [md] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Markdown' }).click(),
  ]);
  const markdown = fs.readFileSync((await md.path())!, 'utf8');
  for (const section of ['## Summary', '## Regressions', '## Trends', '### Evidence', '**Period:**'])
    expect(markdown).toContain(section);
  expect(markdown).toContain('Open this view:');

  const [html] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download HTML report' }).click(),
  ]);
  expect(html.suggestedFilename()).toBe('perftrack-report.html');
  const file = test.info().outputPath('report.html');
  await html.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).not.toMatch(/<script|<link /i);
  // Open the report itself in a browser with no network at all: everything must be inside the file.
  const context = await browser.newContext();
  const report = await context.newPage();
  const requests: string[] = [];
  report.on('request', (r) => requests.push(r.url()));
  await report.goto('file://' + file);
  await expect(report.locator('h1')).toContainText('Performance report');
  await expect(report.locator('#summary')).toContainText('6 regressions');
  await expect(report.locator('figure svg').first()).toBeVisible();
  await expect(report.locator('table').first()).toContainText('vit-base');
  expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  await context.close();
});

test('series view: annotations, facets, zoom, log scale and chart downloads', async ({ page }) => {
  await overview(page);
  await page
    .getByRole('button', { name: 'bert-base-uncased · cuda · NVIDIA A100 · batch_size=1 · sequence_length=128 · fp32' })
    .first()
    .click();
  const chart = page.getByTestId('chart').first();
  await expect(chart.locator('svg')).toBeVisible();
  await expect(chart).toContainText(/[-+]\d+\.\d%/); // the change point, drawn where the first bad sample is
  await expect(chart).toContainText('v1.7.0'); // version annotations
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: /as SVG/ }).click(),
  ]);
  expect(fs.readFileSync((await svg.path())!, 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: /as PNG/ }).click(),
  ]);
  expect(
    fs
      .readFileSync((await png.path())!)
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');

  await page.getByRole('button', { name: '7 d' }).click();
  await expect(page.getByLabel('From date')).toHaveValue('2026-11-13');
  await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: 'All', exact: true }).click();
  await page.getByLabel('log scale').check();

  await page.getByRole('group', { name: 'model' }).getByRole('button', { name: 'bert-base-uncased' }).click();
  const list = page.getByRole('listbox', { name: 'Series list' });
  await list.getByRole('option').nth(0).click();
  await list
    .getByRole('option')
    .nth(4)
    .click({ modifiers: ['Control'] });
  await list
    .getByRole('option')
    .nth(8)
    .click({ modifiers: ['Control'] });
  await page.getByLabel('Facet by dimension').selectOption('hardware');
  await expect(page.getByTestId('chart')).toHaveCount(1);
  await expect(page.getByTestId('chart')).toContainText(/(latency|throughput) by hardware/);
  // The plot itself, not a colour legend a redrawing chart may show beside it for a moment.
  const plot = page.getByTestId('chart').locator('svg[viewBox]:not([class$="-ramp"])');
  for (const hw of ['cuda', 'rocm', 'webgpu']) await expect(plot).toContainText(hw);
});

test('compare: two versions side by side with significance and a chart of the selected row', async ({ page }) => {
  await overview(page);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect(page.getByLabel('Side B')).toHaveValue('v1.7.0');
  await expect(page.getByLabel('Side A')).toHaveValue('v1.6.0');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const rows = page.getByTestId('compare').locator('tbody tr');
  await expect(rows.first()).toContainText('worse');
  await expect(page.getByTestId('compare-count')).toContainText('72 compared');
  await rows.nth(1).click();
  await expect(page.getByTestId('compare-chart').locator('svg')).toBeVisible();
  await page.getByLabel('Compare by').selectOption('commit');
  // Commits are picked in a searchable picker; its defaults are the newest commit and the one before it.
  await expect(page.getByRole('combobox', { name: 'Side A' })).not.toHaveAttribute('placeholder', /^Search/, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  // One result per commit and no raw samples in this source: each pair is judged against how much consecutive runs
  // of its series differ in the history, and the table says how many differ as much.
  await expect(page.getByTestId('compare').locator('tbody tr').first()).toContainText('run-to-run history');
  await expect(page.getByTestId('compare').locator('tbody tr').first()).toContainText(
    /\d+ of \d+ runs differ as\s+much/,
  );
});

test('settings: method and thresholds change the verdicts, persist, and reset', async ({ page }) => {
  await overview(page);
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel(/Percent vs baseline/).check();
  // The default window holds the whole history, which leaves the percent method no baseline: it judges the newest run.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByTestId('percent-window')).toContainText(
    'compared the newest run with the mean of the 7 days before it',
  );
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('Detection window in days').fill('1');
  await page.getByLabel('Detection window in days').press('Tab');
  await page.getByLabel('Threshold for latency').fill('20');
  await page.getByLabel('Threshold for latency').press('Tab');
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByTestId('summary')).toContainText('in the last 1 days');
  await expect(page.getByText('percent method ·')).toBeVisible();
  await expect(page.getByTestId('percent-window')).toHaveCount(0);
  // The settings are written to IndexedDB as they change; a reload must not overtake the last write.
  const storedLatencyThreshold = () =>
    page.evaluate(
      () =>
        new Promise<number | null>((resolve) => {
          const open = indexedDB.open('keyval-store');
          open.onerror = () => resolve(null);
          open.onsuccess = () => {
            const request = open.result.transaction('keyval').objectStore('keyval').get('perftrack:settings');
            request.onerror = () => resolve(null);
            request.onsuccess = () => resolve(request.result?.thresholds?.latency ?? null);
          };
        }),
    );
  await expect.poll(storedLatencyThreshold).toBe(20);
  // The address follows the view 300 ms after its last change (App.svelte), and a link's settings win over the
  // stored ones: reload only once the address carries the new threshold.
  const linkedLatencyThreshold = async () =>
    decodeViewState(new URL(page.url()).hash, DEFAULT_SETTINGS).settings?.thresholds.latency ?? null;
  await expect.poll(linkedLatencyThreshold).toBe(20);
  await page.reload();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByText('percent method ·')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('Threshold for latency')).toHaveValue('20');
  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByTestId('regressions').locator('tbody tr')).toHaveCount(6);
});

test('share link round trip: the same view opens in a new page; local files are flagged', async ({ page, context }) => {
  await overview(page);
  await page
    .getByRole('button', { name: 't5-small · rocm · AMD MI250 · batch_size=1 · sequence_length=128 · fp32' })
    .first()
    .click();
  await page.getByTestId('metric-select').selectOption('latency');
  await page.getByLabel('Facet by dimension').selectOption('');
  await page.getByRole('button', { name: '30 d' }).click();
  await expect(page).toHaveURL(/#v1\./);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-status')).toHaveText('Link copied.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link.length).toBeLessThan(1000);
  await page.close(); // the link has to stand on its own (and two DuckDBs starting at once strain 2 cores)

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole('tab', { name: 'Explore' })).toHaveAttribute('aria-selected', 'true', {
    timeout: 30_000,
  });
  await expect(other.getByTestId('metric-select')).toHaveValue('latency');
  await expect(other.getByTestId('chart').locator('h3')).toContainText('t5-small · rocm');
  await expect(other.getByLabel('From date')).toHaveValue('2026-10-21');

  await other.getByTestId('file-input').setInputFiles(path.join(FLAT, 'long-format.csv'));
  await expect(other.getByTestId('source')).toHaveCount(2, { timeout: 30_000 }); // waits for DuckDB (the view came from the preview)
  await other.getByTestId('copy-link').click();
  await expect(other.getByTestId('share-status')).toContainText(
    'long-format.csv was opened from this computer and cannot travel in a link',
  );
  await expect(other.getByTestId('share-status').getByRole('button', { name: 'Download HTML report' })).toBeVisible();
});

test('a crafted link cannot inject markup or run SQL', async ({ page }) => {
  const payload = {
    m: '<img src=x onerror="window.__pwned=1">',
    t: 'sql',
    q: '"><script>window.__pwned=2</script>',
    s: ['javascript:alert(1)'],
  };
  const { deflateSync, strToU8 } = await import('fflate');
  const bytes = deflateSync(strToU8(JSON.stringify(payload)));
  const hash = 'v1.' + Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  await page.goto(`./#${hash}`);
  await expect(page.getByRole('tab', { name: 'SQL' })).toHaveAttribute('aria-selected', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb');
  await page.getByRole('tab', { name: 'Explore' }).click();
  // The hostile search text is just text: it matches no series and runs nothing.
  await expect(page.getByLabel('Search series')).toHaveValue('"><script>window.__pwned=2</script>');
  await expect(page.getByTestId('series-count')).toContainText('0 series');
  await page.getByLabel('Search series').fill('');
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src=x]')).toHaveCount(0);
});

test('narrow window and dark mode stay usable', async ({ page }) => {
  await page.setViewportSize({ width: 420, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await overview(page);
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(17, 21, 27)');
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThan(40);
});
