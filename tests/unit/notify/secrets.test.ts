// Secrets apart from the config (kept for the session only): split out, merged back, never into other fields.
import { describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../../src/lib/notify/channels/index.ts';
import { channelProblems, defaultConfig, parseNotifyConfig } from '../../../src/lib/notify/config.ts';
import { KEPT_FOR_TAB, mergeSecrets, splitSecrets } from '../../../src/lib/notify/secrets.ts';
import type { NotifyConfig } from '../../../src/lib/notify/types.ts';

const config: NotifyConfig = {
  ...defaultConfig(),
  channels: [
    {
      id: 'webhook',
      type: 'webhook',
      enabled: true,
      url: 'https://hooks.example/in',
      secret: 'hmac-secret-1234',
      delivery: 'auto',
    },
    { id: 'slack', type: 'slack', enabled: true, url: 'https://hooks.slack.com/services/T/B/XYZ', delivery: 'auto' },
    {
      id: 'gh',
      type: 'github_issue',
      enabled: true,
      repo: 'acme/bench',
      token: 'ghp_abcdefghijklmnopqrstuvwxyz',
      labels: [],
      apiBase: 'https://api.github.com',
    },
    { id: 'log', type: 'log', enabled: true },
  ],
};

describe('session-only secrets', () => {
  it('split takes the HMAC secret, the token and the webhook URLs out; merge puts them back', () => {
    const { config: stripped, secrets } = splitSecrets(config);
    const text = JSON.stringify(stripped);
    expect(text).not.toContain('hmac-secret-1234');
    expect(text).not.toContain('ghp_abcdef');
    expect(text).not.toContain('hooks.slack.com');
    expect(text).not.toContain('hooks.example');
    expect(secrets).toEqual({
      webhook: { url: 'https://hooks.example/in', secret: 'hmac-secret-1234' },
      slack: { url: 'https://hooks.slack.com/services/T/B/XYZ' },
      gh: { token: 'ghp_abcdefghijklmnopqrstuvwxyz' },
    });
    expect(mergeSecrets(stripped, secrets)).toEqual(config);
  });

  it('merge ignores junk and fields that are not secrets', () => {
    const { config: stripped } = splitSecrets(config);
    expect(mergeSecrets(stripped, null)).toEqual(stripped);
    const merged = mergeSecrets(stripped, {
      gh: { token: 42, repo: 'evil/repo' },
      webhook: { delivery: 'no-cors' },
      __proto__: { x: 1 },
    });
    expect(merged).toEqual(stripped);
  });
});

const SECRET_URL = 'https://hooks.example.org/services/T000/B000/p4thS3cret9d1e?token=t0kenS3cret77aa';
const SECRET_PARTS = ['/services/T000/B000/p4thS3cret9d1e', 'p4thS3cret9d1e', 't0kenS3cret77aa'];
const PASSWORD = 'pw-S3cret-31f0a9';

const masking = DEFINITIONS.filter((d) => d.secretFields.length || d.maskedFields?.length);

describe.each(masking.map((d) => [d.type, d] as const))('a %s channel kept for the tab only', (_type, definition) => {
  const hidden = [...(definition.maskedFields ?? []), ...definition.secretFields];
  const isUrl = (key: string) =>
    definition.form.fields.some((f) => f.kind === 'secret' && f.key === key && f.input === 'url');
  const config = parseNotifyConfig({
    channels: [
      { ...definition.example, ...Object.fromEntries(hidden.map((k) => [k, isUrl(k) ? SECRET_URL : PASSWORD])) },
    ],
  });

  it('is stored with no trace of a masked field: not the URL, its secret path or its token', () => {
    const { config: stored } = splitSecrets(config);
    const text = JSON.stringify(stored);
    for (const secret of [SECRET_URL, ...SECRET_PARTS, PASSWORD]) expect(text).not.toContain(secret);
    for (const key of hidden)
      expect((stored.channels[0] as unknown as Record<string, unknown>)[key]).toBe(KEPT_FOR_TAB);
  });

  it('comes back whole in its own tab, and another tab asks for each masked field again', () => {
    const { config: stored, secrets } = splitSecrets(config);
    expect(mergeSecrets(stored, secrets)).toEqual(config);
    const elsewhere = mergeSecrets(stored, null);
    expect(channelProblems(elsewhere.channels[0])).toHaveLength(hidden.length);
    for (const problem of channelProblems(elsewhere.channels[0])) expect(problem).toMatch(/enter it again$/);
    // Saved again from that tab, the placeholders stay and nothing is kept in its place.
    expect(splitSecrets(elsewhere)).toEqual({ config: stored, secrets: {} });
  });
});
