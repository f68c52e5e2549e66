// Commit context from the data, with no setting (issues 23 and 24): opening tokio's data.js makes its commits links
// to github.com/tokio-rs/tokio/commit/<id> (from the history's own commit URLs) and the chart tip shows the commit
// message and its author.
import fs from 'node:fs';
import path from 'node:path';
import { REAL } from '../real-files.ts';
import { expect, test } from './fixtures.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

interface Commit {
  id: string;
  message: string;
  author: { name: string; username: string };
}
const doc = JSON.parse(fs.readFileSync(TOKIO, 'utf8').replace(/^\s*window\.BENCHMARK_DATA\s*=\s*/, '')) as {
  entries: Record<string, { commit: Commit }[]>;
};
const commits = new Map(Object.values(doc.entries).flatMap((list) => list.map((e) => [e.commit.id, e.commit])));
const firstLines = new Set([...commits.values()].map((c) => c.message.split('\n')[0].trim()));

test("tokio's data.js: commits link to GitHub and tips show the message and author, with no setting", async ({
  page,
}) => {
  await page.goto('./?empty');
  await expect(page.locator('[data-engine="ready"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(TOKIO);
  await expect(page.getByTestId('source').first()).toBeVisible({ timeout: 90_000 });

  // The run list: each commit is a link to its page on GitHub, with its message beside it.
  await page.getByRole('button', { name: 'Runs…' }).click();
  const link = page.getByTestId('runs').getByTestId('run-commit').first();
  await expect(link).toBeVisible({ timeout: 30_000 });
  const href = (await link.getAttribute('href'))!;
  const id = /^https:\/\/github\.com\/tokio-rs\/tokio\/commit\/([0-9a-f]{40})$/.exec(href)?.[1];
  expect(id, href).toBeDefined();
  const commit = commits.get(id!)!;
  expect(commit).toBeDefined();
  await expect(page.getByTestId('runs').getByTestId('run').first()).toContainText(commit.message.split('\n')[0].trim());

  // The chart tip: the hovered point's commit message (first line) and author.
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.getByRole('tab', { name: 'Explore' }).click();
  const chart = page.getByTestId('chart').first();
  const svg = chart.locator('svg').first();
  await expect(svg).toBeVisible({ timeout: 30_000 });
  await svg.scrollIntoViewIfNeeded();
  let tip = '';
  await expect(async () => {
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width - 30, box.y + box.height / 2);
    await expect(chart).toContainText('click: open the commit', { timeout: 2_000 });
    tip = (await chart.textContent()) ?? '';
  }).toPass({ timeout: 30_000 });
  const shown = /“([^”]+)” by /.exec(tip)?.[1];
  expect(shown, tip).toBeDefined();
  expect(firstLines.has(shown!), shown).toBe(true);
});
