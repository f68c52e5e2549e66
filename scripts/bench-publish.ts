// Publishing benchmark: a generated history (default 2,000 configurations × 1,250 results × 4 metrics = 10 M
// measurements over 2 years) is published, served by a static server with and without Range support, and opened in
// headless Chromium: bytes the overview and one series view transfer, as a share of the published bytes; the time
// to the overview, from a click to the series chart, and from a share link to that chart. Run `npm run build` first.
//
//   npx tsx scripts/bench-publish.ts [--configs 2000] [--results 1250] [--runs 3] [--site DIR]
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { publish } from '../src/node/publish.ts';
import { openNativeDb } from '../src/engine/db/native.ts';
import { Engine } from '../src/engine/engine.ts';
import { loadSqlLibrary } from '../src/engine/sql-files-node.ts';
import { writeMillionRowDatabase } from './bench-engine.ts';
import { createStaticServer, type ServedRequest } from './serve.mjs';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const configs = arg('--configs', 2000);
const results = arg('--results', 1250);
const runs = arg('--runs', 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

// --site DIR measures an already published folder (its app assets refreshed from dist/) instead of generating one.
const siteArg = process.argv.includes('--site') ? path.resolve(process.argv[process.argv.indexOf('--site') + 1]) : null;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-publish-bench-'));
const site = siteArg ?? path.join(work, 'site');
if (siteArg) {
  fs.cpSync('dist/assets', path.join(site, 'assets'), { recursive: true });
  fs.copyFileSync('dist/index.html', path.join(site, 'index.html'));
} else {
  const dbFile = path.join(work, 'history.duckdb');
  let t0 = performance.now();
  await writeMillionRowDatabase(dbFile, configs, results, 730);
  console.log(
    `generated ${configs} configurations × ${results} results × 4 metrics = ${(configs * results * 4).toLocaleString('en-US')} measurements in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  const engine = await Engine.create(await openNativeDb(), loadSqlLibrary());
  t0 = performance.now();
  await engine.openBytes('history.duckdb', new Uint8Array(fs.readFileSync(dbFile)));
  console.log(`loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const report = await publish(engine, { outDir: site, title: 'Benchmark history', basePath: '/', appDir: 'dist' });
  console.log(
    `published ${report.partitions.length} partitions in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${mb(report.dataBytes)} partitions + ${mb(report.summaryBytes)} summary`,
  );
  t0 = performance.now();
  const again = await publish(engine, { outDir: site, title: 'Benchmark history', basePath: '/', appDir: 'dist' });
  console.log(
    `re-publish with nothing new: ${again.partitions.filter((p) => p.written).length} partitions written, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const dataFiles = fs.readdirSync(path.join(site, 'data')).filter((f) => f.endsWith('.parquet') || f.endsWith('.json'));
const published = dataFiles.reduce((n, f) => n + fs.statSync(path.join(site, 'data', f)).size, 0);
console.log(`published data: ${mb(published)} in ${dataFiles.length} files`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
for (const range of [true, false]) {
  const log: ServedRequest[] = [];
  const server = createStaticServer({ root: site, range, log: (e) => log.push(e) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  server.close();
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
