// Recognise an input by its content; the file name is only a tie-breaker.
import { SourceError } from './errors.ts';

export type SniffedFormat = 'duckdb' | 'parquet' | 'json' | 'csv' | 'xml' | 'text';

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function sniffFormat(name: string, head: Uint8Array): SniffedFormat {
  if (head.length === 0)
    throw new SourceError(
      `${name} is empty (0 bytes).`,
      'Check that the file finished downloading or was exported with rows.',
    );
  if (ascii(head, 8, 4) === 'DUCK') return 'duckdb';
  if (ascii(head, 0, 4) === 'PAR1') return 'parquet';
  if (ascii(head, 0, 15) === 'SQLite format 3') {
    throw new SourceError(
      `${name} is a SQLite database, which this page does not read.`,
      'Export its tables to CSV or Parquet, or copy them into DuckDB.',
    );
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'text'; // gzip: the caller inflates and sniffs again
  if (head[0] === 0x50 && head[1] === 0x4b) {
    throw new SourceError(`${name} is a ZIP archive.`, 'Unpack it and drop the files (or the folder) it contains.');
  }
  if (looksBinary(head)) {
    throw new SourceError(
      `${name} is not a format this page recognises (binary content that is neither DuckDB nor Parquet).`,
      'Supported: .duckdb/.db, .parquet, .csv/.tsv, .json/.ndjson and benchmark-tool outputs.',
    );
  }
  const text = utf8
    .decode(head)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (text.startsWith('<')) return 'xml';
  if (/\.(csv|tsv|txt)$/i.test(name) || /^[^\n]*[,;\t|][^\n]*\n/.test(text)) return 'csv';
  return 'text';
}

export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function looksBinary(head: Uint8Array): boolean {
  const sample = head.subarray(0, 1024);
  let control = 0;
  for (const byte of sample) if (byte === 0 || (byte < 9 && byte !== 0)) control++;
  return control > 0;
}
