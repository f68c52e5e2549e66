// `perftrack comment` run as a workflow step runs it: the environment GitHub Actions sets (an event file, the
// repository, the token, the API URL, the job summary file) and a GitHub REST API on loopback.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PR_COMMENT_MARKER, prCommentMarkdown } from '../../src/lib/report/pr-comment.ts';
import { runCli } from './helpers/cli.ts';
import { tempDir } from './helpers/engine.ts';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts';

const REPO = 'octo-org/bench-repo';
const WRITE = 'ghs_write-token';
const READ = 'ghs_fork-token';

let gh: FakeGitHub;
let dir: string;
let bodyFile: string;
let summaryFile: string;

beforeEach(async () => {
  gh = await startFakeGitHub({ tokens: { [WRITE]: 'write', [READ]: 'read' } });
  dir = tempDir();
  const event = {
    action: 'opened',
    number: 31,
    pull_request: {
      number: 31,
      base: { ref: 'main', sha: 'b'.repeat(40), repo: { full_name: REPO } },
      head: { ref: 'faster-parse', sha: 'h'.repeat(40), repo: { full_name: REPO } },
    },
    repository: { full_name: REPO },
  };
  fs.writeFileSync(path.join(dir, 'event.json'), JSON.stringify(event));
  summaryFile = path.join(dir, 'step_summary.md');
  fs.writeFileSync(summaryFile, '');
  bodyFile = path.join(dir, 'comment.md');
  fs.writeFileSync(
    bodyFile,
    prCommentMarkdown({
      base: { branch: 'main', mergeBase: 'b'.repeat(40), runs: 30, note: null },
      head: { commit: 'h'.repeat(40), runs: 3 },
      verdicts: [
        {
          seriesKey: 'bench=parse',
          label: 'parse',
          metric: 'time',
          unit: 'ns',
          direction: 'lower',
          verdict: 'worse',
          baseValue: 5000,
          headValue: 5750,
          changePct: 15,
          detectablePct: 1.2,
          noisePct: 0.4,
          baseRuns: 30,
          headRuns: 3,
          runsNeeded: null,
          baseCommit: 'b'.repeat(40),
          baseTs: 0,
          reason: 'made up',
        },
      ],
      added: [],
      removed: [],
      noBase: null,
      alpha: 0.05,
      tests: 1,
      thresholdPct: 10,
    }),
  );
  vi.stubEnv('GITHUB_EVENT_PATH', path.join(dir, 'event.json'));
  vi.stubEnv('GITHUB_REPOSITORY', REPO);
  vi.stubEnv('GITHUB_TOKEN', WRITE);
  vi.stubEnv('GITHUB_API_URL', gh.url);
  vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await gh.close();
});

describe('perftrack comment', () => {
  it('posts on the pull request of the event, then updates that comment; the body goes to the job summary', async () => {
    const body = fs.readFileSync(bodyFile, 'utf8');
    const first = await runCli('comment', '--body', bodyFile);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const [comment] = gh.comments(REPO, 31);
    expect(first.out).toBe(
      `posted comment ${comment.id} (https://github.com/${REPO}/pull/31#issuecomment-${comment.id})`,
    );
    expect(comment.body).toBe(body);
    expect(comment.body.startsWith(`${PR_COMMENT_MARKER}\n**1 worse**`)).toBe(true);
    expect(fs.readFileSync(summaryFile, 'utf8')).toBe(body + '\n');

    const second = await runCli('comment', '--body', bodyFile, '--no-summary', '--format', 'json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out)).toEqual({ action: 'updated', id: comment.id, url: comment.html_url, summary: null });
    expect(gh.comments(REPO, 31)).toHaveLength(1);
    expect(fs.readFileSync(summaryFile, 'utf8')).toBe(body + '\n');
  });

  it("--pr and --repo without an event (a fork's second workflow)", async () => {
    vi.stubEnv('GITHUB_EVENT_PATH', '');
    vi.stubEnv('GITHUB_REPOSITORY', '');
    const result = await runCli('comment', '--body', bodyFile, '--pr', '5', '--repo', 'other/repo');
    expect(result.code).toBe(0);
    expect(gh.comments('other/repo', 5)).toHaveLength(1);
    expect(gh.comments(REPO, 31)).toHaveLength(0);
  });

  it("a fork's read-only token: exit 2, why and what to do; the job summary still has the result", async () => {
    vi.stubEnv('GITHUB_TOKEN', READ);
    const result = await runCli('comment', '--body', bodyFile);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^perftrack: GitHub did not let this token post the comment \(403 /);
    expect(result.err).toContain('use the two-workflow pattern in docs/ci.md');
    expect(fs.readFileSync(summaryFile, 'utf8')).toContain('**1 worse**');
  });

  it('no token, no event: exit 2 with what to set', async () => {
    vi.stubEnv('GITHUB_TOKEN', '');
    const noToken = await runCli('comment', '--body', bodyFile, '--no-summary');
    expect(noToken.code).toBe(2);
    expect(noToken.err).toMatch(/^perftrack: GITHUB_TOKEN is not set: give the step `env: GITHUB_TOKEN/);
    vi.stubEnv('GITHUB_TOKEN', WRITE);
    vi.stubEnv('GITHUB_EVENT_PATH', '');
    const noEvent = await runCli('comment', '--body', bodyFile, '--no-summary');
    expect(noEvent.code).toBe(2);
    expect(noEvent.err).toMatch(/GITHUB_EVENT_PATH is not set \(outside GitHub Actions\) — pass --pr N$/);
    expect(gh.requests).toEqual([]);
  });

  it('usage errors exit 2 before any request', async () => {
    const cases: [string[], RegExp][] = [
      [[], /comment needs --body FILE/],
      [['--body', path.join(dir, 'nope.md')], /cannot read --body .*nope\.md: ENOENT/],
      [['--body', bodyFile, '--pr', 'x'], /--pr must be a number/],
      [['--body', bodyFile, '--pr', '0'], /--pr must be a pull request number/],
      [['--body', bodyFile, '--repo', 'just-a-name'], /--repo must be OWNER\/NAME/],
      [['--body', bodyFile, '--db', 'history.duckdb'], /comment takes no --db/],
      [['--body', bodyFile, '--format', 'markdown'], /--format for comment must be text or json/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli('comment', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toMatch(message);
    }
    fs.writeFileSync(path.join(dir, 'empty.md'), '\n');
    expect((await runCli('comment', '--body', path.join(dir, 'empty.md'))).err).toMatch(/is empty/);
    expect(gh.requests).toEqual([]);
    expect(fs.readFileSync(summaryFile, 'utf8')).toBe('');
  });
});
