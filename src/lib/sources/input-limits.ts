// Bounds on text input, checked on the bytes before anything decodes or parses them, so a hostile or broken file
// gets a clear reason instead of a stack overflow, an engine error without a reason, or gigabytes of memory.
import { SourceError } from './errors.ts';
import { formatLimit } from './inflate.ts';
import { isGzip, sniffFormat, type SniffedFormat } from './sniff.ts';

export const INPUT_LIMITS = {
  /** Text a tab can hold as one string (V8 caps strings near 512 M characters). */
  textBytes: 512 * 2 ** 20,
  /** DuckDB's CSV reader refuses longer lines (its max_line_size default). */
  lineBytes: 2 * 2 ** 20,
  columns: 10_000,
  jsonDepth: 100,
};

const NEWLINE = 0x0a;

/** Before a file is read: throw the text limit's SourceError when a file of `size` bytes starting with `head` is
 *  text (neither a database, Parquet nor compressed) and larger than text may be, so it is never read into memory. */
export function checkTextSize(name: string, size: number, head: Uint8Array): void {
  if (size <= INPUT_LIMITS.textBytes || isGzip(head)) return;
  let format: SniffedFormat;
  try {
    format = sniffFormat(name, head);
  } catch {
    return; // not text: its own reader says what it is
  }
  if (format !== 'duckdb' && format !== 'parquet') throw textTooLarge(name, size);
}

function textTooLarge(name: string, size: number): SourceError {
  return new SourceError(
    `${name} is ${formatLimit(size)} of text, more than the ${formatLimit(INPUT_LIMITS.textBytes)} a browser tab can read as text.`,
    'Split it into smaller files, or convert it to Parquet (read in parts, not as text).',
  );
}

/** Throw a SourceError naming the limit when `bytes` (text of the sniffed `format`) passes one. */
export function checkTextInput(name: string, bytes: Uint8Array, format: 'json' | 'csv' | 'xml' | 'text'): void {
  if (bytes.length > INPUT_LIMITS.textBytes) throw textTooLarge(name, bytes.length);
  if (format === 'json') return checkJsonDepth(name, bytes);
  if (format !== 'csv' && format !== 'text') return;
  const longest = longestLine(bytes);
  if (longest.bytes > INPUT_LIMITS.lineBytes) {
    throw new SourceError(
      `${name} has a line of ${formatLimit(longest.bytes)} (line ${longest.line.toLocaleString('en-US')}), longer than the ${formatLimit(INPUT_LIMITS.lineBytes)} a line may hold.`,
      'The file is probably not a table (or a quote is never closed). Check how it was written.',
    );
  }
  if (format === 'csv') {
    const columns = headerColumns(bytes);
    if (columns > INPUT_LIMITS.columns) {
      throw new SourceError(
        `${name} has ${columns.toLocaleString('en-US')} columns in its header, more than the ${INPUT_LIMITS.columns.toLocaleString('en-US')} this page reads.`,
        'Benchmark tables have a few dozen columns; write one row per measurement instead of one column each.',
      );
    }
  }
}

function longestLine(bytes: Uint8Array): { bytes: number; line: number } {
  let longest = { bytes: 0, line: 1 };
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    if (end - start > longest.bytes) longest = { bytes: end - start, line };
    start = end + 1;
  }
  return longest;
}

/** Fields in the first line, by the most frequent of the usual delimiters (quotes are not split on). */
function headerColumns(bytes: Uint8Array): number {
  let end = bytes.indexOf(NEWLINE);
  if (end === -1) end = bytes.length;
  const counts = new Map<number, number>([
    [0x2c, 0],
    [0x09, 0],
    [0x3b, 0],
    [0x7c, 0],
  ]);
  let quoted = false;
  for (let i = 0; i < end; i++) {
    const byte = bytes[i];
    if (byte === 0x22) quoted = !quoted;
    else if (!quoted && counts.has(byte)) counts.set(byte, counts.get(byte)! + 1);
  }
  return Math.max(...counts.values()) + 1;
}

/** Nesting of arrays and objects, counted outside strings; stops at the first level past the limit. */
function checkJsonDepth(name: string, bytes: Uint8Array): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // a backslash escapes the next byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > INPUT_LIMITS.jsonDepth) {
        throw new SourceError(
          `${name} nests objects or arrays more than ${INPUT_LIMITS.jsonDepth} levels deep, the limit for JSON here.`,
          'Benchmark results nest a few levels; check how the file was written.',
        );
      }
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
}
