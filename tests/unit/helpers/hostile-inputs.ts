// Hostile and oversized inputs, written (streamed: none is built in memory whole) into a folder of the caller's,
// with the message each must be refused with. Shared by the CLI's and the page's memory-bound tests.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface HostileInput {
  label: string;
  file: string;
  /** What the user must be told (a regular expression over the message). */
  message: RegExp;
  /** The CLI's words, where they differ (it does not print a source's notes, only its rows). */
  cliMessage?: RegExp;
  /** True when the input is refused; false when it opens, with the bad values left out. */
  refused: boolean;
  /** Bytes the reader has to hold to decide (the file itself, when the check needs all of it). */
  readBytes: number;
}

const MB = 2 ** 20;

/** Write `head`, then `unit` repeated to `total` bytes (the last piece cut), through `sink` in 1 MB pieces. */
async function stream(sink: NodeJS.WritableStream, head: string, unit: string, total: number): Promise<void> {
  const piece = Buffer.from(unit.repeat(Math.ceil(MB / unit.length)));
  let failed: Error | null = null;
  sink.on('error', (error: Error) => (failed = error));
  const write = (chunk: Buffer | string) =>
    new Promise<void>((resolve) => (sink.write(chunk) ? resolve() : sink.once('drain', () => resolve())));
  await write(head);
  for (let written = 0; written < total && !failed; written += piece.length)
    await write(piece.subarray(0, Math.min(piece.length, total - written)));
  if (failed) throw failed;
  await new Promise<void>((resolve) => sink.end(() => resolve()));
}

async function gzipFile(file: string, head: string, unit: string, total: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const gzip = zlib.createGzip({ level: 9 });
  gzip.pipe(out);
  const closed = new Promise<void>((resolve) => out.on('close', () => resolve()));
  await stream(gzip, head, unit, total);
  await closed;
}

async function plainFile(file: string, head: string, unit: string, total: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const closed = new Promise<void>((resolve) => out.on('close', () => resolve()));
  await stream(out, head, unit, total);
  await closed;
}

/** Every hostile input, written into `dir`. */
export async function writeHostileInputs(dir: string): Promise<HostileInput[]> {
  const at = (name: string) => path.join(dir, name);
  const inputs: HostileInput[] = [];
  const size = (file: string) => fs.statSync(file).size;

  await gzipFile(at('bomb.csv.gz'), 'ts,bench,latency_ms\n', '2026-01-01T00:00:00Z,parse,1.5\n', 600 * MB);
  inputs.push({
    label: 'gzip bomb (.csv.gz, 600 MB inflated)',
    file: at('bomb.csv.gz'),
    message: /bomb\.csv\.gz inflates to more than 512 MB, the limit for compressed input/,
    refused: true,
    readBytes: size(at('bomb.csv.gz')),
  });

  await gzipFile(at('bomb.json.gz'), '[', '{"ts":"2026-01-01T00:00:00Z","bench":"parse","latency_ms":1.5},', 600 * MB);
  inputs.push({
    label: 'gzip bomb (.json.gz, 600 MB inflated)',
    file: at('bomb.json.gz'),
    message: /bomb\.json\.gz inflates to more than 512 MB, the limit for compressed input/,
    refused: true,
    readBytes: size(at('bomb.json.gz')),
  });

  // One line of 500 MB after the header: under the text limit, so the whole file is read to find the line.
  await plainFile(at('line.csv'), 'ts,bench,latency_ms\n', 'x', 500 * MB - 32);
  inputs.push({
    label: 'a 500 MB line',
    file: at('line.csv'),
    message: /line\.csv has a line of 500 MB \(line 2\), longer than the 2 MB a line may hold/,
    refused: true,
    readBytes: size(at('line.csv')),
  });

  // 1,000,000 one-letter columns: the header is just under the line limit, so the column limit speaks.
  fs.writeFileSync(at('columns.csv'), 'c,'.repeat(999_999) + 'c\n' + '1,'.repeat(999_999) + '1\n');
  inputs.push({
    label: 'a 1,000,000-column header',
    file: at('columns.csv'),
    message: /columns\.csv has 1,000,000 columns in its header, more than the 10,000 this page reads/,
    refused: true,
    readBytes: size(at('columns.csv')),
  });

  fs.writeFileSync(at('deep.json'), '['.repeat(100_000) + ']'.repeat(100_000));
  inputs.push({
    label: 'JSON nested 100,000 deep',
    file: at('deep.json'),
    message: /deep\.json nests objects or arrays more than 100 levels deep/,
    refused: true,
    readBytes: size(at('deep.json')),
  });

  const rows = [
    'ts,bench,latency_ms',
    '2026-01-01T00:00:00Z,parse,1e999',
    '2026-01-02T00:00:00Z,parse,-1e400',
    '2026-01-03T00:00:00Z,parse,12.5',
    '2026-01-04T00:00:00Z,parse,13',
  ];
  fs.writeFileSync(at('beyond-double.csv'), rows.join('\n') + '\n');
  inputs.push({
    label: 'values beyond DOUBLE',
    file: at('beyond-double.csv'),
    message:
      /2 of 4 metric values are empty or not a finite number \(NaN, Infinity, out of range\): left out as missing/,
    cliMessage: /beyond-double\.csv: flat table .*, 2 rows, 1 series/,
    refused: false,
    readBytes: size(at('beyond-double.csv')),
  });

  // A valid CSV larger than text may be: refused from its size and first bytes, before it is read.
  await plainFile(at('huge.csv'), 'ts,bench,latency_ms\n', '2026-01-01T00:00:00Z,parse,1.5\n', 600 * MB);
  inputs.push({
    label: 'a 600 MB CSV',
    file: at('huge.csv'),
    message: /huge\.csv is 600 MB of text, more than the 512 MB a browser tab can read as text/,
    refused: true,
    readBytes: 4096,
  });

  return inputs;
}
