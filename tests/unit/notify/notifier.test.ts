// Sending end to end in Node with real local servers: rules, dedupe across runs (file store), the log,
// GitHub issues that are created once and commented on afterwards, failures that retry next time.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNotifyConfig } from '../../../src/lib/notify/config.ts';
import { exportLog, statusLabel } from '../../../src/lib/notify/log.ts';
import { sendNotifications, sendTestNotification } from '../../../src/lib/notify/notifier.ts';
import { MemoryNotifyStore } from '../../../src/lib/notify/store.ts';
import type { SendContext } from '../../../src/lib/notify/types.ts';
import { FileNotifyStore } from '../../../src/node/notify-store.ts';
import { tempDir } from '../helpers/engine.ts';
import { NOW, SAMPLES, VIEW, unusedPort } from './helpers.ts';
import { fakeGitHub, webhookReceiver, type FakeGitHub, type WebhookReceiver } from './servers.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

function ctx(): SendContext & { lines: string[]; mailto: string[] } {
  const lines: string[] = [];
  const mailto: string[] = [];
  return {
    lines,
    mailto,
    fetch: (i, init) => fetch(i, init),
    sleep: async () => {},
    now: () => Date.now(),
    runtime: 'node',
    log: (l) => lines.push(l),
    openMailto: (h) => mailto.push(h),
  };
}

async function receiver(options: Parameters<typeof webhookReceiver>[0]): Promise<WebhookReceiver> {
  const r = await webhookReceiver(options);
  closers.push(r.close);
  return r;
}

async function github(): Promise<FakeGitHub> {
  const g = await fakeGitHub({ repo: 'acme/bench', token: 'ghp_faketoken0123456789abcdefghij' });
  closers.push(g.close);
  return g;
}

describe('sending notifications', () => {
  it('delivers a signed webhook once per fingerprint, across two runs with the file store', async () => {
    const hook = await receiver({ secret: 'hmac-shared-secret' });
    const file = path.join(tempDir(), 'state', 'notifications.json');
    const config = parseNotifyConfig({
      channels: [{ type: 'webhook', url: `${hook.origin}/perftrack`, secret: 'hmac-shared-secret' }, { type: 'log' }],
      view_url: VIEW,
    });
    const first = await sendNotifications(SAMPLES, config, ctx(), new FileNotifyStore(file));
    expect(first.channels.map((c) => [c.channel.type, c.sent, c.failed, c.filteredOut])).toEqual([
      ['webhook', 2, 0, 1],
      ['log', 2, 0, 1],
    ]);
    expect(hook.verified).toHaveLength(1);
    const payload = hook.verified[0] as { version: number; regressions: { fingerprint: string }[] };
    expect(payload.version).toBe(1);
    expect(payload.regressions.map((r) => r.fingerprint)).toEqual([SAMPLES[1].fingerprint, SAMPLES[0].fingerprint]);
    expect(hook.hits[0].headers['x-perftrack-event']).toBe('regressions');

    const second = await sendNotifications(SAMPLES, config, ctx(), new FileNotifyStore(file));
    expect(second.records).toEqual([]);
    expect(second.channels[0]).toMatchObject({ sent: 0, alreadyNotified: 2 });
    expect(hook.hits).toHaveLength(1);

    const state = fs.readFileSync(file, 'utf8');
    expect(state).not.toContain('hmac-shared-secret');
    expect(JSON.parse(state).log).toHaveLength(4);
  });

  it('records retries and errors per delivery, and retries failed ones on the next send', async () => {
    const hook = await receiver({});
    hook.plan.push(500, 400);
    const store = new MemoryNotifyStore();
    const config = parseNotifyConfig({ channels: [{ type: 'webhook', url: hook.origin }] });
    const run = await sendNotifications([SAMPLES[0]], config, ctx(), store);
    expect(run.records[0]).toMatchObject({
      notification_status: 'failed',
      retry_count: 1,
      error_message: 'HTTP 400 Bad Request: rejected: bad request',
    });
    expect(run.records[0].last_retry_date).not.toBeNull();
    const again = await sendNotifications([SAMPLES[0]], config, ctx(), store);
    expect(again.records[0]).toMatchObject({
      notification_status: 'sent',
      retry_count: 0,
      confirmed: true,
      response_data: 'HTTP 200 {"ok":true}',
    });
    expect(statusLabel(again.records[0])).toBe('sent');
  });

  it('marks an unreachable receiver failed after its retries', async () => {
    const port = await unusedPort();
    const config = parseNotifyConfig({
      channels: [{ type: 'discord', url: `http://127.0.0.1:${port}/api/webhooks/1/discordsecret` }],
      retry: { maxRetries: 2 },
    });
    const store = new MemoryNotifyStore();
    const run = await sendNotifications([SAMPLES[1]], config, ctx(), store);
    expect(run.records[0]).toMatchObject({ notification_status: 'failed', retry_count: 2 });
    expect(run.records[0].error_message).toMatch(/network error/);
    expect(run.records[0].notification_target).toBe(`http://127.0.0.1:${port}/…/disc•••`);
    expect(await store.loadNotified()).toEqual({});
  });

  it('opens one GitHub issue per regression, then comments instead of duplicating', async () => {
    const gh = await github();
    const config = parseNotifyConfig({
      channels: [
        { type: 'github_issue', repo: 'acme/bench', token: 'ghp_faketoken0123456789abcdefghij', api_base: gh.api },
      ],
    });
    const first = await sendNotifications(SAMPLES.slice(0, 2), config, ctx(), new MemoryNotifyStore());
    expect(first.records.map((r) => r.notification_status)).toEqual(['sent', 'sent']);
    expect(gh.issues.map((i) => i.labels)).toEqual([
      ['regression', 'performance'],
      ['regression', 'performance'],
    ]);
    expect(gh.issues[0].body).toContain(`<!-- perftrack:fingerprint=${SAMPLES[1].fingerprint} -->`);
    expect(first.records[0].response_data).toBe(`opened #1 ${gh.origin}/acme/bench/issues/1`);

    // A fresh store (another machine, a CI run without state): the open issues are found and commented on.
    const second = await sendNotifications(SAMPLES.slice(0, 2), config, ctx(), new MemoryNotifyStore());
    expect(gh.issues).toHaveLength(2);
    expect(gh.issues.map((i) => i.comments.length)).toEqual([1, 1]);
    expect(second.records[0].response_data).toMatch(/^commented on #1 /);
    const paths = gh.hits.map((h) => `${h.method} ${h.path.split('?')[0]}`);
    expect(paths.filter((p) => p === 'POST /api/v3/repos/acme/bench/issues')).toHaveLength(2);
    expect(gh.hits.every((h) => h.headers.authorization === 'Bearer ghp_faketoken0123456789abcdefghij')).toBe(true);
    expect(JSON.stringify(second.records)).not.toContain('ghp_faketoken0123456789abcdefghij');
  });

  it('finds issues through the search API when their labels changed, and fails rather than duplicate', async () => {
    const gh = await github();
    const config = parseNotifyConfig({
      channels: [
        { type: 'github', repo: 'acme/bench', token: 'ghp_faketoken0123456789abcdefghij', apiBase: gh.api, labels: [] },
      ],
    });
    await sendNotifications([SAMPLES[0]], config, ctx(), new MemoryNotifyStore());
    expect(gh.issues[0].labels).toEqual([]);
    await sendNotifications([SAMPLES[0]], config, ctx(), new MemoryNotifyStore());
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0].comments).toHaveLength(1);
    expect(gh.hits.some((h) => h.path.startsWith('/api/v3/search/issues?q=repo%3Aacme%2Fbench'))).toBe(true);

    gh.plan.push(422);
    const failed = await sendNotifications([SAMPLES[1]], config, ctx(), new MemoryNotifyStore());
    expect(failed.records[0].notification_status).toBe('failed');
    expect(failed.records[0].error_message).toMatch(/^could not look for existing issues: HTTP 422/);
    expect(gh.issues).toHaveLength(1);
  });

  it('test notifications: webhook gets event "test", GitHub only checks access, nothing is deduplicated', async () => {
    const hook = await receiver({ secret: 'k3y-k3y-k3y' });
    const gh = await github();
    const store = new MemoryNotifyStore();
    const config = parseNotifyConfig({
      channels: [
        { type: 'webhook', url: hook.origin, secret: 'k3y-k3y-k3y' },
        { type: 'github', repo: 'acme/bench', token: 'ghp_faketoken0123456789abcdefghij', apiBase: gh.api },
        { type: 'email', to: ['a@example.org'] },
      ],
    });
    const c = ctx();
    for (const channel of config.channels) await sendTestNotification(channel, config, c, store);
    expect((hook.verified[0] as { event: string }).event).toBe('test');
    expect(gh.issues).toHaveLength(0);
    const log = await store.loadLog();
    expect(log.map((r) => [r.notification_type, statusLabel(r), r.test])).toEqual(
      expect.arrayContaining([
        ['webhook', 'sent', true],
        ['github_issue', 'sent', true],
        ['email', 'draft ready', true],
      ]),
    );
    expect(log.find((r) => r.notification_type === 'github_issue')!.response_data).toBe(
      'acme/bench reachable (no issue opened by a test)',
    );
    expect(c.mailto[0]).toMatch(/^mailto:a@example.org\?subject=%5Bperftrack%5D%20test%20notification&body=/);
    expect(await store.loadNotified()).toEqual({});
  });

  it('the exported log holds no secret', async () => {
    const port = await unusedPort();
    const secretUrl = `http://127.0.0.1:${port}/services/T00/B00/verysecretslackpath`;
    const store = new MemoryNotifyStore();
    const config = parseNotifyConfig({
      channels: [
        { type: 'slack', url: secretUrl },
        { type: 'webhook', url: `http://127.0.0.1:${port}/hook?token=querysecret`, secret: 'hmac-secret-value' },
        { type: 'github', repo: 'a/b', token: 'ghp_tokensecret0123456789', apiBase: `http://127.0.0.1:${port}` },
      ],
      retry: { maxRetries: 0 },
    });
    await sendNotifications(
      SAMPLES,
      config,
      {
        ...ctx(),
        fetch: async (url) => {
          throw new TypeError(`connect failed: ${url} with ${'ghp_tokensecret0123456789'}`);
        },
      },
      store,
    );
    const exported = exportLog(await store.loadLog(), config.channels, NOW);
    expect(JSON.parse(exported).notifications.length).toBeGreaterThan(0);
    for (const secret of ['verysecretslackpath', 'querysecret', 'hmac-secret-value', 'ghp_tokensecret0123456789'])
      expect(exported).not.toContain(secret);
  });
});
