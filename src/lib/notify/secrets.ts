// The channels' secrets, from each definition's secret and masked fields (channels/): their values (redacted from
// errors and answers), the target the log shows, the config without them, and where the page keeps them — in
// IndexedDB with the rest of the config (clear text, this browser profile), or for this tab's session only
// (sessionStorage: gone when the tab closes; IndexedDB holds KEPT_FOR_TAB in their place).
import { definitionOf, type ChannelConfig } from './channels/index.ts';
import type { NotifyConfig } from './types.ts';

/** Per channel id, the secret fields taken out of a config. */
export type ChannelSecrets = Record<string, Record<string, string>>;

/** What the stored config holds instead of a value kept for the tab only: another tab has to ask for it again. */
export const KEPT_FOR_TAB = '(kept for the tab it was entered in)';

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

/** The fields of a channel whose value another tab kept: they have to be entered again here. */
export function fieldsKeptElsewhere(channel: ChannelConfig): string[] {
  const values = channel as unknown as Record<string, unknown>;
  return maskedFields(channel).filter((field) => values[field] === KEPT_FOR_TAB);
}

/** The config with its secrets replaced by KEPT_FOR_TAB, and the secrets apart. */
export function splitSecrets(config: NotifyConfig): { config: NotifyConfig; secrets: ChannelSecrets } {
  const secrets: ChannelSecrets = {};
  const channels = config.channels.map((channel) => {
    const copy = { ...channel } as Record<string, unknown>;
    for (const field of maskedFields(channel)) {
      const value = copy[field];
      if (typeof value === 'string' && value && value !== KEPT_FOR_TAB) {
        (secrets[channel.id] ??= {})[field] = value;
        copy[field] = KEPT_FOR_TAB;
      }
    }
    return copy as unknown as ChannelConfig;
  });
  return { config: { ...config, channels }, secrets };
}

/** Put kept secrets back into a config (only into fields that are secrets and not set, of channels that still exist). */
export function mergeSecrets(config: NotifyConfig, secrets: unknown): NotifyConfig {
  if (typeof secrets !== 'object' || secrets === null) return config;
  const byId = secrets as Record<string, unknown>;
  const channels = config.channels.map((channel) => {
    const kept = Object.hasOwn(byId, channel.id) ? byId[channel.id] : null;
    if (typeof kept !== 'object' || kept === null) return channel;
    const copy = { ...channel } as Record<string, unknown>;
    for (const field of maskedFields(channel)) {
      const value = (kept as Record<string, unknown>)[field];
      if (typeof value === 'string' && value && (!copy[field] || copy[field] === KEPT_FOR_TAB)) copy[field] = value;
    }
    return copy as unknown as ChannelConfig;
  });
  return { ...config, channels };
}
