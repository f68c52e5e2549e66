// perftrack comment: post a check's Markdown (perftrack check --format markdown) on the pull request, as the one
// perftrack comment there (updated in place on every run), and append it to the job summary. The pull request, the
// repository, the token and the API come from the environment GitHub Actions sets; --pr and --repo override them
// (the second workflow of a fork's pull request knows its number only from the first one's artifact).
import fs from 'node:fs';
import process from 'node:process';
import {
  appendStepSummary,
  DEFAULT_GITHUB_API_URL,
  GitHubError,
  pullRequestFromEvent,
  upsertPullRequestComment,
} from '../../node/github.ts';
import { COMMON_OPTIONS, integer, outputFormat, TEXT_OR_JSON, UsageError } from '../options.ts';
import type { CommandContext } from './command.ts';
import type { options } from './comment.ts';

export interface PostCommentOptions {
  /** The environment to read GITHUB_* from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** The pull request's number; default: the one GITHUB_EVENT_PATH's event names. */
  pr?: number;
  /** owner/name; default: GITHUB_REPOSITORY, else the event's repository. */
  repo?: string;
  /** Append the body to $GITHUB_STEP_SUMMARY when it is set (default true). */
  summary?: boolean;
}

export interface PostedComment {
  action: 'updated' | 'posted';
  id: number;
  url: string | null;
  /** The job summary file written, or null. */
  summary: string | null;
  /** What to print: "posted comment 123 (https://…)". */
  line: string;
}

/** The body on the pull request as its one perftrack comment (and in the job summary); throws GitHubError with what
 *  to do when it cannot. `perftrack check --comment` calls this with its own body. */
export async function postComment(body: string, options: PostCommentOptions = {}): Promise<PostedComment> {
  const env = options.env ?? process.env;
  // The summary first: a fork's pull request, whose token cannot comment, still shows the result in the job.
  const summary = options.summary !== false && env.GITHUB_STEP_SUMMARY ? env.GITHUB_STEP_SUMMARY : null;
  if (summary) appendStepSummary(summary, body);
  let pr = options.pr;
  let repo = options.repo ?? env.GITHUB_REPOSITORY;
  if (pr === undefined || !repo) {
    if (!env.GITHUB_EVENT_PATH)
      throw new GitHubError(
        `no pull request: GITHUB_EVENT_PATH is not set (outside GitHub Actions) — pass --pr N${repo ? '' : ' and --repo OWNER/NAME'}`,
      );
    const event = pullRequestFromEvent(env.GITHUB_EVENT_PATH);
    pr ??= event.number;
    repo ||= event.repo;
  }
  const token = env.GITHUB_TOKEN;
  if (!token)
    throw new GitHubError(
      'GITHUB_TOKEN is not set: give the step `env: GITHUB_TOKEN: ${{ github.token }}` and the job `permissions: pull-requests: write`',
    );
  const result = await upsertPullRequestComment({
    apiUrl: env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL,
    token,
    repo,
    pr,
    body,
    fetch: options.fetch,
  });
  const line = `${result.action} comment ${result.id}${result.url ? ` (${result.url})` : ''}`;
  return { ...result, summary, line };
}

/** comment: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run({ values, out, err }: CommandContext<typeof options>): Promise<number> {
  const json = outputFormat(values, 'comment', TEXT_OR_JSON) === 'json';
  for (const name of Object.keys(COMMON_OPTIONS))
    if (name !== 'format' && values[name as keyof typeof values] !== undefined)
      throw new UsageError(`comment takes no --${name}: it posts the Markdown perftrack check wrote (--body FILE)`);
  if (values.body === undefined)
    throw new UsageError('comment needs --body FILE, the Markdown of perftrack check --format markdown');
  const pr = integer(values, 'pr');
  if (pr !== undefined && pr < 1) throw new UsageError(`--pr must be a pull request number (got ${pr})`);
  if (values.repo !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(values.repo))
    throw new UsageError(`--repo must be OWNER/NAME (got "${values.repo}")`);
  let body: string;
  try {
    body = fs.readFileSync(values.body, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --body ${values.body}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  if (body.trim() === '') throw new UsageError(`--body ${values.body} is empty`);
  try {
    const posted = await postComment(body, { pr, repo: values.repo, summary: !values['no-summary'] });
    if (json) out(JSON.stringify({ action: posted.action, id: posted.id, url: posted.url, summary: posted.summary }));
    else out(posted.line);
    return 0;
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    err(`perftrack: ${error.message}`);
    return 2;
  }
}
