// The Notifications panel's state: config (persisted), the delivery log, sending. Dependencies come in:
// the store (IndexedDB on the page), how to send (fetch, sleep, clock), the current regressions.
import type { Regression } from '../analysis/types.ts';
import { channelProblems, defaultConfig, newChannel, parseNotifyConfig } from '../notify/config.ts';
import { exportLog, mergeLog } from '../notify/log.ts';
import { pendingCounts, sendNotifications, sendTestNotification, type NotifyResult } from '../notify/notifier.ts';
import type {
  ChannelConfig,
  ChannelType,
  DeliveryRecord,
  NotifyConfig,
  NotifyRules,
  NotifyStore,
  RetryPolicy,
  SecretStorage,
  SendContext,
} from '../notify/types.ts';

export interface NotifyDeps {
  store: NotifyStore;
  send: SendContext;
  /** The regressions on screen now. */
  regressions: () => Regression[];
  /** The page's own link (used when the config sets none). */
  viewUrl: () => string | null;
  /** The page's commit URL template (Settings), used when the config sets none. */
  commitUrl?: () => string;
}

export class NotifyPanelState {
  config = $state<NotifyConfig>(defaultConfig());
  log = $state<DeliveryRecord[]>([]);
  notified = $state<Record<string, string>>({});
  loaded = $state(false);
  sending = $state(false);
  /** One line about the last action, for a live region. */
  status = $state('');
  /** Where the secrets and masked fields are kept: with the config in IndexedDB, or for this tab's session only. */
  secretStorage = $state<SecretStorage>('indexeddb');
  /** The newest mailto: draft, offered as a link (a static page cannot send mail itself). */
  mailto = $state<string | null>(null);

  constructor(private readonly deps: NotifyDeps) {}

  pending(regressions: Regression[]): Record<string, number> {
    return pendingCounts(regressions, this.config, this.notified);
  }

  problems(channel: ChannelConfig): string[] {
    return channelProblems(channel);
  }

  async load(): Promise<void> {
    try {
      const [config, log, notified] = await Promise.all([
        this.deps.store.loadConfig(),
        this.deps.store.loadLog(),
        this.deps.store.loadNotified(),
      ]);
      if (config) this.config = config;
      this.secretStorage = (await this.deps.store.secretStorage?.()) ?? 'indexeddb';
      this.log = log;
      this.notified = notified;
    } catch (error) {
      this.status = `Notification settings could not be read from this browser's storage: ${(error as Error).message}`;
    } finally {
      this.loaded = true;
    }
  }

  /** Persist the config (call after each committed edit). */
  async save(): Promise<void> {
    // Normalise through the parser so stored config always has a valid shape.
    const clean = parseNotifyConfig($state.snapshot(this.config));
    await this.deps.store.saveConfig(clean);
  }

  async setSecretStorage(where: SecretStorage): Promise<void> {
    if (!this.deps.store.setSecretStorage) return;
    await this.deps.store.setSecretStorage(where, parseNotifyConfig($state.snapshot(this.config)));
    this.secretStorage = where;
    this.status =
      where === 'session'
        ? 'Secrets and webhook URLs are now kept for this tab only and were removed from IndexedDB.'
        : 'Secrets and webhook URLs are now kept in this browser (IndexedDB).';
  }

  async addChannel(type: ChannelType): Promise<void> {
    this.config.channels.push(
      newChannel(
        type,
        this.config.channels.map((c) => c.id),
      ),
    );
    await this.save();
  }

  async updateChannel(id: string, patch: Partial<Omit<ChannelConfig, 'id' | 'type'>>): Promise<void> {
    const i = this.config.channels.findIndex((c) => c.id === id);
    if (i < 0) return;
    this.config.channels[i] = { ...this.config.channels[i], ...patch } as ChannelConfig;
    await this.save();
  }

  async updateRules(patch: Partial<NotifyRules>): Promise<void> {
    this.config.rules = { ...this.config.rules, ...patch };
    await this.save();
  }

  async updateRetry(patch: Partial<RetryPolicy>): Promise<void> {
    this.config.retry = { ...this.config.retry, ...patch };
    await this.save();
  }

  async updateSettings(patch: { enabled?: boolean; viewUrl?: string | null }): Promise<void> {
    if (patch.enabled !== undefined) this.config.enabled = patch.enabled;
    if (patch.viewUrl !== undefined) this.config.viewUrl = patch.viewUrl || null;
    await this.save();
  }

  async removeChannel(id: string): Promise<void> {
    this.config.channels = this.config.channels.filter((c) => c.id !== id);
    await this.save();
  }

  private context(): SendContext {
    return { ...this.deps.send, openMailto: (href) => (this.mailto = href) };
  }

  private effectiveConfig(): NotifyConfig {
    const config = $state.snapshot(this.config) as NotifyConfig;
    return {
      ...config,
      viewUrl: config.viewUrl || this.deps.viewUrl(),
      commitUrl: config.commitUrl || this.deps.commitUrl?.() || null,
    };
  }

  private onRecords = (records: DeliveryRecord[]) => {
    this.log = mergeLog(this.log, records);
  };

  private describe(result: NotifyResult, what: string): string {
    const sent = result.records.filter((r) => r.notification_status === 'sent').length;
    const failed = result.records.filter((r) => r.notification_status === 'failed').length;
    const skipped = result.channels.reduce((n, c) => n + c.alreadyNotified, 0);
    const problems = result.channels
      .filter((c) => c.problems.length)
      .map((c) => `${c.channel.id}: ${c.problems.join('; ')}`);
    if (result.records.length === 0) {
      if (problems.length) return `${what}: nothing sent — ${problems.join(' · ')}`;
      return `${what}: nothing new to send${skipped ? ` (${skipped} already notified)` : ''}.`;
    }
    return `${what}: ${sent} delivered, ${failed} failed${skipped ? `, ${skipped} already notified` : ''}${problems.length ? ` — ${problems.join(' · ')}` : ''}.`;
  }

  async sendNow(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    this.status = 'Sending…';
    try {
      const result = await sendNotifications(
        this.deps.regressions(),
        this.effectiveConfig(),
        this.context(),
        this.deps.store,
        { onRecords: this.onRecords },
      );
      this.notified = await this.deps.store.loadNotified();
      this.status = this.describe(result, 'Send now');
    } catch (error) {
      this.status = `Sending failed: ${(error as Error).message}`;
    } finally {
      this.sending = false;
    }
  }

  async sendTest(id: string): Promise<void> {
    const channel = this.config.channels.find((c) => c.id === id);
    if (!channel || this.sending) return;
    this.sending = true;
    this.status = `Sending a test notification on ${id}…`;
    try {
      const result = await sendTestNotification(
        $state.snapshot(channel) as ChannelConfig,
        this.effectiveConfig(),
        this.context(),
        this.deps.store,
        { onRecords: this.onRecords },
      );
      this.status = this.describe(result, `Test on ${id}`);
    } catch (error) {
      this.status = `Test failed: ${(error as Error).message}`;
    } finally {
      this.sending = false;
    }
  }

  exportJson(now = Date.now()): string {
    return exportLog(
      $state.snapshot(this.log) as DeliveryRecord[],
      $state.snapshot(this.config.channels) as ChannelConfig[],
      now,
    );
  }

  async clearLog(): Promise<void> {
    await this.deps.store.clearLog();
    this.log = [];
    this.status = 'Delivery log cleared.';
  }

  /** Forget which regressions were notified, so they can be sent again. */
  async forgetNotified(): Promise<void> {
    await this.deps.store.clearNotified();
    this.notified = {};
    this.status = 'Forgot which regressions were notified: they will be sent again.';
  }
}
