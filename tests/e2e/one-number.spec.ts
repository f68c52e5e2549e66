// One number per question, on real histories (issue 22): the Overview of tokio's data.js and of django's asv
// results says the same numbers as the Markdown report of the same view — the headline (how many regressions, how
// many still active, the worst active one and its percent), the windows, the incident lines and every regression
// row with its change and status — and the headline leads with what is still wrong. In Compare, the single runs'
// percent is labelled as such and the detector's line gives the Overview's level-median change.
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { asvFiles, openReal, TOKIO } from './real-histories.ts';

/** Markdown text back to what the page shows (the report escapes |*_`[]# and &, <, >). */
function unescapeMarkdown(text: string): string {
  return text
    .replace(/\\([\\|*_`[\]#])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The cells of a Markdown table row, split on unescaped pipes. */
function cells(line: string): string[] {
  return line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => unescapeMarkdown(c.trim()));
}

interface Numbers {
  count: number;
  active: number;
  worst: string | null;
}

/** The numbers a headline states: "N regressions …, M still active. Worst active: metric of series +P% (…)". */
function headlineNumbers(sentence: string): Numbers {
  const none = /^No (open )?regressions /.test(sentence);
  const counts = sentence.match(/^(\d+) regressions? .*?, (none|\d+) still active\./);
  expect(none || counts, `a headline: ${sentence}`).toBeTruthy();
  const worst = sentence.match(/Worst active: (.+? [-+]\d+\.\d%) \(/);
  return {
    count: none ? 0 : Number(counts![1]),
    active: none || counts![2] === 'none' ? 0 : Number(counts![2]),
    worst: worst ? worst[1] : null,
  };
}

interface Seen {
  summary: string;
  windows: string;
  incidents: string[];
  rows: { change: string; status: string; metric: string; series: string }[];
}

async function overview(page: Page): Promise<Seen> {
  const table = page.getByTestId('regressions');
  const rows = await table.locator('tbody tr:not(.details)').evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')];
      const td = cells.map((c) => (c.textContent ?? '').trim());
      // A long name is shortened in the middle on the page; its button's title is the whole name.
      const series = cells[4]?.querySelector('button[title]')?.getAttribute('title') ?? td[4];
      return { change: td[1], status: td[2], metric: td[3], series };
    }),
  );
  const incidents = page.getByTestId('incidents').locator('li');
  return {
    summary: (await page.getByTestId('summary').innerText()).trim(),
    windows: (await page.getByTestId('windows').innerText()).trim(),
    // Each line without its "Every series at …" button (the report has no button).
    incidents: await incidents.evaluateAll((lis) =>
      lis.map((li) => {
        const line = li.cloneNode(true) as HTMLElement;
        line.querySelectorAll('button').forEach((b) => b.remove());
        return (line.textContent ?? '').replace(/\s+/g, ' ').trim();
      }),
    ),
    rows,
  };
}

async function markdown(page: Page): Promise<Seen & { sentence: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Markdown' }).click(),
  ]);
  const lines = fs.readFileSync((await download.path())!, 'utf8').split('\n');
  const sentence = unescapeMarkdown(lines[lines.indexOf('## Summary') + 2]);
  const windows = unescapeMarkdown(lines.find((l) => l.startsWith('- **Windows:** '))!.slice('- **Windows:** '.length));
  const incidentStart = lines.findIndex((l) => l.startsWith('Incidents: regressions of several series'));
  const incidents: string[] = [];
  if (incidentStart >= 0)
    for (let i = incidentStart + 2; lines[i]?.startsWith('- '); i++)
      incidents.push(unescapeMarkdown(lines[i].slice(2)));
  const rows: Seen['rows'] = [];
  const header = lines.findIndex((l) => l.startsWith('| Series | Metric | Change | Status |'));
  if (header >= 0) {
    const columns = cells(lines[header]);
    for (let i = header + 2; lines[i]?.startsWith('| '); i++) {
      const c = cells(lines[i]);
      const at = (name: string) => c[columns.indexOf(name)];
      rows.push({ change: at('Change'), status: at('Status'), metric: at('Metric'), series: at('Series') });
    }
  }
  return { summary: sentence, sentence, windows, incidents, rows };
}

/** The page and its report: the same headline, windows, incidents and rows, in the same order. */
async function expectSameNumbers(page: Page): Promise<{ page: Seen; numbers: Numbers }> {
  const seen = await overview(page);
  const report = await markdown(page);
  // The report's summary is the Overview's headline, then the notes the Overview shows beside it.
  expect(report.sentence.startsWith(seen.summary), `${report.sentence}\n  does not start with\n${seen.summary}`).toBe(
    true,
  );
  const numbers = headlineNumbers(seen.summary);
  expect(headlineNumbers(report.sentence)).toEqual(numbers);
  expect(report.windows).toBe(seen.windows);
  expect(report.incidents).toEqual(seen.incidents);
  expect(report.rows).toEqual(seen.rows);
  // The counts in the headline are the rows': all of them, and the active ones.
  expect(seen.rows).toHaveLength(numbers.count);
  expect(seen.rows.filter((r) => r.status === 'active')).toHaveLength(numbers.active);
  // Active rows come first, and the first is the headline's worst active regression.
  const firstInactive = seen.rows.findIndex((r) => r.status !== 'active');
  expect(
    seen.rows.slice(firstInactive < 0 ? seen.rows.length : firstInactive).every((r) => r.status !== 'active'),
  ).toBe(true);
  if (numbers.active > 0)
    expect(numbers.worst).toBe(`${seen.rows[0].metric} of ${seen.rows[0].series} ${seen.rows[0].change}`);
  return { page: seen, numbers };
}

test("tokio's data.js: the Overview and its Markdown report say the same numbers; the active ping_pong leads", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openReal(page, [TOKIO]);
  const { page: seen, numbers } = await expectSameNumbers(page);
  // The headline leads with the one regression still wrong, not the larger send_medium that has recovered.
  expect(numbers.active).toBeGreaterThan(0);
  expect(seen.rows[0]).toMatchObject({ series: 'ping_pong · rt_multi_threaded', status: 'active', change: '+42.7%' });
  const medium = seen.rows.find((r) => r.series.startsWith('send_medium'))!;
  expect(medium).toMatchObject({ change: '+81.9%', status: 'recovered' });
  expect(seen.summary).toMatch(
    /^\d+ regressions in the whole history, \d+ still active\. Worst active: time of ping_pong/,
  );
  expect(seen.summary.indexOf('send_medium')).toBeGreaterThan(seen.summary.indexOf('ping_pong'));
  expect(seen.windows).toContain('a first bad run in the whole history');
  expect(seen.windows).toContain(
    'a change is the median of the level after it against the median of the level before it',
  );
  expect(seen.incidents.length).toBeGreaterThan(0);
  expect(seen.incidents[0]).toMatch(/^commit e2589a0e .* still active; worst active time of ping_pong/);

  // Compare ping_pong's last good and first bad commits: the single runs' percent, labelled as such, and the
  // detector's line with the Overview's +42.7 %.
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Compare by').selectOption('commit');
  const side = (which: 'A' | 'B') => page.getByRole('combobox', { name: `Side ${which}` });
  await expect(side('A')).not.toHaveAttribute('placeholder', /^Search/, { timeout: 30_000 });
  await side('A').fill('51fad066');
  await side('A').press('Enter');
  await side('B').fill('e2589a0e');
  await side('B').press('Enter');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByTestId('compare-sides')).toContainText('A: commit 51fad066');
  const row = page.getByTestId('compare').locator('tbody tr').filter({ hasText: 'ping_pong · rt_multi_threaded' });
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  await expect(row.getByTestId('compare-basis')).toHaveText(/single run vs single run|mean of A vs mean of B/);
  await expect(row.getByTestId('detected')).toHaveText(/^detector: \+42\.7% \(level median .+ → .+\), active$/);
  const change = (await row.locator('td').nth(4).innerText()).split('\n')[0];
  expect(change).not.toBe('+42.7%');
});

test("django's asv results: the Overview and its Markdown report say the same numbers", async ({ page }) => {
  test.setTimeout(240_000);
  await openReal(page, asvFiles());
  const { page: seen, numbers } = await expectSameNumbers(page);
  expect(seen.summary).toContain('in the whole history');
  expect(seen.windows).toContain('a first bad run in the whole history');
  expect(numbers.count).toBe(seen.rows.length);
});
