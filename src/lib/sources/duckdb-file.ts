// What a .duckdb file's header says about the DuckDB that wrote it (storage version at byte 12).
import { SourceError } from './errors.ts';

/** Storage versions this page's DuckDB (1.4.3 in DuckDB-WASM 1.32) reads. */
export const READABLE_STORAGE = { min: 64, max: 67 };

/** Storage versions grow by one or two a release (64 in 2023); a header beyond this is not one DuckDB wrote. */
const PLAUSIBLE_STORAGE_MAX = 1000;

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
  if (version === null)
    throw new SourceError(`${name} is truncated: it is shorter than a DuckDB file header.`, 'Copy the file again.');
  if (version === 0 || version > PLAUSIBLE_STORAGE_MAX) {
    throw new SourceError(
      `${name} is damaged: it starts like a DuckDB database, but its header holds no storage version DuckDB ever wrote.`,
      'Copy or download the file again; the one here is not a database DuckDB can read.',
    );
  }
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

const HEADER_BYTES = 3 * 4096;

/** Size the newest database header says the file has (12 KB of headers + its blocks) and its block size, or null. */
export function expectedDatabaseSize(head: Uint8Array): { size: number; blockSize: number } | null {
  if (head.length < 8192 + 64) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let best: { iteration: bigint; size: number; blockSize: number } | null = null;
  for (const offset of [4096, 8192]) {
    const iteration = view.getBigUint64(offset + 8, true);
    const blockCount = Number(view.getBigUint64(offset + 32, true));
    const blockSize = Number(view.getBigUint64(offset + 40, true));
    if (blockSize === 0 || blockSize > 1 << 30 || blockCount > 1 << 30) continue;
    if (!best || iteration > best.iteration)
      best = { iteration, size: HEADER_BYTES + blockCount * blockSize, blockSize };
  }
  return best ? { size: best.size, blockSize: best.blockSize } : null;
}

/** DuckDB-WASM can hang reading past the end of a truncated database: refuse it before attaching. DuckDB 1.5 cuts
 *  free blocks off the end of a file at checkpoint, so a complete file can be shorter than its header's block count;
 *  it then still ends on a block boundary, which a copy cut short almost never does. */
export function checkDatabaseComplete(name: string, head: Uint8Array, actualSize: number): void {
  const expected = expectedDatabaseSize(head);
  const shortOfHeader =
    expected !== null && actualSize < expected.size && (actualSize - HEADER_BYTES) % expected.blockSize !== 0;
  if (actualSize < HEADER_BYTES || shortOfHeader) {
    throw new SourceError(
      `${name} is truncated: it has ${actualSize.toLocaleString('en-US')} bytes but its header describes ${expected?.size.toLocaleString('en-US') ?? 'at least 12,288'} bytes. The file looks damaged or truncated.`,
      'Copy or download the file again; if it was being written when copied, let the writer finish and checkpoint first.',
    );
  }
}
