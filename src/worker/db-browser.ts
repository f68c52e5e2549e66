// DuckDB-WASM in the browser: bundles are served from our own build output, never from a CDN.
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { Db } from './db.ts';
import { OPEN_CONFIG, offlineSettings } from './db.ts';
import { LOCK_STATEMENTS } from './file-lock.ts';

declare const __DUCKDB_WASM_BYTES__: { eh: number; mvp: number };

export async function openBrowserDb(onProgress: (fraction: number) => void): Promise<Db> {
  const bundles: duckdb.DuckDBBundles = {
    mvp: { mainModule: absolute(mvpWasm), mainWorker: absolute(mvpWorker) },
    eh: { mainModule: absolute(ehWasm), mainWorker: absolute(ehWorker) },
  };
  const bundle = await duckdb.selectBundle(bundles);
  const worker = new Worker(bundle.mainWorker!);
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

  return {
    async query(sql, params) {
      if (!params || params.length === 0) return conn.query(sql);
      const prepared = await conn.prepare(sql);
      try {
        return await prepared.query(...params);
      } finally {
        await prepared.close();
      }
    },
    async registerBuffer(name, bytes) {
      await db.registerFileBuffer(name, bytes);
      return name;
    },
    async registerUrl(name, url) {
      await db.registerFileURL(name, url, duckdb.DuckDBDataProtocol.HTTP, false);
      return name;
    },
    async dropFile(name) {
      await db.dropFile(name);
    },
    insertArrowIPC: (table, ipc) => conn.insertArrowFromIPCStream(ipc, { name: table, create: true }),
    copyFileToBuffer: (name) => db.copyFileToBuffer(name),
    version: () => db.getVersion(),
  };
}

function absolute(url: string): string {
  return new URL(url, self.location.href).href;
}
