// Time to the first chart from navigation, in headless Chromium against a served build (issue 26): the demo (its
// published preview), tokio's data.js, Otava's CSV and a JSON table picked with the file input right after
// navigation, and a `?source=` link to the same data.js on another loopback origin. Medians of interleaved runs
// (each in a fresh context: a cold cache), with each figure's ratio to the demo's and the machine's load average.
//
//   npx tsx scripts/bench-first-chart.ts [--dist dist] [--before OTHER_BUILD] [--runs 5]      (build first)
//
// --before: another build (e.g. of the previous commit), timed in the same rounds for a before → after figure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { buildPreview } from '../src/lib/sources/preview.ts';
import { REAL } from '../tests/real-files.ts';
import { allowLinkOrigins, launchChromium, loadAverage, median, requireBuild, serveStatic } from './bench-kit.ts';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs')) || 5;
const dist = arg('--dist') ?? 'dist';
const before = arg('--before');
const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
/** Flat tables the page previews (preview-flat.ts): a real CSV and the JSON records fixture. */
const CSV = path.join(REAL, 'otava/resources/sample_multi_branch.csv');
const JSON_TABLE = path.join(import.meta.dirname, '../tests/fixtures/flat/records.json');

/** The series labels a file's charts are titled with (the preview names series as the engine does). */
function labelsOf(file: string): string[] {
  const preview = buildPreview([{ name: path.basename(file), bytes: new Uint8Array(fs.readFileSync(file)) }]);
  if (!preview) throw new Error(`${file} has no preview: its first chart would wait for DuckDB`);
  return [...preview.series.values()].map((s) => s.label);
}

/**
 * A fresh context whose pages record, in page time (from navigation), when DuckDB is ready and when the first chart
 * of the wanted data is drawn: a chart whose title is one of `labels` (the demo's charts, shown first when a file
 * is picked over it, do not count), or any chart when `labels` is empty.
 */
async function timedContext(browser: Browser, labels: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // A string, not a function: tsx's transform would add helpers the page does not have.
  await context.addInitScript({
    content: `
      const labels = new Set(${JSON.stringify(labels)});
      const times = (window.perftrackTimes = {});
      const charted = () => [...document.querySelectorAll('[data-testid=chart]')].some(
        (c) => c.querySelector('svg') && (labels.size === 0 || labels.has(c.querySelector('h3')?.textContent.trim())));
      new MutationObserver(() => {
        if (times.ready === undefined && document.querySelector('[data-engine=ready]')) times.ready = performance.now();
        if (times.chart === undefined && charted()) times.chart = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true });`,
  });
  return context;
}

type Times = { ready?: number; chart?: number };

async function waitForTimes(page: Page): Promise<Required<Times>> {
  await page.waitForFunction(
    () => {
      const t = (window as unknown as { perftrackTimes: Times }).perftrackTimes;
      return t.ready !== undefined && t.chart !== undefined;
    },
    null,
    { timeout: 120_000, polling: 50 },
  );
  return page.evaluate(() => (window as unknown as { perftrackTimes: Required<Times> }).perftrackTimes);
}

async function main(): Promise<void> {
  requireBuild(dist);
  const labels = labelsOf(TOKIO);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-first-chart-'));
  fs.copyFileSync(TOKIO, path.join(dataDir, 'data.js'));
  const data = await serveStatic({ root: dataDir, cors: true });
  const builds = [{ name: dist, server: await serveStatic({ root: dist }) }];
  if (before) builds.unshift({ name: before, server: await serveStatic({ root: before }) });
  const browser = await launchChromium();
  const scenarios = builds.flatMap(({ name, server }) => forBuild(browser, name, server.origin, data.origin, labels));
  const results = scenarios.map(() => [] as Required<Times>[]);
  const loads: string[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      loads.push(loadAverage());
      for (const [k, scenario] of scenarios.entries()) results[k].push(await scenario.run());
      console.log(`round ${i + 1} of ${runs}: first chart ${results.map((r) => r[i].chart.toFixed(0)).join(', ')} ms`);
    }
  } finally {
    await browser.close();
    for (const build of builds) build.server.close();
    data.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `first chart from navigation, medians of ${runs} interleaved runs (headless Chromium, loopback, ${os.cpus().length} cores)`,
  );
  for (const { name } of builds) {
    console.log(`${name}/`);
    const own = scenarios.map((s, k) => ({ ...s, times: results[k] })).filter((s) => s.build === name);
    const demo = median(own[0].times.map((t) => t.chart));
    for (const scenario of own) {
      const chart = scenario.times.map((t) => t.chart);
      const ready = median(scenario.times.map((t) => t.ready));
      console.log(
        `  ${scenario.label.padEnd(42)} first chart ${median(chart).toFixed(0).padStart(5)} ms  ${(median(chart) / demo).toFixed(2)}× the demo's  (DuckDB ready ${ready.toFixed(0)} ms; runs ${chart.map((t) => t.toFixed(0)).join(', ')})`,
      );
    }
  }
  console.log(`load average (1, 5, 15 min) at each round: ${loads.join(' | ')}`);
}

/** The scenarios against one served build. */
function forBuild(
  browser: Browser,
  build: string,
  appOrigin: string,
  dataOrigin: string,
  labels: string[],
): { build: string; label: string; run: () => Promise<Required<Times>> }[] {
  const app = { origin: appOrigin };
  const data = { origin: dataOrigin };
  const picked = (label: string, file: string, titles: string[]) => ({
    build,
    label,
    run: async () => {
      const context = await timedContext(browser, titles);
      const page = await context.newPage();
      await page.goto(`${app.origin}/?tab=explore`);
      await page.getByTestId('file-input').setInputFiles(file);
      const times = await waitForTimes(page);
      await context.close();
      return times;
    },
  });
  return [
    {
      build,
      label: 'demo (its published preview)',
      run: async () => {
        const context = await timedContext(browser, []);
        const page = await context.newPage();
        await page.goto(`${app.origin}/?tab=explore`);
        const times = await waitForTimes(page);
        await context.close();
        return times;
      },
    },
    picked("tokio's data.js picked at navigation", TOKIO, labels),
    picked("Otava's CSV picked at navigation", CSV, labelsOf(CSV)),
    picked('a JSON table picked at navigation', JSON_TABLE, labelsOf(JSON_TABLE)),
    {
      build,
      label: "?source= tokio's data.js (other origin)",
      run: async () => {
        const context = await timedContext(browser, labels);
        await allowLinkOrigins(context, app.origin, [data.origin]);
        const page = await context.newPage();
        await page.goto(`${app.origin}/?tab=explore&source=${encodeURIComponent(`${data.origin}/data.js`)}`);
        const times = await waitForTimes(page);
        await context.close();
        return times;
      },
    },
  ];
}

await main();
