// The one small interface every DuckDB binding is adapted to. The engine only talks to this,
// so the same SQL and the same import code run in the browser worker, in Node tests and in the CLI.
import type { Table } from 'apache-arrow';

export interface Db {
  /** Run one statement. With params it is prepared and bound positionally. */
  query(sql: string, params?: unknown[]): Promise<Table>;
  /** Make bytes readable as a file; returns the path SQL names it by (DuckDB-WASM: the name itself). */
  registerBuffer(name: string, bytes: Uint8Array): Promise<string>;
  /** Register a remote file (DuckDB-WASM reads it with HTTP range requests when the server allows); returns the
   *  path SQL names it by. */
  registerUrl(name: string, url: string): Promise<string>;
  dropFile(name: string): Promise<void>;
  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void>;
  copyFileToBuffer(name: string): Promise<Uint8Array>;
  version(): Promise<string>;
  /** True for native DuckDB: it opens, locks and writes .duckdb files in place (its own WAL and checkpoints).
   *  DuckDB-WASM in Node cannot (see file-writer.ts). */
  readonly writesInPlace?: boolean;
}

export const OPEN_CONFIG = {
  query: { castBigIntToDouble: true, castDecimalToDouble: true },
  // Exact casing matters: a misspelt key is silently ignored and every remote read becomes a full GET.
  filesystem: { forceFullHTTPReads: false, allowFullHTTPReads: true, reliableHeadRequests: true },
};

/** Settings applied once after open. Extensions are not built into DuckDB-WASM; any attempt to
 *  fetch one must fail fast and locally instead of reaching a third-party host (DESIGN.md §4). */
export function offlineSettings(extensionRepository: string): string[] {
  const repo = extensionRepository.replace(/'/g, "''");
  return [
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    `SET custom_extension_repository = '${repo}'`,
  ];
}
