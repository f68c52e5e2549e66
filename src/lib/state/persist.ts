// What the page keeps between visits (IndexedDB through idb-keyval): settings, triage, recent sources.
// Storage can be unavailable (private windows, blocked storage): the page then works without it.
import { get, set } from 'idb-keyval';

export async function loadStored<T>(key: string, fallback: T): Promise<T> {
  try {
    const value = await get<T>(`perftrack:${key}`);
    return value === undefined ? fallback : value;
  } catch {
    return fallback;
  }
}

export async function saveStored(key: string, value: unknown): Promise<void> {
  try {
    await set(`perftrack:${key}`, value);
  } catch {
    // Nothing to do: the value simply does not outlive the page.
  }
}

/** Where the stores keep what outlives the page; tests hand them one in memory. */
export interface Persist {
  load<T>(key: string, fallback: T): Promise<T>;
  save(key: string, value: unknown): Promise<void>;
}

export const idbPersist: Persist = { load: loadStored, save: saveStored };
