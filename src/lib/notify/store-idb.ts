// The page's notification store: IndexedDB through idb-keyval, in its own database so other features'
// keys never collide. Deduplication marks survive a reload; the config stays in this browser profile and is never
// exported. Its secrets (and the fields masked like them) are kept with it (clear text) or, when the user chooses,
// for the tab's session only (sessionStorage; see secrets.ts).
import { createStore, get, set, update, del, type UseStore } from 'idb-keyval';
import { mergeLog } from './log.ts';
import { parseNotifyConfig } from './config.ts';
import { mergeSecrets, splitSecrets } from './secrets.ts';
import type { DeliveryRecord, NotifyConfig, NotifyStore, SecretStorage } from './types.ts';

const SESSION_KEY = 'perftrack-notify-secrets';

export class IdbNotifyStore implements NotifyStore {
  private readonly store: UseStore;

  constructor(dbName = 'perftrack-notify', storeName = 'state') {
    this.store = createStore(dbName, storeName);
  }

  async loadConfig(): Promise<NotifyConfig | null> {
    const raw = await get('config', this.store);
    if (!raw) return null;
    const config = parseNotifyConfig(raw);
    return (await this.secretStorage()) === 'session' ? mergeSecrets(config, readSession()) : config;
  }
  async saveConfig(config: NotifyConfig): Promise<void> {
    if ((await this.secretStorage()) === 'session') {
      const { config: stripped, secrets } = splitSecrets(structuredClone(config));
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(secrets));
      await set('config', stripped, this.store);
    } else {
      sessionStorage.removeItem(SESSION_KEY);
      await set('config', structuredClone(config), this.store);
    }
  }
  async secretStorage(): Promise<SecretStorage> {
    return (await get('secret-storage', this.store)) === 'session' ? 'session' : 'indexeddb';
  }
  /** Move the secrets of `config` (the one on screen) to where the user now wants them. */
  async setSecretStorage(where: SecretStorage, config: NotifyConfig): Promise<void> {
    await set('secret-storage', where, this.store);
    await this.saveConfig(config);
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
    await update(
      'notified',
      (old: Record<string, string> | undefined) => {
        const next = { ...(old ?? {}) };
        for (const key of keys) next[key] = at;
        return next;
      },
      this.store,
    );
  }
  async clearNotified(): Promise<void> {
    await del('notified', this.store);
  }
}

function readSession(): unknown {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
  } catch {
    return null;
  }
}
