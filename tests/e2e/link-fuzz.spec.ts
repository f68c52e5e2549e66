// Hostile share links against the production build (scripts/fuzz-links.ts), 400 by default (LINK_FUZZ_COUNT sets
// another number; `npm run fuzz` runs thousands): half mutated byte by byte, half in their structure (values and
// keys named again and reordered, ?source= repeated, arrays and objects swapped, odd numbers in every field). A
// share opens as new pages, the rest are pasted into a running page. No page error, hang, dialog or markup from a
// link, no request outside the page's origin (the other origin is a real loopback server that must see nothing),
// every new page whose link names another origin's data asks first, and the page still answers afterwards.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeReport, fuzzCorpus, fuzzPage } from '../../scripts/fuzz-links.ts';
import { expect, test } from './fixtures.ts';

const LINKS = Number(process.env.LINK_FUZZ_COUNT ?? 400);

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

test(`${LINKS.toLocaleString('en-US')} hostile links, pasted or opened anew: no error, hang, injection, foreign request or unasked source`, async ({
  context,
  page,
  baseURL,
  offlineGuard,
}) => {
  test.setTimeout(240_000);
  const origin = new URL(baseURL!).origin;
  const options = { foreignOrigins: [foreignOrigin, 'https://evil.example'], sameOrigin: origin };
  const links = fuzzCorpus(1129, LINKS, options, { query: 0.06, fresh: 0.01 });
  const report = await fuzzPage(context, baseURL!, links);
  test.info().annotations.push({ type: 'link fuzz', description: describeReport(report) });
  expect(report.fresh).toBeGreaterThan(10);
  const { pageErrors, hangs, injections, foreignRequests, unasked } = report;
  expect({ pageErrors, hangs, injections, foreignRequests, unasked }).toEqual({
    pageErrors: [],
    hangs: [],
    injections: [],
    foreignRequests: [],
    unasked: [],
  });

  // Still answering: the demo opens and the views switch.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./');
  await expect(page.getByTestId('source').first()).toContainText('benchmark.duckdb', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByRole('tab', { name: 'Explore' })).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
  expect(foreignLog).toEqual([]);
  expect(offlineGuard).toEqual([]);
});
