// What the page keeps between visits (IndexedDB through idb-keyval): settings, triage, recent sources, and the files
// the user opened (sources.svelte.ts).
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

/** False when the browser refused (no storage, over its quota): the value then does not outlive the page. */
export async function saveStored(key: string, value: unknown): Promise<boolean> {
  try {
    await set(`perftrack:${key}`, value);
    return true;
  } catch {
    return false;
  }
}

/** Where the stores keep what outlives the page; tests hand them one in memory. */
export interface Persist {
  load<T>(key: string, fallback: T): Promise<T>;
  /** Resolves false when the value could not be kept (stores in memory may resolve nothing). */
  save(key: string, value: unknown): Promise<boolean | void>;
}

export const idbPersist: Persist = { load: loadStored, save: saveStored };
