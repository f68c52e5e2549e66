// Notification config: defaults, validation, the accepted shapes (ours, the seed guide's) and environment
// variables (CLI). What is particular to a channel type comes from its definition in the channel table.
import type { SeverityClass } from '../analysis/settings.ts';
import { normaliseCommitTemplate } from '../format/commit-link.ts';
import { DEFINITIONS, definitionNamed, definitionOf, type ChannelConfig, type ChannelType } from './channels/index.ts';
import type { RawConfig } from './channels/definition.ts';
import { bool, isHttpUrl, list, str } from './channels/shared.ts';
import { DEFAULT_RULES } from './rules.ts';
import { fieldsKeptElsewhere } from './secrets.ts';
import { DEFAULT_RETRY } from './send.ts';
import type { NotifyConfig, NotifyRules, RetryPolicy } from './types.ts';

export const DEFAULT_STATE_FILE = '.perftrack/notifications.json';

export function defaultConfig(): NotifyConfig {
  return {
    version: 1,
    enabled: true,
    channels: [newChannel('log', [])],
    rules: { ...DEFAULT_RULES },
    retry: { ...DEFAULT_RETRY },
    viewUrl: null,
  };
}

/** A new channel of a type, with an id not used yet. */
export function newChannel(type: ChannelType, taken: string[]): ChannelConfig {
  let id: string = type;
  for (let i = 2; taken.includes(id); i++) id = `${type}-${i}`;
  return { id, type, enabled: true, ...definitionNamed(type)!.parse({}) } as ChannelConfig;
}

/** What is missing or wrong in a channel (empty when it can send). */
export function channelProblems(channel: ChannelConfig): string[] {
  const definition = definitionOf(channel);
  const missing = fieldsKeptElsewhere(channel).map((key) => {
    const field = definition.form.fields.find((f) => f.key === key);
    return `${field && 'label' in field ? field.label : key}: kept in the tab it was entered in — enter it again`;
  });
  return missing.length ? missing : definition.validate(channel);
}

// ---- lenient parsing (stored config, JSON files, the seed's shape) -----------------------------

const num = (v: unknown, fallback: number, min: number, max: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
const severity = (v: unknown): SeverityClass => (v === 'critical' || v === 'high' || v === 'medium' ? v : 'medium');

function parseChannel(raw: RawConfig, taken: string[]): ChannelConfig | null {
  const definition = definitionNamed(str(raw.type));
  if (!definition) return null;
  const base = newChannel(definition.type, taken);
  const id = str(raw.id) && !taken.includes(str(raw.id)) ? str(raw.id) : base.id;
  const common = { id, enabled: bool(raw.enabled, true), ...(str(raw.name) ? { name: str(raw.name) } : {}) };
  return { ...common, type: definition.type, ...definition.parse(raw) } as ChannelConfig;
}

function parseRules(raw: unknown): NotifyRules {
  const r = (raw && typeof raw === 'object' ? raw : {}) as RawConfig;
  return {
    newOnly: bool(r.newOnly ?? r.new_only, DEFAULT_RULES.newOnly),
    minSeverity: severity(r.minSeverity ?? r.min_severity),
    metrics: list(r.metrics),
    series: list(r.series),
    includeRecovered: bool(r.includeRecovered ?? r.include_recovered, DEFAULT_RULES.includeRecovered),
  };
}

function parseRetry(raw: unknown): RetryPolicy {
  const r = (raw && typeof raw === 'object' ? raw : {}) as RawConfig;
  return {
    maxRetries: Math.round(num(r.maxRetries ?? r.max_retries, DEFAULT_RETRY.maxRetries, 0, 10)),
    baseDelayMs: num(r.baseDelayMs ?? r.base_delay_ms, DEFAULT_RETRY.baseDelayMs, 0, 600_000),
    maxDelayMs: num(r.maxDelayMs ?? r.max_delay_ms, DEFAULT_RETRY.maxDelayMs, 0, 3_600_000),
    timeoutMs: num(r.timeoutMs ?? r.timeout_ms, DEFAULT_RETRY.timeoutMs, 100, 600_000),
  };
}

/** The seed's `{ enabled, methods, targets }` → channels. */
function seedChannels(raw: RawConfig): ChannelConfig[] {
  const methods = list(raw.methods);
  const targets = (raw.targets && typeof raw.targets === 'object' ? raw.targets : {}) as RawConfig;
  const out: ChannelConfig[] = [];
  for (const method of methods.length ? methods : ['log']) {
    const definition = definitionNamed(method);
    if (!definition) continue;
    const parsed = parseChannel(
      { type: definition.type, ...definition.seed?.(targets) },
      out.map((c) => c.id),
    );
    if (parsed) out.push(parsed);
  }
  return out;
}

/** Any accepted shape (ours, as stored or written by hand; or the seed's) → a complete config. */
export function parseNotifyConfig(input: unknown): NotifyConfig {
  const raw = (input && typeof input === 'object' ? input : {}) as RawConfig;
  const channels: ChannelConfig[] = [];
  if (Array.isArray(raw.channels)) {
    for (const c of raw.channels) {
      if (!c || typeof c !== 'object') continue;
      const parsed = parseChannel(
        c as RawConfig,
        channels.map((x) => x.id),
      );
      if (parsed) channels.push(parsed);
    }
  } else if (raw.methods !== undefined || raw.targets !== undefined) {
    channels.push(...seedChannels(raw));
  } else {
    channels.push(...defaultConfig().channels);
  }
  const view = str(raw.viewUrl ?? raw.view_url);
  const commitUrl = normaliseCommitTemplate(raw.commitUrl ?? raw.commit_url);
  return {
    version: 1,
    enabled: bool(raw.enabled, true),
    channels,
    rules: parseRules(raw.rules),
    retry: parseRetry(raw.retry),
    viewUrl: view && isHttpUrl(view) ? view : null,
    commitUrl: commitUrl || null,
  };
}

// ---- environment variables (CLI) ---------------------------------------------------------------

/**
 * Environment variables over a config: a variable fills the secret or target of the first channel of its
 * type, or adds that channel when the config has none. Returns the config unchanged when none is set.
 */
export function applyEnv(config: NotifyConfig, env: Record<string, string | undefined>): NotifyConfig {
  const out: NotifyConfig = structuredClone(config);
  const get = (name: string) => env[name]?.trim() || '';
  for (const definition of DEFINITIONS) {
    const existing = out.channels.find((c) => c.type === definition.type);
    const fields = definition.env?.apply(get, existing);
    if (!fields) continue;
    const channel =
      existing ??
      newChannel(
        definition.type,
        out.channels.map((c) => c.id),
      );
    if (!existing) out.channels.push(channel);
    Object.assign(channel, fields);
  }
  const min = get('PERFTRACK_NOTIFY_MIN_SEVERITY');
  if (min) out.rules.minSeverity = severity(min);
  const view = get('PERFTRACK_VIEW_URL');
  if (view && isHttpUrl(view)) out.viewUrl = view;
  const commitUrl = normaliseCommitTemplate(get('PERFTRACK_COMMIT_URL'));
  if (commitUrl) out.commitUrl = commitUrl;
  return out;
}

/** Whether any variable that sets up a channel on its own is set. */
export function envHasChannels(env: Record<string, string | undefined>): boolean {
  return DEFINITIONS.flatMap((d) => d.env?.names ?? []).some((n) => env[n]?.trim());
}
