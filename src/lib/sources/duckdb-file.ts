// What a .duckdb file's header says about the DuckDB that wrote it (storage version at byte 12).
import { SourceError } from './errors.ts';

/** Storage versions this page's DuckDB (1.4.3 in DuckDB-WASM 1.32) reads. */
export const READABLE_STORAGE = { min: 64, max: 67 };

const WRITTEN_BY: Record<number, string> = {
  64: 'DuckDB 0.9–1.1 (or newer with default settings)',
  65: "DuckDB 1.2 with STORAGE_VERSION 'v1.2.0'",
  66: "DuckDB 1.3 with STORAGE_VERSION 'v1.3.0'",
  67: "DuckDB 1.4 with STORAGE_VERSION 'v1.4.0'",
  68: "DuckDB 1.5 with STORAGE_VERSION 'v1.5.0'",
};

export function storageVersion(head: Uint8Array): number | null {
  if (head.length < 20) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return Number(view.getBigUint64(12, true));
}

export function checkStorageVersion(name: string, head: Uint8Array): number {
  const version = storageVersion(head);
  if (version === null) throw new SourceError(`${name} is truncated: it is shorter than a DuckDB file header.`, 'Copy the file again.');
  if (version > READABLE_STORAGE.max) {
    const writer = WRITTEN_BY[version] ?? 'a DuckDB newer than 1.5';
    throw new SourceError(
      `${name} uses DuckDB storage version ${version}, written by ${writer}. This page runs DuckDB 1.4.3, which reads storage versions ${READABLE_STORAGE.min}–${READABLE_STORAGE.max}.`,
      `Re-save it readable by DuckDB 1.4 with a newer DuckDB: ATTACH 'copy.duckdb' AS copy (STORAGE_VERSION 'v1.4.0'); COPY FROM DATABASE <original> TO copy; — or export the tables to Parquet.`,
    );
  }
  if (version < READABLE_STORAGE.min) {
    throw new SourceError(
      `${name} uses DuckDB storage version ${version}, written by a DuckDB older than 0.9. This page reads storage versions ${READABLE_STORAGE.min}–${READABLE_STORAGE.max}.`,
      'Open it with the DuckDB version that wrote it, EXPORT DATABASE, and IMPORT DATABASE with DuckDB 1.x.',
    );
  }
  return version;
}
