// The channels' secrets, from each definition's secret fields (channels/): their values (redacted from errors and
// answers), the target the log shows, the config without them, and where the page keeps them — in IndexedDB with
// the rest of the config (clear text, this browser profile), or for this tab's session only (sessionStorage: gone
// when the tab closes, never in IndexedDB).
import { definitionOf, type ChannelConfig } from './channels/index.ts';
import type { NotifyConfig } from './types.ts';

/** Per channel id, the secret fields taken out of a config. */
export type ChannelSecrets = Record<string, Record<string, string>>;

/** Fields never shown in clear: the secrets and what may carry one. */
function maskedFields(channel: ChannelConfig): string[] {
  const definition = definitionOf(channel);
  return [...(definition.maskedFields ?? []), ...definition.secretFields];
}

/** The values to redact from what a channel's receiver answers. */
export function channelSecrets(channel: ChannelConfig): string[] {
  const values = channel as unknown as Record<string, unknown>;
  return maskedFields(channel)
    .map((field) => values[field])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The target as the log shows it: secrets masked. */
export function maskedTarget(channel: ChannelConfig): string {
  return definitionOf(channel).mask(channel);
}

/** The config without any secret: for showing or exporting settings. */
export function withoutSecrets(config: NotifyConfig): NotifyConfig {
  const out = structuredClone(config);
  for (const channel of out.channels) {
    const values = channel as unknown as Record<string, unknown>;
    for (const field of maskedFields(channel)) if (values[field]) values[field] = '(set)';
  }
  return out;
}

/** The config with its secrets emptied, and the secrets apart. */
export function splitSecrets(config: NotifyConfig): { config: NotifyConfig; secrets: ChannelSecrets } {
  const secrets: ChannelSecrets = {};
  const channels = config.channels.map((channel) => {
    const copy = { ...channel } as Record<string, unknown>;
    for (const field of definitionOf(channel).secretFields) {
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
    for (const field of definitionOf(channel).secretFields) {
      const value = (kept as Record<string, unknown>)[field];
      if (typeof value === 'string' && value && !copy[field]) copy[field] = value;
    }
    return copy as unknown as ChannelConfig;
  });
  return { ...config, channels };
}
