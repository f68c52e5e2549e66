// Secrets apart from the config (kept for the session only): split out, merged back, never into other fields.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/lib/notify/config.ts';
import { mergeSecrets, splitSecrets } from '../../../src/lib/notify/secrets.ts';
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
  it('split takes the HMAC secret, the token and chat URLs out; merge puts them back', () => {
    const { config: stripped, secrets } = splitSecrets(config);
    const text = JSON.stringify(stripped);
    expect(text).not.toContain('hmac-secret-1234');
    expect(text).not.toContain('ghp_abcdef');
    expect(text).not.toContain('hooks.slack.com');
    expect(text).toContain('https://hooks.example/in'); // a generic webhook's URL is kept with the config
    expect(secrets).toEqual({
      webhook: { secret: 'hmac-secret-1234' },
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
      webhook: { url: 'https://evil.example' },
      __proto__: { x: 1 },
    });
    expect(merged).toEqual(stripped);
  });
});
