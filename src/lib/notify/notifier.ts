// Sending: rules → deduplication → one delivery per channel → log records and "notified" marks.
import type { Regression } from '../analysis/types.ts';
import { channelProblems } from './config.ts';
import { deliver, type Delivery } from './deliver.ts';
import { redact } from './mask.ts';
import { queuedRecord } from './log.ts';
import { testRegression } from './payloads.ts';
import { dedupeKey, selectForChannel } from './rules.ts';
import { channelSecrets } from './secrets.ts';
import { makeId } from './send.ts';
import type { ChannelConfig, DeliveryRecord, NotifyConfig, NotifyStore, SendContext } from './types.ts';

export interface ChannelSummary {
  channel: ChannelConfig;
  sent: number;
  unconfirmed: number;
  failed: number;
  alreadyNotified: number;
  filteredOut: number;
  problems: string[];
}

export interface NotifyResult {
  records: DeliveryRecord[];
  channels: ChannelSummary[];
}

export interface NotifyOptions {
  /** Only these channel ids (default: every enabled channel). */
  channelIds?: string[];
  /** Called with the records each time they change (queued, then sent/failed). */
  onRecords?: (records: DeliveryRecord[]) => void;
}

function applyDelivery(records: DeliveryRecord[], delivery: Delivery): void {
  for (const record of records) {
    if (!delivery.fingerprints.includes(record.fingerprint)) continue;
    record.notification_status = delivery.ok ? 'sent' : 'failed';
    record.confirmed = delivery.ok && delivery.confirmed;
    record.error_message = delivery.error;
    record.retry_count = delivery.retries;
    record.last_retry_date = delivery.lastRetryAt === null ? null : new Date(delivery.lastRetryAt).toISOString();
    record.response_data = delivery.response;
  }
}

async function runChannel(
  channel: ChannelConfig,
  regressions: Regression[],
  config: NotifyConfig,
  ctx: SendContext,
  store: NotifyStore,
  test: boolean,
  onRecords: (records: DeliveryRecord[]) => void,
): Promise<DeliveryRecord[]> {
  const now = ctx.now();
  const records = regressions.map((r) => queuedRecord(ctx.newId?.() ?? makeId(), channel, r, now, test));
  await store.putLog(records);
  onRecords(records.map((r) => ({ ...r })));
  let deliveries: Delivery[];
  try {
    deliveries = await deliver(
      channel,
      regressions,
      { now, viewUrl: config.viewUrl, commitUrl: config.commitUrl ?? null, test },
      ctx,
      config.retry,
    );
  } catch (error) {
    deliveries = [
      {
        fingerprints: records.map((r) => r.fingerprint),
        ok: false,
        confirmed: false,
        retries: 0,
        lastRetryAt: null,
        error: redact((error as Error).message, channelSecrets(channel)),
        response: null,
      },
    ];
  }
  for (const d of deliveries) applyDelivery(records, d);
  // Anything a channel did not report on failed.
  for (const r of records)
    if (r.notification_status === 'queued')
      Object.assign(r, { notification_status: 'failed', error_message: 'no answer from the channel' });
  await store.putLog(records);
  if (!test) {
    const sent = records
      .filter((r) => r.notification_status === 'sent')
      .map((r) => dedupeKey(channel.id, r.fingerprint));
    if (sent.length) await store.markNotified(sent, new Date(ctx.now()).toISOString());
  }
  onRecords(records.map((r) => ({ ...r })));
  return records;
}

function summarise(
  channel: ChannelConfig,
  records: DeliveryRecord[],
  alreadyNotified: number,
  filteredOut: number,
  problems: string[],
): ChannelSummary {
  return {
    channel,
    sent: records.filter((r) => r.notification_status === 'sent').length,
    unconfirmed: records.filter((r) => r.notification_status === 'sent' && !r.confirmed).length,
    failed: records.filter((r) => r.notification_status === 'failed').length,
    alreadyNotified,
    filteredOut,
    problems,
  };
}

/** Send the regressions matching the rules, not yet notified, on every enabled channel. */
export async function sendNotifications(
  regressions: Regression[],
  config: NotifyConfig,
  ctx: SendContext,
  store: NotifyStore,
  options: NotifyOptions = {},
): Promise<NotifyResult> {
  const result: NotifyResult = { records: [], channels: [] };
  if (!config.enabled) return result;
  const notified = await store.loadNotified();
  for (const channel of config.channels) {
    if (!channel.enabled || (options.channelIds && !options.channelIds.includes(channel.id))) continue;
    const selection = selectForChannel(regressions, config.rules, channel.id, notified);
    const problems = channelProblems(channel);
    if (problems.length || selection.send.length === 0) {
      result.channels.push(summarise(channel, [], selection.alreadyNotified, selection.filteredOut, problems));
      continue;
    }
    const records = await runChannel(channel, selection.send, config, ctx, store, false, (r) => options.onRecords?.(r));
    result.records.push(...records);
    result.channels.push(summarise(channel, records, selection.alreadyNotified, selection.filteredOut, []));
  }
  return result;
}

/** "Send test notification": a clearly labelled sample, no rules, no deduplication. */
export async function sendTestNotification(
  channel: ChannelConfig,
  config: NotifyConfig,
  ctx: SendContext,
  store: NotifyStore,
  options: NotifyOptions = {},
): Promise<NotifyResult> {
  const problems = channelProblems(channel);
  if (problems.length) return { records: [], channels: [summarise(channel, [], 0, 0, problems)] };
  const records = await runChannel(channel, [testRegression(ctx.now())], config, ctx, store, true, (r) =>
    options.onRecords?.(r),
  );
  return { records, channels: [summarise(channel, records, 0, 0, [])] };
}

/** How many current regressions each channel would get now (for the panel). */
export function pendingCounts(
  regressions: Regression[],
  config: NotifyConfig,
  notified: Record<string, string>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of config.channels)
    out[c.id] = c.enabled ? selectForChannel(regressions, config.rules, c.id, notified).send.length : 0;
  return out;
}
