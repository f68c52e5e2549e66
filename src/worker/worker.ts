// The app's worker: hosts DuckDB-WASM (which runs in its own worker) and the engine, behind Comlink.
import * as Comlink from 'comlink';
import type { LoadProgress, WorkerError } from '../lib/db/api.ts';
import { SourceError } from '../lib/sources/errors.ts';
import { openBrowserDb } from './db-browser.ts';
import { Engine } from './engine.ts';
import { compare, compareValues } from './compare.ts';
import type { CompareSpec } from '../lib/share/view-state.ts';
import type { DimensionFilter } from '../lib/db/api.ts';
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

/** Read many files at once (a folder of 1,000 small artifacts spent most of its time waiting on one read after
 *  another); big files are streamed with byte progress. The order is kept. */
async function readFiles(files: { file: File; path: string }[], onProgress: (p: LoadProgress) => void): Promise<{ name: string; bytes: Uint8Array; lastModified: number }[]> {
  const out: { name: string; bytes: Uint8Array; lastModified: number }[] = new Array(files.length);
  const STREAMED = 8 * 2 ** 20;
  let next = 0;
  let done = 0;
  let reported = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const { file, path } = files[i];
      const bytes = file.size > STREAMED ? await readFile(file, onProgress) : new Uint8Array(await file.arrayBuffer());
      out[i] = { name: path, bytes, lastModified: file.lastModified };
      done++;
      if (files.length > 1 && (done === files.length || performance.now() - reported > 100)) {
        reported = performance.now();
        onProgress({ stage: `Reading ${done} of ${files.length} files`, fraction: done / files.length });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, files.length) }, worker));
  return out;
}

export const api = {
  init(onProgress: (fraction: number) => void) {
    return guarded(async () => {
      engine ??= openBrowserDb(onProgress).then((db) => Engine.create(db, sqlLibrary));
      const e = await engine;
      return { version: await e.db.version() };
    });
  },
  /** Files, or files with their path inside a dropped or picked folder (the name the importers see). */
  openFiles(files: (File | { file: File; path: string })[], onProgress: (p: LoadProgress) => void) {
    return guarded(async () => {
      const e = await ready();
      const loaded = await readFiles(files.map((f) => (f instanceof File ? { file: f, path: f.name } : f)), onProgress);
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
  listRuns: (...args: Parameters<Engine['listRuns']>) => guarded(async () => (await ready()).listRuns(...args)),
  setRunTime: (...args: Parameters<Engine['setRunTime']>) => guarded(async () => (await ready()).setRunTime(...args)),
  compareValues: (kind: 'version' | 'commit' | 'run') => guarded(async () => compareValues(await ready(), kind)),
  compare: (spec: CompareSpec, filter: DimensionFilter) => guarded(async () => compare(await ready(), spec, filter)),
};

export type WorkerApi = typeof api;

Comlink.expose(api);
