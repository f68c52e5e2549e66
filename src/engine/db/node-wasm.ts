// DuckDB-WASM in Node (blocking bindings): used by the CLI, the tests and the benchmarks.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import type { Db } from './db.ts';
import { OPEN_CONFIG, offlineSettings } from './db.ts';

export async function openNodeDb(): Promise<Db> {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const bindings = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await bindings.instantiate(() => {});
  bindings.open(OPEN_CONFIG);
  const conn = bindings.connect();
  for (const statement of offlineSettings('http://127.0.0.1:9/no-extensions')) conn.query(statement);

  return {
    async query(sql, params) {
      if (!params || params.length === 0) return conn.query(sql);
      const prepared = conn.prepare(sql);
      try {
        return prepared.query(...params);
      } finally {
        prepared.close();
      }
    },
    async registerBuffer(name, bytes) {
      bindings.registerFileBuffer(name, bytes);
      return name;
    },
    async registerUrl(name, url) {
      bindings.registerFileURL(name, url, duckdb.DuckDBDataProtocol.HTTP, false);
      return name;
    },
    async dropFile(name) {
      bindings.dropFile(name);
    },
    async insertArrowIPC(table, ipc) {
      conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    async copyFileToBuffer(name) {
      return bindings.copyFileToBuffer(name);
    },
    async version() {
      return bindings.getVersion();
    },
  };
}
