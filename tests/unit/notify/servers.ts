// Local stand-ins for the services, used by the unit tests and the browser tests: a webhook receiver
// that verifies the HMAC signature, and a fake GitHub REST API (issues, comments, search) that answers
// CORS the way GitHub documents it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Hit {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The receiver recipe of docs/notifications.md: HMAC of `${timestamp}.${raw body}`, constant-time compare. */
export function verifyHmac(
  secret: string,
  headers: http.IncomingHttpHeaders,
  body: string,
  toleranceSeconds = 300,
): boolean {
  const ts = String(headers['x-perftrack-timestamp'] ?? '');
  const signature = String(headers['x-perftrack-signature'] ?? '');
  if (!/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > toleranceSeconds) return false;
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex'));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookReceiver {
  origin: string;
  hits: Hit[];
  /** Deliveries whose signature verified (the parsed payloads). */
  verified: unknown[];
  /** Status codes to answer the next POSTs with, in order (then 200). */
  plan: number[];
  close(): Promise<void>;
}

/** A generic webhook receiver. With `cors`, it answers preflights as a receiver behind a static page must. */
export async function webhookReceiver(options: { secret?: string; cors?: boolean } = {}): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { origin: '', hits: [], verified: [], plan: [], close: async () => {} };
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    if (options.cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST');
        res.setHeader(
          'Access-Control-Allow-Headers',
          'Content-Type, X-Perftrack-Signature, X-Perftrack-Timestamp, X-Perftrack-Delivery, X-Perftrack-Event',
        );
        res.writeHead(204).end();
        return;
      }
    }
    receiver.hits.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    const status = receiver.plan.length ? receiver.plan.shift()! : 200;
    if (status === 404) {
      // Express's answer to an unknown route echoes the path, which may be the secret part of the URL.
      res
        .writeHead(404, { 'Content-Type': 'text/html' })
        .end(`<!DOCTYPE html><html><body><pre>Cannot POST ${req.url}</pre></body></html>`);
      return;
    }
    if (status !== 200) {
      res
        .writeHead(status, { 'Content-Type': 'text/plain' })
        .end(status >= 500 ? 'temporarily broken' : 'rejected: bad request');
      return;
    }
    if (options.secret && !verifyHmac(options.secret, req.headers, body)) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('bad signature');
      return;
    }
    receiver.verified.push(JSON.parse(body));
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  });
  receiver.origin = await listen(server);
  receiver.close = () => close(server);
  return receiver;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  html_url: string;
  comments: string[];
}

export interface FakeGitHub {
  origin: string;
  /** API base, like https://HOST/api/v3 on GitHub Enterprise. */
  api: string;
  issues: FakeIssue[];
  hits: Hit[];
  /** Status codes for the next API calls, in order (then normal answers). */
  plan: number[];
  close(): Promise<void>;
}

/** The few GitHub REST endpoints perftrack uses, for one repository and token. */
export async function fakeGitHub(options: { repo: string; token: string; prefix?: string }): Promise<FakeGitHub> {
  const prefix = options.prefix ?? '/api/v3';
  const gh: FakeGitHub = { origin: '', api: '', issues: [], hits: [], plan: [], close: async () => {} };
  const json = (res: http.ServerResponse, status: number, value: unknown) =>
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    // As documented in "Using CORS and JSONP to make cross-origin requests".
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader(
      'Access-Control-Expose-Headers',
      'ETag, Link, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset',
    );
    if (req.method === 'OPTIONS') {
      res.setHeader(
        'Access-Control-Allow-Headers',
        'Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, X-Requested-With',
      );
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE');
      res.writeHead(204).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    gh.hits.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body });
    if (gh.plan.length) {
      const status = gh.plan.shift()!;
      return json(res, status, { message: status >= 500 ? 'Server Error' : 'Validation Failed' });
    }
    if (req.headers.authorization !== `Bearer ${options.token}`) return json(res, 401, { message: 'Bad credentials' });
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const repoPath = `/repos/${options.repo}`;
    if (req.method === 'GET' && path === repoPath) {
      return json(res, 200, {
        full_name: options.repo,
        has_issues: true,
        permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      });
    }
    if (req.method === 'GET' && path === `${repoPath}/issues`) {
      const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
      const state = url.searchParams.get('state') ?? 'open';
      const page = Number(url.searchParams.get('page') ?? 1);
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const found = gh.issues.filter((i) => i.state === state && labels.every((l) => i.labels.includes(l)));
      return json(res, 200, found.slice((page - 1) * perPage, page * perPage));
    }
    if (req.method === 'GET' && path === '/search/issues') {
      const q = url.searchParams.get('q') ?? '';
      const marker = /"([^"]+)"/.exec(q)?.[1] ?? '';
      const items = gh.issues.filter(
        (i) => i.state === 'open' && q.includes(`repo:${options.repo}`) && marker && i.body.includes(marker),
      );
      return json(res, 200, { total_count: items.length, incomplete_results: false, items });
    }
    if (req.method === 'POST' && path === `${repoPath}/issues`) {
      const input = JSON.parse(body) as { title?: string; body?: string; labels?: string[] };
      if (!input.title) return json(res, 422, { message: 'Validation Failed' });
      const number = gh.issues.length + 1;
      const issue: FakeIssue = {
        number,
        title: input.title,
        body: input.body ?? '',
        labels: input.labels ?? [],
        state: 'open',
        html_url: `${gh.origin}/${options.repo}/issues/${number}`,
        comments: [],
      };
      gh.issues.push(issue);
      return json(res, 201, issue);
    }
    const comment = new RegExp(`^${repoPath}/issues/(\\d+)/comments$`).exec(path);
    if (req.method === 'POST' && comment) {
      const issue = gh.issues.find((i) => i.number === Number(comment[1]));
      if (!issue) return json(res, 404, { message: 'Not Found' });
      issue.comments.push((JSON.parse(body) as { body: string }).body);
      return json(res, 201, {
        id: issue.comments.length,
        html_url: `${issue.html_url}#issuecomment-${issue.comments.length}`,
      });
    }
    return json(res, 404, { message: 'Not Found' });
  });
  gh.origin = await listen(server);
  gh.api = gh.origin + prefix;
  gh.close = () => close(server);
  return gh;
}
