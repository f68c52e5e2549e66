// A receiver that echoes the secret part of its URL (Express: "Cannot POST /hooks/SECRET") never gets it into the
// CLI summary, the notification state file, the seed's regression_notifications or the exported log.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { exportLog } from '../../../src/lib/notify/log.ts';
import { redact } from '../../../src/lib/notify/mask.ts';
import type { WebhookChannel } from '../../../src/lib/notify/channels/webhook.ts';
import type { DeliveryRecord } from '../../../src/lib/notify/types.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { newEngine, seedDatabase, tempDir } from '../helpers/engine.ts';
import { webhookReceiver, type WebhookReceiver } from './servers.ts';
import { tableRows } from './table-rows.ts';

const PATH_SECRET = 'T0SECRETPATH8f2c91d4';
let engine: Engine;
let hook: WebhookReceiver;
let dir: string;

beforeAll(async () => {
  engine = await newEngine();
  dir = tempDir();
  hook = await webhookReceiver();
});
afterAll(async () => {
  await hook?.close();
  delete process.env.PERFTRACK_NOTIFY_STATE;
});

describe('secrets echoed by a receiver', () => {
  it('are masked in the CLI summary, the state file and regression_notifications', async () => {
    const db = (await seedDatabase(engine)).file;
    const url = `${hook.origin}/hooks/${PATH_SECRET}?key=QUERYSECRET77`;
    const configFile = path.join(dir, 'notify.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({ channels: [{ type: 'webhook', url }], rules: { min_severity: 'medium' } }),
    );
    process.env.PERFTRACK_NOTIFY_STATE = path.join(dir, 'state.json');
    hook.plan.push(404);
    const out: string[] = [];
    const code = await main(
      ['regression', '--db', db, '--days', '14', '--notify', '--notify-config', configFile],
      (t) => out.push(t),
      (t) => out.push(t),
    );
    expect(code).toBe(0);
    // The receiver did echo it.
    expect(hook.hits[0].path).toBe(`/hooks/${PATH_SECRET}?key=QUERYSECRET77`);
    const summary = out.join('\n');
    expect(summary).toContain('HTTP 404');
    expect(summary).toContain('Cannot POST /hoo•••');
    const rows = await tableRows(engine, db);
    expect(rows.length).toBeGreaterThan(0);
    const stored = [summary, fs.readFileSync(process.env.PERFTRACK_NOTIFY_STATE!, 'utf8'), JSON.stringify(rows)];
    for (const text of stored) {
      expect(text).not.toContain(PATH_SECRET);
      expect(text).not.toContain('QUERYSECRET77');
    }
  });

  it('redact masks the bare path, the query, a query value, and their encoded and JSON-escaped forms', () => {
    const url = `https://hooks.example/hooks/${PATH_SECRET}?token=QUERYSECRET77`;
    const echoes = [
      `Cannot POST /hooks/${PATH_SECRET}`,
      `{"path":"\\/hooks\\/${PATH_SECRET}"}`,
      `bad token QUERYSECRET77`,
      `GET ${encodeURIComponent(`/hooks/${PATH_SECRET}`)}`,
      `unknown hook ${PATH_SECRET}`,
    ];
    for (const echo of echoes) {
      const masked = redact(echo, [url])!;
      expect(masked).not.toContain(PATH_SECRET);
      expect(masked).not.toContain('QUERYSECRET77');
    }
    expect(redact('Cannot POST /', [url])).toBe('Cannot POST /');
  });

  it('the exported log masks what an older record kept in clear', () => {
    const channel: WebhookChannel = {
      id: 'w',
      type: 'webhook',
      enabled: true,
      url: `https://hooks.example/hooks/${PATH_SECRET}`,
    };
    const record = {
      notification_id: '1',
      notification_date: '2026-11-29T00:00:00.000Z',
      notification_type: 'webhook',
      notification_target: 'x',
      notification_status: 'failed',
      error_message: `HTTP 404: Cannot POST /hooks/${PATH_SECRET}`,
      response_data: null,
    } as unknown as DeliveryRecord;
    expect(exportLog([record], [channel], Date.UTC(2026, 10, 29))).not.toContain(PATH_SECRET);
  });
});

describe('masking stays readable', () => {
  it('short, wordy paths are not masked inside other words', () => {
    expect(redact('HTTP 400: rejected: bad request', ['http://127.0.0.1:9/reject'])).toBe(
      'HTTP 400: rejected: bad request',
    );
    expect(redact('Cannot POST /hooks/abc', ['http://127.0.0.1:9/hooks/abc'])).toBe('Cannot POST /hoo•••');
  });
});
