// `regression --notify` in the CLI: the same senders as the page, config from a JSON file
// (--notify-config / PERFTRACK_NOTIFY_CONFIG) or environment variables, deduplication in a state file,
// and the deliveries recorded in the seed database's regression_notifications table.
import fs from 'node:fs';
import type { NotificationConfig } from '../lib/api/time-series-performance.ts';
import type { Regression } from '../lib/analysis/types.ts';
import {
  applyEnv,
  defaultConfig,
  DEFAULT_STATE_FILE,
  envHasChannels,
  parseNotifyConfig,
} from '../lib/notify/config.ts';
import { sendNotifications, type NotifyResult } from '../lib/notify/notifier.ts';
import type { DeliveryRecord, FetchLike, NotifyConfig } from '../lib/notify/types.ts';
import type { Engine } from '../engine/engine.ts';
import { FileNotifyStore } from '../node/notify-store.ts';
import { SourceError } from '../lib/sources/errors.ts';

/** The CLI's config: the file (ours or the seed's shape) if any, with environment variables applied. */
export function loadNotificationConfig(
  file: string | undefined,
  env: Record<string, string | undefined> = process.env,
): NotifyConfig & NotificationConfig {
  const path = file ?? env.PERFTRACK_NOTIFY_CONFIG;
  let config: NotifyConfig;
  if (path) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(path, 'utf8'));
    } catch (error) {
      throw new SourceError(
        `notification config ${path} could not be read: ${(error as Error).message}`,
        'See docs/notifications.md for the file format, or use the PERFTRACK_* environment variables.',
      );
    }
    config = parseNotifyConfig(raw);
  } else if (envHasChannels(env)) {
    config = { ...defaultConfig(), channels: [] };
  } else {
    config = defaultConfig();
  }
  return applyEnv(config, env);
}

export interface CliNotifyOptions {
  /** A local seed .duckdb file to record deliveries in (null: do not record). */
  databaseFile?: string | null;
  engine?: Engine;
  /** Deduplication state file (default: PERFTRACK_NOTIFY_STATE, else .perftrack/notifications.json). */
  stateFile?: string;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  env?: Record<string, string | undefined>;
}

/** Sends through every configured channel; returns a one-line summary per channel. */
export async function notifyFromCli(
  regressions: Regression[],
  config: NotificationConfig | NotifyConfig,
  log: (text: string) => void,
  options: CliNotifyOptions = {},
): Promise<string> {
  const env = options.env ?? process.env;
  // Accept the seed's shape too (e.g. from the Python-style API options).
  const notify =
    'version' in config && (config as NotifyConfig).version === 1 && Array.isArray((config as NotifyConfig).channels)
      ? (config as NotifyConfig)
      : applyEnv(parseNotifyConfig(config), env);
  if (!notify.enabled) return 'notifications disabled in the config';
  const stateFile = options.stateFile ?? (env.PERFTRACK_NOTIFY_STATE || DEFAULT_STATE_FILE);
  const store = new FileNotifyStore(stateFile);
  const result = await sendNotifications(
    regressions,
    notify,
    {
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: options.now ?? Date.now,
      runtime: 'node',
      log,
      openMailto: (href) => log(`email draft (open it to send): ${href}`),
    },
    store,
  );
  const lines = summaryLines(result);
  if (options.databaseFile && options.engine && result.records.length) {
    const written = await recordInSeedDatabase(options.engine, options.databaseFile, result.records);
    lines.push(`recorded ${written} delivery row(s) in ${options.databaseFile} (regression_notifications)`);
  }
  return lines.join('\n');
}

function summaryLines(result: NotifyResult): string[] {
  if (result.channels.length === 0) return ['no enabled notification channel'];
  return result.channels.map((s) => {
    const name = s.channel.id === s.channel.type ? s.channel.type : `${s.channel.type} (${s.channel.id})`;
    if (s.problems.length) return `${name}: not sent — ${s.problems.join('; ')}`;
    const parts = [`${s.sent} sent`];
    if (s.unconfirmed) parts.push(`${s.unconfirmed} unconfirmed`);
    if (s.failed) parts.push(`${s.failed} failed`);
    if (s.alreadyNotified) parts.push(`${s.alreadyNotified} already notified`);
    if (s.filteredOut) parts.push(`${s.filteredOut} outside the rules`);
    const errors = [
      ...new Set(
        result.records.filter((r) => r.channel_id === s.channel.id && r.error_message).map((r) => r.error_message),
      ),
    ];
    return `${name}: ${parts.join(', ')}${errors.length ? ` — ${errors.slice(0, 3).join('; ')}` : ''}`;
  });
}

/** Append the deliveries to regression_notifications of a seed database file (tables created when missing). */
export async function recordInSeedDatabase(engine: Engine, file: string, records: DeliveryRecord[]): Promise<number> {
  const rows = records.map((r, i) => ({
    ordinal: i,
    result_id: r.result_id,
    metric: r.metric,
    notification_date: Date.parse(r.notification_date),
    notification_type: r.notification_type,
    notification_target: r.notification_target,
    notification_status: r.notification_status,
    error_message: r.error_message,
    retry_count: r.retry_count,
    last_retry_date: r.last_retry_date === null ? null : Date.parse(r.last_retry_date),
    response_data: r.response_data,
  }));
  return engine.writeNotifications(file, rows);
}
