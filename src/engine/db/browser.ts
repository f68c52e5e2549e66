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

export type BrowserDb = Db & { httpReads: HttpReads };

export async function openBrowserDb(onProgress: (fraction: number) => void): Promise<BrowserDb> {
  const bundles: duckdb.DuckDBBundles = {
    mvp: { mainModule: absolute(mvpWasm), mainWorker: absolute(mvpWorker) },
    eh: { mainModule: absolute(ehWasm), mainWorker: absolute(ehWorker) },
  };
  const bundle = await duckdb.selectBundle(bundles);
  // DuckDB's worker starts through a script that bounds its HTTP reads (duckdb-http.ts); its reports are taken
  // before DuckDB's client sees them (this listener is registered first).
  const worker = new Worker(boundedHttpWorkerUrl(bundle.mainWorker!, downloadLimits()));
  const httpReads = new HttpReads((message) => worker.postMessage(message), downloadLimits);
  worker.addEventListener('message', (event) => {
    if (httpReads.receive(event.data)) event.stopImmediatePropagation();
  });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  // Bytes are counted decompressed; a compressed response's length is smaller than what arrives.
  const wasmBytes = bundle.mainModule === absolute(ehWasm) ? __DUCKDB_WASM_BYTES__.eh : __DUCKDB_WASM_BYTES__.mvp;
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker, (p) => {
    onProgress(Math.min(1, p.bytesLoaded / Math.max(p.bytesTotal, wasmBytes)));
  });
  await db.open(OPEN_CONFIG);
  const conn = await db.connect();
  const repository = new URL('duckdb-extensions', self.location.href).href;
  for (const statement of offlineSettings(repository)) await conn.query(statement);
  // Only the opened sources' files are readable from here on (the SQL console's guard; file-lock.ts).
  for (const statement of LOCK_STATEMENTS) await conn.query(statement);

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

function absolute(url: string): string {
  return new URL(url, self.location.href).href;
}
