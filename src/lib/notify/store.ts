// Where config, the delivery log and the "already notified" marks live: in memory here; IndexedDB in
// the page (store-idb.ts); a JSON file for the CLI (src/node/notify-store.ts).
import { mergeLog } from './log.ts';
import type { DeliveryRecord, NotifyConfig, NotifyStore } from './types.ts';

/** The persisted state of a store, also the JSON file's content. */
export interface StoredNotifyState {
  version: 1;
  notified: Record<string, string>;
  log: DeliveryRecord[];
}

export function emptyState(): StoredNotifyState {
  return { version: 1, notified: {}, log: [] };
}

/** Accept a state read back from storage, dropping anything malformed. */
export function parseState(input: unknown): StoredNotifyState {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const notified: Record<string, string> = {};
  if (raw.notified && typeof raw.notified === 'object') {
    for (const [k, v] of Object.entries(raw.notified as Record<string, unknown>))
      if (typeof v === 'string') notified[k] = v;
  }
  const log = Array.isArray(raw.log)
    ? (raw.log as DeliveryRecord[]).filter((r) => r && typeof r.notification_id === 'string')
    : [];
  return { version: 1, notified, log };
}

export class MemoryNotifyStore implements NotifyStore {
  config: NotifyConfig | null = null;
  state: StoredNotifyState = emptyState();

  async loadConfig() {
    return this.config ? structuredClone(this.config) : null;
  }
  async saveConfig(config: NotifyConfig) {
    this.config = structuredClone(config);
  }
  async loadLog() {
    return structuredClone(this.state.log);
  }
  async putLog(records: DeliveryRecord[]) {
    this.state.log = mergeLog(this.state.log, structuredClone(records));
  }
  async clearLog() {
    this.state.log = [];
  }
  async loadNotified() {
    return { ...this.state.notified };
  }
  async markNotified(keys: string[], at: string) {
    for (const key of keys) this.state.notified[key] = at;
  }
  async clearNotified() {
    this.state.notified = {};
  }
}
