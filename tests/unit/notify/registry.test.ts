// The channel table holds every channel: each one has a label, parses its own example, masks its secrets wherever
// they could show, and builds what it sends; the config reader and the form know exactly the table's types.
import fs from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CHANNELS,
  DEFINITIONS,
  type AnyChannelDefinition,
  type ChannelConfig,
  type ChannelType,
} from '../../../src/lib/notify/channels/index.ts';
import { maskField } from '../../../src/lib/notify/channels/shared.ts';
import {
  applyEnv,
  channelProblems,
  defaultConfig,
  envHasChannels,
  newChannel,
  parseNotifyConfig,
} from '../../../src/lib/notify/config.ts';
import { deliver } from '../../../src/lib/notify/deliver.ts';
import { queuedRecord } from '../../../src/lib/notify/log.ts';
import { redact } from '../../../src/lib/notify/mask.ts';
import {
  channelSecrets,
  maskedTarget,
  mergeSecrets,
  splitSecrets,
  withoutSecrets,
} from '../../../src/lib/notify/secrets.ts';
import type { NotifyConfig, SendContext } from '../../../src/lib/notify/types.ts';
import { NOW, SAMPLES, VIEW } from './helpers.ts';

const input = { regressions: SAMPLES, now: NOW, viewUrl: VIEW, test: false };
const policy = { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0, timeoutMs: 5000 };

function parsedExample(definition: AnyChannelDefinition): { config: NotifyConfig; channel: ChannelConfig } {
  const config = parseNotifyConfig({ channels: [definition.example] });
  return { config, channel: config.channels[0] };
}

const fieldsOf = (channel: ChannelConfig) => channel as unknown as Record<string, unknown>;

/** A context that answers every request as a receiver (or GitHub, with no open issue) would, and keeps what went out. */
function recordingContext(runtime: SendContext['runtime']): SendContext & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    runtime,
    now: () => NOW,
    sleep: async () => {},
    newId: () => 'delivery-id',
    openMailto: (href) => sent.push(href),
    log: (line) => sent.push(line),
    fetch: async (url, init) => {
      if (init?.method === 'POST') {
        sent.push(JSON.parse(String(init.body)));
        return new Response(JSON.stringify({ number: 1, html_url: 'https://github.example/issues/1' }), {
          status: 200,
        });
      }
      return new Response(new URL(url).pathname.startsWith('/search/') ? '{"items":[]}' : '[]', { status: 200 });
    },
  };
}

describe.each(DEFINITIONS.map((d) => [d.type, d] as const))('channel %s', (_type, definition) => {
  it('has a label, parses its own example config, and the example is valid', () => {
    expect(definition.label.trim()).not.toBe('');
    const { channel } = parsedExample(definition);
    expect(channel.type).toBe(definition.type);
    expect(channelProblems(channel)).toEqual([]);
    // A new channel has the same fields, and the form edits only fields the channel has.
    expect(Object.keys(newChannel(definition.type, [])).sort()).toEqual(Object.keys(channel).sort());
    for (const field of definition.form.fields) expect(Object.keys(channel)).toContain(field.key);
  });

  it('masks its secret fields wherever they could show', () => {
    const { config, channel } = parsedExample(definition);
    const fields = [...(definition.maskedFields ?? []), ...definition.secretFields];
    const secrets = fields.map((field) => fieldsOf(channel)[field]);
    for (const secret of secrets) expect(typeof secret === 'string' && secret.length > 8).toBe(true);
    // Every field that is not shown in clear is a masked input on the form.
    for (const field of fields)
      expect(definition.form.fields.filter((f) => f.kind === 'secret').map((f) => f.key)).toContain(field);
    const shown = [
      maskedTarget(channel),
      queuedRecord('1', channel, SAMPLES[0], NOW, false).notification_target,
      JSON.stringify(withoutSecrets(config)),
      redact(`HTTP 400: ${secrets.join(' and ')}`, channelSecrets(channel)),
      ...definition.form.fields.flatMap((f) =>
        f.kind === 'secret' ? [maskField(f, String(fieldsOf(channel)[f.key]))] : [],
      ),
    ];
    for (const secret of secrets) for (const text of shown) expect(text).not.toContain(secret);
    // Kept for the session only: the secret and masked fields leave the stored config and come back.
    const { config: stored, secrets: kept } = splitSecrets(config);
    for (const secret of secrets) expect(JSON.stringify(stored)).not.toContain(secret);
    expect(mergeSecrets(stored, kept)).toEqual(config);
  });

  it('builds what it sends from its payload', async () => {
    const { channel } = parsedExample(definition);
    const payload = JSON.stringify(definition.payload(channel, input));
    const ctx = recordingContext('node');
    const deliveries = await deliver(channel, SAMPLES, { now: NOW, viewUrl: VIEW, test: false }, ctx, policy);
    expect(deliveries.every((d) => d.ok)).toBe(true);
    expect(deliveries.flatMap((d) => d.fingerprints).sort()).toEqual(SAMPLES.map((r) => r.fingerprint).sort());
    expect(ctx.sent.length).toBeGreaterThan(0);
    for (const item of ctx.sent) expect(payload).toContain(JSON.stringify(item));
    if (definition.request) {
      const request = await definition.request(channel, input, recordingContext('browser'));
      expect(request).toMatchObject({ method: 'POST', mode: definition.autoDelivery });
      expect(new URL(request.url).origin).toBe(new URL(String(fieldsOf(channel).url)).origin);
    }
  });
});

describe('the table', () => {
  it('is where the channel types come from', () => {
    expectTypeOf<ChannelType>().toEqualTypeOf<(typeof CHANNELS)[number]['type']>();
    expectTypeOf<ChannelType>().not.toEqualTypeOf<string>();
    const names = DEFINITIONS.flatMap((d) => [d.type, ...d.aliases]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('holds exactly the types the config reader accepts, under their names and aliases', () => {
    const names = [...DEFINITIONS.flatMap((d) => [d.type, ...d.aliases]), 'SLACK', 'sms', 'constructor', ''];
    const types = parseNotifyConfig({ channels: names.map((type) => ({ type })) }).channels.map((c) => c.type);
    expect(new Set(types)).toEqual(new Set(CHANNELS.map((d) => d.type)));
    const seed = parseNotifyConfig({ methods: names, targets: {} }).channels.map((c) => c.type);
    expect(new Set(seed)).toEqual(new Set(CHANNELS.map((d) => d.type)));
  });

  it("is the form's list of types: the panel offers the table, and neither form names a type", () => {
    const read = (file: string) => fs.readFileSync(new URL(`../../../src/ui/${file}`, import.meta.url), 'utf8');
    expect(read('NotifyPanel.svelte')).toContain(
      '{#each CHANNELS as t (t.type)}<option value={t.type}>{t.label}</option>{/each}',
    );
    for (const file of ['NotifyPanel.svelte', 'NotifyChannel.svelte']) {
      for (const { type } of CHANNELS) expect(read(file)).not.toMatch(new RegExp(`['"\`]${type}['"\`]`));
    }
  });

  it("each channel's own environment variables add it", () => {
    for (const definition of DEFINITIONS) {
      for (const name of definition.env?.names ?? []) {
        const env = { [name]: 'https://set.example/value' };
        expect(envHasChannels(env)).toBe(true);
        expect(applyEnv({ ...defaultConfig(), channels: [] }, env).channels.map((c) => c.type)).toEqual([
          definition.type,
        ]);
      }
    }
    expect(envHasChannels({ PERFTRACK_NOTIFY_MIN_SEVERITY: 'high' })).toBe(false);
  });
});
