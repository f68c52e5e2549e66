// GitHub issues: one issue per regression, or a comment on the open issue carrying its fingerprint marker;
// "Send test notification" only checks the token reaches the repository.
import type { Regression } from '../../analysis/types.ts';
import { maskSecret } from '../mask.ts';
import { fingerprintMarker, issueBody, issueComment, issueTitle, type MessageInput } from '../payloads.ts';
import { splitList } from '../rules.ts';
import { sendWithRetry, type HttpOutcome, type RetryPolicy, type SendContext } from '../send.ts';
import type { ChannelBase, ChannelDefinition, Delivery } from './definition.ts';
import { fromOutcome, isHttpUrl, list, objectTarget, str } from './shared.ts';

export const DEFAULT_GITHUB_API = 'https://api.github.com';
export const DEFAULT_GITHUB_LABELS = ['regression', 'performance'];

export interface GitHubChannel extends ChannelBase {
  type: 'github_issue';
  /** owner/name */
  repo: string;
  token: string;
  labels: string[];
  /** REST API base: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  apiBase: string;
}

export const githubIssue: ChannelDefinition<GitHubChannel> = {
  type: 'github_issue',
  label: 'GitHub issue',
  aliases: ['github'],
  example: {
    type: 'github_issue',
    repo: 'acme/bench',
    token: 'ghp_exampleToken0123456789abcdefghij',
    labels: ['regression', 'performance'],
    api_base: DEFAULT_GITHUB_API,
  },
  secretFields: ['token'],
  parse: (raw) => ({
    repo: str(raw.repo),
    token: str(raw.token),
    labels: raw.labels === undefined ? [...DEFAULT_GITHUB_LABELS] : list(raw.labels),
    apiBase: str(raw.apiBase ?? raw.api_base ?? raw.api_url) || DEFAULT_GITHUB_API,
  }),
  seed: (targets) => objectTarget(targets.github !== undefined ? targets.github : targets.github_issue),
  env: {
    names: ['PERFTRACK_GITHUB_REPO'],
    // The repository alone adds the channel; a token or API base alone only fills one the config defines.
    apply: (get, existing) => {
      const [repo, token, apiBase, labels] = [
        'PERFTRACK_GITHUB_REPO',
        'PERFTRACK_GITHUB_TOKEN',
        'PERFTRACK_GITHUB_API',
        'PERFTRACK_GITHUB_LABELS',
      ].map(get);
      if (!repo && !(existing && (token || apiBase))) return null;
      return {
        ...(repo ? { repo } : {}),
        ...(token ? { token } : {}),
        ...(apiBase ? { apiBase } : {}),
        ...(labels ? { labels: splitList(labels) } : {}),
      };
    },
  },
  validate: (channel) => [
    ...(/^[\w.-]+\/[\w.-]+$/.test(channel.repo) ? [] : ['the repository must be owner/name']),
    ...(channel.token ? [] : ['a token is needed (fine-grained, with Issues: read and write)']),
    ...(isHttpUrl(channel.apiBase) ? [] : ['the API base URL must be an http(s) URL']),
  ],
  mask: (channel) =>
    `${channel.repo} via ${channel.apiBase.replace(/\/+$/, '')} (token ${maskSecret(channel.token) || 'missing'})`,
  form: {
    fields: [
      { kind: 'text', key: 'repo', label: 'Repository', placeholder: 'owner/name' },
      { kind: 'secret', key: 'token', label: 'Token', input: 'password' },
      { kind: 'list', key: 'labels', label: 'Labels' },
      { kind: 'text', key: 'apiBase', label: 'API base URL', input: 'url', empty: DEFAULT_GITHUB_API },
    ],
  },
  payload: (channel, input) => input.regressions.map((r) => newIssue(channel, r, input)),
  deliver: async (channel, input, { ctx, policy, secrets }) =>
    input.test
      ? [await githubCheck(channel, ctx, policy, secrets)]
      : githubIssues(channel, input, ctx, policy, secrets),
};

/** The issue a regression opens. */
function newIssue(
  channel: GitHubChannel,
  r: Regression,
  input: MessageInput,
): { title: string; body: string; labels: string[] } {
  return { title: issueTitle(r), body: issueBody(r, input.viewUrl, input.commitUrl), labels: channel.labels };
}

interface IssueRef {
  number: number;
  html_url: string;
  body?: string | null;
}

function githubHeaders(channel: GitHubChannel, ctx: SendContext): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${channel.token}`,
  };
  // GitHub's CORS preflight allows Authorization and Content-Type (docs: "Using CORS and JSONP"); the
  // version header is sent only outside the browser (the API defaults to the same version).
  if (ctx.runtime === 'node')
    Object.assign(headers, { 'X-GitHub-Api-Version': '2022-11-28', 'User-Agent': 'perftrack' });
  return headers;
}

function apiBase(channel: GitHubChannel): string {
  return (channel.apiBase || DEFAULT_GITHUB_API).replace(/\/+$/, '');
}

async function githubJson<T>(
  channel: GitHubChannel,
  ctx: SendContext,
  policy: RetryPolicy,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ outcome: HttpOutcome; data: T | null }> {
  const headers = githubHeaders(channel, ctx);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const outcome = await sendWithRetry(
    {
      url: apiBase(channel) + path,
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      mode: 'cors',
    },
    ctx,
    policy,
  );
  let data: T | null = null;
  if (outcome.ok && outcome.text) {
    try {
      data = JSON.parse(outcome.text) as T;
    } catch {
      data = null;
    }
  }
  return { outcome, data };
}

/** "Send test notification" on GitHub: check the token can see the repository, without opening an issue. */
async function githubCheck(
  channel: GitHubChannel,
  ctx: SendContext,
  policy: RetryPolicy,
  secrets: string[],
): Promise<Delivery> {
  const { outcome, data } = await githubJson<{
    full_name?: string;
    permissions?: Record<string, boolean>;
    has_issues?: boolean;
  }>(channel, ctx, policy, 'GET', `/repos/${channel.repo}`);
  if (!outcome.ok) return fromOutcome(['test'], outcome, secrets, null);
  const canWrite = data?.permissions
    ? data.permissions.push || data.permissions.triage || data.permissions.maintain || data.permissions.admin
    : null;
  const note = `${data?.full_name ?? channel.repo} reachable${data?.has_issues === false ? '; issues are disabled on it' : ''}${canWrite === false ? '; the token cannot write issues here' : ''} (no issue opened by a test)`;
  return {
    ...fromOutcome(['test'], outcome, secrets, note),
    ok: data?.has_issues !== false && canWrite !== false,
    error: data?.has_issues === false || canWrite === false ? note : null,
  };
}

/** Open issues carrying our fingerprint markers: listed by label when labels are set, else found by search. */
async function findOpenIssues(
  channel: GitHubChannel,
  fingerprints: string[],
  ctx: SendContext,
  policy: RetryPolicy,
): Promise<{ found: Map<string, IssueRef>; failure: HttpOutcome | null; retries: number }> {
  const found = new Map<string, IssueRef>();
  let retries = 0;
  const scan = (issues: IssueRef[]) => {
    for (const issue of issues)
      for (const fp of fingerprints)
        if (!found.has(fp) && issue.body?.includes(fingerprintMarker(fp))) found.set(fp, issue);
  };
  if (channel.labels.length) {
    for (let page = 1; page <= 10; page++) {
      const query = new URLSearchParams({
        state: 'open',
        labels: channel.labels.join(','),
        per_page: '100',
        page: String(page),
      });
      const { outcome, data } = await githubJson<IssueRef[]>(
        channel,
        ctx,
        policy,
        'GET',
        `/repos/${channel.repo}/issues?${query}`,
      );
      retries += outcome.retries;
      if (!outcome.ok) return { found, failure: outcome, retries };
      scan(data ?? []);
      if (!data || data.length < 100) break;
    }
  }
  // Not found by label (or no labels): the search API, for issues whose labels were changed.
  for (const fp of fingerprints) {
    if (found.has(fp)) continue;
    const q = `repo:${channel.repo} is:issue is:open in:body "perftrack:fingerprint=${fp}"`;
    const { outcome, data } = await githubJson<{ items?: IssueRef[] }>(
      channel,
      ctx,
      policy,
      'GET',
      `/search/issues?${new URLSearchParams({ q, per_page: '10' })}`,
    );
    retries += outcome.retries;
    if (!outcome.ok) return { found, failure: outcome, retries };
    scan(data?.items ?? []);
  }
  return { found, failure: null, retries };
}

async function githubIssues(
  channel: GitHubChannel,
  input: MessageInput,
  ctx: SendContext,
  policy: RetryPolicy,
  secrets: string[],
): Promise<Delivery[]> {
  const regressions = input.regressions;
  const lookup = await findOpenIssues(
    channel,
    regressions.map((r) => r.fingerprint),
    ctx,
    policy,
  );
  if (lookup.failure) {
    // Without knowing what exists, opening issues could duplicate them: fail now, retry on the next send.
    const failed = fromOutcome(
      regressions.map((r) => r.fingerprint),
      lookup.failure,
      secrets,
      null,
    );
    return [{ ...failed, retries: lookup.retries, error: `could not look for existing issues: ${failed.error}` }];
  }
  const out: Delivery[] = [];
  for (const r of regressions) {
    const existing = lookup.found.get(r.fingerprint);
    if (existing) {
      const { outcome, data } = await githubJson<{ html_url?: string }>(
        channel,
        ctx,
        policy,
        'POST',
        `/repos/${channel.repo}/issues/${existing.number}/comments`,
        { body: issueComment(r, input.now) },
      );
      out.push(
        fromOutcome(
          [r.fingerprint],
          outcome,
          secrets,
          outcome.ok ? `commented on #${existing.number} ${data?.html_url ?? existing.html_url}` : null,
        ),
      );
    } else {
      const { outcome, data } = await githubJson<IssueRef>(
        channel,
        ctx,
        policy,
        'POST',
        `/repos/${channel.repo}/issues`,
        newIssue(channel, r, input),
      );
      out.push(
        fromOutcome(
          [r.fingerprint],
          outcome,
          secrets,
          outcome.ok ? `opened #${data?.number ?? '?'} ${data?.html_url ?? ''}`.trim() : null,
        ),
      );
    }
  }
  if (lookup.retries && out.length) out[0] = { ...out[0], retries: out[0].retries + lookup.retries };
  return out;
}
