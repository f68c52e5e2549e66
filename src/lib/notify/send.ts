// One HTTP request with retries: exponential backoff on network errors, 5xx and 429 (Retry-After
// honoured), no retry on other 4xx. fetch and sleep are injected (SendContext), so tests run real requests fast.
// A signed request is signed afresh for every attempt (a receiver's replay window counts from the attempt) and
// is never posted anywhere but its own origin: its redirects are handled here, not by fetch.

/** The `fetch` the sender uses (window.fetch, Node's global fetch, or a test double). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface SendContext {
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Browser: CORS rules apply (see BrowserDelivery). Node: none. */
  runtime: 'browser' | 'node';
  /** Opens a mailto: draft (browser); Node prints it instead. */
  openMailto?: (href: string) => void;
  /** The log channel's output. */
  log?: (line: string) => void;
  /** A fresh unique id (delivery ids, record ids). */
  newId?: () => string;
}

export interface RetryPolicy {
  /** Retries after the first attempt, on network errors, 5xx and 429. */
  maxRetries: number;
  /** First retry delay; doubles each retry, capped at maxDelayMs (a 429's Retry-After wins, up to the cap). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 20_000 };

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | FormData | URLSearchParams;
  /** no-cors: a CORS-simple request whose answer the browser hides (opaque). */
  mode: 'cors' | 'no-cors';
  /** Signed requests: the signature headers for an attempt made at `nowMs`. */
  sign?: (nowMs: number) => Promise<Record<string, string>>;
}

/** Same-origin redirects a signed request follows before giving up. */
const MAX_REDIRECTS = 3;

export interface HttpOutcome {
  ok: boolean;
  /** HTTP status; null when nothing readable came back (network error, or an opaque no-cors answer). */
  status: number | null;
  /** False when the request went out but its answer could not be read (no-cors). */
  confirmed: boolean;
  retries: number;
  lastRetryAt: number | null;
  error: string | null;
  /** Start of the answer's body (for the log; callers mask secrets). */
  text: string | null;
}

const MAX_TEXT = 2000;

/** Delay before retry number `retry` (1-based): base·2^(retry−1), capped; a 429's Retry-After wins, up to the cap. */
export function backoffDelay(policy: RetryPolicy, retry: number, retryAfter: string | null, now: number): number {
  let delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(ms) && ms >= 0) delay = Math.min(policy.maxDelayMs, ms);
  }
  return Math.max(0, delay);
}

function describeError(error: unknown, ctx: SendContext, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  const base = `network error: ${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
  // A browser reports a refused connection, an unknown host and a CORS refusal the same way.
  return ctx.runtime === 'browser'
    ? `${base} — the host is unreachable, or it does not allow this page's origin (CORS)`
    : base;
}

export async function sendWithRetry(request: HttpRequest, ctx: SendContext, policy: RetryPolicy): Promise<HttpOutcome> {
  let retries = 0;
  let lastRetryAt: number | null = null;
  for (;;) {
    let retryable = false;
    let retryAfter: string | null = null;
    let outcome: HttpOutcome;
    try {
      const response = await attempt(request, ctx, policy);
      if (typeof response === 'string') {
        return { ok: false, status: null, confirmed: true, retries, lastRetryAt, error: response, text: null };
      }
      if (response.type === 'opaque') {
        // no-cors: the request was sent; its answer (even an error) is hidden from the page.
        return { ok: true, status: null, confirmed: false, retries, lastRetryAt, error: null, text: null };
      }
      const text = (await response.text().catch(() => '')).slice(0, MAX_TEXT);
      if (response.ok)
        return { ok: true, status: response.status, confirmed: true, retries, lastRetryAt, error: null, text };
      retryable = response.status >= 500 || response.status === 429;
      retryAfter = response.status === 429 || response.status === 503 ? response.headers.get('retry-after') : null;
      const detail = text.trim().replace(/\s+/g, ' ').slice(0, 300);
      outcome = {
        ok: false,
        status: response.status,
        confirmed: true,
        retries,
        lastRetryAt,
        error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${detail ? `: ${detail}` : ''}`,
        text,
      };
    } catch (error) {
      retryable = true;
      outcome = {
        ok: false,
        status: null,
        confirmed: false,
        retries,
        lastRetryAt,
        error: describeError(error, ctx, policy.timeoutMs),
        text: null,
      };
    }
    if (!retryable || retries >= policy.maxRetries) return outcome;
    retries++;
    await ctx.sleep(backoffDelay(policy, retries, retryAfter, ctx.now()));
    lastRetryAt = ctx.now();
  }
}

/** One attempt. A signed request gets fresh signature headers and follows only same-origin redirects; a redirect
 *  elsewhere (or one the browser hides the target of) ends the delivery with the reason, as a string. */
async function attempt(request: HttpRequest, ctx: SendContext, policy: RetryPolicy): Promise<Response | string> {
  const init = (url: string, headers: Record<string, string>): RequestInit => ({
    method: request.method,
    headers,
    body: request.body,
    mode: ctx.runtime === 'browser' ? request.mode : 'cors',
    credentials: 'omit',
    redirect: request.sign ? 'manual' : 'follow',
    signal: AbortSignal.timeout(policy.timeoutMs),
  });
  if (!request.sign) return ctx.fetch(request.url, init(request.url, request.headers));
  let url = request.url;
  for (let hop = 0; ; hop++) {
    const headers = { ...request.headers, ...(await request.sign(ctx.now())) };
    const response = await ctx.fetch(url, init(url, headers));
    if (response.type === 'opaqueredirect') {
      return `the receiver redirected (the browser hides where to); a signed delivery is posted only to its configured origin, so it was not re-posted — set the webhook URL to the final address`;
    }
    if (response.status < 300 || response.status > 399 || response.status === 304) return response;
    const location = response.headers.get('location');
    const next = location ? safeUrl(location, url) : null;
    if (!next || next.origin !== new URL(url).origin) {
      return `HTTP ${response.status} redirect to ${next ? next.origin : 'an unreadable address'}; a signed delivery is not re-posted to another origin — set the webhook URL to the final address`;
    }
    if (hop >= MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects; the delivery was stopped`;
    url = next.href;
  }
}

function safeUrl(location: string, base: string): URL | null {
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
}

/** A random id without crypto.randomUUID (absent on insecure origins). */
export function makeId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The context's id maker, else a random id. */
export function newId(ctx: SendContext): string {
  return ctx.newId ? ctx.newId() : makeId();
}
