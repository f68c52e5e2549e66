// Publishing benchmark: a generated history (default 2,000 configurations × 1,250 results × 4 metrics = 10 M
// measurements over 2 years) is published, served by a static server with and without Range support, and opened in
// headless Chromium: bytes the overview and one series view transfer, as a share of the published bytes; the time
// to the overview, from a click to the series chart, and from a share link to that chart. Run `npm run build` first.
//
//   npx tsx scripts/bench-publish.ts [--configs 2000] [--results 1250] [--runs 3] [--site DIR] [--app dist]
//   npx tsx scripts/bench-publish.ts --scale 100m   (10,000 configurations × 2,500 results × 4 metrics = 40,000
//                                                    histories of 2,500 runs; database cached under .bench/)
//
// The history is generated once with native DuckDB and cached under .bench/ (delete it to regenerate); the publish
// itself is the CLI (`perftrack publish`) in a child process under /usr/bin/time: wall time and peak memory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cachedGeneratedDatabase } from './bench-engine.ts';
import { launchChromium, loadAverage, median, requireBuild, serveStatic } from './bench-kit.ts';
import type { ServedRequest } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.bench');
const option = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : null);
const arg = (name: string, fallback: number) => Number(option(name)) || fallback;
const SCALES: Record<string, [configs: number, results: number]> = { '10m': [2000, 1250], '100m': [10000, 2500] };
const scale = option('--scale');
if (scale !== null && !SCALES[scale]) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
const configs = scale ? SCALES[scale][0] : arg('--configs', 2000);
const results = scale ? SCALES[scale][1] : arg('--results', 1250);
const DAYS = 730;
const runs = arg('--runs', 3);
const appDir = path.resolve(option('--app') ?? 'dist');
requireBuild(appDir);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** The seed database of configs × results (4 metrics each) over DAYS days, generated once with native DuckDB. */
async function cachedDatabase(): Promise<string> {
  const file = path.join(CACHE, `publish-${configs}x${results}x${DAYS}d.duckdb`);
  const t0 = performance.now();
  if (await cachedGeneratedDatabase(file, configs, results, DAYS))
    console.log(
      `generated ${path.relative(ROOT, file)}: ${mb(fs.statSync(file).size)} in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  return file;
}

/** `perftrack publish` in a child process under /usr/bin/time -v: wall time, CPU time and peak memory, what it wrote
 *  (its text output and the manifest), and its phases (PERFTRACK_TIMINGS=1: each stage line with the seconds since
 *  the start and the resident memory then), printed as they come. */
function publishCommand(
  database: string,
  site: string,
): {
  written: number;
  partitions: number;
  dataBytes: number;
  summaryBytes: number;
  seconds: number;
  cpu: number;
  peakMb: number;
} {
  const child = spawnSync(
    '/usr/bin/time',
    ['-v', 'node', path.join(ROOT, 'bin/perftrack.mjs'), 'publish', '--db', database, '--out', site, '--app', appDir],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PERFTRACK_CLI: 'source', PERFTRACK_TIMINGS: '1' },
    },
  );
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(child.stderr);
  const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(child.stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(child.stderr);
  const written = /\((\d+) written/.exec(child.stdout);
  if (child.status !== 0 || !wall || !peak || !written)
    throw new Error(`publish failed (exit ${child.status}): ${child.stderr.slice(-1500)}`);
  const lines = child.stderr.split('\n').filter((l) => l.startsWith('perftrack:'));
  if (lines.length) console.log(lines.map((l) => `  ${l}`).join('\n'));
  const manifest = JSON.parse(fs.readFileSync(path.join(site, 'data', 'manifest.json'), 'utf8')) as {
    summaryBytes: number;
    partitions: { bytes: number }[];
  };
  return {
    written: Number(written[1]),
    partitions: manifest.partitions.length,
    dataBytes: manifest.partitions.reduce((n, p) => n + p.bytes, 0),
    summaryBytes: manifest.summaryBytes,
    seconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]),
    cpu: Number(user?.[1] ?? 0) + Number(system?.[1] ?? 0),
    peakMb: Number(peak[1]) / 1024,
  };
}

// --site DIR measures an already published folder (its app assets refreshed from the app) instead of generating one.
const siteArg = option('--site') ? path.resolve(option('--site')!) : null;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-publish-bench-'));
const site = siteArg ?? path.join(work, 'site');
if (siteArg) {
  fs.cpSync(path.join(appDir, 'assets'), path.join(site, 'assets'), { recursive: true });
  fs.copyFileSync(path.join(appDir, 'index.html'), path.join(site, 'index.html'));
} else {
  const measurements = (configs * results * 4).toLocaleString('en-US');
  console.log(
    `${configs.toLocaleString('en-US')} configurations × ${results.toLocaleString('en-US')} results × 4 metrics = ${measurements} measurements (${(configs * 4).toLocaleString('en-US')} histories) over ${DAYS} days`,
  );
  const database = await cachedDatabase();
  for (const label of ['publish', 're-publish with inputs unchanged']) {
    const loadBefore = loadAverage();
    const run = publishCommand(database, site);
    console.log(
      `${label}: ${run.seconds.toFixed(1)} s (${run.cpu.toFixed(0)} s of CPU), peak ${run.peakMb.toFixed(0)} MB (load average before: ${loadBefore}, after: ${loadAverage()}); ${run.written}/${run.partitions} partitions written, ${mb(run.dataBytes)} + ${mb(run.summaryBytes)} summary`,
    );
  }
}
const dataFiles = fs.readdirSync(path.join(site, 'data')).filter((f) => f.endsWith('.parquet') || f.endsWith('.json'));
const published = dataFiles.reduce((n, f) => n + fs.statSync(path.join(site, 'data', f)).size, 0);
console.log(`published data: ${mb(published)} in ${dataFiles.length} files; load average ${loadAverage()}`);

const browser = await launchChromium();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
for (const range of [true, false]) {
  const log: ServedRequest[] = [];
  const { origin, close } = await serveStatic({ root: site, range, log: (e) => log.push(e) });
  const dataBytes = () => log.filter((e) => e.path.startsWith('/data/')).reduce((s, e) => s + e.bytes, 0);
  const overviewAt: number[] = [];
  const clickToChart: number[] = [];
  const linkToChart: number[] = [];
  const overviewBytes: number[] = [];
  const seriesBytes: number[] = [];
  let seriesLink = '';
  for (let i = 0; i < (range ? runs : 1); i++) {
    // Navigation → overview, then a click on the worst regression → its chart.
    log.length = 0;
    let context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    let page = await context.newPage();
    await page.goto(origin + '/');
    await page.getByTestId('regressions').locator('tbody tr').first().waitFor({ timeout: 300_000 });
    overviewAt.push(await page.evaluate(() => performance.now()));
    overviewBytes.push(dataBytes());
    const overviewLink = page.url();
    const clicked = await page.evaluate(() => performance.now());
    await page.getByTestId('regressions').locator('tbody tr').first().getByRole('button').first().click();
    await page.getByTestId('chart').locator('svg').first().waitFor({ timeout: 300_000 });
    clickToChart.push((await page.evaluate(() => performance.now())) - clicked);
    seriesBytes.push(dataBytes());
    // The address follows the view after a short debounce: wait for it to name the Explore tab's state.
    await page.waitForFunction((before) => location.href !== before, overviewLink);
    seriesLink = page.url();
    await context.close();
    // The same series opened from a share link in a fresh browser context.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await page.goto(seriesLink);
    await page.getByTestId('chart').locator('svg').first().waitFor({ timeout: 300_000 });
    linkToChart.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  close();
  const share = (b: number) => `${mb(b)} = ${((100 * b) / published).toFixed(1)} % of the published data`;
  console.log(
    `\n${range ? 'static server with Range support' : 'static server WITHOUT Range support (whole downloads)'}${range ? `, median of ${runs}` : ''}:`,
  );
  console.log(
    `  overview (summary, partition footers, sparklines of the regressions): ${share(median(overviewBytes))}; shown ${seconds(median(overviewAt))} after navigation`,
  );
  console.log(
    `  overview + one series view: ${share(median(seriesBytes))}; its chart ${seconds(median(clickToChart))} after the click`,
  );
  console.log(`  share link of that series view → its chart: ${seconds(median(linkToChart))} after navigation`);
}
await browser.close();
fs.rmSync(work, { recursive: true, force: true });
