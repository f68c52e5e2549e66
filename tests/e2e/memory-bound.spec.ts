// The tab's stated memory bound (docs/security.md), measured in Chromium: every hostile or oversized input is
// opened through the page's file picker, and the peak resident set size of the page's renderer process — which
// runs the page, its worker and DuckDB-WASM's worker — is read from the kernel (/proc/PID/status VmHWM, reset
// before each input through /proc/PID/clear_refs). Each input must end with its limit's message, under the bound.
// The inputs that hold hundreds of MB each get a tab of their own, so each is measured from a tab with the demo
// open rather than on top of what an earlier input left for the garbage collector.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeHostileInputs, type HostileInput } from '../unit/helpers/hostile-inputs.ts';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const MB = 2 ** 20;
/** The bound docs/security.md states for the tab: above the tab's memory with the demo open. */
const TAB_BOUND_ABOVE_BASELINE = 640 * MB;

let dir = '';
let inputs: HostileInput[] = [];

test.beforeAll(async () => {
  test.setTimeout(300_000); // writing the hostile inputs is disk-bound: slow on a busy machine
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-hostile-'));
  inputs = await writeHostileInputs(dir);
});

test.afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)\s*kB/.exec(line ?? '')?.[1] ?? NaN) * 1024;
}

/** The browser's renderer processes: the tab's is one of them (which one is not exposed, so every one is watched). */
async function renderers(browser: Browser): Promise<number[]> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  await cdp.detach();
  return processInfo.filter((p) => p.type === 'renderer' && fs.existsSync(`/proc/${p.id}/status`)).map((p) => p.id);
}

/** Wait (at most 10 s) until no renderer's memory moves by more than 2 MB in half a second: the page has settled
 *  after opening (charts drawn, analysis done), so what follows is the input's cost. */
async function settle(pids: number[]): Promise<void> {
  const rss = () => pids.filter((pid) => fs.existsSync(`/proc/${pid}/status`)).map((pid) => status(pid, 'VmRSS'));
  let last = rss();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = rss();
    if (now.length === last.length && now.every((v, j) => Math.abs(v - last[j]) < 2 * MB)) return;
    last = now;
  }
}

test("every bomb and oversized input ends with its limit's message, and the tab stays within the stated memory bound", async ({
  page: first,
  context,
  browser,
}) => {
  test.skip(process.platform !== 'linux', "reads the renderer's peak memory from /proc");
  test.setTimeout(240_000);
  await first.close();
  const measured: string[] = [];
  const peaks: { label: string; above: number }[] = [];
  // Each input in a tab of its own: its cost is measured from that tab's baseline with the demo open.
  // Inputs that hold hundreds of MB get a tab of their own; the small ones share one (the one that opens, last).
  const large = (input: HostileInput) => input.readBytes > 64 * MB || input.file.endsWith('.gz');
  const order = [
    ...inputs.filter(large),
    ...inputs.filter((i) => !large(i) && i.refused),
    ...inputs.filter((i) => !large(i) && !i.refused),
  ];
  let page: Page | null = null;
  let shared = false;
  for (const input of order) {
    if (!page || large(input) || !shared) {
      shared = !large(input);
      await page?.close();
      page = await context.newPage();
      await page.goto('./');
      await expect(page.getByTestId('source')).toContainText('benchmark.duckdb', { timeout: 30_000 });
    }
    const pids = await renderers(browser);
    await settle(pids);
    const baseline = new Map(pids.map((pid) => [pid, status(pid, 'VmRSS')]));
    for (const pid of pids) fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); // each peak starts again from now
    await page.getByLabel('Open benchmark files').setInputFiles(input.file);
    const kind = input.refused ? 'message-error' : 'message-info';
    await expect(page.getByTestId(kind).filter({ hasText: input.message }), input.label).toHaveCount(1, {
      timeout: 60_000,
    });
    await expect(page.getByTestId('busy')).toHaveCount(0, { timeout: 60_000 });
    // The renderer that grew most is the tab's.
    const grown = pids
      .filter((pid) => fs.existsSync(`/proc/${pid}/status`))
      .map((pid) => ({ pid, above: status(pid, 'VmHWM') - baseline.get(pid)! }));
    const tab = grown.reduce((a, b) => (b.above > a.above ? b : a));
    peaks.push({ label: input.label, above: tab.above });
    measured.push(
      `${input.label}: ${(tab.above / MB).toFixed(0)} MB (baseline ${(baseline.get(tab.pid)! / MB).toFixed(0)} MB)`,
    );
    // The tab still answers: the source list shows what is open. The message is dismissed (the page lists the
    // first three of a kind).
    await expect(page.getByTestId('source')).toHaveCount(1);
    await page.getByTestId(kind).filter({ hasText: input.message }).getByRole('button', { name: 'Dismiss' }).click();
  }
  await page?.close();
  test.info().annotations.push({ type: 'memory', description: measured.join('; ') });
  console.log(`tab peak above its baseline — ${measured.join('; ')}`);
  for (const { label, above } of peaks)
    expect(above, `${label}: the tab's peak memory above its baseline`).toBeLessThan(TAB_BOUND_ABOVE_BASELINE);
});
