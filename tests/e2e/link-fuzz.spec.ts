// Crafted and mutated share links applied to a running page (as if pasted into its address bar), 1,200 by default
// (LINK_FUZZ_COUNT sets another number; each costs ≈ 50 ms of re-rendering the view it sets):
// no page error, no dialog, no markup from a link in the DOM, no request outside the page's origin (the other
// origin is a real loopback server that must see nothing), and the page still answers afterwards.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures.ts';
import { fuzzLinks } from '../unit/helpers/link-fuzz.ts';

const LINKS = Number(process.env.LINK_FUZZ_COUNT ?? 1200);
const BATCH = 50;

let foreign: http.Server;
let foreignOrigin = '';
const foreignLog: string[] = [];

test.beforeAll(async () => {
  foreign = http.createServer((req, res) => {
    foreignLog.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('a,b\n1,2\n');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});
test.afterAll(() => foreign.close());

test(`${LINKS.toLocaleString('en-US')} hostile links: no error, dialog, markup, foreign request or hang`, async ({
  page,
  baseURL,
  offlineGuard,
}) => {
  test.setTimeout(240_000);
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) =>
    pageErrors.push(`${error.message} (at ${page.url().slice(-120)}) ${error.stack?.split('\n')[1] ?? ''}`),
  );
  page.on('dialog', (dialog) => (dialogs.push(dialog.message()), void dialog.dismiss()));

  await page.goto('./');
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
  const origin = new URL(baseURL!).origin;
  const links = fuzzLinks(1129, LINKS, { foreignOrigins: [foreignOrigin, 'https://evil.example'], sameOrigin: origin });

  for (let i = 0; i < links.length; i += BATCH) {
    // Each link is set as the hash, one task apart, so every hashchange is handled and the view renders.
    const state = await page.evaluate(
      async (batch) => {
        for (const link of batch) {
          location.hash = link;
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return {
          hit: (window as unknown as { __fuzzHit?: number }).__fuzzHit ?? 0,
          markup: document.querySelectorAll('[data-fuzz], img[src="x"], script[data-fuzz]').length,
        };
      },
      links.slice(i, i + BATCH),
    );
    expect(state, `links ${i}–${i + BATCH}`).toEqual({ hit: 0, markup: 0 });
    expect(pageErrors, `links ${i}–${i + BATCH}`).toEqual([]);
  }

  // Still answering: the views switch and the demo is still there.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('source').first()).toContainText('benchmark.duckdb');
  // The other origin's data were asked about, never fetched.
  await expect(page.getByTestId('consent-host').first()).toBeVisible();
  expect(pageErrors).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(foreignLog).toEqual([]);
  expect(offlineGuard).toEqual([]);
});
