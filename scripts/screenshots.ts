// Screenshots of the main views for docs/ (run after `npm run build`): npx tsx scripts/screenshots.ts
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createStaticServer } from './serve.mjs';

const server = createStaticServer({ root: 'dist' });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const shot = (name: string) => page.screenshot({ path: `docs/screenshots/${name}.png` });

async function openFiles(files: string[]): Promise<void> {
  await page.goto(origin + '/?empty');
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 60_000 });
  await page.getByTestId('file-input').setInputFiles(files);
  await page.getByTestId('summary').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
}

await page.goto(origin + '/');
await page.getByTestId('regressions').locator('tbody tr').first().waitFor({ timeout: 60_000 });
await page.waitForTimeout(1500);
await shot('overview');
await page
  .getByRole('button', { name: /vit-base · webgpu/ })
  .first()
  .click();
await page.getByTestId('chart').locator('svg').first().waitFor();
await page.waitForTimeout(500);
await shot('series');
await page.getByRole('tab', { name: 'Compare' }).click();
await page.getByRole('button', { name: 'Compare', exact: true }).click();
await page.getByTestId('compare').locator('tbody tr').first().click();
await page.getByTestId('compare-chart').locator('svg').first().waitFor();
await shot('compare');
await page.getByRole('tab', { name: 'SQL' }).click();
await page.getByRole('button', { name: 'Run' }).click();
await page.getByTestId('sql-result').waitFor();
await shot('sql');
await page.getByRole('tab', { name: 'Notifications' }).click();
await page.waitForTimeout(300);
await shot('notifications');
await page.emulateMedia({ colorScheme: 'dark' });
await page.getByRole('tab', { name: 'Overview' }).click();
await page.waitForTimeout(800);
await shot('overview-dark');

// Real histories other projects published (../shared/real), where the layout meets long names and many files.
const real = path.resolve('../shared/real');
if (fs.existsSync(real)) {
  const asv = path.join(real, 'asv_django/results');
  const asvFiles = fs
    .readdirSync(asv, { recursive: true })
    .map((f) => path.join(asv, String(f)))
    .filter((f) => fs.statSync(f).isFile());
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1366, height: 900 });
  await openFiles(asvFiles);
  await shot('real-asv-overview');
  await page.getByRole('tab', { name: 'Explore' }).click();
  await page.getByRole('option').filter({ hasText: 'QueryDeleteRel' }).first().click();
  await page.getByTestId('chart').locator('svg').first().waitFor();
  await page.waitForTimeout(800);
  await shot('real-asv-explore');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openFiles([path.join(real, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js')]);
  await page.getByRole('tab', { name: 'Explore' }).click();
  await page.getByTestId('chart').locator('svg').first().waitFor();
  await page.waitForTimeout(800);
  await shot('real-tokio-phone-dark');
}
await browser.close();
server.close();
console.log('wrote docs/screenshots/*.png');
