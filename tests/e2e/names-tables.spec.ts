// Names that tell series apart and tables that fit, on real histories (django's asv results, tokio's data.js) and the
// demo at 1366, 1024 and 390 px: a table fits its box or scrolls inside it with its first column fixed, a phone shows
// a card per row, the evidence chart under a finding keeps its y-axis in view, and shortened names keep rows, chips
// and facets apart while hover and the accessible name say them whole.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { asvFiles, openReal, TOKIO } from './real-histories.ts';

interface TableFit {
  table: string;
  width: number;
  box: number;
  scrolls: boolean;
  stickyFirst: boolean;
}

/** Every visible table: its width, the width of the box it scrolls in (or its parent), and whether its first column
 *  is fixed. */
function tables(page: Page): Promise<TableFit[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main table')]
      .filter((t) => (t as HTMLElement).offsetParent !== null)
      .map((table) => {
        let box = table.parentElement!;
        while (box !== document.body && getComputedStyle(box).overflowX === 'visible') box = box.parentElement!;
        const scrolls = box !== document.body && box.scrollWidth > box.clientWidth + 1;
        const first = table.querySelector('tbody tr:not(.details) td:first-child');
        return {
          table: table.getAttribute('data-testid') ?? 'table',
          width: Math.round(table.getBoundingClientRect().width),
          box: Math.round(box === document.body ? table.parentElement!.clientWidth : box.clientWidth),
          scrolls,
          stickyFirst: !!first && getComputedStyle(first).position === 'sticky',
        };
      }),
  );
}

/** Tables wider than their box that do not scroll inside it with a fixed first column. */
function misfits(fits: TableFit[]): string[] {
  return fits
    .filter((f) => f.width > f.box + 1 && !(f.scrolls && f.stickyFirst))
    .map((f) => `${f.table}: ${f.width} px in ${f.box} px${f.scrolls ? ', first column not fixed' : ', no scroller'}`);
}

async function compareRuns(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Compare by').selectOption('run');
  const options = page.getByLabel('Side A').locator('option');
  await expect(options.nth(1)).toBeAttached();
  await page.getByLabel('Side A').selectOption((await options.nth(1).getAttribute('value'))!);
  await page.getByLabel('Side B').selectOption((await options.nth(0).getAttribute('value'))!);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByTestId('compare').locator('tbody tr').first()).toBeVisible({ timeout: 60_000 });
}

for (const width of [1366, 1024]) {
  test(`django's asv history at ${width} px: Regressions, Trends and Compare fit their boxes`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width, height: 900 });
    await openReal(page, asvFiles());
    await page.getByRole('combobox', { name: 'Show' }).selectOption('all');
    await expect(page.getByTestId('trends').locator('tbody tr')).not.toHaveCount(0);
    const overview = await tables(page);
    test.info().annotations.push({ type: 'tables', description: JSON.stringify(overview) });
    expect(overview.map((t) => t.table)).toContain('trends');
    expect(misfits(overview)).toEqual([]);
    // Every column of Trends is in view at a laptop width, the Theil–Sen and Mann–Kendall ones included.
    const trends = overview.find((t) => t.table === 'trends')!;
    expect(trends.width).toBeLessThanOrEqual(trends.box + 1);

    await compareRuns(page);
    const compared = await tables(page);
    test.info().annotations.push({ type: 'compare', description: JSON.stringify(compared) });
    expect(misfits(compared)).toEqual([]);
    // The Series column: the whole name on hover and as the button's name, one text per series.
    const buttons = page.getByTestId('compare').locator('tbody td:first-child button');
    const seen = await buttons.evaluateAll((els) =>
      els.map((b) => ({
        title: b.getAttribute('title'),
        name: b.getAttribute('aria-label'),
        text: b.textContent!.trim(),
      })),
    );
    expect(seen.length).toBeGreaterThan(10);
    for (const s of seen) {
      expect(s.name).toBe(s.title);
      if (s.text !== s.title) expect(s.text).toContain('…');
    }
    const textOf = new Map<string, string>();
    for (const s of seen) textOf.set(s.title!, s.text);
    expect(new Set(textOf.values()).size).toBe(textOf.size);
  });
}

test('a table wider than its box scrolls inside it and keeps its first column in place', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 760, height: 900 });
  await openReal(page, asvFiles());
  await page.getByRole('combobox', { name: 'Show' }).selectOption('all');
  const table = page.getByTestId('trends');
  await expect(table.locator('tbody tr')).not.toHaveCount(0);
  const box = page.getByRole('region', { name: 'Trends' });
  expect(await box.evaluate((b) => b.scrollWidth > b.clientWidth)).toBe(true);
  // The page itself does not scroll sideways: the table's box does.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(760);
  const firstCell = table.locator('tbody tr').first().locator('td').first();
  const secondCell = table.locator('tbody tr').first().locator('td').nth(1);
  const before = (await firstCell.boundingBox())!;
  const secondBefore = (await secondCell.boundingBox())!;
  await box.evaluate((b) => (b.scrollLeft = 200));
  await expect.poll(async () => (await secondCell.boundingBox())!.x).toBeLessThan(secondBefore.x - 100);
  expect(Math.abs((await firstCell.boundingBox())!.x - before.x)).toBeLessThanOrEqual(1);
});

test("tokio at 1024 px: Details under a regression keeps the evidence chart's y-axis in view", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1024, height: 800 });
  await openReal(page, [TOKIO]);
  const regressions = page.getByTestId('regressions');
  const fits = await tables(page);
  test.info().annotations.push({ type: 'tables', description: JSON.stringify(fits) });
  expect(misfits(fits)).toEqual([]);
  expect(fits.find((t) => t.table === 'regressions')!.scrolls).toBe(false);
  await regressions.locator('tbody tr').first().getByRole('button', { name: 'Details' }).click();
  const svg = page.getByTestId('evidence-chart').locator('svg[viewBox]');
  await expect(svg).toBeVisible({ timeout: 30_000 });
  const box = (await page.getByRole('region', { name: 'Regressions' }).boundingBox())!;
  const ticks = await svg
    .locator('g[aria-label="y-axis tick label"] text')
    .evaluateAll((els) => els.map((t) => t.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
  expect(ticks.length).toBeGreaterThan(1);
  for (const t of ticks) {
    expect(t.left).toBeGreaterThanOrEqual(box.x - 1);
    expect(t.right).toBeLessThanOrEqual(box.x + box.width + 1);
  }
  expect(misfits(await tables(page))).toEqual([]);
});

test('on a phone, Overview and Compare show a card per row with the change and the commit', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await openReal(page, [TOKIO]);
  const cards = async (testid: string) =>
    page
      .getByTestId(testid)
      .locator('tbody tr:not(.details)')
      .evaluateAll((rows) =>
        rows.map((tr) => {
          const box = tr.closest('[data-testid="table-box"]')!.getBoundingClientRect();
          const r = tr.getBoundingClientRect();
          // A cell as the card shows it: its column's name (drawn before it) and its text.
          const cell = (label: string) => {
            const td = tr.querySelector<HTMLElement>(`td[data-label="${label}"]`);
            if (!td || td.offsetParent === null) return '';
            return `${getComputedStyle(td, '::before').content.replace(/"/g, '')}${td.innerText.trim()}`;
          };
          return {
            display: getComputedStyle(tr).display,
            inside: r.left >= box.left - 1 && r.right <= box.right + 1,
            change: cell('Change'),
            commit: cell('First bad'),
          };
        }),
      );
  const overview = await cards('regressions');
  expect(overview.length).toBeGreaterThan(0);
  await expect(page.getByTestId('regressions').locator('thead')).toBeHidden();
  for (const card of overview) {
    expect(card.display).toBe('flex');
    expect(card.inside).toBe(true);
    expect(card.change).toMatch(/^Change\s+[-+]\d+(\.\d+)?%$/);
    expect(card.commit).toMatch(/^First bad\s+[0-9a-f]{7,}/);
  }
  expect(misfits(await tables(page))).toEqual([]);

  await compareRuns(page);
  await expect(page.getByTestId('compare-sides')).toContainText(/A: run group /);
  const compared = await cards('compare');
  expect(compared.length).toBeGreaterThan(0);
  for (const card of compared) {
    expect(card.display).toBe('flex');
    expect(card.inside).toBe(true);
    expect(card.change).toMatch(/^Change\s+([-+]?\d+(\.\d+)?%|—)/);
  }
  expect(misfits(await tables(page))).toEqual([]);
});

test('on a phone, Explore shows the chart first, and in view after a series is picked', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await openReal(page, [TOKIO]);
  await page.getByRole('tab', { name: 'Explore' }).click();
  const chart = page.getByTestId('chart').first();
  await expect(chart.locator('svg[viewBox]')).toBeVisible({ timeout: 30_000 });
  const list = page.getByRole('listbox', { name: 'Series list' });
  const chartTop = (await chart.boundingBox())!.y;
  expect(chartTop).toBeLessThan((await list.boundingBox())!.y);
  const option = list.getByRole('option').nth(3);
  await option.scrollIntoViewIfNeeded();
  const name = await option.getAttribute('title');
  await option.click();
  await expect(chart.locator('h3')).toHaveText(name!);
  await expect
    .poll(async () => {
      const box = (await chart.boundingBox())!;
      return box.y >= -1 && box.y < 844 / 2;
    })
    .toBe(true);
});

test("names: django's list rows and chips say the whole name on hover and as their name, and no two look alike", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await openReal(page, asvFiles());
  await page.getByRole('tab', { name: 'Explore' }).click();
  const list = page.getByRole('listbox', { name: 'Series list' });
  await expect(list.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  const rows = async () =>
    list.getByRole('option').evaluateAll((els) =>
      els.map((li) => {
        const label = li.querySelector('.label')!;
        return {
          title: li.getAttribute('title')!,
          name: li.getAttribute('aria-label'),
          text: label.textContent!.trim(),
          clipped: label.scrollHeight > label.clientHeight + 1 || label.scrollWidth > label.clientWidth + 1,
        };
      }),
    );
  for (const scroll of [0, 2000, 6000]) {
    await list.evaluate((l, top) => (l.scrollTop = top), scroll);
    await page.waitForTimeout(200);
    const seen = await rows();
    expect(seen.length).toBeGreaterThan(5);
    const textOf = new Map(seen.map((r) => [r.title, r.text]));
    expect(new Set(textOf.values()).size, `rows at ${scroll} px`).toBe(textOf.size);
    for (const r of seen) {
      expect(r.name).toBe(r.title);
      expect(r.clipped, `"${r.text}" is cut off by its row`).toBe(false);
      // What a row shows comes from its name: the pieces between ellipses are in it, in order.
      const pieces = r.text.split('…').filter(Boolean);
      let at = 0;
      for (const piece of pieces) {
        const found = r.title.indexOf(piece, at);
        expect(found, `"${r.text}" in "${r.title}"`).toBeGreaterThanOrEqual(0);
        at = found + piece.length;
      }
    }
  }
  // The form benchmarks, alike at the start: rows keep the end that tells them apart.
  await page.getByLabel('Search series').fill('form_benchmarks');
  await expect(page.getByTestId('series-count')).not.toContainText(/^\s*0 series/);
  await page.waitForTimeout(500);
  const complex = await rows();
  expect(complex.length).toBeGreaterThan(3);
  expect(new Set(complex.map((r) => r.text)).size).toBe(new Set(complex.map((r) => r.title)).size);
  for (const r of complex) expect(r.title.endsWith(r.text.split('…').at(-1)!)).toBe(true);
  await page.getByLabel('Search series').fill('');

  // Chips: the hover text is the value, not a count; chips of one dimension never read alike.
  const chips = await page.locator('aside fieldset').evaluateAll((sets) =>
    sets.map((f) =>
      [...f.querySelectorAll('button.chip')].map((b) => ({
        title: b.getAttribute('title')!,
        name: b.getAttribute('aria-label')!,
        text: b.textContent!.trim(),
        clipped: b.scrollWidth > b.clientWidth + 1,
      })),
    ),
  );
  const all = chips.flat();
  expect(all.length).toBeGreaterThan(5);
  for (const chip of all) {
    expect(chip.title).not.toMatch(/^\d+ series$/);
    expect(chip.name.startsWith(chip.title)).toBe(true);
    expect(chip.clipped, `chip "${chip.text}" is cut off`).toBe(false);
  }
  for (const set of chips) expect(new Set(set.map((c) => c.text)).size).toBe(set.length);
  const formRender = all.filter((c) => c.title.startsWith('form_benchmarks.form_r'));
  expect(formRender.length).toBeGreaterThanOrEqual(2);
  expect(new Set(formRender.map((c) => c.text)).size).toBe(formRender.length);
});

test('names: the demo rows that differ only by precision read differently, and facet labels are whole', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('./');
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Explore' }).click();
  const list = page.getByRole('listbox', { name: 'Series list' });
  const seen = await list.getByRole('option').evaluateAll((els) =>
    els.map((li) => {
      const label = li.querySelector('.label')!;
      return {
        title: li.getAttribute('title')!,
        text: label.textContent!.trim(),
        clipped: label.scrollHeight > label.clientHeight + 1 || label.scrollWidth > label.clientWidth + 1,
      };
    }),
  );
  const precision = seen.filter((r) => /fp(16|32)$/.test(r.title));
  expect(precision.length).toBeGreaterThanOrEqual(4);
  expect(new Set(precision.map((r) => r.text)).size).toBe(precision.length);
  for (const r of precision) expect(r).toMatchObject({ clipped: false, text: expect.stringMatching(/fp(16|32)$/) });

  // Facet labels: drawn whole inside the chart.
  await list.getByRole('option').nth(0).click();
  await list
    .getByRole('option')
    .nth(1)
    .click({ modifiers: ['Control'] });
  await list
    .getByRole('option')
    .nth(5)
    .click({ modifiers: ['Control'] });
  await page.getByLabel('Facet by dimension').selectOption('hardware');
  const svg = page.getByTestId('chart').locator('svg[viewBox]:not([class$="-ramp"])');
  await expect(svg.locator('g[aria-label="fy-axis tick label"] text').first()).toBeVisible({ timeout: 30_000 });
  const labels = await svg.evaluate((s) => {
    const frame = s.getBoundingClientRect();
    return [...s.querySelectorAll('g[aria-label="fy-axis tick label"] text')].map((t) => ({
      text: t.textContent,
      inside: t.getBoundingClientRect().right <= frame.right + 1,
    }));
  });
  expect(labels.length).toBeGreaterThan(0);
  for (const l of labels) expect(l, `${l.text}`).toMatchObject({ inside: true });
});

test("tokio's facet labels are whole: rt_multi_threaded is not clipped", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 800 });
  await openReal(page, [TOKIO]);
  await page.getByRole('tab', { name: 'Explore' }).click();
  const list = page.getByRole('listbox', { name: 'Series list' });
  await list.getByRole('option').filter({ hasText: 'ping_pong' }).first().click();
  await list
    .getByRole('option')
    .filter({ hasText: 'read_uncontended' })
    .first()
    .click({ modifiers: ['Control'] });
  await page.getByLabel('Facet by dimension').selectOption('suite');
  const svg = page.getByTestId('chart').locator('svg[viewBox]:not([class$="-ramp"])');
  const ticks = svg.locator('g[aria-label="fy-axis tick label"] text');
  await expect(ticks.first()).toBeVisible({ timeout: 30_000 });
  const labels = await svg.evaluate((s) => {
    const frame = s.getBoundingClientRect();
    return [...s.querySelectorAll('g[aria-label="fy-axis tick label"] text')].map((t) => ({
      text: t.textContent,
      inside: t.getBoundingClientRect().right <= frame.right + 1,
    }));
  });
  expect(labels.map((l) => l.text)).toContain('rt_multi_threaded');
  for (const l of labels) expect(l, `${l.text}`).toMatchObject({ inside: true });
});
