// DuckDB-WASM in the browser: bundles are served from our own build output, never from a CDN.
import * as duckdb from '@duckdb/duckdb-wasm';
import { tableFromIPC } from 'apache-arrow';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { Db } from './db.ts';
import { OPEN_CONFIG, offlineSettings } from './db.ts';
import { LOCK_STATEMENTS } from '../file-lock.ts';
import { HttpReads, boundedHttpWorkerUrl } from './duckdb-http.ts';
import { downloadLimits } from '../remote.ts';

declare const __DUCKDB_WASM_BYTES__: { eh: number; mvp: number };
/** The module exports DuckDB's JavaScript uses, per bundle (scripts/duckdb-exports.ts, at build time). */
declare const __DUCKDB_WASM_EXPORTS__: { eh: string[]; mvp: string[] };

export type BrowserDb = Db & { httpReads: HttpReads };

export async function openBrowserDb(onProgress: (fraction: number) => void): Promise<BrowserDb> {
  const bundles: duckdb.DuckDBBundles = {
    mvp: { mainModule: absolute(mvpWasm), mainWorker: absolute(mvpWorker) },
    eh: { mainModule: absolute(ehWasm), mainWorker: absolute(ehWorker) },
  };
  const bundle = await duckdb.selectBundle(bundles);
  // DuckDB's worker starts through a script that bounds its HTTP reads (duckdb-http.ts), then one that compiles
  // the module from the browser's own response (compiledFromCache); the bounded reads' reports are taken before
  // DuckDB's client sees them (this listener is registered first).
  const eh = bundle.mainModule === absolute(ehWasm);
  const worker = new Worker(
    boundedHttpWorkerUrl(
      cachedCompileWorkerUrl(bundle.mainWorker!, bundle.mainModule, __DUCKDB_WASM_EXPORTS__[eh ? 'eh' : 'mvp']),
      downloadLimits(),
    ),
  );
  const httpReads = new HttpReads((message) => worker.postMessage(message), downloadLimits);
  worker.addEventListener('message', (event) => {
    if (httpReads.receive(event.data) || startMark(event.data)) event.stopImmediatePropagation();
  });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  // Bytes are counted decompressed; a compressed response's length is smaller than what arrives.
  const wasmBytes = eh ? __DUCKDB_WASM_BYTES__.eh : __DUCKDB_WASM_BYTES__.mvp;
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker, (p) => {
    onProgress(Math.min(1, p.bytesLoaded / Math.max(p.bytesTotal, wasmBytes)));
  });
  performance.mark('perftrack:duckdb-instantiated');
  await db.open(OPEN_CONFIG);
  performance.mark('perftrack:duckdb-opened');
  const conn = await db.connect();
  const repository = new URL('duckdb-extensions', self.location.href).href;
  for (const statement of offlineSettings(repository)) await conn.query(statement);
  // Only the opened sources' files are readable from here on (the SQL console's guard; file-lock.ts).
  for (const statement of LOCK_STATEMENTS) await conn.query(statement);
  performance.mark('perftrack:duckdb-settings');

  /** Registered remote files: while there are any, queries run step by step (DuckDB's pending queries), so that a
   *  Cancel reaches DuckDB's worker between two steps. */
  const remoteFiles = new Set<string>();
  const run = async (sql: string, params?: unknown[]) => {
    if (!params || params.length === 0) {
      if (remoteFiles.size === 0) return conn.query(sql);
      return tableFromIPC(await conn.send(sql));
    }
    const prepared = await conn.prepare(sql);
    try {
      return await prepared.query(...params);
    } finally {
      await prepared.close();
    }
  };

  return {
    httpReads,
    query: (sql, params) => httpReads.run(() => run(sql, params)),
    async registerBuffer(name, bytes) {
      await db.registerFileBuffer(name, bytes);
      return name;
    },
    async registerUrl(name, url) {
      await db.registerFileURL(name, url, duckdb.DuckDBDataProtocol.HTTP, false);
      remoteFiles.add(name);
      return name;
    },
    async dropFile(name) {
      await db.dropFile(name);
      remoteFiles.delete(name);
    },
    insertArrowIPC: (table, ipc) => conn.insertArrowFromIPCStream(ipc, { name: table, create: true }),
    copyFileToBuffer: (name) => db.copyFileToBuffer(name),
    version: () => db.getVersion(),
  };
}

/**
 * Runs first in DuckDB's worker (serialised as text: it may use nothing from outside its own body). DuckDB-WASM
 * fetches its module, wraps the body in a stream of its own to count bytes and compiles that new Response: a
 * response with no URL, which Chromium cannot tie to its HTTP cache, so every visit compiled 34 MB again. Here the
 * module's fetch gives DuckDB a clone (read for its progress only) and WebAssembly.instantiateStreaming the
 * browser's own response, whose compiled code Chromium keeps beside the cached file and reuses on the next visit.
 *
 * DuckDB's JavaScript is then handed the instance with only the exports it uses (`kept`). The module is linked as
 * a dynamic loader's main module, and its JavaScript gives every export it is handed a GOT entry and a table slot
 * for extensions to link against: 75,011 of them took most of the time from the compiled module to DuckDB's
 * answer (scripts/duckdb-exports.ts). No extension is ever loaded here (file-lock.ts).
 */
function compiledFromCache(moduleUrl: string, kept: string[]): void {
  // Start-up marks for this worker's host (startMark): DuckDB's worker has a clock of its own.
  const mark = (name: string) =>
    self.postMessage({ perftrackMark: name, at: performance.timeOrigin + performance.now() });
  mark('duckdb-worker-start');
  const fetchFirst = self.fetch.bind(self);
  const instantiate = WebAssembly.instantiateStreaming.bind(WebAssembly);
  // The module's fetch starts now, while DuckDB's script loads; DuckDB's own fetch of it is answered from this one.
  let early: Promise<Response> | null = fetchFirst(moduleUrl, { credentials: 'same-origin' });
  early.then(() => mark('wasm-response')).catch(() => {});
  let own: Promise<Response> | null = null;
  self.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== moduleUrl || !early) return fetchFirst(input, init);
    own = early;
    early = null;
    return own.then((response) => response.clone());
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const given = await source;
    const response = own;
    if (given.url || !response) return instantiate(given, imports);
    own = null;
    // DuckDB's stream reports progress as it is read (and then dropped); the module compiles from the browser's
    // response, or from its bytes when the host does not send it as application/wasm.
    void (async () => {
      const reader = given.body?.getReader();
      while (reader && !(await reader.read()).done);
    })().catch(() => {});
    let compiled: WebAssembly.WebAssemblyInstantiatedSource;
    try {
      compiled = await instantiate(response, imports);
    } catch (error) {
      if (!String(error).includes('application/wasm')) throw error;
      const bytes = await (await fetchFirst(moduleUrl)).arrayBuffer();
      compiled = await WebAssembly.instantiate(bytes, imports);
    }
    mark('wasm-compiled');
    const exports: WebAssembly.Exports = {};
    for (const name of kept) if (name in compiled.instance.exports) exports[name] = compiled.instance.exports[name];
    return { module: compiled.module, instance: { exports } as WebAssembly.Instance };
  };
}

/** A start-up mark from DuckDB's worker, put on this worker's timeline (performance marks, read by the browser
 *  benchmark); true when the message was one. */
function startMark(data: unknown): boolean {
  const m = data as { perftrackMark?: unknown; at?: unknown } | null;
  if (typeof m?.perftrackMark !== 'string' || typeof m.at !== 'number') return false;
  performance.mark(`perftrack:${m.perftrackMark}`, { startTime: Math.max(0, m.at - performance.timeOrigin) });
  return true;
}

/** A script that installs compiledFromCache and then starts DuckDB's worker. */
function cachedCompileWorkerUrl(workerUrl: string, moduleUrl: string, kept: string[]): string {
  const script = `(${compiledFromCache.toString()})(${JSON.stringify(moduleUrl)}, ${JSON.stringify(kept)});\nimportScripts(${JSON.stringify(workerUrl)});\n`;
  return URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
}

function absolute(url: string): string {
  return new URL(url, self.location.href).href;
}
