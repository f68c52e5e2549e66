// Posting the check on a pull request (src/node/github.ts) against a GitHub REST API on loopback
// (helpers/fake-github.ts): the pull request an event names, one comment per pull request updated in place across
// pages of other comments, the refusals (a fork's read-only token, a bad token, a body too long, no server) said with
// what to do, and the job summary file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PR_COMMENT_MARKER } from '../../src/lib/report/pr-comment.ts';
import {
  appendStepSummary,
  GitHubError,
  nextLink,
  pullRequestFromEvent,
  STEP_SUMMARY_MAX_BYTES,
  upsertPullRequestComment,
} from '../../src/node/github.ts';
import { tempDir } from './helpers/engine.ts';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts';

const REPO = 'octo-org/bench-repo';
const WRITE = 'ghs_write-token';
const READ = 'ghs_fork-token';

function writeEvent(dir: string, event: unknown): string {
  const file = path.join(dir, 'event.json');
  fs.writeFileSync(file, JSON.stringify(event));
  return file;
}

/** The parts of a pull_request event perftrack reads, as GitHub writes them. */
function pullRequestEvent(number: number, fork = false) {
  const base = { full_name: REPO };
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      base: { ref: 'main', sha: 'b'.repeat(40), repo: base },
      head: { ref: 'speed-up', sha: 'h'.repeat(40), repo: fork ? { full_name: 'someone/bench-repo' } : base },
    },
    repository: { full_name: REPO },
  };
}

describe('the pull request an event names', () => {
  it('pull_request: number, base ref and sha, head sha, repository, fork or not', () => {
    const dir = tempDir();
    expect(pullRequestFromEvent(writeEvent(dir, pullRequestEvent(42)))).toEqual({
      number: 42,
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      headRef: 'speed-up',
      headSha: 'h'.repeat(40),
      repo: REPO,
      fromFork: false,
    });
    expect(pullRequestFromEvent(writeEvent(dir, pullRequestEvent(42, true))).fromFork).toBe(true);
  });

  it("workflow_run: its first pull request; none (a fork's) asks for --pr", () => {
    const dir = tempDir();
    const pr = {
      number: 7,
      base: { ref: 'main', sha: 'c'.repeat(40), repo: { url: `https://api.github.com/repos/${REPO}` } },
      head: { ref: 'topic', sha: 'd'.repeat(40), repo: { url: `https://api.github.com/repos/${REPO}` } },
    };
    const event = { workflow_run: { pull_requests: [pr], head_sha: 'd'.repeat(40) }, repository: { full_name: REPO } };
    expect(pullRequestFromEvent(writeEvent(dir, event))).toMatchObject({ number: 7, baseRef: 'main', fromFork: false });
    const fork = { ...event, workflow_run: { pull_requests: [] } };
    expect(() => pullRequestFromEvent(writeEvent(dir, fork))).toThrow(/from a fork\): pass --pr N/);
  });

  it('another event, no file, or not JSON: a clear error', () => {
    const dir = tempDir();
    const push = { ref: 'refs/heads/main', head_commit: { id: 'a' }, pusher: {}, repository: { full_name: REPO } };
    expect(() => pullRequestFromEvent(writeEvent(dir, push))).toThrow(/is a push \(no pull_request or workflow_run/);
    expect(() => pullRequestFromEvent(path.join(dir, 'missing.json'))).toThrow(/cannot read the event file .*ENOENT/);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{');
    expect(() => pullRequestFromEvent(path.join(dir, 'bad.json'))).toThrow(/is not JSON/);
    const noNumber = pullRequestEvent(1) as { pull_request: { number: unknown } };
    noNumber.pull_request.number = 'one';
    expect(() => pullRequestFromEvent(writeEvent(dir, noNumber))).toThrow(/has no number/);
  });
});

describe('one comment per pull request', () => {
  let gh: FakeGitHub;
  beforeEach(async () => {
    gh = await startFakeGitHub({ tokens: { [WRITE]: 'write', [READ]: 'read' } });
  });
  afterEach(() => gh.close());

  const post = (body: string, over: Partial<Parameters<typeof upsertPullRequestComment>[0]> = {}) =>
    upsertPullRequestComment({ apiUrl: gh.url, token: WRITE, repo: REPO, pr: 12, body, ...over });

  it('posts first, then updates the same comment in place, found among 250 others over three pages', async () => {
    gh.addComments(
      REPO,
      12,
      Array.from({ length: 250 }, (_, i) => (i === 120 ? `quoting: ${PR_COMMENT_MARKER} is ours` : `comment ${i}`)),
    );
    gh.addComments(REPO, 13, [`${PR_COMMENT_MARKER}\nanother pull request's`]);
    const first = await post(`${PR_COMMENT_MARKER}\n**1 worse**`);
    expect(first.action).toBe('posted');
    expect(first.url).toBe(`https://github.com/${REPO}/pull/12#issuecomment-${first.id}`);
    const lists = gh.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(lists).toEqual([
      `/repos/${REPO}/issues/12/comments?per_page=100`,
      `/repos/${REPO}/issues/12/comments?per_page=100&page=2`,
      `/repos/${REPO}/issues/12/comments?per_page=100&page=3`,
    ]);

    gh.requests.length = 0;
    const second = await post(`${PR_COMMENT_MARKER}\n0 worse`);
    expect(second).toEqual({ ...first, action: 'updated' });
    expect(gh.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`)).toEqual([
      `GET /repos/${REPO}/issues/12/comments`,
      `GET /repos/${REPO}/issues/12/comments`,
      `GET /repos/${REPO}/issues/12/comments`,
      `PATCH /repos/${REPO}/issues/comments/${first.id}`,
    ]);
    const comments = gh.comments(REPO, 12);
    expect(comments).toHaveLength(251);
    expect(comments.filter((c) => c.body.startsWith(PR_COMMENT_MARKER)).map((c) => c.body)).toEqual([
      `${PR_COMMENT_MARKER}\n0 worse`,
    ]);
    expect(gh.comments(REPO, 13)[0].body).toBe(`${PR_COMMENT_MARKER}\nanother pull request's`);
    // Every request carried GitHub's headers.
    for (const r of gh.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${WRITE}`);
      expect(r.headers.accept).toBe('application/vnd.github+json');
      expect(r.headers['x-github-api-version']).toBe('2022-11-28');
      expect(r.headers['user-agent']).toMatch(/^perftrack\/\d+\.\d+\.\d+$/);
    }
  });

  it('a body without the marker gets it, so the next run finds the comment', async () => {
    const first = await post('just text');
    expect(gh.comments(REPO, 12)[0].body).toBe(`${PR_COMMENT_MARKER}\njust text`);
    expect((await post('new text')).id).toBe(first.id);
  });

  it("a fork's read-only token: 403, and the message names the two-workflow pattern", async () => {
    const error = await post('x', { token: READ }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).status).toBe(403);
    expect((error as Error).message).toContain(
      'a pull request from a fork gets a read-only GITHUB_TOKEN: use the two-workflow pattern in docs/ci.md',
    );
    expect((error as Error).message).toContain('Resource not accessible by integration');
    expect(gh.comments(REPO, 12)).toEqual([]);
  });

  it('a token GitHub does not know: 401, and what to set', async () => {
    await expect(post('x', { token: 'ghs_expired' })).rejects.toThrow(
      /GitHub refused the token \(401 Bad credentials\) to list the comments: set GITHUB_TOKEN/,
    );
  });

  it('a body GitHub refuses: 422 with its reason; one over 65,536 characters is not sent at all', async () => {
    const small = await startFakeGitHub({ tokens: { [WRITE]: 'write' }, maxBody: 1_000 });
    try {
      await expect(
        upsertPullRequestComment({ apiUrl: small.url, token: WRITE, repo: REPO, pr: 1, body: 'x'.repeat(2_000) }),
      ).rejects.toThrow(/\(422 Validation Failed: body is too long \(maximum is 1000 characters\)\)/);
    } finally {
      await small.close();
    }
    await expect(post('x'.repeat(65_537))).rejects.toThrow(/65,5\d\d characters; GitHub takes at most 65,536/);
    expect(gh.requests).toEqual([]);
  });

  it('no server: says it could not reach the API, and where', async () => {
    const gone = await startFakeGitHub();
    const url = gone.url;
    await gone.close();
    await expect(upsertPullRequestComment({ apiUrl: url, token: WRITE, repo: REPO, pr: 1, body: 'x' })).rejects.toThrow(
      new RegExp(`could not reach the GitHub API at ${url}/ to list the comments \\(ECONNREFUSED\\)`),
    );
  });

  it('bad arguments are refused before any request', async () => {
    await expect(post('x', { repo: 'no-slash' })).rejects.toThrow(/not a repository name/);
    await expect(post('x', { pr: 0 })).rejects.toThrow(/not a pull request number/);
    await expect(post('x', { token: '' })).rejects.toThrow(/no token: set GITHUB_TOKEN/);
    await expect(post('x', { apiUrl: 'ftp://example.com' })).rejects.toThrow(/must be an http\(s\) URL/);
    expect(gh.requests).toEqual([]);
  });

  it('follows next pages only under the API root: the token goes nowhere else', () => {
    const api = new URL('https://ghe.example.com/api/v3/');
    expect(
      nextLink('<https://ghe.example.com/api/v3/repos/o/r/issues/1/comments?page=2>; rel="next", <…>; rel="last"', api),
    ).toBe('/repos/o/r/issues/1/comments?page=2');
    expect(nextLink('<https://ghe.example.com/api/v3/x?page=9>; rel="last"', api)).toBeNull();
    expect(nextLink('<https://ghe.example.com/api/v3/x?page=9>; rel="nextish"', api)).toBeNull();
    expect(() => nextLink('<https://evil.example.com/api/v3/x>; rel="next"', api)).toThrow(/not following it/);
    expect(() => nextLink('<https://ghe.example.com/other/x>; rel="next"', api)).toThrow(/not following it/);
  });
});

describe('the job summary', () => {
  it('appends, each piece on its own lines', () => {
    const file = path.join(tempDir(), 'step_summary');
    fs.writeFileSync(file, '## earlier step');
    appendStepSummary(file, '**1 worse**');
    appendStepSummary(file, 'second\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('## earlier step\n**1 worse**\nsecond\n');
  });

  it('fails loudly: a folder that is not there, a summary GitHub would drop for its size', () => {
    const dir = tempDir();
    expect(() => appendStepSummary(path.join(dir, 'missing', 'summary'), 'x')).toThrow(
      /could not write the job summary to .*missing.*\(GITHUB_STEP_SUMMARY\): ENOENT/,
    );
    const file = path.join(dir, 'summary');
    fs.writeFileSync(file, 'x'.repeat(STEP_SUMMARY_MAX_BYTES - 10));
    expect(() => appendStepSummary(file, 'y'.repeat(20))).toThrow(/GitHub drops a step's summary over 1,048,576/);
    expect(fs.statSync(file).size).toBe(STEP_SUMMARY_MAX_BYTES - 10);
  });
});
