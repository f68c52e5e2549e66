// Notification settings, delivery records and the seams (fetch, sleep, clock, storage) the sender runs on.
import type { SeverityClass } from '../analysis/settings.ts';
import type { SecretStorage } from './secrets.ts';

export type ChannelType = 'webhook' | 'slack' | 'discord' | 'teams' | 'github_issue' | 'email' | 'log';

export const CHANNEL_TYPES: { type: ChannelType; label: string }[] = [
  { type: 'webhook', label: 'Generic webhook (JSON)' },
  { type: 'slack', label: 'Slack (incoming webhook)' },
  { type: 'discord', label: 'Discord (webhook)' },
  { type: 'teams', label: 'Microsoft Teams (workflow webhook)' },
  { type: 'github_issue', label: 'GitHub issue' },
  { type: 'email', label: 'Email (mailto: draft)' },
  { type: 'log', label: 'Log (this page / CLI output)' },
];

/**
 * How a request is sent from a browser. `cors`: a normal request whose answer can be read (the receiver
 * must allow it); `no-cors`: a CORS-simple request whose answer is opaque — it arrives, but delivery can
 * not be confirmed. `auto` picks per service (docs/notifications.md). Node has no CORS: always `cors`.
 */
export type BrowserDelivery = 'auto' | 'cors' | 'no-cors';

export interface ChannelBase {
  /** Stable id: deduplication is per regression fingerprint and channel id. */
  id: string;
  type: ChannelType;
  enabled: boolean;
  /** A name shown in the log (optional). */
  name?: string;
}

export interface UrlChannel extends ChannelBase {
  type: 'webhook' | 'slack' | 'discord' | 'teams';
  /** The webhook URL. Slack, Discord and Teams URLs carry their secret in the path. */
  url: string;
  /** Generic webhook only: HMAC-SHA256 shared secret (empty = unsigned). */
  secret?: string;
  delivery?: BrowserDelivery;
}

export interface GitHubChannel extends ChannelBase {
  type: 'github_issue';
  /** owner/name */
  repo: string;
  token: string;
  labels: string[];
  /** REST API base: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  apiBase: string;
}

export interface EmailChannel extends ChannelBase {
  type: 'email';
  to: string[];
}

export interface LogChannel extends ChannelBase {
  type: 'log';
}

export type ChannelConfig = UrlChannel | GitHubChannel | EmailChannel | LogChannel;

export interface NotifyRules {
  /** Only regressions not yet notified on a channel (one notification per fingerprint and channel). */
  newOnly: boolean;
  minSeverity: SeverityClass;
  /** Metric names to notify about; empty = all. */
  metrics: string[];
  /** Series filters, any may match: `dim=value` (exact) or text found in the series label (case-insensitive). Empty = all. */
  series: string[];
  /** Also notify regressions the series has recovered from (change-point method). */
  includeRecovered: boolean;
}

export interface RetryPolicy {
  /** Retries after the first attempt, on network errors, 5xx and 429. */
  maxRetries: number;
  /** First retry delay; doubles each retry, capped at maxDelayMs (a 429's Retry-After wins, up to the cap). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
}

export interface NotifyConfig {
  version: 1;
  enabled: boolean;
  channels: ChannelConfig[];
  rules: NotifyRules;
  retry: RetryPolicy;
  /** Base link back to the view, added to messages (never carries secrets). */
  viewUrl: string | null;
  /** A repository's commit URL with `{commit}` (e.g. https://github.com/org/repo/commit/{commit}): commits become links. */
  commitUrl?: string | null;
}

export type NotificationStatus = 'queued' | 'sent' | 'failed';

/** One delivery of one regression (or one test message) on one channel: the seed's regression_notifications row, plus what the page needs. */
export interface DeliveryRecord {
  notification_id: string;
  /** performance_regressions.regression_id when known (CLI writing into a seed database), else null. */
  regression_id: number | null;
  notification_date: string;
  notification_type: ChannelType;
  /** The target with secrets masked. */
  notification_target: string;
  notification_status: NotificationStatus;
  error_message: string | null;
  retry_count: number;
  last_retry_date: string | null;
  /** Status line / short answer of the receiver (secrets masked), e.g. "HTTP 200 ok" or an issue URL. */
  response_data: string | null;
  channel_id: string;
  /** The regression's fingerprint ("test" for a test message). */
  fingerprint: string;
  /** What it was about, for the log table. */
  subject: string;
  /** False when the browser could send but not read the answer (no-cors), or for a mailto: draft. */
  confirmed: boolean;
  test: boolean;
  /** Seed linkage for write-back: the first bad result and metric. */
  result_id: number | null;
  metric: string | null;
}

/** The `fetch` the sender uses (window.fetch, Node's global fetch, or a test double). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface SendContext {
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Browser: CORS rules apply (see BrowserDelivery). Node: none. */
  runtime: 'browser' | 'node';
  /** Opens a mailto: draft (browser); Node prints it instead. */
  openMailto?: (href: string) => void;
  /** The log channel's output. */
  log?: (line: string) => void;
  /** A fresh unique id (delivery ids, record ids). */
  newId?: () => string;
}

export interface NotifyStore {
  loadConfig(): Promise<NotifyConfig | null>;
  saveConfig(config: NotifyConfig): Promise<void>;
  loadLog(): Promise<DeliveryRecord[]>;
  /** Insert or replace records by notification_id. */
  putLog(records: DeliveryRecord[]): Promise<void>;
  clearLog(): Promise<void>;
  /** Dedupe keys already notified (channel id + fingerprint) → ISO time. */
  loadNotified(): Promise<Record<string, string>>;
  markNotified(keys: string[], at: string): Promise<void>;
  clearNotified(): Promise<void>;
  /** The page's store only: where the secrets are kept (secrets.ts), and moving them there. */
  secretStorage?(): Promise<SecretStorage>;
  setSecretStorage?(where: SecretStorage, config: NotifyConfig): Promise<void>;
}
