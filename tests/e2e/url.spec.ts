import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { E2E_FIXTURES, expect, openDemo, test } from './fixtures.ts';
// The same static server the app ships with, started here on other ports to act as remote hosts.
import { createStaticServer } from '../../scripts/serve.mjs';

interface Host {
  server: Server;
  origin: string;
  log: { path: string; status: number; bytes: number; range: string | null }[];
}

async function host(options: { cors: boolean; range?: boolean }): Promise<Host> {
  const log: Host['log'] = [];
  const server = createStaticServer({
    root: E2E_FIXTURES,
    cors: options.cors,
    range: options.range ?? true,
    log: (entry: Host['log'][0]) => log.push(entry),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

let withCors: Host;
let withoutCors: Host;
test.beforeAll(async () => {
  withCors = await host({ cors: true });
  withoutCors = await host({ cors: false });
});
test.afterAll(() => {
  withCors.server.close();
  withoutCors.server.close();
});

test.describe('remote sources', () => {
  test.use({ allowedOrigins: [] });

  test('opens a remote database with range requests, and explains 404 and CORS failures', async ({
    page,
    context,
    baseURL,
  }) => {
    // This test opens URLs on its own local hosts: allow them, nothing else.
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    const leaked: string[] = [];
    const allowed = new Set([new URL(baseURL!).origin, withCors.origin, withoutCors.origin]);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (allowed.has(new URL(url).origin)) return route.fallback();
      leaked.push(url);
      return route.abort();
    });

    await page.goto(`./?source=${encodeURIComponent(`${withCors.origin}/large.duckdb`)}`);
    // Another origin named by a link: the page asks first.
    await page.getByRole('button', { name: `Open data from ${new URL(withCors.origin).host}` }).click();
    await page.getByRole('tab', { name: 'Explore' }).click();
    await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible({ timeout: 45_000 });
    await expect(page.getByTestId('source')).toContainText('read remotely with range requests');
    await expect(page.getByTestId('source')).toContainText('480,000 rows');
    const fileSize = (await import('node:fs')).statSync(path.join(E2E_FIXTURES, 'large.duckdb')).size;
    const served = withCors.log.filter((e) => e.path === '/large.duckdb').reduce((n, e) => n + e.bytes, 0);
    expect(withCors.log.filter((e) => e.path === '/large.duckdb').every((e) => e.status === 206 || e.bytes === 0)).toBe(
      true,
    );
    expect(served).toBeLessThan(fileSize * 1.2);
    test.info().annotations.push({ type: 'bytes', description: `first view read ${served} of ${fileSize} bytes` });

    const url = page.getByLabel('URL of a benchmark file');
    await url.fill(`${withCors.origin}/missing.duckdb`);
    await page.getByRole('button', { name: 'Open URL' }).click();
    await expect(page.getByTestId('message-error')).toContainText(/not found \(HTTP 404\)/);

    await url.fill(`${withoutCors.origin}/nightly.parquet`);
    await page.getByRole('button', { name: 'Open URL' }).click();
    await expect(page.getByTestId('message-error').nth(1)).toContainText(
      /does not allow this page to read it \(no CORS header\)/,
    );

    await url.fill(`${withCors.origin}/nightly.parquet`);
    await page.getByRole('button', { name: 'Open URL' }).click();
    await expect(page.getByTestId('source')).toHaveCount(2);
    await expect(page.getByTestId('source').nth(1)).toContainText('960 rows');
    expect(leaked).toEqual([]);
  });
});

test('the demo page makes no request outside its origin', async ({ page, offlineGuard }) => {
  await openDemo(page);
  await page.getByTestId('metric-select').selectOption('power');
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible();
  expect(offlineGuard).toEqual([]);
});
