// A phone (390 × 844) on real histories (issue 24): with a series picked, Explore's chart starts on the first screen
// (the header, notes and opened sources are compact there; notes fold into one line with a toggle), Compare's cards
// show each row's commit, and nothing sticks out of the page.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { asvFiles, openReal, TOKIO } from './real-histories.ts';

// The first screen of a 390 × 844 phone, less the browser's own bars.
const FIRST_SCREEN = 400;

async function openOnPhone(page: Page, files: string | string[]): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await openReal(page, files);
}

/** The top of the first chart in the page (not the window: picking a series scrolls to it). */
const chartTop = (page: Page) =>
  page
    .getByTestId('chart')
    .first()
    .evaluate((el) => Math.round(el.getBoundingClientRect().top + window.scrollY));

const pageOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const [name, files, series] of [
  ['tokio', TOKIO, 'ping_pong'],
  ['django asv', asvFiles(), 'query_benchmarks.query_aggregate'],
] as const) {
  test(`${name}: on a phone, Explore's chart with a picked series starts on the first screen`, async ({ page }) => {
    test.setTimeout(180_000);
    await openOnPhone(page, typeof files === 'string' ? files : [...files]);
    await page.getByRole('tab', { name: 'Explore' }).click();
    await page.getByRole('searchbox', { name: 'Search series' }).fill(series);
    await page
      .getByRole('option', { name: new RegExp(series) })
      .first()
      .click();
    await expect(page.getByTestId('chart').first().locator('h3')).toContainText(series);
    await expect(page.getByTestId('chart').first().locator('svg').first()).toBeVisible({ timeout: 30_000 });
    const top = await chartTop(page);
    console.log(`${name}: Explore's first chart starts at y = ${top} px at 390 px`);
    expect(top).toBeLessThanOrEqual(FIRST_SCREEN);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
  });
}

test('tokio: notes fold into one line on a phone and open with their toggle', async ({ page }) => {
  test.setTimeout(180_000);
  await openOnPhone(page, TOKIO);
  const toggle = page.getByTestId('messages-toggle');
  await expect(toggle).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('[data-testid^="message-"]').first()).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('[data-testid^="message-"]').first()).toBeVisible();
  // At a laptop's width the notes are open as before, with no toggle.
  await page.setViewportSize({ width: 1366, height: 800 });
  await expect(toggle).toBeHidden();
  await expect(page.locator('[data-testid^="message-"]').first()).toBeVisible();
});

test("tokio: Compare's phone cards show each row's change and commit", async ({ page }) => {
  test.setTimeout(180_000);
  await openOnPhone(page, TOKIO);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Compare by').selectOption('commit');
  const sideA = page.getByRole('combobox', { name: 'Side A' });
  const sideB = page.getByRole('combobox', { name: 'Side B' });
  await expect(sideA).toHaveAttribute('placeholder', /^[0-9a-f]{8} · 2021-/, { timeout: 30_000 });
  await sideA.fill('51fad066');
  await sideA.press('Enter');
  await sideB.fill('e2589a0e');
  await sideB.press('Enter');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const card = page.getByTestId('compare').locator('tbody tr').filter({ hasText: 'ping_pong · rt_multi_threaded' });
  await expect(card).toHaveCount(1, { timeout: 60_000 });
  // The card is a card (no header row on screen) and carries the change and the commit it moved at.
  await expect(page.getByTestId('compare').locator('thead')).toBeHidden();
  await expect(card.locator('[data-label="Change"]')).toBeVisible();
  await expect(card.getByTestId('compare-commit')).toBeVisible();
  await expect(card.getByTestId('compare-commit')).toContainText('e2589a0e');
  const box = await card.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
});

test("tokio: Overview's phone cards show each finding's change and commit", async ({ page }) => {
  test.setTimeout(180_000);
  await openOnPhone(page, TOKIO);
  const row = page.getByTestId('regressions').locator('tbody tr').first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row.locator('[data-label="Change"]')).toBeVisible();
  await expect(row.locator('[data-label="First bad"]')).toContainText(/[0-9a-f]{8}/);
  expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
});
