// The delivery log: records with the seed's regression_notifications fields, labels, export.
import type { Regression } from '../analysis/types.ts';
import { formatPercent } from '../format/format.ts';
import { redact } from './mask.ts';
import { definitionNamed } from './channels/index.ts';
import { channelSecrets, maskedTarget } from './secrets.ts';
import type { ChannelConfig, DeliveryRecord } from './types.ts';

export function subjectOf(r: Regression, test: boolean): string {
  return test ? 'test notification' : `${r.severity} · ${r.metric} ${formatPercent(r.changePct)} · ${r.label}`;
}

export function queuedRecord(
  id: string,
  channel: ChannelConfig,
  r: Regression,
  now: number,
  test: boolean,
): DeliveryRecord {
  return {
    notification_id: id,
    regression_id: null,
    notification_date: new Date(now).toISOString(),
    notification_type: channel.type,
    notification_target: maskedTarget(channel),
    notification_status: 'queued',
    error_message: null,
    retry_count: 0,
    last_retry_date: null,
    response_data: null,
    channel_id: channel.id,
    fingerprint: test ? 'test' : r.fingerprint,
    subject: subjectOf(r, test),
    confirmed: false,
    test,
    result_id: test ? null : r.firstBad.resultId,
    metric: test ? null : r.metric,
  };
}

/** What the log table shows as the status. */
export function statusLabel(record: DeliveryRecord): string {
  if (record.notification_status !== 'sent') return record.notification_status;
  return definitionNamed(record.notification_type)?.sentLabel ?? (record.confirmed ? 'sent' : 'sent (unconfirmed)');
}

/** The log as a JSON document. Records never hold secrets (targets are masked when made); this masks again
 *  with the current channels' secrets, in case an answer quoted one. */
export function exportLog(records: DeliveryRecord[], channels: ChannelConfig[], now: number): string {
  const secrets = channels.flatMap(channelSecrets);
  const clean = records.map((r) => ({
    ...r,
    notification_target: redact(r.notification_target, secrets),
    error_message: redact(r.error_message, secrets),
    response_data: redact(r.response_data, secrets),
  }));
  return JSON.stringify(
    {
      schema: 'perftrack.notification-log',
      version: 1,
      exported_at: new Date(now).toISOString(),
      notifications: clean,
    },
    null,
    2,
  );
}

/** Newest first, at most `max` records kept. */
export function mergeLog(existing: DeliveryRecord[], updates: DeliveryRecord[], max = 2000): DeliveryRecord[] {
  const byId = new Map(existing.map((r) => [r.notification_id, r]));
  for (const r of updates) byId.set(r.notification_id, r);
  return [...byId.values()]
    .sort(
      (a, b) =>
        b.notification_date.localeCompare(a.notification_date) || b.notification_id.localeCompare(a.notification_id),
    )
    .slice(0, max);
}
