// A repeat visit does not compile DuckDB's module again: after a first visit, Chromium keeps the module's compiled
// code in the profile's wasm code cache (it can only when the module is compiled from the browser's own response,
// served cacheable), and a visit after a browser restart on that profile starts DuckDB without asking the server
// for the module again; the module is the trimmed one (only the exports DuckDB's JavaScript uses) and the worker
// marks each step of the start. Uses its own profile on disk and its own server (the shared fixtures route every
// request, and routing turns the HTTP cache off).
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { createStaticServer, type ServedRequest } from '../../scripts/serve.mjs';
import { wasmNames } from '../../scripts/duckdb-exports.ts';

/** Bytes under a folder (0 when it does not exist). */
function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .reduce(
      (sum, e) =>
        sum + (e.isDirectory() ? folderBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size),
      0,
    );
}

test('the DuckDB module is compiled once and its code kept for the next visit', async () => {
  test.setTimeout(240_000);
  const testInfo = test.info();
  const log: ServedRequest[] = [];
  const server = createStaticServer({ root: process.env.E2E_DIST ?? 'dist', log: (entry) => log.push(entry) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const launchOptions = testInfo.project.use.launchOptions ?? {};
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-code-cache-'));
  const wasmCache = path.join(profile, 'Default', 'Code Cache', 'wasm');
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: launchOptions.executablePath,
      args: launchOptions.args,
      viewport: { width: 1280, height: 800 },
    });
  try {
    let context = await launch();
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseURL}?tab=explore`);
    await expect(page.locator('[data-engine=ready]')).toBeAttached({ timeout: 120_000 });
    // Chromium writes the code once enough of the module is optimised, a few seconds after it starts.
    await expect.poll(() => folderBytes(wasmCache), { timeout: 90_000, intervals: [1000] }).toBeGreaterThan(2 ** 20);
    await context.close();
    expect(log.filter((e) => e.path.endsWith('.wasm')).map((e) => e.status)).toEqual([200]);
    log.length = 0;

    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseURL}?tab=explore`);
    await expect(page.locator('[data-engine=ready]')).toBeAttached({ timeout: 120_000 });
    await expect(page.getByTestId('chart').locator('svg').first()).toBeVisible();
    // The app's worker marks each step of DuckDB's start, in order (scripts/bench-browser.ts prints them).
    const worker = page.workers().find((w) => w.url().includes('/assets/worker'));
    const marks = await worker!.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('perftrack:'))
        .sort((a, b) => a.startTime - b.startTime)
        .map((m) => m.name.slice('perftrack:'.length)),
    );
    const steps = ['wasm-response', 'wasm-compiled', 'duckdb-instantiated', 'duckdb-opened', 'engine-created'];
    expect(marks.filter((m) => steps.includes(m))).toEqual(steps);
    await context.close();
    // The module and the other hashed assets came from the cache; index.html was revalidated.
    expect(log.filter((e) => e.path.includes('/assets/'))).toEqual([]);
    expect(log.find((e) => e.path === '/')?.status).toBe(304);
    // The module served is DuckDB's with only the exports its JavaScript uses (vite.config.ts).
    const dist = process.env.E2E_DIST ?? 'dist';
    const module = fs.readdirSync(path.join(dist, 'assets')).find((f) => /^duckdb-eh-.*\.wasm$/.test(f))!;
    const exported = wasmNames(fs.readFileSync(path.join(dist, 'assets', module))).exports;
    expect(exported.length).toBeLessThan(1000);
    expect(exported).toContain('duckdb_web_open');
  } finally {
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
