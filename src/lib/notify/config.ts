// Notification config: defaults, validation, the seed guide's shape, and environment variables (CLI).
import type { SeverityClass } from '../analysis/settings.ts';
import { normaliseCommitTemplate } from '../format/commit-link.ts';
import { DEFAULT_RULES, splitList } from './rules.ts';
import { DEFAULT_RETRY } from './send.ts';
import type { BrowserDelivery, ChannelConfig, ChannelType, EmailChannel, GitHubChannel, NotifyConfig, NotifyRules, RetryPolicy, UrlChannel } from './types.ts';

export const DEFAULT_GITHUB_API = 'https://api.github.com';
export const DEFAULT_GITHUB_LABELS = ['regression', 'performance'];
export const DEFAULT_STATE_FILE = '.perftrack/notifications.json';

export function defaultConfig(): NotifyConfig {
  return { version: 1, enabled: true, channels: [{ id: 'log', type: 'log', enabled: true }], rules: { ...DEFAULT_RULES }, retry: { ...DEFAULT_RETRY }, viewUrl: null };
}

/** A new channel of a type, with an id not used yet. */
export function newChannel(type: ChannelType, taken: string[]): ChannelConfig {
  let id: string = type;
  for (let i = 2; taken.includes(id); i++) id = `${type}-${i}`;
  switch (type) {
    case 'webhook':
      return { id, type, enabled: true, url: '', secret: '', delivery: 'auto' };
    case 'slack':
    case 'discord':
    case 'teams':
      return { id, type, enabled: true, url: '', delivery: 'auto' };
    case 'github_issue':
      return { id, type, enabled: true, repo: '', token: '', labels: [...DEFAULT_GITHUB_LABELS], apiBase: DEFAULT_GITHUB_API };
    case 'email':
      return { id, type, enabled: true, to: [] };
    case 'log':
      return { id, type, enabled: true };
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+$/;

/** What is missing or wrong in a channel (empty when it can send). */
export function channelProblems(channel: ChannelConfig): string[] {
  const problems: string[] = [];
  switch (channel.type) {
    case 'webhook':
    case 'slack':
    case 'discord':
    case 'teams':
      if (!channel.url) problems.push('a webhook URL is needed');
      else if (!isHttpUrl(channel.url)) problems.push('the webhook URL must start with https:// (or http://)');
      if (channel.type === 'webhook' && channel.secret && channel.delivery === 'no-cors') problems.push('a signed webhook needs CORS delivery (a no-cors request cannot carry the signature headers)');
      break;
    case 'github_issue':
      if (!/^[\w.-]+\/[\w.-]+$/.test(channel.repo)) problems.push('the repository must be owner/name');
      if (!channel.token) problems.push('a token is needed (fine-grained, with Issues: read and write)');
      if (!isHttpUrl(channel.apiBase)) problems.push('the API base URL must be an http(s) URL');
      break;
    case 'email':
      if (channel.to.length === 0) problems.push('at least one recipient is needed');
      for (const address of channel.to) if (!EMAIL.test(address)) problems.push(`"${address}" is not an email address`);
      break;
  }
  return problems;
}

// ---- lenient parsing (stored config, JSON files, the seed's shape) -----------------------------

type Raw = Record<string, unknown>;

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v.trim() : fallback);
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter(Boolean) : typeof v === 'string' ? splitList(v) : []);
const num = (v: unknown, fallback: number, min: number, max: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback);
const severity = (v: unknown): SeverityClass => (v === 'critical' || v === 'high' || v === 'medium' ? v : 'medium');
const delivery = (v: unknown): BrowserDelivery => (v === 'cors' || v === 'no-cors' ? v : 'auto');

const TYPE_ALIASES: Record<string, ChannelType> = {
  webhook: 'webhook', generic: 'webhook', slack: 'slack', discord: 'discord', teams: 'teams', msteams: 'teams',
  github: 'github_issue', github_issue: 'github_issue', email: 'email', mail: 'email', log: 'log',
};

function parseChannel(raw: Raw, taken: string[]): ChannelConfig | null {
  const type = TYPE_ALIASES[str(raw.type).toLowerCase()];
  if (!type) return null;
  const base = newChannel(type, taken);
  const id = str(raw.id) && !taken.includes(str(raw.id)) ? str(raw.id) : base.id;
  const common = { id, enabled: bool(raw.enabled, true), ...(str(raw.name) ? { name: str(raw.name) } : {}) };
  switch (type) {
    case 'webhook':
      return { ...common, type, url: str(raw.url), secret: str(raw.secret), delivery: delivery(raw.delivery) };
    case 'slack':
    case 'discord':
    case 'teams':
      return { ...common, type, url: str(raw.url), delivery: delivery(raw.delivery) };
    case 'github_issue':
      return {
        ...common, type, repo: str(raw.repo), token: str(raw.token),
        labels: raw.labels === undefined ? [...DEFAULT_GITHUB_LABELS] : list(raw.labels),
        apiBase: str(raw.apiBase ?? raw.api_base ?? raw.api_url) || DEFAULT_GITHUB_API,
      };
    case 'email':
      return { ...common, type, to: list(raw.to ?? raw.recipients) };
    case 'log':
      return { ...common, type };
  }
}

function parseRules(raw: unknown): NotifyRules {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Raw;
  return {
    newOnly: bool(r.newOnly ?? r.new_only, DEFAULT_RULES.newOnly),
    minSeverity: severity(r.minSeverity ?? r.min_severity),
    metrics: list(r.metrics),
    series: list(r.series),
    includeRecovered: bool(r.includeRecovered ?? r.include_recovered, DEFAULT_RULES.includeRecovered),
  };
}

function parseRetry(raw: unknown): RetryPolicy {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Raw;
  return {
    maxRetries: Math.round(num(r.maxRetries ?? r.max_retries, DEFAULT_RETRY.maxRetries, 0, 10)),
    baseDelayMs: num(r.baseDelayMs ?? r.base_delay_ms, DEFAULT_RETRY.baseDelayMs, 0, 600_000),
    maxDelayMs: num(r.maxDelayMs ?? r.max_delay_ms, DEFAULT_RETRY.maxDelayMs, 0, 3_600_000),
    timeoutMs: num(r.timeoutMs ?? r.timeout_ms, DEFAULT_RETRY.timeoutMs, 100, 600_000),
  };
}

/** The seed's `{ enabled, methods, targets }` → channels. */
function seedChannels(raw: Raw): ChannelConfig[] {
  const methods = list(raw.methods);
  const targets = (raw.targets && typeof raw.targets === 'object' ? raw.targets : {}) as Raw;
  const out: ChannelConfig[] = [];
  for (const method of methods.length ? methods : ['log']) {
    const type = TYPE_ALIASES[method.toLowerCase()];
    if (!type) continue;
    const key = type === 'github_issue' ? (targets.github !== undefined ? 'github' : 'github_issue') : type;
    const target = targets[key];
    let channel: Raw = { type };
    if (type === 'email') channel = { type, to: target };
    else if (type === 'github_issue') channel = { type, ...(target && typeof target === 'object' ? (target as Raw) : {}) };
    else if (type !== 'log') channel = typeof target === 'string' ? { type, url: target } : { type, ...(target && typeof target === 'object' ? (target as Raw) : {}) };
    const parsed = parseChannel(channel, out.map((c) => c.id));
    if (parsed) out.push(parsed);
  }
  return out;
}

/** Any accepted shape (ours, as stored or written by hand; or the seed's) → a complete config. */
export function parseNotifyConfig(input: unknown): NotifyConfig {
  const raw = (input && typeof input === 'object' ? input : {}) as Raw;
  const channels: ChannelConfig[] = [];
  if (Array.isArray(raw.channels)) {
    for (const c of raw.channels) {
      if (!c || typeof c !== 'object') continue;
      const parsed = parseChannel(c as Raw, channels.map((x) => x.id));
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

export const ENV_VARS: { name: string; meaning: string }[] = [
  { name: 'PERFTRACK_NOTIFY_CONFIG', meaning: 'path of the JSON config file (same as --notify-config)' },
  { name: 'PERFTRACK_WEBHOOK_URL', meaning: 'generic webhook URL' },
  { name: 'PERFTRACK_WEBHOOK_SECRET', meaning: 'HMAC-SHA256 secret of the generic webhook' },
  { name: 'PERFTRACK_SLACK_WEBHOOK', meaning: 'Slack incoming-webhook URL' },
  { name: 'PERFTRACK_DISCORD_WEBHOOK', meaning: 'Discord webhook URL' },
  { name: 'PERFTRACK_TEAMS_WEBHOOK', meaning: 'Microsoft Teams (Workflows) webhook URL' },
  { name: 'PERFTRACK_GITHUB_TOKEN', meaning: 'GitHub token (Issues: read and write)' },
  { name: 'PERFTRACK_GITHUB_REPO', meaning: 'owner/name of the repository for issues' },
  { name: 'PERFTRACK_GITHUB_API', meaning: 'REST API base (GitHub Enterprise: https://HOST/api/v3)' },
  { name: 'PERFTRACK_GITHUB_LABELS', meaning: 'comma-separated issue labels (default regression,performance)' },
  { name: 'PERFTRACK_EMAIL_TO', meaning: 'comma-separated recipients of the mailto: draft' },
  { name: 'PERFTRACK_NOTIFY_MIN_SEVERITY', meaning: 'medium, high or critical' },
  { name: 'PERFTRACK_NOTIFY_STATE', meaning: `deduplication state file (default ${DEFAULT_STATE_FILE})` },
  { name: 'PERFTRACK_VIEW_URL', meaning: 'link back to the page, added to messages' },
];

/**
 * Environment variables over a config: a variable fills the secret or target of the first channel of its
 * type, or adds that channel when the config has none. Returns the config unchanged when none is set.
 */
export function applyEnv(config: NotifyConfig, env: Record<string, string | undefined>): NotifyConfig {
  const out: NotifyConfig = structuredClone(config);
  const get = (name: string) => env[name]?.trim() || '';
  const ensure = <T extends ChannelConfig>(type: ChannelType): T => {
    let channel = out.channels.find((c) => c.type === type) as T | undefined;
    if (!channel) {
      channel = newChannel(type, out.channels.map((c) => c.id)) as T;
      out.channels.push(channel);
    }
    return channel;
  };
  if (get('PERFTRACK_WEBHOOK_URL') || get('PERFTRACK_WEBHOOK_SECRET')) {
    const c = ensure<UrlChannel>('webhook');
    if (get('PERFTRACK_WEBHOOK_URL')) c.url = get('PERFTRACK_WEBHOOK_URL');
    if (get('PERFTRACK_WEBHOOK_SECRET')) c.secret = get('PERFTRACK_WEBHOOK_SECRET');
  }
  for (const [name, type] of [['PERFTRACK_SLACK_WEBHOOK', 'slack'], ['PERFTRACK_DISCORD_WEBHOOK', 'discord'], ['PERFTRACK_TEAMS_WEBHOOK', 'teams']] as const) {
    if (get(name)) ensure<UrlChannel>(type).url = get(name);
  }
  const hasGithub = out.channels.some((c) => c.type === 'github_issue');
  if (get('PERFTRACK_GITHUB_REPO') || (hasGithub && (get('PERFTRACK_GITHUB_TOKEN') || get('PERFTRACK_GITHUB_API')))) {
    const c = ensure<GitHubChannel>('github_issue');
    if (get('PERFTRACK_GITHUB_REPO')) c.repo = get('PERFTRACK_GITHUB_REPO');
    if (get('PERFTRACK_GITHUB_TOKEN')) c.token = get('PERFTRACK_GITHUB_TOKEN');
    if (get('PERFTRACK_GITHUB_API')) c.apiBase = get('PERFTRACK_GITHUB_API');
    if (get('PERFTRACK_GITHUB_LABELS')) c.labels = splitList(get('PERFTRACK_GITHUB_LABELS'));
  }
  if (get('PERFTRACK_EMAIL_TO')) ensure<EmailChannel>('email').to = splitList(get('PERFTRACK_EMAIL_TO'));
  const min = get('PERFTRACK_NOTIFY_MIN_SEVERITY');
  if (min) out.rules.minSeverity = severity(min);
  const view = get('PERFTRACK_VIEW_URL');
  if (view && isHttpUrl(view)) out.viewUrl = view;
  const commitUrl = normaliseCommitTemplate(get('PERFTRACK_COMMIT_URL'));
  if (commitUrl) out.commitUrl = commitUrl;
  return out;
}

/** Whether any notification variable (other than the config path and state file) is set. */
export function envHasChannels(env: Record<string, string | undefined>): boolean {
  return ['PERFTRACK_WEBHOOK_URL', 'PERFTRACK_SLACK_WEBHOOK', 'PERFTRACK_DISCORD_WEBHOOK', 'PERFTRACK_TEAMS_WEBHOOK', 'PERFTRACK_GITHUB_REPO', 'PERFTRACK_EMAIL_TO'].some((n) => env[n]?.trim());
}

/** The config without any secret: for showing or exporting settings. */
export function withoutSecrets(config: NotifyConfig): NotifyConfig {
  const out = structuredClone(config);
  for (const c of out.channels) {
    if (c.type === 'webhook' || c.type === 'slack' || c.type === 'discord' || c.type === 'teams') {
      c.url = c.url ? '(set)' : '';
      if ('secret' in c && c.secret) c.secret = '(set)';
    } else if (c.type === 'github_issue' && c.token) c.token = '(set)';
  }
  return out;
}
