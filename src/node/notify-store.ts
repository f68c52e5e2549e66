// The CLI's notification store: a JSON file (default .perftrack/notifications.json) holding the
// "already notified" marks and the delivery log, so a CI job run twice does not notify twice.
// The config (with secrets) is never written here: it comes from --notify-config or the environment.
import fs from 'node:fs';
import path from 'node:path';
import { mergeLog } from '../lib/notify/log.ts';
import { emptyState, parseState, type StoredNotifyState } from '../lib/notify/store.ts';
import type { DeliveryRecord, NotifyConfig, NotifyStore } from '../lib/notify/types.ts';

export class FileNotifyStore implements NotifyStore {
  constructor(readonly file: string) {}

  private read(): StoredNotifyState {
    if (!fs.existsSync(this.file)) return emptyState();
    const text = fs.readFileSync(this.file, 'utf8');
    try {
      return parseState(JSON.parse(text));
    } catch (error) {
      throw new Error(
        `${this.file}: not a perftrack notification state file (${(error as Error).message}); remove it or point PERFTRACK_NOTIFY_STATE elsewhere`,
        { cause: error },
      );
    }
  }

  private write(state: StoredNotifyState): void {
    fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n');
    fs.renameSync(temporary, this.file);
  }

  async loadConfig(): Promise<NotifyConfig | null> {
    return null;
  }
  async saveConfig(): Promise<void> {
    // Secrets stay in the config file / environment the user controls.
  }
  async loadLog(): Promise<DeliveryRecord[]> {
    return this.read().log;
  }
  async putLog(records: DeliveryRecord[]): Promise<void> {
    const state = this.read();
    state.log = mergeLog(state.log, records);
    this.write(state);
  }
  async clearLog(): Promise<void> {
    const state = this.read();
    state.log = [];
    this.write(state);
  }
  async loadNotified(): Promise<Record<string, string>> {
    return this.read().notified;
  }
  async markNotified(keys: string[], at: string): Promise<void> {
    const state = this.read();
    for (const key of keys) state.notified[key] = at;
    this.write(state);
  }
  async clearNotified(): Promise<void> {
    const state = this.read();
    state.notified = {};
    this.write(state);
  }
}
