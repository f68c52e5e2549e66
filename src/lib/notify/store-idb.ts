// The page's notification store: IndexedDB through idb-keyval, in its own database so other features'
// keys never collide. Deduplication marks survive a reload; the config (with its secrets) stays in this
// browser profile and is never exported.
import { createStore, get, set, update, del, type UseStore } from 'idb-keyval';
import { mergeLog } from './log.ts';
import { parseNotifyConfig } from './config.ts';
import type { DeliveryRecord, NotifyConfig, NotifyStore } from './types.ts';

export class IdbNotifyStore implements NotifyStore {
  private readonly store: UseStore;

  constructor(dbName = 'perftrack-notify', storeName = 'state') {
    this.store = createStore(dbName, storeName);
  }

  async loadConfig(): Promise<NotifyConfig | null> {
    const raw = await get('config', this.store);
    return raw ? parseNotifyConfig(raw) : null;
  }
  async saveConfig(config: NotifyConfig): Promise<void> {
    await set('config', structuredClone(config), this.store);
  }
  async loadLog(): Promise<DeliveryRecord[]> {
    return ((await get('log', this.store)) as DeliveryRecord[] | undefined) ?? [];
  }
  async putLog(records: DeliveryRecord[]): Promise<void> {
    const copy = structuredClone(records);
    await update('log', (old: DeliveryRecord[] | undefined) => mergeLog(old ?? [], copy), this.store);
  }
  async clearLog(): Promise<void> {
    await del('log', this.store);
  }
  async loadNotified(): Promise<Record<string, string>> {
    return ((await get('notified', this.store)) as Record<string, string> | undefined) ?? {};
  }
  async markNotified(keys: string[], at: string): Promise<void> {
    await update('notified', (old: Record<string, string> | undefined) => {
      const next = { ...(old ?? {}) };
      for (const key of keys) next[key] = at;
      return next;
    }, this.store);
  }
  async clearNotified(): Promise<void> {
    await del('notified', this.store);
  }
}
