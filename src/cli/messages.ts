// The engine's messages are written for the page; on the command line they speak of perftrack, give no browser
// advice (CORS, reloading, dropping files), show no private paths and no JavaScript stacks.
import { SourceError } from '../lib/sources/errors.ts';

const REWRITES: [RegExp, string][] = [
  [
    /This page runs DuckDB 1\.4\.3, which reads storage versions/g,
    'perftrack keeps databases readable by its page (DuckDB 1.4.3 in the browser), which reads storage versions',
  ],
  [/This page reads storage versions/g, 'perftrack and its page read storage versions'],
  [/this page recognises/g, 'perftrack recognises'],
  [/which this page does not read/g, 'which perftrack does not read'],
  [/that this page does not download/g, 'that perftrack does not load'],
  [
    /The page works offline with core DuckDB only\./g,
    'perftrack works offline with the DuckDB it ships; nothing is downloaded.',
  ],
  [/does not allow this page to read it \(no CORS header\)\./g, 'refused the request.'],
  [
    /Ask the host to send "Access-Control-Allow-Origin".*$/g,
    'Check the address, or download the file and pass its path.',
  ],
  [/; if the server is up, it may be refusing cross-origin requests \(CORS\)\./g, '.'],
  [
    /reload the page \(the site may have been re-published meanwhile\)/g,
    'run the command again (the site may have been re-published meanwhile)',
  ],
  [/, or download it and drop it here/g, ''],
  // Bytes given to DuckDB as a file live in a private folder; name the file instead.
  [/\/\S*?perftrack-\d+-[^/\s]+\/src_\d+\.(duckdb|csv)/g, 'the file'],
];

export function cliText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REWRITES) out = out.replace(pattern, replacement);
  return out;
}

/** One or two lines for stderr: the message and what to do. */
export function describeError(error: unknown): string {
  if (error instanceof SourceError)
    return `perftrack: ${cliText(error.message)}${error.hint ? `\n  ${cliText(error.hint)}` : ''}`;
  const message = error instanceof Error ? error.message : String(error);
  const first = cliText(message.split('\n')[0]);
  const debug = process.env.PERFTRACK_DEBUG
    ? `\n${(error as Error).stack ?? ''}`
    : '\n  (set PERFTRACK_DEBUG=1 to see where it failed)';
  return `perftrack: ${first}${debug}`;
}
