// GitHub from a workflow: the pull request an event names, one perftrack comment per pull request (found by its
// marker and updated in place, else posted), and the job summary file. REST over fetch (a test passes its own), with
// errors that say what to do: a token GitHub refuses, the read-only token of a pull request from a fork, a body
// that is too long, an API that cannot be reached.
import { PERFTRACK_VERSION } from './package-root.ts';
import fs from 'node:fs';
import { PR_COMMENT_MARKER } from '../lib/report/pr-comment.ts';

/** GitHub refuses a comment body longer than this. */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;
/** GitHub drops a step's summary larger than this (1 MiB). */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
const FORK_ADVICE =
  'a pull request from a fork gets a read-only GITHUB_TOKEN: use the two-workflow pattern in docs/ci.md';

const VERSION = PERFTRACK_VERSION;

export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

export interface PullRequestRef {
  number: number;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  /** owner/name of the repository the pull request is on (the base). */
  repo: string;
  /** Whether the head branch is in another repository; null when the event does not say. */
  fromFork: boolean | null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The pull request of a `pull_request` / `pull_request_target` event, or the first of a `workflow_run` event's. */
export function pullRequestFromEvent(eventPath: string): PullRequestRef {
  let text: string;
  try {
    text = fs.readFileSync(eventPath, 'utf8');
  } catch (error) {
    throw new GitHubError(
      `cannot read the event file ${eventPath} (GITHUB_EVENT_PATH): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; outside GitHub Actions pass --pr N and --repo OWNER/NAME`,
    );
  }
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new GitHubError(`the event file ${eventPath} (GITHUB_EVENT_PATH) is not JSON`);
  }
  if (!isObject(event)) throw new GitHubError(`the event file ${eventPath} (GITHUB_EVENT_PATH) holds no event`);
  const repo = isObject(event.repository) ? str(event.repository.full_name) : null;
  let pr: unknown;
  if (isObject(event.pull_request)) pr = event.pull_request;
  else if (isObject(event.workflow_run)) {
    const list = event.workflow_run.pull_requests;
    if (!Array.isArray(list) || list.length === 0)
      throw new GitHubError(
        'the workflow_run event names no pull request (GitHub leaves the list empty when the pull request comes ' +
          'from a fork): pass --pr N, e.g. the number the first workflow saved with its results (docs/ci.md)',
      );
    pr = list[0];
  } else {
    const kind = isObject(event.head_commit) || 'pusher' in event ? 'a push' : 'not a pull request';
    throw new GitHubError(
      `the event in ${eventPath} is ${kind} (no pull_request or workflow_run in it): comment from a pull_request or workflow_run workflow, or pass --pr N`,
    );
  }
  const field = (side: string, key: string): string => {
    const part = isObject(pr) ? pr[side] : null;
    const value = isObject(part) ? str(part[key]) : null;
    if (value === null) throw new GitHubError(`the pull request in ${eventPath} has no ${side}.${key}`);
    return value;
  };
  const number = isObject(pr) ? pr.number : null;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1)
    throw new GitHubError(`the pull request in ${eventPath} has no number`);
  if (!repo) throw new GitHubError(`the event in ${eventPath} names no repository (repository.full_name)`);
  const repoName = (side: string): string | null => {
    const part = isObject(pr) ? pr[side] : null;
    return isObject(part) && isObject(part.repo) ? (str(part.repo.full_name) ?? str(part.repo.url)) : null;
  };
  const [headRepo, baseRepo] = [repoName('head'), repoName('base')];
  return {
    number,
    baseRef: field('base', 'ref'),
    baseSha: field('base', 'sha'),
    headRef: field('head', 'ref'),
    headSha: field('head', 'sha'),
    repo,
    fromFork: headRepo && baseRepo ? headRepo !== baseRepo : null,
  };
}

export interface UpsertOptions {
  /** The REST API's root: GITHUB_API_URL (https://api.github.com, or a GitHub Enterprise Server's …/api/v3). */
  apiUrl?: string;
  token: string;
  /** owner/name */
  repo: string;
  pr: number;
  body: string;
  fetch?: typeof fetch;
}

export interface UpsertResult {
  action: 'updated' | 'posted';
  id: number;
  /** The comment on github.com, when GitHub says. */
  url: string | null;
}

/** The pull request's perftrack comment (the first whose body starts with the marker) updated to `body`, else a new
 *  comment. The body gets the marker first if it lacks it, so the next run finds it. */
export async function upsertPullRequestComment(options: UpsertOptions): Promise<UpsertResult> {
  const body = options.body.trimStart().startsWith(PR_COMMENT_MARKER)
    ? options.body
    : `${PR_COMMENT_MARKER}\n${options.body}`;
  if (body.length > GITHUB_COMMENT_MAX_CHARS)
    throw new GitHubError(
      `the comment is ${body.length.toLocaleString('en-US')} characters; GitHub takes at most ${GITHUB_COMMENT_MAX_CHARS.toLocaleString('en-US')}: make it with perftrack check (which keeps it under 60,000)`,
    );
  if (!/^[\w.-]+\/[\w.-]+$/.test(options.repo))
    throw new GitHubError(`"${options.repo}" is not a repository name (OWNER/NAME)`);
  if (!Number.isInteger(options.pr) || options.pr < 1)
    throw new GitHubError(`${options.pr} is not a pull request number`);
  if (!options.token) throw new GitHubError('no token: set GITHUB_TOKEN (in a workflow: ${{ github.token }})');
  const api = apiRoot(options.apiUrl ?? DEFAULT_GITHUB_API_URL);
  const call = caller(api, options.token, options.fetch ?? fetch);
  const repoPath = `/repos/${options.repo}`;

  const existing = await findComment(call, api, `${repoPath}/issues/${options.pr}/comments?per_page=100`);
  const written = existing
    ? await call('PATCH', `${repoPath}/issues/comments/${existing}`, { body }, 'update the comment')
    : await call('POST', `${repoPath}/issues/${options.pr}/comments`, { body }, 'post the comment');
  const json = written.json;
  const id = isObject(json) && typeof json.id === 'number' ? json.id : null;
  if (id === null) throw new GitHubError(`GitHub's answer to ${existing ? 'PATCH' : 'POST'} names no comment id`);
  return { action: existing ? 'updated' : 'posted', id, url: isObject(json) ? str(json.html_url) : null };
}

/** The first comment holding the marker, over every page of the list (Link: rel="next"). */
async function findComment(call: Caller, api: URL, first: string): Promise<number | null> {
  const seen = new Set<string>();
  let next: string | null = first;
  while (next !== null) {
    if (seen.has(next)) throw new GitHubError(`GitHub's comment pages loop back to ${next}`);
    seen.add(next);
    const page = await call('GET', next, undefined, 'list the comments');
    if (!Array.isArray(page.json)) throw new GitHubError(`GitHub's list of comments (${next}) is not a list`);
    for (const comment of page.json)
      if (isObject(comment) && typeof comment.id === 'number' && typeof comment.body === 'string')
        if (comment.body.trimStart().startsWith(PR_COMMENT_MARKER)) return comment.id;
    next = nextLink(page.link, api);
  }
  return null;
}

/** The rel="next" URL of a Link header, as a path under the API root; the token is never sent elsewhere. */
export function nextLink(header: string | null, api: URL): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /^<([^>]*)>(.*)$/.exec(part.trim());
    const rel = /;\s*rel="?([^";]*)"?/.exec(match?.[2] ?? '');
    if (!match || !rel || !rel[1].split(/\s+/).includes('next')) continue;
    const url = new URL(match[1], api);
    if (url.origin !== api.origin || !url.pathname.startsWith(api.pathname))
      throw new GitHubError(`GitHub's next page ${url.href} is not under ${api.href}: not following it`);
    return url.pathname.slice(api.pathname.length - 1) + url.search;
  }
  return null;
}

function apiRoot(apiUrl: string): URL {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new GitHubError(`GITHUB_API_URL "${apiUrl}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new GitHubError(`GITHUB_API_URL "${apiUrl}" must be an http(s) URL`);
  url.pathname = url.pathname.replace(/\/*$/, '/');
  url.search = '';
  url.hash = '';
  return url;
}

type Caller = (
  method: string,
  path: string,
  payload: unknown,
  what: string,
) => Promise<{ json: unknown; link: string | null }>;

function caller(api: URL, token: string, fetcher: typeof fetch): Caller {
  return async (method, path, payload, what) => {
    const url = new URL(path.replace(/^\//, ''), api);
    let response: Response;
    try {
      response = await fetcher(url, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/vnd.github+json',
          'X-GitHub-Api-Version': '2022-11-28',
          'User-Agent': `perftrack/${VERSION}`,
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new GitHubError(
        `could not reach the GitHub API at ${api.href} to ${what} (${cause?.code ?? cause?.message ?? (error as Error).message}): check GITHUB_API_URL and the runner's network`,
      );
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      if (response.ok) throw new GitHubError(`GitHub's answer to ${method} ${url.pathname} is not JSON`);
    }
    if (!response.ok) throw failure(response, json, method, url, what);
    return { json, link: response.headers.get('link') };
  };
}

/** What a refusal means, and what to do about it. */
function failure(response: Response, json: unknown, method: string, url: URL, what: string): GitHubError {
  const status = response.status;
  const said = isObject(json) && typeof json.message === 'string' ? json.message : response.statusText;
  const details =
    isObject(json) && Array.isArray(json.errors)
      ? json.errors
          .map((e) => (isObject(e) ? (str(e.message) ?? str(e.code)) : null))
          .filter((e): e is string => e !== null)
      : [];
  const quote = `(${status}${said ? ` ${said}` : ''}${details.length ? `: ${details.join('; ')}` : ''})`;
  const request = `${method} ${url.pathname}`;
  if (status === 401)
    return new GitHubError(
      `GitHub refused the token ${quote} to ${what}: set GITHUB_TOKEN to the workflow's token (\${{ github.token }}) or a token that may write pull request comments`,
      status,
    );
  if ((status === 403 || status === 429) && response.headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
    return new GitHubError(`GitHub's rate limit is used up${when} ${quote}: run the job again later`, status);
  }
  if (status === 403 || status === 404)
    return new GitHubError(
      `GitHub did not let this token ${what} ${quote} on ${request}: ${FORK_ADVICE}; on a pull request from this repository, give the job \`permissions: pull-requests: write\` and check the repository and pull request number`,
      status,
    );
  if (status === 422)
    return new GitHubError(
      `GitHub refused the comment ${quote}: a comment body is at most ${GITHUB_COMMENT_MAX_CHARS.toLocaleString('en-US')} characters; make it with perftrack check (which keeps it under 60,000)`,
      status,
    );
  return new GitHubError(`GitHub answered ${quote} to ${request} (${what})`, status);
}

/** Append Markdown to the job summary file ($GITHUB_STEP_SUMMARY); throws when it cannot, or when GitHub would drop
 *  the summary for its size. */
export function appendStepSummary(path: string, markdown: string): void {
  let size = 0;
  let endsWithNewline = true;
  try {
    const fd = fs.openSync(path, 'a+');
    try {
      size = fs.fstatSync(fd).size;
      if (size > 0) {
        const last = Buffer.alloc(1);
        fs.readSync(fd, last, 0, 1, size - 1);
        endsWithNewline = last[0] === 0x0a;
      }
      const text = `${endsWithNewline ? '' : '\n'}${markdown}${markdown.endsWith('\n') ? '' : '\n'}`;
      const total = size + Buffer.byteLength(text);
      if (total > STEP_SUMMARY_MAX_BYTES)
        throw new GitHubError(
          `the job summary would be ${total.toLocaleString('en-US')} bytes; GitHub drops a step's summary over ${STEP_SUMMARY_MAX_BYTES.toLocaleString('en-US')}`,
        );
      fs.writeSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if (error instanceof GitHubError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new GitHubError(`could not write the job summary to ${path} (GITHUB_STEP_SUMMARY): ${code}`);
  }
}
