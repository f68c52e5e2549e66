// Retries against real local HTTP servers: 500 then 200, 400, 429 with Retry-After, an unreachable port.
import { afterEach, describe, expect, it } from 'vitest';
import type { SlackChannel } from '../../../src/lib/notify/channels/slack.ts';
import { deliver } from '../../../src/lib/notify/deliver.ts';
import { backoffDelay, sendWithRetry, type HttpRequest } from '../../../src/lib/notify/send.ts';
import type { RetryPolicy, SendContext } from '../../../src/lib/notify/types.ts';
import { NOW, SAMPLES, startServer, unusedPort, type TestServer } from './helpers.ts';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 5000 };
let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** Real fetch; sleep only records the delays it was asked for. */
function context(): SendContext & { slept: number[] } {
  const slept: number[] = [];
  let clock = NOW;
  return {
    slept,
    fetch: (input, init) => fetch(input, init),
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
    now: () => clock,
    runtime: 'node',
  };
}

const post = (url: string): HttpRequest => ({
  url,
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: '{"x":1}',
  mode: 'cors',
});

describe('sending with retries', () => {
  it('retries a 500 and succeeds: one retry recorded', async () => {
    const server = await startServer((_req, res, i) => {
      res.writeHead(i === 0 ? 500 : 200, { 'Content-Type': 'text/plain' });
      res.end(i === 0 ? 'upstream broke' : 'ok');
    });
    servers.push(server);
    const ctx = context();
    const outcome = await sendWithRetry(post(server.origin + '/hook'), ctx, policy);
    expect(outcome).toMatchObject({ ok: true, status: 200, confirmed: true, retries: 1, text: 'ok', error: null });
    expect(outcome.lastRetryAt).toBe(NOW + 1000);
    expect(ctx.slept).toEqual([1000]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].body).toBe('{"x":1}');
  });

  it('does not retry a 400 and keeps the error', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end('invalid_payload');
    });
    servers.push(server);
    const ctx = context();
    const outcome = await sendWithRetry(post(server.origin), ctx, policy);
    expect(outcome).toMatchObject({ ok: false, status: 400, retries: 0 });
    expect(outcome.error).toBe('HTTP 400 Bad Request: invalid_payload');
    expect(server.requests).toHaveLength(1);
    expect(ctx.slept).toEqual([]);
  });

  it('honours Retry-After on 429', async () => {
    const server = await startServer((_req, res, i) => {
      if (i === 0) res.writeHead(429, { 'Retry-After': '7' }).end('rate_limited');
      else res.writeHead(204).end();
    });
    servers.push(server);
    const ctx = context();
    const outcome = await sendWithRetry(post(server.origin), ctx, policy);
    expect(outcome).toMatchObject({ ok: true, status: 204, retries: 1 });
    expect(ctx.slept).toEqual([7000]);
  });

  it('retries network errors with exponential backoff, then fails', async () => {
    const port = await unusedPort();
    const ctx = context();
    const outcome = await sendWithRetry(post(`http://127.0.0.1:${port}/hook`), ctx, policy);
    expect(outcome.ok).toBe(false);
    expect(outcome.retries).toBe(3);
    expect(outcome.error).toMatch(/^network error: fetch failed \(ECONNREFUSED\)/);
    expect(ctx.slept).toEqual([1000, 2000, 4000]);
  });

  it('gives up after the last retry of a persistent 503', async () => {
    const server = await startServer((_req, res) => res.writeHead(503).end('down'));
    servers.push(server);
    const ctx = context();
    const outcome = await sendWithRetry(post(server.origin), ctx, { ...policy, maxRetries: 2 });
    expect(outcome).toMatchObject({ ok: false, status: 503, retries: 2 });
    expect(server.requests).toHaveLength(3);
  });

  it('computes delays: doubling, capped, Retry-After as seconds or a date', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay({ ...policy, maxDelayMs: 10_000 }, n, null, 0))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(backoffDelay(policy, 1, '120', 0)).toBe(30_000);
    expect(backoffDelay(policy, 1, new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
  });

  it('a channel delivery masks the webhook URL in errors', async () => {
    const port = await unusedPort();
    const channel: SlackChannel = {
      id: 'slack',
      type: 'slack',
      enabled: true,
      url: `http://127.0.0.1:${port}/services/T000/B000/SUPERSECRETTOKEN`,
    };
    const ctx = {
      ...context(),
      fetch: async () => {
        throw new TypeError(`fetch failed for ${channel.url}`);
      },
    };
    const [d] = await deliver(channel, SAMPLES, { now: NOW, viewUrl: null, test: false }, ctx, {
      ...policy,
      maxRetries: 1,
    });
    expect(d.ok).toBe(false);
    expect(d.retries).toBe(1);
    expect(d.error).not.toContain('SUPERSECRETTOKEN');
    expect(d.error).toContain('/…/SUPE•••');
  });
});
