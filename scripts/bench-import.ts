// Import-speed benchmark: a folder of 1,000 pytest-benchmark JSON files (one per nightly run, 5–20 benchmarks
// each, as `pytest --benchmark-autosave` writes them) handed to the page's folder input in headless Chromium.
// Times, from the input's change event, until the source is listed and until the first chart is drawn (the page
// is on the Explore tab), median of several runs on a fresh page each; and, in Node, the pure parse step
// (decode, JSON, detection, importer) and the whole import into DuckDB-WASM for the same files.
//
//   npx tsx scripts/bench-import.ts [build dir, default dist] [--files 1000] [--runs 3] [--rounds 0]
//
// --rounds N adds N raw round times per benchmark (`--benchmark-save-data`). TRACE=1 prints the status line as it
// changed (reading, importing, done). Target: 1,000 files < 5 s in the browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from '@playwright/test';
import { findImporter } from '../src/lib/sources/artifacts/index.ts';
import { parseJsonDocument } from '../src/lib/sources/flat-json.ts';
import { openNodeDb } from '../src/engine/db/node-wasm.ts';
import { Engine } from '../src/engine/engine.ts';
import { loadSqlLibrary } from '../src/engine/sql-files-node.ts';
import { pytestNightlies, random, writeTree } from '../tests/e2e/artifact-fixtures.ts';
import { launchChromium, median, serveStatic } from './bench-kit.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const positional = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
const buildDir = path.resolve(positional[0] ?? 'dist');
const fileCount = option('--files', 1000);
const runs = option('--runs', 3);
const rounds = option('--rounds', 0);
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;

interface Timing {
  /** Until AppState got the worker's answer (the app's perftrack:sources-loaded mark): reading + import. */
  imported: number;
  listed: number;
  chart: number;
  /** From Playwright's setInputFiles call (Node side) until the source is listed: includes handing the files over. */
  wall: number;
}

async function timeBrowser(browser: Browser, origin: string, dir: string): Promise<Timing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${origin}/?empty&tab=explore`);
  await page.waitForSelector('[data-engine=ready]', { timeout: 60_000 });
  // Page-side clocks: the folder input's change event, then the first source row and the first chart's SVG.
  await page.evaluate(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { __marks: Record<string, number> }).__marks = marks;
    document
      .querySelector('[data-testid=folder-input]')!
      .addEventListener('change', () => (marks.change = performance.now()), { capture: true });
    const trace: [number, string][] = [];
    (window as unknown as { __trace: [number, string][] }).__trace = trace;
    new MutationObserver(() => {
      const status = document.querySelector('[data-engine]')?.textContent?.trim() ?? '';
      if (status !== trace.at(-1)?.[1]) trace.push([performance.now(), status]);
      if (!marks.listed && document.querySelector('[data-testid=source]')) marks.listed = performance.now();
      if (!marks.chart && document.querySelector('[data-testid=chart] svg')) marks.chart = performance.now();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const t0 = performance.now();
  await page.getByTestId('folder-input').setInputFiles(dir);
  await page.waitForSelector('[data-testid=source]', { timeout: 120_000 });
  const wall = performance.now() - t0;
  await page.waitForSelector('[data-testid=chart] svg', { timeout: 120_000 });
  const marks: Record<string, number> = await page.evaluate(() => ({
    ...(window as unknown as { __marks: Record<string, number> }).__marks,
    imported: performance.getEntriesByName('perftrack:sources-loaded').at(-1)?.startTime ?? NaN,
  }));
  if (process.env.TRACE) {
    const trace: [number, string][] = await page.evaluate(
      () => (window as unknown as { __trace: [number, string][] }).__trace,
    );
    for (const [t, text] of trace)
      console.log(`  ${(t - marks.change).toFixed(0).padStart(6)} ms  ${text.slice(0, 90)}`);
  }
  const sourceText = await page.getByTestId('source').first().textContent();
  if (!sourceText?.includes(`${fileCount} files`)) throw new Error(`unexpected source: ${sourceText}`);
  await context.close();
  return {
    imported: marks.imported - marks.change,
    listed: marks.listed - marks.change,
    chart: marks.chart - marks.change,
    wall,
  };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(buildDir, 'index.html')))
    throw new Error(`${buildDir} has no built app: run \`npm run build\` (or vite build --outDir …) first`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-import-bench-'));
  const dir = path.join(root, 'benchmarks');
  const pick = random(11);
  const counts = Array.from({ length: fileCount }, () => 5 + Math.floor(pick() * 16));
  const files = pytestNightlies({
    runs: fileCount,
    benchmarks: (r) => counts[r],
    rounds,
    stepAt: Math.floor(fileCount * 0.9),
    start: Date.UTC(2023, 0, 1),
  });
  writeTree(dir, files);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const records = counts.reduce((a, b) => a + b, 0);
  console.log(
    `${fileCount} pytest-benchmark files, ${records.toLocaleString('en-US')} benchmarks, ${(bytes / 2 ** 20).toFixed(1)} MB (${(bytes / fileCount / 1024).toFixed(1)} KB per file${rounds ? `, ${rounds} raw rounds each` : ''}) in ${dir}`,
  );

  // Node: the parse step alone (what Engine.openFiles does per file before DuckDB sees anything) …
  const encoded = files.map((f) => ({
    name: `benchmarks/${f.path}`,
    bytes: new TextEncoder().encode(f.text),
    lastModified: Date.now(),
  }));
  const parseTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    let n = 0;
    for (const file of encoded) {
      const text = new TextDecoder().decode(file.bytes);
      const parsed = parseJsonDocument(text);
      const input = {
        name: file.name,
        text,
        json: 'doc' in parsed ? parsed.doc : undefined,
        lastModified: file.lastModified,
      };
      n += findImporter(input)!.parse(input).records.length;
    }
    parseTimes.push(performance.now() - t0);
    if (n !== records) throw new Error(`parsed ${n} records, expected ${records}`);
  }
  // … and the whole import into DuckDB-WASM in Node (parse + one Arrow insert + the source's tables).
  const engine = await Engine.create(await openNodeDb(), loadSqlLibrary());
  const importTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = await engine.openFiles(encoded);
    importTimes.push(performance.now() - t0);
    for (const source of result.sources) await engine.removeSource(source.id);
  }

  const server = await serveStatic({ root: buildDir });
  const browser = await launchChromium();
  const timings: Timing[] = [];
  try {
    for (let i = 0; i < runs; i++) timings.push(await timeBrowser(browser, server.origin, dir));
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }

  console.log(`\nmedians of ${runs} runs (${os.cpus().length} cores):`);
  console.log(`Node   parse only (decode, JSON, detect, importer)     ${fmt(median(parseTimes))}`);
  console.log(`Node   Engine.openFiles (parse + DuckDB-WASM tables)   ${fmt(median(importTimes))}`);
  console.log(
    `Chrome folder input → files read and imported (worker)   ${fmt(median(timings.map((t) => t.imported)))}`,
  );
  console.log(
    `Chrome folder input → source listed                   ${fmt(median(timings.map((t) => t.listed)))}   (from setInputFiles: ${fmt(median(timings.map((t) => t.wall))).trim()})`,
  );
  console.log(`Chrome folder input → first chart                     ${fmt(median(timings.map((t) => t.chart)))}`);
  const listed = median(timings.map((t) => t.listed));
  console.log(`target: ${fileCount} files < 5000 ms in the browser: ${listed < 5000 ? 'met' : 'NOT met'}`);
}

await main();
