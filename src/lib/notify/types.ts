// Notification settings, delivery records and the store the page and the CLI keep them in. The channel configs
// come from the channel table (channels/index.ts); the sending seams from send.ts.
import type { ChannelConfig, ChannelType } from './channels/index.ts';
import type { NotifyRules } from './rules.ts';
import type { RetryPolicy } from './send.ts';

export type { BrowserDelivery, ChannelBase } from './channels/definition.ts';
export type { ChannelConfig, ChannelType } from './channels/index.ts';
export type { NotifyRules } from './rules.ts';
export type { FetchLike, RetryPolicy, SendContext } from './send.ts';

/** Where the page keeps the channels' secrets: with the config in IndexedDB, or for the tab's session only (secrets.ts). */
export type SecretStorage = 'indexeddb' | 'session';

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
