// Browser benchmark against the production build (dist/) in headless Chromium: time to the app shell, to
// DuckDB ready and to the first chart on the demo; opening a 1 M-row Parquet file and a 1 M-measurement
// .duckdb file by URL to the first chart; bytes a first view reads over HTTP; peak JS heap of the page; a repeat
// visit's time to DuckDB ready (same browser, and after a restart on the same profile) next to the demo's first
// chart. Medians of several runs, with the machine's load average.
//
//   npx tsx scripts/bench-browser.ts [--runs 5] [--dist dist] [--only repeat]   (run `npm run build` first)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ServedRequest } from './serve.mjs';
import { writeMillionRowDatabase } from './bench-engine.ts';
import {
  allowLinkOrigins,
  chromiumLaunchOptions,
  launchChromium,
  loadAverage,
  median,
  requireBuild,
  serveStatic,
} from './bench-kit.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : null);
const dist = argument('--dist') ?? 'dist';
const only = argument('--only');

/** `root` served on a loopback port, each request it answers added to `log`. */
const serve = (root: string, cors: boolean, log: ServedRequest[]) =>
  serveStatic({ root, cors, log: (entry) => log.push(entry) });

/** Samples the page's JS heap through the DevTools protocol until stopped; returns the peak in MB. */
async function heapSampler(page: Page): Promise<() => Promise<number>> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { metrics } = await session
        .send('Performance.getMetrics')
        .catch(() => ({ metrics: [] as { name: string; value: number }[] }));
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peak = Math.max(peak, used);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return peak / 2 ** 20;
  };
}

interface Timing {
  shell: number;
  ready: number;
  chart: number;
  heapMb: number;
}

type Times = Record<string, number | undefined>;

/** A context whose pages record, in page time, when DuckDB is ready and when the first chart appears (taken when
 *  the DOM changes: the demo's chart comes before DuckDB is ready). */
async function timedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // A string, not a function: tsx's transform would add helpers the page does not have.
  await context.addInitScript({ content: TIMES_SCRIPT });
  return context;
}

/** Records the same times as timedContext's pages, for a persistent context (a profile on disk). */
const TIMES_SCRIPT = `
      const times = (window.perftrackTimes = {});
      const seen = (name, selector) => {
        if (times[name] === undefined && document.querySelector(selector)) times[name] = performance.now();
      };
      new MutationObserver(() => {
        seen('ready', '[data-engine=ready]');
        seen('chart', '[data-testid=chart] svg');
      }).observe(document, { subtree: true, childList: true, attributes: true });`;

const pageTimes = (page: Page) => page.evaluate(() => (window as unknown as { perftrackTimes: Times }).perftrackTimes);

/** The consent to the link's sources on other origins (allowLinkOrigins), so that the timing starts at navigation. */
async function allowLinkSources(context: BrowserContext, url: string): Promise<void> {
  const page = new URL(url);
  const origins = [...new Set(page.searchParams.getAll('source').map((s) => new URL(s).origin))].filter(
    (o) => o !== page.origin,
  );
  if (origins.length > 0) await allowLinkOrigins(context, page.origin, origins);
}

/** Times from navigation. */
async function openAndTime(browser: Browser, url: string, chartTimeout = 60_000): Promise<Timing> {
  const context = await timedContext(browser);
  await allowLinkSources(context, url);
  const page = await context.newPage();
  const stopHeap = await heapSampler(page);
  await page.goto(url);
  await page.waitForSelector('h1', { state: 'visible' });
  const shell = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? performance.now(),
  );
  await page.waitForFunction(
    () => {
      const times = (window as unknown as { perftrackTimes: Times }).perftrackTimes;
      return times.ready !== undefined && times.chart !== undefined;
    },
    null,
    { timeout: chartTimeout, polling: 100 },
  );
  const { ready, chart } = await pageTimes(page);
  const heapMb = await stopHeap();
  await context.close();
  return { shell, ready: ready!, chart: chart!, heapMb };
}

type Marks = Record<string, number>;

/** The start-up marks (`perftrack:*` performance marks) of the page and of its workers, in ms from the page's
 *  navigation: a worker's marks are on its own clock, moved by the difference of the time origins. `worker` is when
 *  the app's worker was created (its time origin). */
async function startMarks(page: Page): Promise<Marks> {
  const read = () => ({
    origin: performance.timeOrigin,
    marks: performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('perftrack:'))
      .map((m) => [m.name.slice('perftrack:'.length), m.startTime] as const),
  });
  const own = await page.evaluate(read);
  const out: Marks = Object.fromEntries(own.marks);
  for (const worker of page.workers()) {
    const theirs = await worker.evaluate(read).catch(() => null);
    if (!theirs || theirs.marks.length === 0) continue;
    out.worker = theirs.origin - own.origin;
    for (const [name, at] of theirs.marks) out[name] = theirs.origin - own.origin + at;
  }
  return out;
}

/** Navigates `page` to `url` and waits for DuckDB ready and the first chart; their times from navigation. */
async function visit(page: Page, url: string): Promise<{ ready: number; chart: number; marks: Marks }> {
  await page.goto(url);
  await page.waitForFunction(
    () => {
      const times = (window as unknown as { perftrackTimes: Times }).perftrackTimes;
      return times.ready !== undefined && times.chart !== undefined;
    },
    null,
    { timeout: 60_000, polling: 50 },
  );
  const { ready, chart } = await pageTimes(page);
  return { ready: ready!, chart: chart!, marks: { ...(await startMarks(page)), ready: ready!, chart: chart! } };
}

/** Chromium writes a module's compiled code to its cache a while after the first visit compiled it (once enough
 *  of it is optimised, or after a timeout); a user's repeat visit comes later than that. */
const SETTLE_MS = 5_000;

interface Repeat {
  first: number;
  again: number;
  restart: number;
  againChart: number;
  restartChart: number;
  firstMarks: Marks;
  restartMarks: Marks;
}

/** A repeat visit: the demo once, then again in the same browser (a second navigation after the first completed),
 *  and again after the browser restarted on the same profile. Times to DuckDB ready from navigation. */
async function repeatVisit(origin: string): Promise<Repeat> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-profile-'));
  const launch = async () => {
    const context = await chromium.launchPersistentContext(profile, {
      ...chromiumLaunchOptions(),
      viewport: { width: 1280, height: 800 },
    });
    await context.addInitScript({ content: TIMES_SCRIPT });
    return context;
  };
  const url = `${origin}/?tab=explore`;
  try {
    let context = await launch();
    let page = context.pages()[0] ?? (await context.newPage());
    const first = await visit(page, url);
    await page.waitForTimeout(SETTLE_MS);
    const again = await visit(page, url);
    await page.waitForTimeout(SETTLE_MS);
    await context.close();
    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    const restart = await visit(page, url);
    await context.close();
    return {
      first: first.ready,
      again: again.ready,
      restart: restart.ready,
      againChart: again.chart,
      restartChart: restart.chart,
      firstMarks: first.marks,
      restartMarks: restart.marks,
    };
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** In a running page (DuckDB ready, nothing open), open a file as a user does: by the URL box or the file picker.
 *  Returns the time from that action to the first chart. */
async function openInRunningPage(
  browser: Browser,
  appOrigin: string,
  how: 'url' | 'file',
  target: string,
): Promise<number> {
  const context = await timedContext(browser);
  const page = await context.newPage();
  await page.goto(`${appOrigin}/?tab=explore&empty`);
  await page.waitForSelector('[data-engine=ready]', { timeout: 60_000 });
  const box = page.getByLabel('URL of a benchmark file');
  if (how === 'url') await box.fill(target);
  const start = await page.evaluate(() => performance.now());
  if (how === 'url') await box.press('Enter');
  else await page.locator('input[type=file]').first().setInputFiles(target);
  await page.waitForFunction(
    () => (window as unknown as { perftrackTimes: Times }).perftrackTimes.chart !== undefined,
    null,
    { timeout: 60_000, polling: 100 },
  );
  const { chart } = await pageTimes(page);
  await context.close();
  return chart! - start;
}

async function main(): Promise<void> {
  requireBuild(dist);
  if (only === 'repeat') return repeatOnly();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-browser-bench-'));
  console.log('generating a 1 M-row Parquet file and a 1 M-measurement .duckdb file…');
  await writeMillionRowDatabase(path.join(dataDir, 'million.duckdb'));
  const n = 1_000_000;
  const index = Array.from({ length: n }, (_, i) => i);
  const parquet = parquetWriteBuffer({
    columnData: [
      {
        name: 'ts',
        data: index.map((i) => new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 500) * 3_600_000)),
        type: 'TIMESTAMP',
      },
      { name: 'benchmark', data: index.map((i) => `bench_${i % 250}`), type: 'STRING' },
      { name: 'threads', data: index.map((i) => (i % 2) + 1), type: 'INT32' },
      { name: 'time_ms', data: index.map((i) => 10 + (i % 250) / 10 + ((i * 7919) % 100) / 1000), type: 'DOUBLE' },
    ],
    rowGroupSize: 100_000,
  });
  fs.writeFileSync(path.join(dataDir, 'million.parquet'), new Uint8Array(parquet));
  fs.copyFileSync(path.join(dist, 'demo/benchmark.duckdb'), path.join(dataDir, 'demo.duckdb'));
  const sizes = Object.fromEntries(
    ['million.duckdb', 'million.parquet', 'demo.duckdb'].map((f) => [f, fs.statSync(path.join(dataDir, f)).size]),
  );

  const appLog: ServedRequest[] = [];
  const dataLog: ServedRequest[] = [];
  const app = await serve(dist, false, appLog);
  const data = await serve(dataDir, true, dataLog);
  const browser = await launchChromium();
  try {
    const collect = async (label: string, url: string): Promise<Timing[]> => {
      const out: Timing[] = [];
      for (let i = 0; i < runs; i++) out.push(await openAndTime(browser, url));
      const m = (k: keyof Timing) => median(out.map((t) => t[k]));
      console.log(
        `${label.padEnd(44)} shell ${m('shell').toFixed(0).padStart(5)} ms  DuckDB ready ${m('ready').toFixed(0).padStart(5)} ms  first chart ${m('chart').toFixed(0).padStart(6)} ms  peak JS heap ${m('heapMb').toFixed(0)} MB`,
      );
      return out;
    };
    console.log(
      `\nmedians of ${runs} runs (headless Chromium, loopback, ${os.cpus().length} cores, load average ${loadAverage()}):`,
    );
    const demoRuns = await collect('demo (built in)', `${app.origin}/?tab=explore`);
    await printRepeat(app.origin, median(demoRuns.map((t) => t.chart)));

    dataLog.length = 0;
    await openAndTime(browser, `${app.origin}/?tab=explore&source=${encodeURIComponent(`${data.origin}/demo.duckdb`)}`);
    const demoBytes = dataLog.reduce((s, e) => s + e.bytes, 0);
    console.log(
      `demo .duckdb by URL, first view (overview + first chart): ${demoBytes.toLocaleString('en-US')} of ${sizes['demo.duckdb'].toLocaleString('en-US')} bytes (${((100 * demoBytes) / sizes['demo.duckdb']).toFixed(0)} %) in ${dataLog.length} requests`,
    );

    const parquetRuns = await collect(
      '1 M-row Parquet by URL',
      `${app.origin}/?tab=explore&source=${encodeURIComponent(`${data.origin}/million.parquet`)}`,
    );
    const duckdbRuns = await collect(
      '1 M-measurement .duckdb by URL',
      `${app.origin}/?tab=explore&source=${encodeURIComponent(`${data.origin}/million.duckdb`)}`,
    );
    for (const [label, timings] of [
      ['Parquet', parquetRuns],
      ['.duckdb', duckdbRuns],
    ] as const) {
      console.log(
        `  ${label}: open → first chart ${median(timings.map((t) => t.chart - t.ready)).toFixed(0)} ms after DuckDB was ready`,
      );
    }
    console.log('opened in a running page (DuckDB ready), from the action to the first chart:');
    for (const file of ['million.parquet', 'million.duckdb']) {
      for (const how of ['url', 'file'] as const) {
        const times: number[] = [];
        for (let i = 0; i < runs; i++)
          times.push(
            await openInRunningPage(
              browser,
              app.origin,
              how,
              how === 'url' ? `${data.origin}/${file}` : path.join(dataDir, file),
            ),
          );
        console.log(
          `  ${file.padEnd(16)} ${how === 'url' ? 'URL box    ' : 'file picker'} ${median(times).toFixed(0).padStart(6)} ms  (${times.map((t) => t.toFixed(0)).join(', ')})`,
        );
      }
    }
    dataLog.length = 0;
    await openAndTime(
      browser,
      `${app.origin}/?tab=explore&source=${encodeURIComponent(`${data.origin}/million.duckdb`)}`,
    );
    const millionBytes = dataLog.reduce((s, e) => s + e.bytes, 0);
    console.log(
      `1 M-measurement .duckdb by URL, first view: ${millionBytes.toLocaleString('en-US')} of ${sizes['million.duckdb'].toLocaleString('en-US')} bytes (${((100 * millionBytes) / sizes['million.duckdb']).toFixed(0)} %) in ${dataLog.length} requests`,
    );
    const appBytes =
      appLog.filter((e) => e.path.endsWith('.wasm')).reduce((s, e) => s + e.bytes, 0) /
      Math.max(1, appLog.filter((e) => e.path.endsWith('.wasm')).length);
    console.log(`DuckDB wasm per page load: ${(appBytes / 2 ** 20).toFixed(1)} MB on the wire (precompressed)`);
  } finally {
    await browser.close();
    app.close();
    data.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The repeat-visit rows, next to the demo's first chart (a first visit in a fresh context) measured with them. */
async function printRepeat(origin: string, demoChart: number): Promise<void> {
  const results: Repeat[] = [];
  for (let i = 0; i < runs; i++) results.push(await repeatVisit(origin));
  const m = (k: Exclude<keyof Repeat, 'firstMarks' | 'restartMarks'>) => median(results.map((r) => r[k]));
  const ratio = (ms: number) => `${(ms / demoChart).toFixed(2)}×`;
  const row = (label: string, k: Exclude<keyof Repeat, 'firstMarks' | 'restartMarks'>) =>
    console.log(
      `  ${label.padEnd(42)} ${m(k).toFixed(0).padStart(5)} ms  = ${ratio(m(k))} the demo's first chart  (${results.map((r) => r[k].toFixed(0)).join(', ')})`,
    );
  console.log(
    `repeat visit of the demo, DuckDB ready from navigation (demo's first chart ${demoChart.toFixed(0)} ms):`,
  );
  row('first visit (empty profile)', 'first');
  row('second navigation, same browser', 'again');
  row('after a browser restart, same profile', 'restart');
  console.log(
    `  first chart of the repeat visits: ${m('againChart').toFixed(0)} ms, ${m('restartChart').toFixed(0)} ms after a restart; load average ${loadAverage()}`,
  );
  printMarks(
    'start-up of the first visit, ms from navigation (median; each step: median of its own gap)',
    results.map((r) => r.firstMarks),
  );
  printMarks(
    'start-up after a browser restart',
    results.map((r) => r.restartMarks),
  );
}

/** The marks in the order they happen, each with the median gap since the mark before it. */
function printMarks(title: string, runs: Marks[]): void {
  console.log(`  ${title}:`);
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))].sort(
    (a, b) => median(runs.map((r) => r[a] ?? Infinity)) - median(runs.map((r) => r[b] ?? Infinity)),
  );
  let before: string | null = null;
  for (const name of names) {
    const at = median(runs.map((r) => r[name] ?? NaN));
    const gap = before === null ? at : median(runs.map((r) => r[name] - r[before!]));
    console.log(`    ${name.padEnd(22)} ${at.toFixed(0).padStart(6)} ms  (+${gap.toFixed(0)})`);
    before = name;
  }
}

/** `--only repeat`: the demo's first chart and the repeat visits, nothing else. */
async function repeatOnly(): Promise<void> {
  const app = await serve(dist, false, []);
  const browser = await launchChromium();
  try {
    console.log(
      `medians of ${runs} runs (headless Chromium, loopback, ${os.cpus().length} cores, load average ${loadAverage()}):`,
    );
    const demo: Timing[] = [];
    for (let i = 0; i < runs; i++) demo.push(await openAndTime(browser, `${app.origin}/?tab=explore`));
    const demoChart = median(demo.map((t) => t.chart));
    console.log(
      `demo (built in), fresh context: DuckDB ready ${median(demo.map((t) => t.ready)).toFixed(0)} ms, first chart ${demoChart.toFixed(0)} ms`,
    );
    await printRepeat(app.origin, demoChart);
  } finally {
    await browser.close();
    app.close();
  }
}

await main();
