// A published history on plain static servers: with Range support, without it, and under a base path.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.ts';
import { createStaticServer, type ServedRequest } from '../../scripts/serve.mjs';
import { E2E_FIXTURES, expect, test } from './fixtures.ts';

interface Host {
  server: Server;
  origin: string;
  log: ServedRequest[];
}

async function host(root: string, range: boolean): Promise<Host> {
  const log: ServedRequest[] = [];
  const server = createStaticServer({ root, range, log: (e) => log.push(e) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

let root: string;
let site: string;
let hosts: { range: Host; plain: Host; nested: Host };

test.beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-site-'));
  site = path.join(root, 'repo');
  const out: string[] = [];
  const code = await main(
    [
      'publish',
      '--db',
      path.join(E2E_FIXTURES, 'history.duckdb'),
      '--out',
      site,
      '--title',
      'Nightly benchmarks',
      '--base-path',
      '/repo/',
      '--no-write',
    ],
    (t) => out.push(t),
    (t) => out.push(t),
  );
  expect(code, out.join('\n')).toBe(0);
  hosts = { range: await host(site, true), plain: await host(site, false), nested: await host(root, true) };
});

test.afterAll(() => {
  for (const h of Object.values(hosts)) h.server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Allow the page's own origin only (each host is the origin of its page here). */
async function openSite(page: import('@playwright/test').Page, url: string) {
  await page.context().unrouteAll({ behavior: 'ignoreErrors' });
  const origin = new URL(url).origin;
  await page
    .context()
    .route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.fallback() : route.abort()));
  await page.goto(url);
  await expect(page.getByTestId('regressions').locator('tbody tr')).toHaveCount(6, { timeout: 30_000 });
}

test('the hosted page opens its data, reads a small part of it, and its share links work', async ({
  page,
  context,
}) => {
  await openSite(page, hosts.range.origin + '/');
  await expect(page.getByTestId('source')).toContainText('Nightly benchmarks');
  await expect(page.getByTestId('source')).toContainText('published history, 1 quarterly partition');
  await expect(page).toHaveTitle(/Nightly benchmarks/);
  const published = fs
    .readdirSync(path.join(site, 'data'))
    .filter((f) => f.endsWith('.parquet'))
    .reduce((n, f) => n + fs.statSync(path.join(site, 'data', f)).size, 0);
  const partitionBytes = () =>
    hosts.range.log.filter((e) => e.path.endsWith('.parquet')).reduce((n, e) => n + e.bytes, 0);
  // The overview comes from the summary; of the partitions only their footers are read (ahead of a series view).
  const manifest = JSON.parse(fs.readFileSync(path.join(site, 'data', 'manifest.json'), 'utf8')) as {
    partitions: { footerBytes: number }[];
  };
  await expect.poll(() => partitionBytes()).toBe(manifest.partitions.reduce((n, p) => n + p.footerBytes, 0));

  await page.getByRole('button', { name: 'vit-base · webgpu · Chrome WebGPU · batch_size=1 · fp32' }).first().click();
  await expect(page.getByTestId('chart').locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('chart').first()).toContainText('+25.1%');
  expect(hosts.range.log.filter((e) => e.path.endsWith('.parquet')).every((e) => e.status === 206)).toBe(true);
  test.info().annotations.push({
    type: 'bytes',
    description: `overview + one series: ${partitionBytes()} of ${published} partition bytes`,
  });

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-link').click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain(hosts.range.origin);
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('chart').locator('h3')).toContainText('vit-base · webgpu', { timeout: 30_000 });
  await expect(other.getByTestId('source')).toContainText('Nightly benchmarks');
});

test('a host without Range support still works, with a warning', async ({ page }) => {
  await openSite(page, hosts.plain.origin + '/');
  await expect(page.getByTestId('message-info').filter({ hasText: 'does not answer range requests' })).toBeVisible();
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('chart').locator('svg').first()).toBeVisible({ timeout: 30_000 });
});

test('the site works under a base path (project pages)', async ({ page }) => {
  await openSite(page, hosts.nested.origin + '/repo/');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByTestId('compare').locator('tbody tr').first()).toContainText('worse');
  expect(hosts.nested.log.every((e) => e.path.startsWith('/repo/'))).toBe(true);
});
