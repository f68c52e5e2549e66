// The incident view on tokio's real history (issue 24): from the Overview's incident at e2589a0e to every series
// that stepped there, another commit picked from the keyboard in the searchable picker, the view kept in the
// address, and the opened file reopened after a reload (kept in the browser), until the user forgets it.
import path from 'node:path';
import { REAL } from '../real-files.ts';
import { expect, test } from './fixtures.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

test("tokio: the Overview's incident opens the incident view with its three series; the file survives a reload", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(TOKIO);
  await expect(page.getByTestId('source').first()).toContainText('data.js', { timeout: 90_000 });
  await expect(page.getByTestId('kept-files')).toContainText('1 opened file is kept in this browser');

  // The Overview's incident line leads to the incident view at its commit.
  const incident = page.getByTestId('incidents').locator('li').filter({ hasText: 'commit e2589a0e' });
  await expect(incident).toHaveCount(1, { timeout: 90_000 });
  await incident.getByTestId('open-incident').click();
  await expect(page.getByRole('tab', { name: 'Incident' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('incident-headline')).toHaveText(
    /^Commit e2589a0e \(2021-07-07 .+ UTC\): 3 series moved at it, 3 worse \(3 still active\)\./,
    { timeout: 30_000 },
  );
  const rows = page.getByTestId('incident-series').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (const name of ['ping_pong', 'spawn_many', 'chained_spawn'])
    await expect(rows.filter({ hasText: `${name} · rt_multi_threaded` })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'ping_pong' })).toContainText(/\+42\.7% \(level median .+ → .+\)/);
  await expect(rows.filter({ hasText: 'ping_pong' })).toContainText('active');
  await expect(page.getByTestId('incident-last-good')).toContainText('51fad066');
  await expect(page.getByTestId('incident-compare')).toHaveAttribute(
    'href',
    /^https:\/\/github\.com\/tokio-rs\/tokio\/compare\/51fad066[0-9a-f]{32}\.\.\.e2589a0e[0-9a-f]{32}$/,
  );
  await expect(page.getByTestId('incident-chart').locator('svg').first()).toBeVisible({ timeout: 30_000 });
  // On a phone the view fits the page: its table scrolls inside its own box.
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 800 });
  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await expect.poll(overflow).toBeLessThanOrEqual(1);
  await page.setViewportSize(viewport);

  // The address keeps the view: the tab and the commit.
  await expect.poll(() => page.url()).toMatch(/#v1\./);
  const atFirstIncident = page.url();

  // Pick another commit from the keyboard: search by id prefix, move down to it, Enter.
  const picker = page.getByRole('combobox', { name: 'Pick a commit' });
  await picker.focus();
  await picker.fill('8efa6201');
  const options = page.getByRole('listbox').getByRole('option');
  await expect(options).toHaveCount(1);
  await picker.press('ArrowDown');
  await picker.press('Enter');
  await expect(page.getByTestId('incident-headline')).toHaveText(/^Commit 8efa6201 /);
  await expect(page.getByTestId('incident-series').locator('tbody tr').first()).toContainText('sync_mpsc');
  // The address follows the pick (written 300 ms after the view changes).
  await expect.poll(() => page.url()).not.toBe(atFirstIncident);
  // Words of a message find commits too, and ↑/↓ move the active option.
  await picker.fill('');
  await picker.press('ArrowDown');
  await expect(options.first()).toBeVisible();
  const words = (await options.nth(1).locator('.message').innerText()).trim().split(/\s+/).slice(0, 3).join(' ');
  await picker.fill(words);
  await expect(options.filter({ hasText: words }).first()).toBeVisible();
  await picker.press('Escape');
  await expect(page.getByRole('listbox')).toHaveCount(0);

  // Reload: the opened file comes back from the browser's storage, the page says so, and the view is the same.
  const before = page.url();
  await page.reload();
  await expect(page.getByTestId('source').first()).toContainText('data.js', { timeout: 90_000 });
  // The file's own parse may show it first; DuckDB reopens it once it has started.
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 90_000 });
  await expect(page.getByText(/^Reopened data\.js: files you opened are kept in this browser/)).toBeVisible();
  await expect(page.getByText(/was made with a file opened from a computer/)).toHaveCount(0);
  expect(page.url()).toBe(before);
  await expect(page.getByRole('tab', { name: 'Incident' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('incident-headline')).toHaveText(/^Commit 8efa6201 /, { timeout: 90_000 });

  // Forget: the next reload does not reopen it.
  await page.getByRole('button', { name: 'Forget kept files' }).click();
  await expect(page.getByTestId('kept-files')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByText(/was made with a file opened from a computer/)).toBeVisible();
  await expect(page.getByTestId('source')).toHaveCount(0);
});

test('Compare picks commits by searching instead of a long select', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(TOKIO);
  await expect(page.getByTestId('source').first()).toContainText('data.js', { timeout: 90_000 });
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Compare by').selectOption('commit');
  const sideA = page.getByRole('combobox', { name: 'Side A' });
  const sideB = page.getByRole('combobox', { name: 'Side B' });
  // The newest commit against the one before it, by default, once the commits are read.
  await expect(sideA).toHaveAttribute('placeholder', /^[0-9a-f]{8} · 2021-/, { timeout: 30_000 });
  await sideA.fill('51fad066');
  await sideA.press('Enter');
  await expect(sideA).toHaveAttribute('placeholder', /^51fad066 · 2021-07-0\d .+ · /);
  await sideB.fill('e2589a0e');
  await sideB.press('Enter');
  await expect(sideB).toHaveAttribute('placeholder', /^e2589a0e · /);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByTestId('compare-sides')).toContainText('A: commit 51fad066');
  await expect(page.getByTestId('compare-sides')).toContainText('B: commit e2589a0e');
  const row = page.getByTestId('compare').locator('tbody tr').filter({ hasText: 'ping_pong · rt_multi_threaded' });
  await expect(row.getByTestId('detected')).toHaveText(/^detector: \+42\.7% .+, active$/, { timeout: 60_000 });
});
