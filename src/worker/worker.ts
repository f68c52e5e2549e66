// The app's worker: hosts DuckDB-WASM (which runs in its own worker) and the engine, behind Comlink.
import * as Comlink from 'comlink';
import type { LoadProgress, RemoteReadStatus, SourceInfo, WorkerError } from '../lib/model/api.ts';
import { SourceError } from '../lib/sources/errors.ts';
import { INPUT_LIMITS, checkTextSize } from '../lib/sources/input-limits.ts';
import { openBrowserDb, type BrowserDb } from '../engine/db/browser.ts';
import { Engine } from '../engine/engine.ts';
import { parseManifest } from '../engine/published-source.ts';
import {
  openPublished,
  publishedNotes,
  publishedSeriesPoints,
  storedAnalysis,
  type PublishedState,
} from '../engine/published.ts';
import { publishedCatalog, publishedSeriesList, publishedSourceInfo } from '../lib/share/published-view.ts';
import { DEFAULT_SETTINGS, normaliseSettings } from '../lib/analysis/settings.ts';
import type { CompareSpec } from '../lib/model/api.ts';
import type { DimensionFilter } from '../lib/model/api.ts';
import { openRemote, type RemoteFile } from '../engine/remote.ts';
import { ImportCancelled, QueryCancelled, cancelImports, importSignal, throwIfCancelled } from '../engine/cancel.ts';
import { sqlLibrary } from '../engine/sql-files-browser.ts';

performance.mark('perftrack:worker-start');

/** Resolves once DuckDB runs and has taken in whatever was answered early (below). */
let engine: Promise<Engine> | null = null;
let engineStarted = false;
/** DuckDB in this worker, once it runs: its remote reads can be cancelled. */
let browserDb: BrowserDb | null = null;

/**
 * A source answered before DuckDB was ready, from a published summary and rows fetched on demand: a published
 * history, or the published preview of a database (the demo), which the engine then opens in its place.
 */
interface Early {
  state: PublishedState;
  info: SourceInfo;
  replacement: { url: string; remote: Promise<RemoteFile> } | null;
}
let early: Early | null = null;

function earlyPublished(): Early | null {
  return early && !engineStarted ? early : null;
}

function ready(): Promise<Engine> {
  if (!engine) throw new Error('init() was not called');
  return engine;
}

/** Hand an early source to the engine. If a preview's database cannot be opened, the preview's data stay, as a
 *  published history, and the failure is returned. */
async function takeOver(e: Engine, taken: Early): Promise<WorkerError | null> {
  if (taken.replacement) {
    try {
      await e.openUrl(taken.replacement.url, () => {}, taken.replacement.remote);
      return null;
    } catch (error) {
      await e.adoptPublished(taken.state);
      return asWorkerError(error);
    }
  }
  await e.adoptPublished(taken.state);
  return null;
}

/** A published history (its manifest's URL), or the published preview of the source at `forUrl`; null when the
 *  URL holds neither (the engine opens it) or the preview cannot be read. */
async function openEarly(url: string, remote: Promise<RemoteFile>, forUrl: string | null): Promise<Early | null> {
  const file = await remote.catch(() => null);
  const manifest =
    file && file.size !== null && file.size < 4 * 2 ** 20 ? parseManifest(await file.readAll(() => {})) : null;
  if (!manifest) return null;
  const state = await openPublished(url, manifest, file!.rangeRequests);
  if (!forUrl)
    return {
      state,
      info: publishedSourceInfo(1, url, manifest, state.summary, publishedNotes(state)),
      replacement: null,
    };
  const name = decodeURIComponent(new URL(forUrl).pathname.split('/').pop() || forUrl);
  // Shown as the database it previews (not as a published history: nothing is fetched whole from it).
  const info: SourceInfo = {
    ...publishedSourceInfo(1, forUrl, manifest, state.summary, []),
    name: `${name} (preview)`,
    format: 'duckdb',
    rangeRead: false,
    layout: 'preview from its published summary, shown while DuckDB starts',
  };
  return { state, info, replacement: { url: forUrl, remote: openRemote(forUrl, () => {}) } };
}

/** Work that may read remote files through DuckDB: a Cancel stops those reads until all of it has ended. */
const underway = new Set<Promise<unknown>>();
function track<T>(work: Promise<T>): Promise<T> {
  underway.add(work);
  const done = () => void underway.delete(work);
  work.then(done, done);
  return work;
}

/** The work's answer, or ImportCancelled as soon as the page's Cancel is pressed (the work goes on in the
 *  background until its current step ends: a DuckDB request waiting for an answer ends at its timeout). */
function untilCancelled<T>(work: Promise<T>, signal: AbortSignal, cancelled: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Errors cross the boundary as plain {name, message, hint}; the client turns them back into Errors. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asWorkerError(error);
  }
}

function asWorkerError(error: unknown): WorkerError {
  return error instanceof SourceError
    ? { name: 'SourceError', message: error.message, hint: error.hint }
    : { name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) };
}

/** A big file read into one buffer with byte progress. Where the browser allows, the stream writes straight into
 *  that buffer (a BYOB reader): read as chunks, a 500 MB file left 500 MB of chunks to collect besides it. */
async function readFile(file: File, onProgress: (p: LoadProgress) => void, signal: AbortSignal): Promise<Uint8Array> {
  let buffer = new ArrayBuffer(file.size);
  let offset = 0;
  const stream = file.stream();
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    byob = null; // not a byte stream here: read its chunks
  }
  const reader = byob ?? stream.getReader();
  for (;;) {
    const { done, value } = byob
      ? await byob.read(new Uint8Array(buffer, offset, Math.min(PIECE, file.size - offset)))
      : await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
    if (signal.aborted) void reader.cancel().catch(() => undefined);
    throwIfCancelled(signal, file.name);
    if (byob && value) buffer = value.buffer as ArrayBuffer; // the reader hands the buffer back with the bytes in it
    if (done || !value) break;
    if (!byob) new Uint8Array(buffer).set(value, offset);
    offset += value.length;
    onProgress({ stage: `Reading ${file.name}`, fraction: file.size ? offset / file.size : null, bytes: offset });
    if (offset >= file.size) break;
  }
  return new Uint8Array(buffer, 0, offset);
}

/** Bytes asked of a BYOB reader at a time. */
const PIECE = 4 * 2 ** 20;

type LoadedFile = { name: string; bytes: Uint8Array; lastModified: number };

/**
 * Read the files of one opening. Small files are read as one Blob of several concatenated and cut apart: in
 * headless Chromium here 1,000 pytest-benchmark files (16 KB each) took 0.35–0.45 s that way against 1.4–1.5 s as
 * 1,000 separate reads, even 16 at a time. Each file gets its own copy of its bytes (DuckDB-WASM's
 * registerFileBuffer transfers the buffer it is handed). Files over 1 MB are read alone, big ones streamed with
 * byte progress. A file that cannot be read is reported and the others still load; the order is kept.
 */
async function readFiles(
  files: { file: File; path: string }[],
  onProgress: (p: LoadProgress) => void,
  signal: AbortSignal,
): Promise<{ loaded: LoadedFile[]; unreadable: { name: string; message: string; hint: string }[] }> {
  const SMALL = 2 ** 20;
  const STREAMED = 8 * 2 ** 20;
  const slots: (LoadedFile | null)[] = new Array(files.length).fill(null);
  const unreadable: { name: string; message: string; hint: string }[] = [];
  // Work items: runs of consecutive small files (≤ 64 files, ≤ 4 MB) or one bigger file.
  const groups: number[][] = [];
  let run: number[] = [];
  let runBytes = 0;
  for (const [i, { file }] of files.entries()) {
    if (file.size > SMALL) {
      groups.push([i]);
      continue;
    }
    if (run.length === 64 || runBytes + file.size > 4 * SMALL) (groups.push(run), (run = []), (runBytes = 0));
    run.push(i);
    runBytes += file.size;
  }
  if (run.length) groups.push(run);

  let done = 0;
  let reported = 0;
  const readOne = async (i: number) => {
    const { file, path } = files[i];
    try {
      // Text too large to read as text is refused before its bytes are read into memory.
      if (file.size > INPUT_LIMITS.textBytes)
        checkTextSize(path, file.size, new Uint8Array(await file.slice(0, 4096).arrayBuffer()));
      const bytes =
        file.size > STREAMED ? await readFile(file, onProgress, signal) : new Uint8Array(await file.arrayBuffer());
      slots[i] = { name: path, bytes, lastModified: file.lastModified };
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof SourceError) unreadable.push({ name: path, message: error.message, hint: error.hint });
      else
        unreadable.push({
          name: path,
          message: `${path} could not be read: ${(error as Error)?.message ?? String(error)}`,
          hint: 'Check that the file still exists and can be read, then open it again.',
        });
    }
  };
  const readGroup = async (group: number[]) => {
    if (group.length === 1) await readOne(group[0]);
    else {
      try {
        const all = new Uint8Array(await new Blob(group.map((i) => files[i].file)).arrayBuffer());
        let offset = 0;
        for (const i of group) {
          const { file, path } = files[i];
          slots[i] = { name: path, bytes: all.slice(offset, offset + file.size), lastModified: file.lastModified };
          offset += file.size;
        }
        if (offset !== all.length) throw new Error('a file changed while it was read');
      } catch {
        for (const i of group) await readOne(i); // one of them is unreadable (or changed): find which
      }
    }
    done += group.length;
    if (files.length > 1 && (done === files.length || performance.now() - reported > 100)) {
      reported = performance.now();
      onProgress({ stage: `Reading ${done} of ${files.length} files`, fraction: done / files.length });
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(4, groups.length) }, async () => {
      for (let g = next++; g < groups.length; g = next++) await readGroup(groups[g]);
    }),
  );
  return { loaded: slots.filter((f): f is LoadedFile => f !== null), unreadable };
}

/** The engine reports every file it imports; let at most ten reports a second reach the page (2,000 messages
 *  for 1,000 files kept the page busy re-rendering the status line while the answer waited behind them). */
function throttled(onProgress: (p: LoadProgress) => void): (p: LoadProgress) => void {
  let last = -Infinity;
  return (p) => {
    const now = performance.now();
    if (p.fraction === 1 || now - last >= 100) {
      last = now;
      onProgress(p);
    }
  };
}

export const api = {
  /** Start DuckDB. `replaced`: a preview was answering and the engine has opened its source in its place (the
   *  page asks for its sources again); `failure`: that source could not be opened (the preview's data stay). */
  init(onProgress: (fraction: number) => void, onRemoteRead?: (status: RemoteReadStatus | null) => void) {
    performance.mark('perftrack:init');
    return guarded(async () => {
      let handedOver: { replaced: boolean; failure: WorkerError | null } = { replaced: false, failure: null };
      engine ??= openBrowserDb(onProgress)
        .then((db) => {
          browserDb = db;
          if (onRemoteRead) db.httpReads.onStatus = onRemoteRead;
          return Engine.create(db, sqlLibrary);
        })
        .then(async (e) => {
          performance.mark('perftrack:engine-created');
          // From here on requests wait for the engine, which first takes in what was answered early.
          engineStarted = true;
          if (early) handedOver = { replaced: early.replacement !== null, failure: await takeOver(e, early) };
          performance.mark('perftrack:engine-took-over');
          return e;
        });
      const e = await engine;
      return { version: await e.version(), ...handedOver };
    });
  },
  /** Files, or files with their path inside a dropped or picked folder (the name the importers see). */
  openFiles(files: (File | { file: File; path: string })[], onProgress: (p: LoadProgress) => void) {
    return guarded(async () => {
      const e = await ready();
      const signal = importSignal();
      const { loaded, unreadable } = await readFiles(
        files.map((f) => (f instanceof File ? { file: f, path: f.name } : f)),
        onProgress,
        signal,
      );
      const what = files.length === 1 ? 'the file' : `${files.length} files`;
      throwIfCancelled(signal, what);
      const result = await e.openFiles(loaded, throttled(onProgress));
      // Cancelled while DuckDB was importing (that step cannot be interrupted): its result is not kept.
      if (signal.aborted) {
        for (const source of result.sources) await e.removeSource(source.id);
        throwIfCancelled(signal, what);
      }
      result.failures.unshift(...unreadable);
      return result;
    });
  },
  /** Open a URL. While DuckDB starts, a published history answers at once, and so does `previewUrl` (the published
   *  preview of this URL's data) if given; the engine takes over when it is ready. */
  openUrl(url: string, onProgress: (p: LoadProgress) => void, previewUrl?: string) {
    const signal = importSignal();
    // Start the download now: it overlaps DuckDB's start-up when the page opens on a URL.
    const remote = previewUrl ? openRemote(previewUrl, () => {}) : openRemote(url, onProgress);
    // Whoever awaits the download reports its failure; a call that ends before awaiting it (cancelled, refused)
    // must not leave it as an unhandled rejection (the link fuzz saw a 404 escape that way).
    remote.catch(() => undefined);
    return guarded(async () => {
      if (!engineStarted && !early) {
        const answered = await openEarly(previewUrl ?? url, remote, previewUrl ? url : null).catch(() => null);
        if (answered && !engineStarted) {
          performance.mark('perftrack:early-answer');
          early = answered;
          return answered.info;
        }
        if (answered && !answered.replacement) return (await ready()).adoptPublished(answered.state);
        if (answered) return (await ready()).openUrl(url, onProgress, answered.replacement!.remote);
      }
      const e = await ready();
      const opening = track(e.openUrl(url, onProgress, previewUrl ? openRemote(url, onProgress) : remote));
      // Cancelled while DuckDB was importing: the page hears at once; what the import makes is not kept (dropped
      // when the import ends; importsSettled tells the page when that has happened).
      track(opening.then((info) => (signal.aborted ? e.removeSource(info.id) : undefined)).catch(() => undefined));
      return await untilCancelled(opening, signal, () => new ImportCancelled(url));
    });
  },
  /** Resolves once the imports under way (and the dropping of cancelled ones) have ended. */
  importsSettled: async () => {
    while (underway.size) await Promise.allSettled([...underway]);
  },
  /** The page's Cancel: stops the downloads, file reads and DuckDB's remote reads under way; what is loaded stays. */
  cancelImports: () => {
    cancelImports();
    const db = browserDb;
    if (!db || underway.size === 0) return;
    db.httpReads.cancel();
    void Promise.allSettled([...underway]).then(() => db.httpReads.resume());
  },
  removeSource: (id: number) => guarded(async () => (await ready()).removeSource(id)),
  listSources: () => guarded(async () => (earlyPublished() ? [earlyPublished()!.info] : (await ready()).listSources())),
  setMapping: (...args: Parameters<Engine['setMapping']>) => guarded(async () => (await ready()).setMapping(...args)),
  setDirection: (...args: Parameters<Engine['setDirection']>) =>
    guarded(async () => (await ready()).setDirection(...args)),
  catalog: () =>
    guarded(async () =>
      earlyPublished() ? publishedCatalog(earlyPublished()!.state.summary) : (await ready()).catalog(),
    ),
  listSeries: (...args: Parameters<Engine['listSeries']>) =>
    guarded(async () =>
      earlyPublished()
        ? publishedSeriesList(earlyPublished()!.state.summary, args[0])
        : (await ready()).listSeries(...args),
    ),
  seriesPoints: (...args: Parameters<Engine['seriesPoints']>) =>
    guarded(async () => {
      const fast = earlyPublished();
      return fast
        ? publishedSeriesPoints(fast.state, args[0], args[1], args[2] ?? {})
        : (await ready()).seriesPoints(...args);
    }),
  /** Sparklines of several series of one metric in one call (a grid's window); from a published summary's rows
   *  while DuckDB starts. */
  sparklines: (seriesKeys: string[], metric: string, maxPoints: number) =>
    guarded(async () => {
      const fast = earlyPublished();
      if (!fast) return (await ready()).sparklines(seriesKeys, metric, maxPoints);
      const out = [];
      for (const key of new Set(seriesKeys)) {
        const p = await publishedSeriesPoints(fast.state, key, metric, { maxPoints });
        out.push({ seriesKey: key, ts: p.ts, value: p.value });
      }
      return out;
    }),
  runSql: (...args: Parameters<Engine['runReadOnlySql']>) =>
    guarded(async () => {
      const signal = importSignal();
      return untilCancelled(track((await ready()).runReadOnlySql(...args)), signal, () => new QueryCancelled());
    }),
  analyse: (...args: Parameters<Engine['analyse']>) =>
    guarded(async () => {
      const fast = earlyPublished();
      const settings = normaliseSettings({ ...DEFAULT_SETTINGS, ...args[0]?.settings });
      const stored =
        fast && !args[0]?.metric && Object.keys(args[0]?.filter ?? {}).length === 0
          ? storedAnalysis(fast.state, JSON.stringify(settings))
          : null;
      return stored ?? (await ready()).analyse(...args);
    }),
  baselines: (...args: Parameters<Engine['baselines']>) => guarded(async () => (await ready()).baselines(...args)),
  listRuns: (...args: Parameters<Engine['listRuns']>) => guarded(async () => (await ready()).listRuns(...args)),
  setRunTime: (...args: Parameters<Engine['setRunTime']>) => guarded(async () => (await ready()).setRunTime(...args)),
  compareValues: (kind: 'version' | 'commit' | 'run') => guarded(async () => (await ready()).compareValues(kind)),
  compare: (spec: CompareSpec, filter: DimensionFilter) => guarded(async () => (await ready()).compare(spec, filter)),
};

export type WorkerApi = typeof api;

Comlink.expose(api);
