// Shared browser-test setup: every page request must stay on the local origins a test allows.
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export const FLAT = path.resolve('tests/fixtures/flat');
export const E2E_FIXTURES = path.resolve('test-results/e2e-fixtures');

export const test = base.extend<{ allowedOrigins: string[]; offlineGuard: string[] }>({
  allowedOrigins: [[], { option: true }],
  offlineGuard: [
    async ({ page, baseURL, allowedOrigins }, use) => {
      const local = new Set([new URL(baseURL!).origin, ...allowedOrigins]);
      const leaked: string[] = [];
      await page.context().route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('data:') || url.startsWith('blob:') || local.has(new URL(url).origin))
          return route.fallback();
        leaked.push(url);
        return route.abort('blockedbyclient');
      });
      await use(leaked);
      expect(leaked, 'requests that left the page origin').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Open the app on the demo history and switch to the Explore tab once it is charted. */
export async function openDemo(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('chart').first().locator('svg')).toBeVisible({ timeout: 30_000 });
}

/** Hold DuckDB's wasm download until the returned function is called: the page runs with its engine starting. */
export async function holdDuckDb(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/duckdb-(eh|mvp)[^/]*\.wasm$/, async (route) => {
    await released;
    await route.fallback();
  });
  return release;
}

/** Drop files on the page through a real drop event carrying a DataTransfer. */
export async function dropFiles(page: Page, files: { name: string; bytes: Buffer; type?: string }[]): Promise<void> {
  const payload = files.map((f) => ({
    name: f.name,
    type: f.type ?? 'application/octet-stream',
    data: f.bytes.toString('base64'),
  }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return transfer;
  }, payload);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
}
