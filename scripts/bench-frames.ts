// Frame times while scrolling many series in headless Chromium: opens a generated history of N series (a Parquet
// file of a few runs each, picked with the file input of a running page), then records requestAnimationFrame
// intervals at rest, while scrolling Explore's series list, while a filter chip and a search apply, and while
// scrolling the Grid of sparklines (in bursts, so the sparklines of each stop arrive). Prints median, p95, the
// share of frames over 16.7 ms and 33 ms, and each median as a ratio of the at-rest median of the same run, with
// the load average.
//
//   npx tsx scripts/bench-frames.ts [--dist dist] [--series 10000,100000] [--repeat 3]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { launchChromium, loadAverage, requireBuild, serveStatic } from './bench-kit.ts';

const arg = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;
const dist = arg('--dist', 'dist');
const sizes = arg('--series', '10000,100000').split(',').map(Number);
const repeat = Number(arg('--repeat', '3'));
const profile = process.argv.includes('--profile');
const RUNS = 3;
const THREADS = [1, 2];

/** A history of `series` series (benchmark × threads) with RUNS runs each; long names that share their start. */
function writeHistory(file: string, series: number): void {
  const benchmarks = Math.ceil(series / THREADS.length);
  const rows = benchmarks * THREADS.length * RUNS;
  const ts: Date[] = new Array(rows);
  const benchmark: string[] = new Array(rows);
  const threads: number[] = new Array(rows);
  const value: number[] = new Array(rows);
  let r = 0;
  for (let run = 0; run < RUNS; run++)
    for (let b = 0; b < benchmarks; b++)
      for (const t of THREADS) {
        ts[r] = new Date(Date.UTC(2026, 0, 1 + run));
        benchmark[r] = `runtime_scheduler/suite_${b % 40}/spawn_many_tasks_with_a_parameterised_payload_of_${b}_bytes`;
        threads[r] = t;
        value[r] = 10 + (b % 97) / 10 + run * ((b % 7) - 3) * 0.01 + ((r * 7919) % 100) / 1000;
        r++;
      }
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'ts', data: ts, type: 'TIMESTAMP' },
      { name: 'benchmark', data: benchmark, type: 'STRING' },
      { name: 'threads', data: threads, type: 'INT32' },
      { name: 'time_ms', data: value, type: 'DOUBLE' },
    ],
    rowGroupSize: 100_000,
  });
  fs.writeFileSync(file, new Uint8Array(buffer));
}

// In the page (a string: tsx would add helpers the page does not have). `frames(options)` records rAF intervals
// for `count` frames; with `selector` it scrolls that element by `step` px a frame, `burst` frames at a time with
// `pause` still frames between bursts, back to the top at the end. It also counts long tasks (> 50 ms).
const RECORDER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: false });
  window.__frames = (options) => new Promise((resolve) => {
    const el = options.selector ? document.querySelector(options.selector) : null;
    const out = [];
    let last = 0;
    let n = 0;
    const tick = (t) => {
      if (last) out.push(t - last);
      last = t;
      if (el) {
        const phase = n % (options.burst + options.pause);
        if (phase < options.burst) {
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) el.scrollTop = 0;
          else el.scrollTop += options.step;
        }
      }
      if (++n > options.count) resolve(out);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
`;

interface FrameOptions {
  selector?: string;
  step?: number;
  count: number;
  burst?: number;
  pause?: number;
  /** Trace the main thread's CPU time without scrolling. */
  trace?: boolean;
}

async function frames(page: Page, options: FrameOptions): Promise<number[]> {
  const run = () =>
    page.evaluate((o) => (window as unknown as { __frames: (o: FrameOptions) => Promise<number[]> }).__frames(o), {
      step: 0,
      burst: 1,
      pause: 0,
      ...options,
    });
  if (!options.selector && !options.trace) return run();
  if (!profile || !options.selector) {
    // The main thread's CPU time per frame from a trace: what the page itself costs, which waiting for a core on a
    // loaded machine does not stretch (wall-clock frame times do).
    const browser = page.context().browser()!;
    await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
    const out = await run();
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: { name: string; ph: string; pid: number; tid: number; tdur?: number; args?: { name?: string } }[];
    };
    const mains = new Set(
      trace.traceEvents
        .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
        .map((e) => `${e.pid}/${e.tid}`),
    );
    const cpu = new Map<string, number>();
    for (const e of trace.traceEvents)
      if (e.name === 'RunTask' && e.ph === 'X' && mains.has(`${e.pid}/${e.tid}`))
        cpu.set(`${e.pid}/${e.tid}`, (cpu.get(`${e.pid}/${e.tid}`) ?? 0) + (e.tdur ?? 0) / 1000);
    (out as number[] & { cpuPerFrame?: number }).cpuPerFrame = Math.max(0, ...cpu.values()) / out.length;
    return out;
  }
  // --profile: the page's functions by self time while it scrolls.
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.start');
  const out = await run();
  const { profile: p } = await session.send('Profiler.stop');
  const self = new Map<string, number>();
  const dt = p.timeDeltas ?? [];
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  (p.samples ?? []).forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`  profile of ${options.selector}:`);
  for (const [name, ms] of top) console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${name}`);
  await session.detach();
  return out;
}

const longTasks = (page: Page): Promise<number[]> =>
  page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0));

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);

interface Stats {
  /** Main-thread CPU ms per frame (scrolling phases only). */
  cpu: number;
  median: number;
  p95: number;
  over16: number;
  over33: number;
  max: number;
}
function stats(xs: number[] & { cpuPerFrame?: number }): Stats {
  return {
    cpu: xs.cpuPerFrame ?? NaN,
    median: median(xs),
    p95: quantile(xs, 0.95),
    over16: xs.filter((x) => x > 17.5).length / xs.length,
    over33: xs.filter((x) => x > 34).length / xs.length,
    max: Math.max(...xs),
  };
}

const heapMb = (page: Page) =>
  page.evaluate(
    () => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20,
  );

async function measure(origin: string, file: string): Promise<Record<string, Stats | number>> {
  const browser = await launchChromium(['--enable-precise-memory-info']);
  let step = 'starting';
  const result: Record<string, Stats | number> = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addInitScript({ content: RECORDER });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/?tab=explore&empty`);
    step = 'waiting for DuckDB';
    await page.waitForSelector('[data-engine=ready]', { timeout: 300_000 });
    step = 'opening the file';
    const t0 = Date.now();
    await page.locator('input[type=file]').first().setInputFiles(file);
    const count = page.getByTestId('series-count');
    await page.waitForFunction(
      () => /^[1-9]/.test(document.querySelector('[data-testid=series-count]')?.textContent?.trim() ?? ''),
      null,
      { timeout: 600_000, polling: 200 },
    );
    const openSeconds = (Date.now() - t0) / 1000;
    const listed = (await count.textContent())?.trim() ?? '';
    result.heapMb = await heapMb(page);
    // Let the analysis that follows an open finish (it is not what is measured here), up to a minute.
    await page
      .waitForFunction(() => !document.body.textContent?.includes('analysing'), null, { timeout: 60_000 })
      .catch(() => undefined);
    await longTasks(page);
    result.openSeconds = openSeconds;
    step = 'scrolling the list';
    result.rest = stats(await frames(page, { count: 120, trace: true }));
    result.list = stats(await frames(page, { selector: '[aria-label="Series list"]', step: 200, count: 300 }));
    result.listLongTasks = (await longTasks(page)).length;

    // A filter: the chip of one threads value, then a search; frames for a second after each.
    step = 'filtering';
    const chip = page.locator('fieldset', { hasText: 'threads' }).getByRole('button', { name: /^2 \(/ });
    const before = await count.textContent();
    const filterFrames = frames(page, { count: 90 });
    const clicked = Date.now();
    await chip.click();
    // A list cut at its limit may show the same count after the filter: then no time is given.
    result.filterAppliedMs = await page
      .waitForFunction((b) => document.querySelector('[data-testid=series-count]')?.textContent !== b, before, {
        timeout: 60_000,
        polling: 50,
      })
      .then(() => Date.now() - clicked)
      .catch(() => NaN);
    const searchFrames = frames(page, { count: 90 });
    const filtered = [...(await filterFrames)];
    await page.getByLabel('Search series').fill('suite_7/');
    result.filter = stats([...filtered, ...(await searchFrames)]);
    result.filterLongTasks = (await longTasks(page)).length;
    await page.getByLabel('Search series').fill('');
    await chip.click();

    step = 'opening the grid';
    const gridOpened = Date.now();
    await page.getByRole('tab', { name: 'Grid' }).click();
    await page.waitForFunction(
      () => /of [1-9]/.test(document.querySelector('[data-testid=grid-count]')?.textContent ?? ''),
      null,
      { timeout: 300_000, polling: 200 },
    );
    result.gridListedSeconds = (Date.now() - gridOpened) / 1000;
    result.gridCells = Number(
      ((await page.getByTestId('grid-count').textContent()) ?? '').match(/of ([\d,]+)/)?.[1].replace(/,/g, '') ?? 0,
    );
    await page.waitForTimeout(1000);
    await longTasks(page);
    step = 'scrolling the grid';
    result.gridRest = stats(await frames(page, { count: 120, trace: true }));
    // Bursts of 20 scrolled frames (about a wheel flick) and 30 still ones, so each stop's sparklines arrive.
    result.grid = stats(
      await frames(page, { selector: '[data-testid=grid]', step: 160, count: 400, burst: 20, pause: 30 }),
    );
    result.gridLongTasks = (await longTasks(page)).length;
    result.gridDomCells = await page.getByTestId('grid-cell').count();
    result.sparklinesDrawn = await page.locator('[data-testid=grid-cell] [data-testid=sparkline] polyline').count();
    result.heapMb = await heapMb(page);
    if (errors.length) console.log(`  page errors: ${errors.slice(0, 3).join(' | ')}`);
    console.log(`  (${listed}; grid cells ${result.gridCells})`);
    return result;
  } catch (error) {
    // What was measured before the failure is still reported.
    console.log(`  failed while ${step}: ${(error as Error).message.split('\n')[0]}`);
    return result;
  } finally {
    await browser.close();
  }
}

function line(label: string, s: Stats, base: number): string {
  const pct = (x: number) => `${(100 * x).toFixed(0).padStart(3)} %`;
  const cpu = Number.isNaN(s.cpu) ? '' : `  main-thread CPU ${s.cpu.toFixed(1)} ms/frame`;
  return `  ${label.padEnd(22)}${cpu} median ${s.median.toFixed(1).padStart(6)} ms (${(s.median / base).toFixed(2)}× rest)  p95 ${s.p95.toFixed(1).padStart(6)} ms  >16.7 ms ${pct(s.over16)}  >33 ms ${pct(s.over33)}  max ${s.max.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  requireBuild(dist);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-frames-'));
  const server = await serveStatic({ root: dist });
  try {
    for (const n of sizes) {
      const file = path.join(dir, `series-${n}.parquet`);
      writeHistory(file, n);
      console.log(
        `\n${n.toLocaleString('en-US')} series × ${RUNS} runs (${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB Parquet), ${dist}, ${repeat} run(s); load average ${loadAverage()}`,
      );
      const all: Record<string, Stats | number>[] = [];
      for (let i = 0; i < repeat; i++) {
        try {
          all.push(await measure(server.origin, file));
        } catch (error) {
          console.log(`  run ${i + 1} failed: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      if (!all.length) continue;
      const m = (key: string) => median(all.filter((r) => key in r).map((r) => r[key] as number));
      const ms = (key: string, field: keyof Stats) =>
        median(all.filter((r) => key in r).map((r) => (r[key] as Stats)[field]));
      const merged = (key: string): Stats => ({
        cpu: ms(key, 'cpu'),
        median: ms(key, 'median'),
        p95: ms(key, 'p95'),
        over16: ms(key, 'over16'),
        over33: ms(key, 'over33'),
        max: ms(key, 'max'),
      });
      console.log(
        `  open → listed ${m('openSeconds').toFixed(1)} s; Grid tab → cells listed ${m('gridListedSeconds').toFixed(1)} s; JS heap after ${m('heapMb').toFixed(0)} MB`,
      );
      const base = ms('rest', 'median');
      const has = (key: string) => all.some((r) => key in r);
      if (!has('rest')) continue;
      console.log(line('at rest', merged('rest'), base));
      if (has('list'))
        console.log(line('Explore list scroll', merged('list'), base) + `  long tasks ${m('listLongTasks')}`);
      if (has('filter'))
        console.log(
          line('filter + search', merged('filter'), base) +
            `  long tasks ${m('filterLongTasks')}  chip → list ${m('filterAppliedMs').toFixed(0)} ms`,
        );
      if (has('gridRest')) console.log(line('Grid at rest', merged('gridRest'), base));
      if (has('grid'))
        console.log(
          line('Grid scroll', merged('grid'), base) +
            `  long tasks ${m('gridLongTasks')}  cells in DOM ${m('gridDomCells')}  sparklines drawn ${m('sparklinesDrawn')}`,
        );
      console.log(`  medians of the per-run figures; load average now ${loadAverage()}`);
    }
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
