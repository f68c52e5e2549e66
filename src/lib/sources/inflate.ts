// Inflating gzip or deflate with a ceiling: the output is counted as it streams out, and kept only once it is known
// to fit, so a small bomb stops at the limit without filling memory first.
import { Gunzip, Inflate } from 'fflate';
import { SourceError } from './errors.ts';

/** Inflated bytes a gzip file may grow to in the page and the CLI. */
export const MAX_INFLATED_BYTES = 512 * 2 ** 20;

/** Input is fed in small pieces: one 16 KB piece of deflate grows to at most ~16 MB. */
const PIECE = 16 * 1024;

export class InflateLimitError extends SourceError {}

export function formatLimit(bytes: number): string {
  return bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Inflate `bytes` (gzip or raw deflate) or throw an InflateLimitError naming `limit` once the output passes it.
 * Two passes: the first only counts (a bomb is refused holding nothing but its input), the second writes into a
 * buffer of exactly the counted size (no pieces to join: a file's inflated bytes are held once).
 */
export function inflateBounded(
  bytes: Uint8Array,
  options: { format: 'gzip' | 'deflate'; limit: number; name: string },
): Uint8Array {
  let total = 0;
  inflatePieces(bytes, options.format, (chunk) => {
    total += chunk.length;
    if (total > options.limit) {
      throw new InflateLimitError(
        `${options.name} inflates to more than ${formatLimit(options.limit)}, the limit for compressed input; it was not opened.`,
        'Unpack it yourself and open the uncompressed file, or split it into smaller files.',
      );
    }
  });
  const out = new Uint8Array(total);
  let at = 0;
  inflatePieces(bytes, options.format, (chunk) => {
    out.set(chunk, at);
    at += chunk.length;
  });
  return out;
}

function inflatePieces(bytes: Uint8Array, format: 'gzip' | 'deflate', onData: (chunk: Uint8Array) => void): void {
  const stream = format === 'gzip' ? new Gunzip(onData) : new Inflate(onData);
  for (let offset = 0; offset < bytes.length; offset += PIECE) {
    const end = Math.min(bytes.length, offset + PIECE);
    stream.push(bytes.subarray(offset, end), end === bytes.length);
  }
  if (bytes.length === 0) stream.push(new Uint8Array(0), true);
}
