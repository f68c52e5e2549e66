// A folder of benchmark-tool artifacts, opened whole: through the folder picker (a real directory handed to the
// webkitdirectory input) and by a drop whose DataTransfer items expose directory entries. The history is one
// source with one run per file; the injected step is charted and found with its first bad commit; a run's time
// is corrected in the run list and the analysis follows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { STEPPED, pytestNightlies, writeTree } from './artifact-fixtures.ts';
import { expect, test } from './fixtures.ts';

const RUNS = 24;
const STEP_AT = 14; // run 15 (1-based) is the first slower one
const FOLDER = 'Linux-CPython-3.11-64bit';
const runs = pytestNightlies({ runs: RUNS, benchmarks: 8, stepAt: STEP_AT, stepPct: 15, noisePct: 1.5, rounds: 10 });
const short = (commit: string) => commit.slice(0, 8);
const utcInput = (ms: number) => new Date(ms).toISOString().slice(0, 19);

async function openEmpty(page: Page): Promise<void> {
  await page.goto('./?empty');
  await expect(page.getByText(/DuckDB v1\.4\.3/)).toBeVisible({ timeout: 30_000 });
}

test('a folder of 24 pytest-benchmark nightlies: one source, its runs, the step charted and blamed, a run moved', async ({
  page,
}) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-e2e-folder-'));
  const dir = path.join(root, 'nightly-results');
  writeTree(dir, runs, {
    'junk.bin': new Uint8Array([0, 1, 2, 3, 0, 255, 0, 7]),
    [`${FOLDER}/.DS_Store`]: new Uint8Array([0, 0, 0, 1, 66, 117, 100, 49]),
  });

  await openEmpty(page);
  await page.getByTestId('folder-input').setInputFiles(dir);

  // One source holding every run; the junk file is counted in one note with its reason (its path behind a
  // disclosure), the hidden file is not read.
  await expect(page.getByTestId('source')).toHaveCount(1);
  await expect(page.getByTestId('source')).toContainText(`${RUNS} files (pytest-benchmark)`);
  await expect(page.getByTestId('message-error')).toHaveCount(0);
  const skipped = page
    .getByTestId('message-info')
    .filter({ hasText: 'Skipped 1 file that holds no benchmark results: 1 not a format this page reads (junk.bin)' });
  await expect(skipped).toHaveCount(1);
  await skipped.locator('summary', { hasText: '1 not a format this page reads' }).click();
  await expect(skipped.getByTestId('message-details')).toContainText('nightly-results/junk.bin');
  await expect(page.getByText('.DS_Store')).toHaveCount(0);

  // The overview finds the injected +15 % step at run 15's commit.
  const regressions = page.getByTestId('regressions');
  // Long names are shortened in the middle; the series' button is named by the whole name.
  const stepped = regressions
    .locator('tbody tr')
    .filter({ has: page.getByRole('button', { name: /test_json_roundtrip/ }) });
  await expect(stepped).toHaveCount(1);
  await expect(stepped).toContainText(short(runs[STEP_AT].commit));
  await expect(stepped).toContainText(/\+1[3-7]\.\d%/);

  // The run list: one run per file, in time order, with format, origin of the time, commit and size.
  await page.getByRole('button', { name: 'Runs…' }).click();
  const list = page.getByTestId('runs');
  await expect(list.getByTestId('run')).toHaveCount(RUNS);
  await expect(page.getByTestId('runs-summary')).toContainText(
    `${RUNS} runs in time order · pytest-benchmark · in nightly-results/${FOLDER}/`,
  );
  const first = list.getByTestId('run').first();
  await expect(first).toContainText(path.posix.basename(runs[0].path));
  await expect(first.locator(`td[title="nightly-results/${runs[0].path}"]`)).toHaveCount(1);
  await expect(first).toContainText('file content');
  await expect(first).toContainText(short(runs[0].commit));
  await expect(first.getByRole('cell', { name: '8', exact: true })).toHaveCount(1);

  // Correct run 15's time: put it half a day after run 16. The run moves in the list and the analysis now
  // blames run 16 (the first slow run in the new order).
  const name = `nightly-results/${runs[STEP_AT].path}`;
  await page.getByLabel(`New time of ${name} (UTC)`).fill(utcInput(runs[STEP_AT + 1].ts + 43_200_000));
  await page.getByRole('button', { name: `Move ${name}` }).click();
  const moved = list.getByTestId('run').nth(STEP_AT + 1);
  await expect(moved).toContainText(path.posix.basename(name));
  await expect(moved).toContainText('set here');
  await expect(moved).toContainText(
    new Date(runs[STEP_AT + 1].ts + 43_200_000).toISOString().slice(0, 16).replace('T', ' '),
  );
  await expect(list.getByTestId('run').nth(STEP_AT)).toContainText(short(runs[STEP_AT + 1].commit));
  await expect(stepped).toContainText(short(runs[STEP_AT + 1].commit));
  await expect(stepped).not.toContainText(short(runs[STEP_AT].commit));

  // Undo restores the imported time, and the finding.
  await page.getByRole('button', { name: `Restore the imported time of ${name}` }).click();
  await expect(list.getByTestId('run').nth(STEP_AT)).toContainText(path.posix.basename(name));
  await expect(list.getByTestId('run').nth(STEP_AT)).toContainText('file content');
  await expect(stepped).toContainText(short(runs[STEP_AT].commit));

  // The stepped benchmark's history is charted.
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('series-count')).toContainText('8 series');
  await page.getByLabel('Search series').fill('json_roundtrip');
  await expect(page.getByTestId('series-count')).toContainText('1 series');
  await page.getByRole('option', { name: /test_json_roundtrip/ }).click();
  const chart = page.getByTestId('chart').filter({ hasText: 'test_json_roundtrip' });
  await expect(chart.locator('svg').first()).toBeVisible();
  await expect(chart.locator('h3')).toContainText(STEPPED);
  fs.rmSync(root, { recursive: true, force: true });
});

test('a dropped folder is walked through its entries, with paths relative to it and hidden files skipped', async ({
  page,
}) => {
  const criterion = path.resolve(
    'tests/fixtures/artifacts/criterion/target/criterion/fib/recursive/20/new/estimates.json',
  );
  // The tree as { path: text }; the page turns it into FileSystemDirectoryEntry look-alikes behind a real
  // DataTransfer (Playwright cannot drop a real directory), so App's drop handler walks it as it would a real one.
  const tree: Record<string, string> = {
    ...Object.fromEntries(runs.slice(0, 5).map((r) => [`results/${r.path}`, r.text])),
    'results/target/criterion/fib/recursive/20/new/estimates.json': fs.readFileSync(criterion, 'utf8'),
    'results/.git/HEAD': 'ref: refs/heads/main',
    [`results/${FOLDER}/.DS_Store`]: 'x',
  };

  await openEmpty(page);
  await page.evaluate((files) => {
    type Node = { name: string; children?: Map<string, Node>; text?: string };
    const root: Node = { name: '', children: new Map() };
    for (const [path, text] of Object.entries(files)) {
      let at = root;
      const parts = path.split('/');
      for (const [i, part] of parts.entries()) {
        if (i === parts.length - 1) at.children!.set(part, { name: part, text });
        else at = at.children!.get(part) ?? at.children!.set(part, { name: part, children: new Map() }).get(part)!;
      }
    }
    const entry = (node: Node): object =>
      node.children
        ? {
            name: node.name,
            isFile: false,
            isDirectory: true,
            createReader() {
              // Two entries per call, then an empty batch: the caller must keep reading.
              const all = [...node.children!.values()].map(entry);
              return { readEntries: (ok: (e: object[]) => void) => setTimeout(() => ok(all.splice(0, 2))) };
            },
          }
        : {
            name: node.name,
            isFile: true,
            isDirectory: false,
            file: (ok: (f: File) => void) => setTimeout(() => ok(new File([node.text!], node.name))),
          };
    const transfer = new DataTransfer();
    const folder = entry(root.children!.get('results')!);
    Object.defineProperty(transfer, 'items', {
      value: [{ kind: 'file', webkitGetAsEntry: () => folder, getAsFile: () => null }],
    });
    const target = document.querySelector('.app')!;
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, tree);

  await expect(page.getByTestId('source')).toHaveCount(1);
  await expect(page.getByTestId('source')).toContainText('6 files (pytest-benchmark, Criterion.rs)');
  await expect(page.getByTestId('message-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Runs…' }).click();
  const list = page.getByTestId('runs');
  await expect(list.getByTestId('run')).toHaveCount(6);
  // The Criterion benchmark is named from its folder path, which only the relative path carries.
  await expect(page.getByTestId('runs-summary')).toContainText('pytest-benchmark, Criterion.rs · in results/');
  const bench = list.getByTestId('run').filter({ hasText: 'target/criterion/fib/recursive/20/new/estimates.json' });
  await expect(bench).toHaveCount(1);
  await expect(bench).toContainText('modification time');
  await expect(list.getByTestId('run').filter({ hasText: runs[0].path })).toContainText('file content');
  await page.getByRole('tab', { name: 'Explore' }).click();
  await page.getByLabel('Search series').fill('fib');
  await expect(page.getByRole('option').filter({ hasText: 'fib/recursive/20' })).toHaveCount(1);
});
