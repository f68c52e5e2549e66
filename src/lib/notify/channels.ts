// Delivering one batch of regressions on one channel: the request each service takes, and what a
// static page can do with it (docs/notifications.md explains the choices per service).
import type { Regression } from '../analysis/types.ts';
import { maskSecret, maskUrl, redact } from './mask.ts';
import { discordMessage, emailDraft, fingerprintMarker, issueBody, issueComment, issueTitle, logLine, slackMessage, teamsMessage, webhookPayload, type MessageInput } from './payloads.ts';
import { sendWithRetry, type HttpOutcome, type HttpRequest } from './send.ts';
import { signatureHeaders } from './sign.ts';
import type { ChannelConfig, GitHubChannel, RetryPolicy, SendContext, UrlChannel } from './types.ts';

/** What happened to some of the batch's regressions (all of them, except for GitHub: one per regression). */
export interface Delivery {
  fingerprints: string[];
  ok: boolean;
  confirmed: boolean;
  retries: number;
  lastRetryAt: number | null;
  error: string | null;
  response: string | null;
}

export function channelSecrets(channel: ChannelConfig): string[] {
  switch (channel.type) {
    case 'webhook':
    case 'slack':
    case 'discord':
    case 'teams':
      return [channel.url, channel.secret ?? ''].filter(Boolean);
    case 'github_issue':
      return [channel.token].filter(Boolean);
    default:
      return [];
  }
}

/** The target as the log shows it: secrets masked. */
export function maskedTarget(channel: ChannelConfig): string {
  switch (channel.type) {
    case 'webhook':
      return maskUrl(channel.url) + (channel.secret ? ' (signed)' : '');
    case 'slack':
    case 'discord':
    case 'teams':
      return maskUrl(channel.url);
    case 'github_issue':
      return `${channel.repo} via ${channel.apiBase.replace(/\/+$/, '')} (token ${maskSecret(channel.token) || 'missing'})`;
    case 'email':
      return channel.to.join(', ');
    case 'log':
      return 'log';
  }
}

/** `auto` per service, from what each one answers to a browser (docs/notifications.md). */
export function browserMode(channel: UrlChannel): 'cors' | 'no-cors' {
  if (channel.delivery === 'cors' || channel.delivery === 'no-cors') return channel.delivery;
  // Slack's and Teams' webhook endpoints refuse CORS preflights: only a simple request gets through, unreadable.
  return channel.type === 'slack' || channel.type === 'teams' ? 'no-cors' : 'cors';
}

function newDeliveryId(ctx: SendContext): string {
  return ctx.newId ? ctx.newId() : makeId();
}

/** A random id without crypto.randomUUID (absent on insecure origins). */
export function makeId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The HTTP request of a chat/webhook channel. */
export async function buildRequest(channel: UrlChannel, input: MessageInput, ctx: SendContext): Promise<HttpRequest> {
  const mode = ctx.runtime === 'browser' ? browserMode(channel) : 'cors';
  const userAgent: Record<string, string> = ctx.runtime === 'node' ? { 'User-Agent': 'perftrack' } : {};
  switch (channel.type) {
    case 'webhook': {
      const body = JSON.stringify(webhookPayload(input));
      if (mode === 'no-cors') {
        // A simple request cannot carry the signature headers (validation refuses a secret with no-cors).
        return { url: channel.url, method: 'POST', mode, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body };
      }
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'X-Perftrack-Event': input.test ? 'test' : 'regressions',
        'X-Perftrack-Delivery': newDeliveryId(ctx),
        ...userAgent,
      };
      if (!channel.secret) return { url: channel.url, method: 'POST', mode, headers, body };
      const secret = channel.secret;
      // Signed for each attempt: a retry minutes later carries its own timestamp.
      return { url: channel.url, method: 'POST', mode, headers, body, sign: (nowMs) => signatureHeaders(secret, body, nowMs / 1000) };
    }
    case 'slack': {
      const json = JSON.stringify(slackMessage(input));
      // Slack takes the same JSON as a form field `payload` (application/x-www-form-urlencoded is CORS-simple).
      if (mode === 'no-cors') return { url: channel.url, method: 'POST', mode, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ payload: json }).toString() };
      return { url: channel.url, method: 'POST', mode, headers: { 'Content-Type': 'application/json', ...userAgent }, body: json };
    }
    case 'discord': {
      const json = JSON.stringify(discordMessage(input));
      // ?wait=true: Discord answers 200 with the message instead of 204, a confirmation we can show.
      const url = new URL(channel.url);
      url.searchParams.set('wait', 'true');
      if (mode === 'no-cors') {
        // multipart/form-data is CORS-simple; Discord reads the message from its payload_json part.
        const form = new FormData();
        form.set('payload_json', json);
        return { url: url.href, method: 'POST', mode, headers: {}, body: form };
      }
      return { url: url.href, method: 'POST', mode, headers: { 'Content-Type': 'application/json', ...userAgent }, body: json };
    }
    case 'teams': {
      const json = JSON.stringify(teamsMessage(input));
      if (mode === 'no-cors') return { url: channel.url, method: 'POST', mode, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: json };
      return { url: channel.url, method: 'POST', mode, headers: { 'Content-Type': 'application/json', ...userAgent }, body: json };
    }
  }
}

function fromOutcome(fingerprints: string[], outcome: HttpOutcome, secrets: string[], response: string | null): Delivery {
  return {
    fingerprints,
    ok: outcome.ok,
    confirmed: outcome.confirmed,
    retries: outcome.retries,
    lastRetryAt: outcome.lastRetryAt,
    error: redact(outcome.error, secrets),
    response: redact(response, secrets),
  };
}

function statusLine(outcome: HttpOutcome): string {
  if (outcome.status === null) return outcome.ok ? 'sent; the browser hid the answer (no-cors), delivery not confirmed' : '';
  const text = (outcome.text ?? '').trim().replace(/\s+/g, ' ').slice(0, 200);
  return `HTTP ${outcome.status}${text ? ` ${text}` : ''}`;
}

/** Send one batch on one channel. */
export async function deliver(channel: ChannelConfig, regressions: Regression[], input: Omit<MessageInput, 'regressions'>, ctx: SendContext, policy: RetryPolicy): Promise<Delivery[]> {
  const fingerprints = regressions.map((r) => r.fingerprint);
  const secrets = channelSecrets(channel);
  const message: MessageInput = { ...input, regressions };
  switch (channel.type) {
    case 'log': {
      for (const r of regressions) ctx.log?.(logLine(r));
      return [{ fingerprints, ok: true, confirmed: true, retries: 0, lastRetryAt: null, error: null, response: `${regressions.length} line(s) logged` }];
    }
    case 'email': {
      const draft = emailDraft(channel.to, message);
      ctx.openMailto?.(draft.href);
      return [{ fingerprints, ok: true, confirmed: false, retries: 0, lastRetryAt: null, error: null, response: 'mailto: draft prepared; sending it is up to your mail client' }];
    }
    case 'github_issue':
      return input.test ? [await githubCheck(channel, ctx, policy)] : githubIssues(channel, regressions, input, ctx, policy);
    default: {
      let request: HttpRequest;
      try {
        request = await buildRequest(channel, message, ctx);
      } catch (error) {
        return [{ fingerprints, ok: false, confirmed: true, retries: 0, lastRetryAt: null, error: redact((error as Error).message, secrets), response: null }];
      }
      const outcome = await sendWithRetry(request, ctx, policy);
      return [fromOutcome(fingerprints, outcome, secrets, statusLine(outcome))];
    }
  }
}

// ---- GitHub ------------------------------------------------------------------------------------

interface IssueRef {
  number: number;
  html_url: string;
  body?: string | null;
}

function githubHeaders(channel: GitHubChannel, ctx: SendContext): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/vnd.github+json', Authorization: `Bearer ${channel.token}` };
  // GitHub's CORS preflight allows Authorization and Content-Type (docs: "Using CORS and JSONP"); the
  // version header is sent only outside the browser (the API defaults to the same version).
  if (ctx.runtime === 'node') Object.assign(headers, { 'X-GitHub-Api-Version': '2022-11-28', 'User-Agent': 'perftrack' });
  return headers;
}

function apiBase(channel: GitHubChannel): string {
  return (channel.apiBase || 'https://api.github.com').replace(/\/+$/, '');
}

async function githubJson<T>(channel: GitHubChannel, ctx: SendContext, policy: RetryPolicy, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ outcome: HttpOutcome; data: T | null }> {
  const headers = githubHeaders(channel, ctx);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const outcome = await sendWithRetry({ url: apiBase(channel) + path, method, headers, body: body === undefined ? undefined : JSON.stringify(body), mode: 'cors' }, ctx, policy);
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
async function githubCheck(channel: GitHubChannel, ctx: SendContext, policy: RetryPolicy): Promise<Delivery> {
  const secrets = channelSecrets(channel);
  const { outcome, data } = await githubJson<{ full_name?: string; permissions?: Record<string, boolean>; has_issues?: boolean }>(channel, ctx, policy, 'GET', `/repos/${channel.repo}`);
  if (!outcome.ok) return fromOutcome(['test'], outcome, secrets, null);
  const canWrite = data?.permissions ? data.permissions.push || data.permissions.triage || data.permissions.maintain || data.permissions.admin : null;
  const note = `${data?.full_name ?? channel.repo} reachable${data?.has_issues === false ? '; issues are disabled on it' : ''}${canWrite === false ? '; the token cannot write issues here' : ''} (no issue opened by a test)`;
  return { ...fromOutcome(['test'], outcome, secrets, note), ok: data?.has_issues !== false && canWrite !== false, error: data?.has_issues === false || canWrite === false ? note : null };
}

/** Open issues carrying our fingerprint markers: listed by label when labels are set, else found by search. */
async function findOpenIssues(channel: GitHubChannel, fingerprints: string[], ctx: SendContext, policy: RetryPolicy): Promise<{ found: Map<string, IssueRef>; failure: HttpOutcome | null; retries: number }> {
  const found = new Map<string, IssueRef>();
  let retries = 0;
  const scan = (issues: IssueRef[]) => {
    for (const issue of issues) for (const fp of fingerprints) if (!found.has(fp) && issue.body?.includes(fingerprintMarker(fp))) found.set(fp, issue);
  };
  if (channel.labels.length) {
    for (let page = 1; page <= 10; page++) {
      const query = new URLSearchParams({ state: 'open', labels: channel.labels.join(','), per_page: '100', page: String(page) });
      const { outcome, data } = await githubJson<IssueRef[]>(channel, ctx, policy, 'GET', `/repos/${channel.repo}/issues?${query}`);
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
    const { outcome, data } = await githubJson<{ items?: IssueRef[] }>(channel, ctx, policy, 'GET', `/search/issues?${new URLSearchParams({ q, per_page: '10' })}`);
    retries += outcome.retries;
    if (!outcome.ok) return { found, failure: outcome, retries };
    scan(data?.items ?? []);
  }
  return { found, failure: null, retries };
}

async function githubIssues(channel: GitHubChannel, regressions: Regression[], input: Omit<MessageInput, 'regressions'>, ctx: SendContext, policy: RetryPolicy): Promise<Delivery[]> {
  const secrets = channelSecrets(channel);
  const lookup = await findOpenIssues(channel, regressions.map((r) => r.fingerprint), ctx, policy);
  if (lookup.failure) {
    // Without knowing what exists, opening issues could duplicate them: fail now, retry on the next send.
    const failed = fromOutcome(regressions.map((r) => r.fingerprint), lookup.failure, secrets, null);
    return [{ ...failed, retries: lookup.retries, error: `could not look for existing issues: ${failed.error}` }];
  }
  const out: Delivery[] = [];
  for (const r of regressions) {
    const existing = lookup.found.get(r.fingerprint);
    if (existing) {
      const { outcome, data } = await githubJson<{ html_url?: string }>(channel, ctx, policy, 'POST', `/repos/${channel.repo}/issues/${existing.number}/comments`, { body: issueComment(r, input.now) });
      out.push(fromOutcome([r.fingerprint], outcome, secrets, outcome.ok ? `commented on #${existing.number} ${data?.html_url ?? existing.html_url}` : null));
    } else {
      const { outcome, data } = await githubJson<IssueRef>(channel, ctx, policy, 'POST', `/repos/${channel.repo}/issues`, { title: issueTitle(r), body: issueBody(r, input.viewUrl, input.commitUrl), labels: channel.labels });
      out.push(fromOutcome([r.fingerprint], outcome, secrets, outcome.ok ? `opened #${data?.number ?? '?'} ${data?.html_url ?? ''}`.trim() : null));
    }
  }
  if (lookup.retries && out.length) out[0] = { ...out[0], retries: out[0].retries + lookup.retries };
  return out;
}
