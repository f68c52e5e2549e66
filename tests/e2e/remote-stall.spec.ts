// Range reads and downloads from a server that stops answering part-way through a file, or that trickles:
// DuckDB's own reads of a remote database, and the page's reads of Parquet files and partitions. Each stops at its
// limit with a message naming the host or URL and the rule that fired, Cancel works while they run, and the data
// opened before stays usable.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { DownloadLimits } from '../../src/engine/remote.ts';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { main } from '../../src/cli/main.ts';
import { E2E_FIXTURES, expect, holdDuckDb, test } from './fixtures.ts';

/** Requests served per path, and the responses left hanging. */
const log: { path: string; range: string | null; at: number }[] = [];
const hanging = new Set<http.ServerResponse>();
let server: http.Server;
const PORT = Number(process.env.E2E_PORT ?? 4173) + 11_000;
const host = `127.0.0.1:${PORT}`;
const origin = `http://${host}`;
/** A temporary folder served under /t/: a published history (site/) and a Parquet file too big to download whole. */
let root = '';

/**
 * Files from E2E_FIXTURES (or the temporary folder, under /t/) with Range support and CORS. A path
 * `/stall-after/N/<file>` answers the first N requests for that file and then never answers again (the socket
 * stays open); `/trickle/N/<file>` answers the first N, then sends half of each answer at once and the rest one
 * byte every 500 ms; `/slow/MS/<file>` answers each request after MS milliseconds.
 */
function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Range');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, Accept-Ranges');
  if (req.method === 'OPTIONS') return void res.end();
  const url = new URL(req.url ?? '/', 'http://localhost');
  log.push({ path: url.pathname, range: req.headers.range ?? null, at: Date.now() });
  let rest = url.pathname;
  let stallAfter = Infinity;
  let trickleAfter = Infinity;
  let delay = 0;
  const stall = /^\/stall-after\/(\d+)(\/.*)$/.exec(rest);
  if (stall) ((stallAfter = Number(stall[1])), (rest = stall[2]));
  const trickle = /^\/trickle\/(\d+)(\/.*)$/.exec(rest);
  if (trickle) ((trickleAfter = Number(trickle[1])), (rest = trickle[2]));
  const slow = /^\/slow\/(\d+)(\/.*)$/.exec(rest);
  if (slow) ((delay = Number(slow[1])), (rest = slow[2]));
  const file = rest.startsWith('/t/')
    ? path.join(root, rest.slice('/t/'.length))
    : path.join(E2E_FIXTURES, rest.slice(1));
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) return void res.writeHead(404).end('not found');
  const served = log.filter((e) => e.path === url.pathname).length;
  if (served > stallAfter) return void hanging.add(res);
  const send = (body: Buffer) => {
    if (served <= trickleAfter || body.length === 0) return void res.end(body);
    hanging.add(res);
    let sent = Math.floor(body.length / 2);
    res.write(body.subarray(0, sent));
    const timer = setInterval(() => res.write(body.subarray(sent, ++sent)), 500);
    res.on('close', () => clearInterval(timer));
  };
  const answer = () => {
    const size = fs.statSync(file).size;
    const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range ?? '');
    res.setHeader('Accept-Ranges', 'bytes');
    if (!range) {
      res.writeHead(200, { 'Content-Length': size });
      return send(req.method === 'HEAD' ? Buffer.alloc(0) : fs.readFileSync(file));
    }
    let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
    let end = range[1] === '' || range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
    start = Math.max(0, start);
    end = Math.max(start, end);
    res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
    if (req.method === 'HEAD') return void res.end();
    const fd = fs.openSync(file, 'r');
    const bytes = Buffer.alloc(end - start + 1);
    fs.readSync(fd, bytes, 0, bytes.length, start);
    fs.closeSync(fd);
    send(bytes);
  };
  if (delay) setTimeout(answer, delay);
  else answer();
}

test.beforeAll(async () => {
  server = http.createServer(serve);
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-stall-'));
  const out: string[] = [];
  const code = await main(
    [
      'publish',
      '--db',
      path.join(E2E_FIXTURES, 'history.duckdb'),
      '--out',
      path.join(root, 'site'),
      '--title',
      'Nightly benchmarks',
      '--no-write',
    ],
    (t) => out.push(t),
    (t) => out.push(t),
  );
  expect(code, out.join('\n')).toBe(0);
  // About 6 MB of hardly compressible values: above the size the page downloads whole, so read with ranges.
  const n = 400_000;
  let seed = 7;
  const noise = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const parquet = parquetWriteBuffer({
    columnData: [
      {
        name: 'ts',
        data: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 60_000)),
        type: 'TIMESTAMP',
      },
      { name: 'bench', data: Array.from({ length: n }, (_, i) => `bench_${i % 20}`), type: 'STRING' },
      { name: 'latency_ms', data: Array.from({ length: n }, () => 10 + noise()), type: 'DOUBLE' },
    ],
  });
  fs.writeFileSync(path.join(root, 'wide.parquet'), new Uint8Array(parquet));
});

test.afterAll(() => {
  for (const res of hanging) res.destroy();
  server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

test.use({ allowedOrigins: [origin] });

/** The demo opens; it is the data that must stay usable. */
async function openDemo(page: Page): Promise<void> {
  log.length = 0;
  await page.goto('./');
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
}

/** Limits short enough for a test, set where the downloads run (the app's worker; DuckDB's worker gets them with
 *  its next query). */
async function shortenLimits(page: Page, limits: DownloadLimits): Promise<void> {
  const appWorker = page.workers().find((w) => !w.url().startsWith('blob:'));
  expect(appWorker, 'the app worker').toBeDefined();
  await appWorker!.evaluate((set) => {
    (self as { perftrackDownloadLimits?: DownloadLimits }).perftrackDownloadLimits = set;
  }, limits);
}

/** `text` as a regular expression that matches it alone. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function openUrl(page: Page, url: string): Promise<void> {
  await page.getByLabel('URL of a benchmark file').fill(url);
  await page.getByRole('button', { name: 'Open URL' }).click();
}

/** The demo's results, through the SQL console: DuckDB answers, and the demo is still loaded. */
async function demoStillQueryable(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'SQL' }).click();
  await page.getByLabel('SQL query').fill('SELECT count(*) AS results FROM src_1.performance_results');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('sql-result')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sql-error')).toHaveCount(0);
  await expect(page.getByTestId('source')).toHaveCount(1);
  await expect(page.getByTestId('source')).toContainText('benchmark.duckdb');
}

test.describe('a remote database read by DuckDB with range requests', () => {
  test('a server that stops answering: DuckDB’s first block read stops at the stall limit with the host named; the data open before stays', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openDemo(page);
    log.length = 0;
    // The page's probe, DuckDB's two probes, then its first block (16 KiB): never answered.
    await openUrl(page, `${origin}/stall-after/3/large.duckdb`);
    // Progress: what DuckDB has read so far, from which host.
    await expect(page.getByTestId('busy')).toContainText(`read from ${host}`, { timeout: 30_000 });
    await expect(page.getByTestId('message-error')).toContainText(
      `${host} did not send the 16 KiB DuckDB asked for within 15 s while DuckDB was reading ${origin}/stall-after/3/large.duckdb; the query was stopped`,
      { timeout: 60_000 },
    );
    await expect(page.getByTestId('busy')).toHaveCount(0);
    await demoStillQueryable(page);
  });

  test('Cancel while DuckDB waits for a stalled range: the page hears at once, and the data open before stays', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openDemo(page);
    // DuckDB's worker waits out the read it is in (16 KiB: 15 s) before the demo's query can run.
    const url = `${origin}/stall-after/3/large.duckdb`;
    // Responses an earlier test left hanging stay in the set: wait for one of this test's.
    const hungBefore = hanging.size;
    await openUrl(page, url);
    await expect(page.getByTestId('busy')).toContainText(`read from ${host}`, { timeout: 30_000 });
    await expect.poll(() => hanging.size, { timeout: 30_000 }).toBeGreaterThan(hungBefore);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('message-error')).toContainText(`Cancelled: ${url} was not opened`);
    await expect(page.getByTestId('busy')).toHaveCount(0);
    await demoStillQueryable(page);
  });

  test('Cancel while a slow server keeps answering: the page hears at once, and what the import made is not kept', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openDemo(page);
    const url = `${origin}/slow/400/large.duckdb`;
    await openUrl(page, url);
    await expect(page.getByTestId('busy')).toContainText(`read from ${host}`, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('message-error')).toContainText(`Cancelled: ${url} was not opened`);
    await expect(page.getByTestId('busy')).toHaveCount(0);
    await demoStillQueryable(page);
    // Once the statement DuckDB was running has ended, the import is dropped rather than kept.
    await page
      .getByLabel('SQL query')
      .fill("SELECT count(*) AS attached FROM duckdb_databases() WHERE database_name LIKE 'src_%'");
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.getByTestId('sql-result')).toContainText('1');
  });
});

test.describe('Parquet read with range requests by the page', () => {
  test('a large Parquet file whose server stops answering mid-file stops at the timeout; the data open before stays', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openDemo(page);
    const url = `${origin}/stall-after/3/t/wide.parquet`;
    await openUrl(page, url);
    await expect(page.getByTestId('message-error')).toContainText(
      `${url} sent nothing for 15 s; the download was stopped`,
      { timeout: 60_000 },
    );
    await expect(page.getByTestId('busy')).toHaveCount(0);
    await demoStillQueryable(page);
  });

  test("a published history's partitions stop answering after their footers: the series view stops at the timeout, the history stays open", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openDemo(page);
    // Each file answers once: the manifest, the summary and each partition's footer; the row groups never come.
    const base = `${origin}/stall-after/1/t/site/data/`;
    await openUrl(page, `${base}manifest.json`);
    // The history replaces the demo the page opened by itself.
    await expect(page.getByTestId('source')).toContainText('Nightly benchmarks', { timeout: 30_000 });
    await page.getByRole('tab', { name: 'Explore' }).click();
    const partition = new RegExp(`${literal(base)}\\S+\\.parquet sent nothing for 15 s; the download was stopped`);
    await expect(page.getByTestId('message-error')).toContainText(partition, { timeout: 60_000 });
    // The history stays open: its overview answers from the summary.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await expect(page.getByTestId('regressions').locator('tbody tr')).toHaveCount(6);
    await expect(page.getByTestId('source')).toHaveCount(1);
  });
});

test("a published history opened while DuckDB starts is asked for once: the page's own preview leaves it to the worker", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // DuckDB's module is held back until the history has been asked for: the page and the worker both see the engine
  // starting (the demo's own preview is shown meanwhile).
  const release = await holdDuckDb(page);
  await openDemo(page);
  // The manifest answers once: a second request for it would never be answered.
  const manifest = `${origin}/stall-after/1/t/site/data/manifest.json`;
  const asked = () => log.filter((e) => e.path === new URL(manifest).pathname).length;
  await openUrl(page, manifest);
  await expect.poll(asked).toBeGreaterThan(0);
  release();
  await expect(page.getByTestId('source')).toContainText('Nightly benchmarks', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByTestId('regressions').locator('tbody tr')).toHaveCount(6);
  expect(asked()).toBe(1);
});

test.describe('a server that trickles', () => {
  test('a file sent half at once and then a byte every 500 ms is stopped by the minimum rate; the data open before stays', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openDemo(page);
    await shortenLimits(page, { stallMs: 3000, windowMs: 3000, minRate: 4096 });
    const url = `${origin}/trickle/0/nightly.parquet`;
    await openUrl(page, url);
    await expect(page.getByTestId('message-error')).toContainText(
      new RegExp(
        `${literal(url)} sent only [\\d,.]+ (B|KiB) in the last 3 s, below the 4 KiB/s a download must keep up; the download was stopped`,
      ),
    );
    await expect(page.getByTestId('busy')).toHaveCount(0);
    await demoStillQueryable(page);
  });

  test('a remote database whose server trickles mid-file: DuckDB’s 1 MiB read stops at its deadline, named with the rate; the data open before stays', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openDemo(page);
    // DuckDB reads 16 KiB, 64 KiB, 256 KiB, then 1 MiB (the 7th request): 4 s at 256 KiB/s.
    await shortenLimits(page, { stallMs: 2000, windowMs: 3000, minRate: 256 * 1024 });
    const url = `${origin}/trickle/6/large.duckdb`;
    await openUrl(page, url);
    await expect(page.getByTestId('message-error')).toContainText(
      new RegExp(
        `${host} did not send the 1 MiB DuckDB asked for within 4 s \\(256 KiB/s, the slowest rate a read may keep\\) while DuckDB was reading ${literal(url)}; the query was stopped`,
      ),
    );
    await expect(page.getByTestId('busy')).toHaveCount(0);
    await demoStillQueryable(page);
  });
});
