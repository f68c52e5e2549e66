// The app's worker: hosts DuckDB-WASM (which runs in its own worker) and the engine, behind Comlink.
import * as Comlink from 'comlink';
import type { LoadProgress, WorkerError } from '../lib/db/api.ts';
import { SourceError } from '../lib/sources/errors.ts';
import { openBrowserDb } from './db-browser.ts';
import { Engine } from './engine.ts';
import { openRemote } from './remote.ts';
import { sqlLibrary } from './sql-files-browser.ts';

let engine: Promise<Engine> | null = null;

function ready(): Promise<Engine> {
  if (!engine) throw new Error('init() was not called');
  return engine;
}

/** Errors cross the boundary as plain {name, message, hint}; the client turns them back into Errors. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const out: WorkerError =
      error instanceof SourceError
        ? { name: 'SourceError', message: error.message, hint: error.hint }
        : { name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) };
    throw out;
  }
}

async function readFile(file: File, onProgress: (p: LoadProgress) => void): Promise<Uint8Array> {
  const bytes = new Uint8Array(file.size);
  let offset = 0;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes.set(value, offset);
    offset += value.length;
    onProgress({ stage: `Reading ${file.name}`, fraction: file.size ? offset / file.size : null, bytes: offset });
  }
  return bytes;
}

export const api = {
  init(onProgress: (fraction: number) => void) {
    return guarded(async () => {
      engine ??= openBrowserDb(onProgress).then((db) => Engine.create(db, sqlLibrary));
      const e = await engine;
      return { version: await e.db.version() };
    });
  },
  openFiles(files: File[], onProgress: (p: LoadProgress) => void) {
    return guarded(async () => {
      const e = await ready();
      const loaded: { name: string; bytes: Uint8Array; lastModified: number }[] = [];
      for (const file of files) loaded.push({ name: file.name, bytes: await readFile(file, onProgress), lastModified: file.lastModified });
      return e.openFiles(loaded, onProgress);
    });
  },
  openUrl(url: string, onProgress: (p: LoadProgress) => void) {
    // Start the download now: it overlaps DuckDB's start-up when the page opens on a URL.
    const remote = openRemote(url, onProgress);
    return guarded(async () => (await ready()).openUrl(url, onProgress, remote));
  },
  removeSource: (id: number) => guarded(async () => (await ready()).removeSource(id)),
  listSources: () => guarded(async () => (await ready()).listSources()),
  setMapping: (...args: Parameters<Engine['setMapping']>) => guarded(async () => (await ready()).setMapping(...args)),
  setDirection: (...args: Parameters<Engine['setDirection']>) => guarded(async () => (await ready()).setDirection(...args)),
  catalog: () => guarded(async () => (await ready()).catalog()),
  listSeries: (...args: Parameters<Engine['listSeries']>) => guarded(async () => (await ready()).listSeries(...args)),
  seriesPoints: (...args: Parameters<Engine['seriesPoints']>) => guarded(async () => (await ready()).seriesPoints(...args)),
  runSql: (...args: Parameters<Engine['runReadOnlySql']>) => guarded(async () => (await ready()).runReadOnlySql(...args)),
  analyze: (...args: Parameters<Engine['analyze']>) => guarded(async () => (await ready()).analyze(...args)),
  baselines: (...args: Parameters<Engine['baselines']>) => guarded(async () => (await ready()).baselines(...args)),
};

export type WorkerApi = typeof api;

Comlink.expose(api);
