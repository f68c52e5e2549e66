// Signed deliveries against real loopback servers: each retry carries its own timestamp and signature, and a
// redirect to another origin is refused (the other server receives nothing); a same-origin redirect is followed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookChannel } from '../../../src/lib/notify/channels/webhook.ts';
import { deliver } from '../../../src/lib/notify/deliver.ts';
import { verifySignature } from '../../../src/lib/notify/sign.ts';
import type { RetryPolicy, SendContext } from '../../../src/lib/notify/types.ts';
import { NOW, SAMPLES } from './helpers.ts';

const SECRET = 'retry-signing-secret-42';
const policy: RetryPolicy = { maxRetries: 2, baseDelayMs: 600_000, maxDelayMs: 600_000, timeoutMs: 5000 };

interface Hit {
  path: string;
  ts: string;
  signature: string;
  body: string;
}
let receiver: http.Server;
let elsewhere: http.Server;
let origin = '';
let otherOrigin = '';
const hits: Hit[] = [];
const otherHits: string[] = [];
let plan: ((res: http.ServerResponse) => void)[] = [];

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({
        path: req.url ?? '',
        ts: String(req.headers['x-perftrack-timestamp']),
        signature: String(req.headers['x-perftrack-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = plan.shift();
      if (answer) answer(res);
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  elsewhere = http.createServer((req, res) => {
    otherHits.push(`${req.method} ${req.url}`);
    res.end('thanks for the signed body');
  });
  origin = await listen(receiver);
  otherOrigin = await listen(elsewhere);
});
afterAll(() => {
  receiver.closeAllConnections();
  elsewhere.closeAllConnections();
  receiver.close();
  elsewhere.close();
});

/** Real fetch; a clock that the (skipped) sleeps move forward, as a late retry would find it. */
function context(): SendContext {
  let clock = NOW;
  return {
    fetch: (input, init) => fetch(input, init),
    sleep: async (ms) => void (clock += ms),
    now: () => clock,
    runtime: 'node',
  };
}

const channel = (path: string): WebhookChannel => ({
  id: 'hook',
  type: 'webhook',
  enabled: true,
  url: `${origin}${path}`,
  secret: SECRET,
});

describe('signed deliveries', () => {
  it('each retry is signed afresh: its own timestamp, a signature valid for it', async () => {
    hits.length = 0;
    plan = [(res) => res.writeHead(503).end('busy'), (res) => res.writeHead(500).end('still busy')];
    const [d] = await deliver(channel('/in'), SAMPLES, { now: NOW, viewUrl: null, test: false }, context(), policy);
    expect(d.ok).toBe(true);
    expect(d.retries).toBe(2);
    expect(hits.map((h) => Number(h.ts) - Math.floor(NOW / 1000))).toEqual([0, 600, 1200]); // delays of 600 s, capped at 600 s;
    for (const hit of hits) {
      // A receiver with the 300 s window of docs/notifications.md, at the moment each attempt arrives.
      expect(
        await verifySignature(SECRET, hit.body, hit.ts, hit.signature, { now: Number(hit.ts) * 1000 + 1000 }),
      ).toBe(true);
    }
    expect(new Set(hits.map((h) => h.signature)).size).toBe(3);
  });

  it('a 307 to another origin is refused with a clear reason; the other server receives nothing', async () => {
    hits.length = 0;
    plan = [(res) => res.writeHead(307, { Location: `${otherOrigin}/collect` }).end()];
    const [d] = await deliver(channel('/in'), SAMPLES, { now: NOW, viewUrl: null, test: false }, context(), policy);
    expect(d.ok).toBe(false);
    expect(d.retries).toBe(0);
    expect(d.error).toBe(
      `HTTP 307 redirect to ${otherOrigin}; a signed delivery is not re-posted to another origin — set the webhook URL to the final address`,
    );
    expect(otherHits).toEqual([]);
    expect(hits).toHaveLength(1);
  });

  it('a same-origin 308 is followed, signed again', async () => {
    hits.length = 0;
    plan = [(res) => res.writeHead(308, { Location: '/v2/in' }).end()];
    const [d] = await deliver(channel('/in'), SAMPLES, { now: NOW, viewUrl: null, test: false }, context(), policy);
    expect(d.ok).toBe(true);
    expect(hits.map((h) => h.path)).toEqual(['/in', '/v2/in']);
    expect(await verifySignature(SECRET, hits[1].body, hits[1].ts, hits[1].signature, { now: NOW })).toBe(true);
  });
});
