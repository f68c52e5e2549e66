// The last good…first bad compare link on tokio's real history: the data's commit pages give the template, and the
// Markdown and HTML reports, every notification payload and the CLI's report and regression verbs link the same two
// commits the analysis names (the Overview's Details); none without a known repository, and escaped everywhere.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { AnalysisResult, Regression } from '../../src/lib/analysis/types.ts';
import { commitTemplateOfPages } from '../../src/lib/format/commit-link.ts';
import { findingCompare, repositoryOfTemplate } from '../../src/lib/format/compare-link.ts';
import {
  discordMessage,
  emailDraft,
  issueBody,
  logLine,
  slackMessage,
  teamsMessage,
  webhookPayload,
  type MessageInput,
} from '../../src/lib/notify/payloads.ts';
import { htmlReport } from '../../src/lib/report/html.ts';
import { markdownReport } from '../../src/lib/report/markdown.ts';
import { COMPARE_COLUMN, type ReportInput } from '../../src/lib/report/model.ts';
import { REAL } from '../real-files.ts';
import { newEngine } from './helpers/engine.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
const GOOD = '51fad066';
const BAD = 'e2589a0e';

let engine: Engine;
let analysis: AnalysisResult;
let template: string;
/** ping_pong's step at e2589a0e: the Overview's worst active regression. */
let ping: Regression;

beforeAll(async () => {
  engine = await newEngine();
  await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(TOKIO)), lastModified: 0 }]);
  analysis = await engine.analyse();
  const pages: { commit: string | null; url: string | null }[] = [];
  for (const source of engine.listSources())
    for (const run of await engine.listRuns(source.id)) pages.push({ commit: run.commit, url: run.commitUrl });
  template = commitTemplateOfPages(pages);
  ping = analysis.regressions.find((r) => r.label.startsWith('ping_pong') && r.firstBad.commit?.startsWith(BAD))!;
}, 120_000);

function reportInput(commitUrl: string): ReportInput {
  return { title: 'tokio', generatedAt: 0, sources: ['data.js'], analysis, periodDays: 30, commitUrl };
}

describe('the compare link from the data', () => {
  it("follows data.js's commit pages, and names the analysis's last good and first bad commits", () => {
    expect(template).toBe('https://github.com/tokio-rs/tokio/commit/{commit}');
    expect(ping.lastGood?.commit?.startsWith(GOOD)).toBe(true);
    const compare = findingCompare(ping, repositoryOfTemplate(template))!;
    expect(compare.text).toBe(`${GOOD}…${BAD}`);
    expect(compare.url).toBe(
      `https://github.com/tokio-rs/tokio/compare/${ping.lastGood!.commit}...${ping.firstBad.commit}`,
    );
  });

  it('needs a known repository host and two commits', () => {
    expect(findingCompare(ping, repositoryOfTemplate('https://example.org/rev?id={commit}'))).toBeNull();
    expect(findingCompare({ ...ping, lastGood: null }, repositoryOfTemplate(template))).toBeNull();
    expect(commitTemplateOfPages([{ commit: 'abc1234', url: 'https://example.org/no-id' }])).toBe('');
  });
});

describe('reports', () => {
  it('Markdown: a column of last good…first bad links, the same two commits as the evidence', () => {
    const md = markdownReport(reportInput(template));
    const url = findingCompare(ping, repositoryOfTemplate(template))!.url;
    expect(md).toContain(`| ${COMPARE_COLUMN} |`);
    expect(md).toContain(`[${GOOD}…${BAD}](<${url}>)`);
    // Each regression row links its own two commits; d16e5063, measured twice, is its own last good: nothing to compare.
    const linked = analysis.regressions.filter((x) => x.lastGood?.commit && x.lastGood.commit !== x.firstBad.commit);
    expect(linked.length).toBe(analysis.regressions.length - 1);
    for (const r of linked) expect(md).toContain(`/compare/${r.lastGood!.commit}...${r.firstBad.commit}>`);
    const same = md.split('\n').find((l) => l.includes('[d16e5063]'))!;
    expect(same).toContain('| — |');
    // No repository, no column.
    expect(markdownReport(reportInput(''))).not.toContain(COMPARE_COLUMN);
  });

  it('HTML: the link escaped in an anchor', () => {
    const html = htmlReport(reportInput(template));
    const url = findingCompare(ping, repositoryOfTemplate(template))!.url;
    expect(html).toContain(`<th>${COMPARE_COLUMN}</th>`);
    expect(html).toContain(`<a href="${url}">${GOOD}…${BAD}</a>`);
  });

  it('escapes a repository path that would break a Markdown table or leave its link', () => {
    const odd = 'https://github.com/o/r|x)y/commit/{commit}';
    const md = markdownReport(reportInput(odd));
    const row = md.split('\n').find((l) => l.includes(`${GOOD}…${BAD}`))!;
    expect(row).toContain('https://github.com/o/r%7Cx)y/compare/');
    // The row keeps its cells: the pipe in the address does not split one.
    expect(row.split(' | ').length).toBe(
      md
        .split('\n')
        .find((l) => l.startsWith('| Series'))!
        .split(' | ').length,
    );
    expect(htmlReport(reportInput(odd))).toContain('href="https://github.com/o/r|x)y/compare/');
  });
});

describe('notification payloads', () => {
  const input = (commitUrl: string | null): MessageInput => ({
    regressions: [ping],
    now: 0,
    viewUrl: null,
    test: false,
    commitUrl,
  });

  it('every channel carries the compare link when the repository is known, none otherwise', () => {
    const url = findingCompare(ping, repositoryOfTemplate(template))!.url;
    const texts = (commitUrl: string | null) => ({
      webhook: JSON.stringify(webhookPayload(input(commitUrl))),
      slack: JSON.stringify(slackMessage(input(commitUrl))),
      discord: JSON.stringify(discordMessage(input(commitUrl))),
      teams: JSON.stringify(teamsMessage(input(commitUrl))),
      github: issueBody(ping, null, commitUrl),
      email: emailDraft(['a@example.org'], input(commitUrl)).body,
      log: logLine(ping, commitUrl),
    });
    for (const [channel, text] of Object.entries(texts(template))) expect(text, channel).toContain(url);
    for (const [channel, text] of Object.entries(texts(null))) expect(text, channel).not.toContain('/compare/');
    expect(webhookPayload(input(template)).regressions[0].compare_url).toBe(url);
    expect(issueBody(ping, null, template)).toContain(`| Last good…first bad | [${GOOD}…${BAD}](${url}) |`);
    expect(JSON.stringify(slackMessage(input(template)))).toContain(`<${url}|${GOOD}…${BAD}>`);
  });
});

describe('the CLI shows the same link where it shows the commits', () => {
  async function run(...argv: string[]): Promise<string> {
    const out: string[] = [];
    const code = await main(
      argv,
      (t) => out.push(t),
      () => undefined,
    );
    expect(code).toBe(0);
    return out.join('\n');
  }

  it('report and regression on data.js, without --commit-url', async () => {
    const url = findingCompare(ping, repositoryOfTemplate(template))!.url;
    const md = await run('report', '--db', TOKIO, '--days', '3650');
    expect(md).toContain(`[${GOOD}…${BAD}](<${url}>)`);
    const text = await run('regression', '--db', TOKIO, '--days', '3650');
    expect(text).toContain(`last good…first bad: ${url}`);
    const json = JSON.parse(await run('regression', '--db', TOKIO, '--days', '3650', '--format', 'json'));
    expect(
      json.find((r: { first_bad: { commit: string } }) => r.first_bad.commit === ping.firstBad.commit).compare_url,
    ).toBe(url);
  }, 180_000);
});
