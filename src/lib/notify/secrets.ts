// Where the page keeps the notification secrets: in IndexedDB with the rest of the config (clear text, this browser
// profile), or for this tab's session only (sessionStorage: gone when the tab closes, never in IndexedDB).
// Secrets: the webhook HMAC secret, the GitHub token, and the Slack, Discord and Teams URLs (which carry theirs).
import type { ChannelConfig, NotifyConfig } from './types.ts';

export type SecretStorage = 'indexeddb' | 'session';

/** Per channel id, the secret fields taken out of a config. */
export type ChannelSecrets = Record<string, { url?: string; secret?: string; token?: string }>;

function secretFields(channel: ChannelConfig): (keyof ChannelSecrets[string])[] {
  switch (channel.type) {
    case 'webhook':
      return ['secret'];
    case 'slack':
    case 'discord':
    case 'teams':
      return ['url'];
    case 'github_issue':
      return ['token'];
    default:
      return [];
  }
}

/** The config with its secrets emptied, and the secrets apart. */
export function splitSecrets(config: NotifyConfig): { config: NotifyConfig; secrets: ChannelSecrets } {
  const secrets: ChannelSecrets = {};
  const channels = config.channels.map((channel) => {
    const copy = { ...channel } as Record<string, unknown>;
    for (const field of secretFields(channel)) {
      const value = copy[field];
      if (typeof value === 'string' && value) {
        (secrets[channel.id] ??= {})[field] = value;
        copy[field] = '';
      }
    }
    return copy as unknown as ChannelConfig;
  });
  return { config: { ...config, channels }, secrets };
}

/** Put kept secrets back into a config (only into fields that are secrets, of channels that still exist). */
export function mergeSecrets(config: NotifyConfig, secrets: unknown): NotifyConfig {
  if (typeof secrets !== 'object' || secrets === null) return config;
  const byId = secrets as Record<string, unknown>;
  const channels = config.channels.map((channel) => {
    const kept = Object.hasOwn(byId, channel.id) ? byId[channel.id] : null;
    if (typeof kept !== 'object' || kept === null) return channel;
    const copy = { ...channel } as Record<string, unknown>;
    for (const field of secretFields(channel)) {
      const value = (kept as Record<string, unknown>)[field];
      if (typeof value === 'string' && value && !copy[field]) copy[field] = value;
    }
    return copy as unknown as ChannelConfig;
  });
  return { ...config, channels };
}
