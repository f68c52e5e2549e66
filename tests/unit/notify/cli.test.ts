// `perftrack regression --notify` in-process, on a real seed database and a real local webhook receiver
// that verifies the HMAC signature; deliveries land in the database's regression_notifications table.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { loadNotificationConfig } from '../../../src/cli/notify.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { newEngine, seedDatabase, tempDir } from '../helpers/engine.ts';
import { fakeGitHub, webhookReceiver, type FakeGitHub, type WebhookReceiver } from './servers.ts';

const SECRET = 'cli-hmac-secret-7f3a';
const TOKEN = 'ghp_clitesttoken0123456789abcdef';
let engine: Engine;
let hook: WebhookReceiver;
let gh: FakeGitHub;
let dir: string;
let db: string;

beforeAll(async () => {
  engine = await newEngine();
  dir = tempDir();
  db = (await seedDatabase(engine)).file;
  hook = await webhookReceiver({ secret: SECRET });
  gh = await fakeGitHub({ repo: 'acme/bench', token: TOKEN });
});
afterAll(async () => {
  await hook?.close();
  await gh?.close();
  delete process.env.PERFTRACK_NOTIFY_STATE;
  delete process.env.PERFTRACK_GITHUB_TOKEN;
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (t) => out.push(t),
    (t) => err.push(t),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function tableRows(file: string): Promise<Record<string, unknown>[]> {
  const { tableRows: rows } = await import('./table-rows.ts');
  return rows(engine, file);
}

describe('regression --notify', () => {
  it('sends once, records deliveries in the seed database, and deduplicates the next run', async () => {
    const configFile = path.join(dir, 'notify.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        channels: [
          { type: 'webhook', url: `${hook.origin}/perftrack`, secret: SECRET },
          { type: 'github', repo: 'acme/bench', api_base: gh.api },
        ],
        rules: { min_severity: 'medium' },
        view_url: 'https://perf.example.org/perftrack/',
      }),
    );
    process.env.PERFTRACK_NOTIFY_STATE = path.join(dir, 'state.json');
    process.env.PERFTRACK_GITHUB_TOKEN = TOKEN;

    const first = await run(['regression', '--db', db, '--days', '14', '--notify', '--notify-config', configFile]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      /^\d+ regressions in the last 14 days, \d+ still active\. Worst active: latency of vit-base/,
    );
    expect(hook.verified).toHaveLength(1);
    const payload = hook.verified[0] as {
      schema: string;
      version: number;
      regressions: { fingerprint: string; link: string; first_bad: { result_id: number } }[];
    };
    expect(payload).toMatchObject({ schema: 'perftrack.regressions', version: 1 });
    const sent = payload.regressions.length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(7);
    expect(payload.regressions[0].link).toMatch(/^https:\/\/perf\.example\.org\/perftrack\/\?metric=/);
    expect(gh.issues).toHaveLength(sent);
    expect(first.out).toContain(`webhook: ${sent} sent`);
    expect(first.out).toContain(`github_issue: ${sent} sent`);
    expect(first.out).toContain(`recorded ${sent * 2} delivery row(s) in ${db} (regression_notifications)`);

    const rows = await tableRows(db);
    expect(rows).toHaveLength(sent * 2);
    expect(rows.map((r) => r.notification_id)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.every((r) => r.notification_status === 'sent' && r.retry_count === 0 && r.error_message === null)).toBe(
      true,
    );
    expect(new Set(rows.map((r) => r.notification_type))).toEqual(new Set(['webhook', 'github_issue']));
    // Each delivery points at the performance_regressions row written by the same run.
    expect(rows.filter((r) => r.regression_id !== null).length).toBe(sent * 2);
    expect(String(rows.find((r) => r.notification_type === 'github_issue')!.notification_target)).toBe(
      `acme/bench via ${gh.api} (token ghp_•••)`,
    );

    const state = fs.readFileSync(process.env.PERFTRACK_NOTIFY_STATE!, 'utf8');
    expect(state).not.toContain(SECRET);
    expect(state).not.toContain(TOKEN);

    const second = await run(['regression', '--db', db, '--days', '14', '--notify', '--notify-config', configFile]);
    expect(second.code).toBe(0);
    expect(second.out).toContain(`webhook: 0 sent, ${sent} already notified`);
    expect(hook.verified).toHaveLength(1);
    expect(gh.issues).toHaveLength(sent);
    expect(await tableRows(db)).toHaveLength(sent * 2);
  });

  it('reads the seed guide shape and environment variables; --no-write keeps the database untouched', async () => {
    const other = (await seedDatabase(engine)).file;
    const before = fs.readFileSync(other);
    const configFile = path.join(dir, 'seed-shape.json');
    fs.writeFileSync(configFile, JSON.stringify({ enabled: true, methods: ['log'], targets: {} }));
    process.env.PERFTRACK_NOTIFY_STATE = path.join(dir, 'state-2.json');
    const result = await run([
      'regression',
      '--db',
      other,
      '--days',
      '14',
      '--notify',
      '--notify-config',
      configFile,
      '--no-write',
    ]);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/\[perftrack\] (critical|high|medium) regression: /);
    expect(result.out).toMatch(/log: \d+ sent/);
    expect(result.out).not.toContain('regression_notifications');
    expect(fs.readFileSync(other).equals(before)).toBe(true);

    const env = loadNotificationConfig(undefined, {
      PERFTRACK_SLACK_WEBHOOK: 'https://hooks.slack.com/services/T/B/C',
      PERFTRACK_EMAIL_TO: 'a@example.org,b@example.org',
    });
    expect(env.channels.map((c) => c.type)).toEqual(['slack', 'email']);
    expect(loadNotificationConfig(undefined, {}).channels.map((c) => c.type)).toEqual(['log']);
  });

  it('a broken config file is a clear usage error', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ not json');
    const result = await run(['regression', '--db', db, '--notify', '--notify-config', bad]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^perftrack: notification config .*bad\.json could not be read/m);
  });
});
