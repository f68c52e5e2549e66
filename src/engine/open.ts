// Opening inputs: files (one or a batch), bytes and URLs are recognised by content and handed to the loader of
// their kind (DuckDB database, Parquet, CSV, JSON records, benchmark-tool output, published history).
import { InflateLimitError, MAX_INFLATED_BYTES, inflateBounded } from '../lib/sources/inflate.ts';
import { checkTextInput } from '../lib/sources/input-limits.ts';
import type { ProgressFn, SourceInfo } from '../lib/model/api.ts';
import { lookalike, metadataFile } from '../lib/sources/artifacts/lookalikes.ts';
import { linkAsvCommits } from '../lib/sources/artifacts/asv.ts';
import { findImporter } from '../lib/sources/artifacts/index.ts';
import { checkDatabaseComplete, checkStorageVersion } from '../lib/sources/duckdb-file.ts';
import { SourceError, explainFailure } from '../lib/sources/errors.ts';
import { parseJsonDocument, recordsOf } from '../lib/sources/flat-json.ts';
import type { ParsedRun } from '../lib/sources/records.ts';
import { sameFileKey, type RunFile } from '../lib/sources/run-order.ts';
import { SKIP_REASONS, describeSkipped, groupSkipped, type SkippedGroup } from '../lib/sources/skipped.ts';
import { isGzip, sniffFormat, type SniffedFormat } from '../lib/sources/sniff.ts';
import type { EngineCore } from './core.ts';
import { loadDuckDb } from './duckdb-source.ts';
import { loadCsv, loadJsonRows, loadParquet } from './flat.ts';
import type { ByteSource } from './parquet.ts';
import { loadPublished, parseManifest } from './published-source.ts';
import { openPublished } from './published.ts';
import { addRecordsSource, loadRecords } from './records.ts';
import type { RemoteFile } from './remote.ts';

export interface OpenFileResult {
  sources: SourceInfo[];
  failures: { name: string; message: string; hint: string }[];
  /** Files of a batch that hold no benchmark results (settings, summaries, logs, outputs without measurements),
   *  each with its reason. */
  skipped: { name: string; reason: string }[];
  /** The same grouped by reason, each reason with its paths (what the page shows behind the summary). */
  skippedGroups: SkippedGroup[];
  /** The same in one line ("Skipped 142 files that hold no benchmark results: …"), empty when none were skipped. */
  skippedSummary: string;
}

/** Remote files up to this size are downloaded whole: on loopback the 1.8 MB demo took 1.1 s through DuckDB's
 *  range reads (8 synchronous requests) and less as one download. */
const WHOLE_DOWNLOAD_BYTES = 4 * 2 ** 20;

/** Open several files at once. Benchmark-tool outputs become one source (their runs ordered by lib/sources/run-order);
 *  a file that fails is reported and the others still load. In a batch of several files, files that hold no
 *  benchmark results (settings, summaries, logs, and tables beside benchmark results) are skipped, grouped by reason. */
export async function openFiles(
  core: EngineCore,
  files: { name: string; bytes: Uint8Array; lastModified?: number }[],
  onProgress: ProgressFn,
): Promise<OpenFileResult> {
  const result: OpenFileResult = { sources: [], failures: [], skipped: [], skippedGroups: [], skippedSummary: '' };
  const skip = (reason: string, name: string) => result.skipped.push({ name, reason });
  const batch: (RunFile & { bytes: number })[] = [];
  const tables: { name: string; load: () => Promise<SourceInfo> }[] = [];
  const seen = new Set<string>();
  const several = files.length > 1;
  for (const [index, file] of files.entries()) {
    onProgress({ stage: `Reading ${file.name}`, fraction: index / files.length });
    const key = sameFileKey(file.name, file.bytes);
    if (seen.has(key)) {
      skip(SKIP_REASONS.duplicate, file.name);
      continue;
    }
    seen.add(key);
    try {
      const opened = await openBytesUnqueued(
        core,
        file.name,
        file.bytes,
        null,
        onProgress,
        several ? 'batch' : 'records',
        file.lastModified,
      );
      if ('skip' in opened) skip(opened.skip, file.name);
      else if ('table' in opened) tables.push({ name: file.name, load: opened.table });
      else if (!('run' in opened)) result.sources.push(opened);
      else if (opened.run.records.length > 0)
        batch.push({ path: file.name, run: opened.run, bytes: file.bytes.length });
      else skip(SKIP_REASONS.emptyOutput(opened.run.format), file.name);
    } catch (error) {
      const failure = explainFailure(file.name, error);
      result.failures.push({ name: file.name, message: failure.message, hint: failure.hint });
    }
  }
  for (const table of tables) {
    if (batch.length > 0) {
      skip(SKIP_REASONS.tableBesideResults, table.name);
      continue;
    }
    try {
      result.sources.push(await table.load());
    } catch (error) {
      const failure = explainFailure(table.name, error);
      result.failures.push({ name: table.name, message: failure.message, hint: failure.hint });
    }
  }
  // asv results opened with their asv.conf.json get their commits' pages from it.
  linkAsvCommits(batch, files);
  if (batch.length > 0) {
    const name =
      batch.length === 1
        ? batch[0].path
        : `${batch.length} files (${[...new Set(batch.map((b) => b.run.format))].join(', ')})`;
    try {
      result.sources.push(
        await addRecordsSource(
          core,
          name,
          batch,
          batch.reduce((n, b) => n + b.bytes, 0),
        ),
      );
    } catch (error) {
      const failure = explainFailure(name, error);
      result.failures.push({ name, message: failure.message, hint: failure.hint });
    }
  }
  result.skippedGroups = groupSkipped(result.skipped);
  result.skippedSummary = describeSkipped(result.skippedGroups);
  onProgress({ stage: 'Done', fraction: 1 });
  return result;
}

export async function openBytes(
  core: EngineCore,
  name: string,
  bytes: Uint8Array,
  onProgress: ProgressFn,
): Promise<SourceInfo> {
  return (await openBytesUnqueued(core, name, bytes, null, onProgress, 'load')) as SourceInfo;
}

/** Open a remote file. Small files are downloaded whole (one request beats many range requests); larger
 *  databases and Parquet files are read with range requests for the parts used, when the server allows.
 *  `remote` is the fetch, perhaps already under way (the worker starts it while DuckDB is still loading). */
export async function openUrl(
  core: EngineCore,
  url: string,
  onProgress: ProgressFn,
  remote: Promise<RemoteFile>,
): Promise<SourceInfo> {
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
  try {
    const file = await remote;
    const head = await file.read(0, Math.min(file.size ?? 65536, 65536));
    const format = sniffFormat(name, head);
    const ranged = file.rangeRequests && file.size !== null && file.size > WHOLE_DOWNLOAD_BYTES;
    if (format === 'duckdb' && ranged) {
      checkStorageVersion(name, head);
      checkDatabaseComplete(name, head, file.size!);
      return await core.withCleanup(name, (id) => loadDuckDb(core, id, name, { url }, file.size!, url));
    }
    if (format === 'parquet' && ranged) {
      return await core.withCleanup(name, (id) => loadParquet(core, id, name, file.source(), file.size!, url, true));
    }
    const bytes = await file.readAll(onProgress);
    if (format === 'json') {
      const manifest = parseManifest(bytes);
      if (manifest) {
        const published = await openPublished(url, manifest, file.rangeRequests);
        return await core.withCleanup(name, (id) => loadPublished(core, id, published));
      }
    }
    return (await openBytesUnqueued(core, name, bytes, url, onProgress, 'load')) as SourceInfo;
  } catch (error) {
    throw explainFailure(name, error);
  }
}

/**
 * Open one file's bytes. `load`: as a new source, whatever it holds (errors say why it cannot be). `records`: a
 * benchmark-tool output is returned parsed, to be loaded with the other files opened with it. `batch` (one of
 * several files): also flat tables come back unloaded (they are charted only when no benchmark results came with
 * them), and files that hold no results come back as a reason to skip them.
 */
async function openBytesUnqueued(
  core: EngineCore,
  name: string,
  bytes: Uint8Array,
  url: string | null,
  onProgress: ProgressFn,
  mode: 'load' | 'records' | 'batch',
  lastModified?: number,
): Promise<SourceInfo | { run: ParsedRun } | { table: () => Promise<SourceInfo> } | { skip: string }> {
  if (isGzip(bytes)) {
    try {
      bytes = inflateBounded(bytes, { format: 'gzip', limit: MAX_INFLATED_BYTES, name });
    } catch (error) {
      if (error instanceof InflateLimitError) throw error;
      throw new SourceError(`${name} is a damaged gzip file.`, 'Download it again.');
    }
    name = name.replace(/\.gz$/i, '');
  }
  let format: SniffedFormat;
  try {
    format = sniffFormat(name, bytes.subarray(0, 4096));
  } catch (error) {
    // Binary, archive, SQLite or empty: in a folder, one of many files that are not benchmark data.
    if (mode === 'batch') return { skip: SKIP_REASONS.unknownFormat };
    throw error;
  }
  onProgress({ stage: `Importing ${name}`, fraction: null, bytes: bytes.length });
  switch (format) {
    case 'duckdb':
      checkStorageVersion(name, bytes.subarray(0, 64));
      checkDatabaseComplete(name, bytes.subarray(0, 12288), bytes.length);
      return core.withCleanup(name, (id) => loadDuckDb(core, id, name, { bytes }, bytes.length, url));
    case 'parquet':
      return core.withCleanup(name, (id) => loadParquet(core, id, name, bytesSource(bytes), bytes.length, url, false));
  }
  // Text: a benchmark tool's output (recognised by content), else a flat table (CSV, JSON records).
  checkTextInput(name, bytes, format);
  const text = new TextDecoder().decode(bytes);
  let json: unknown = undefined;
  let ndjson: Record<string, unknown>[] | null = null;
  let jsonError: Error | null = null;
  if (format === 'json') {
    try {
      const parsed = parseJsonDocument(text);
      if ('doc' in parsed) json = parsed.doc;
      else ndjson = parsed.rows;
    } catch (error) {
      // Some tools write NaN/Infinity, which is not JSON; their importers read the text themselves.
      jsonError = error as Error;
    }
  }
  const input = { name, text, json, lastModified };
  const importer = findImporter(input);
  if (!importer && jsonError) {
    throw new SourceError(
      `${name} is not valid JSON: ${jsonError.message}.`,
      'Check that the file is complete (a truncated download often ends mid-object).',
    );
  }
  if (importer) {
    let run: ParsedRun;
    try {
      run = importer.parse(input);
    } catch (error) {
      throw new SourceError(
        `${name} looks like ${importer.format} output but could not be read: ${(error as Error).message}`,
      );
    }
    // A tool's metadata beside its results (asv's benchmarks.json) is said to be that, not an empty output.
    const metadata = run.records.length === 0 && mode === 'batch' ? metadataFile(input) : null;
    if (metadata) return { skip: SKIP_REASONS.metadata(metadata) };
    if (mode !== 'load') return { run };
    if (run.records.length === 0) {
      throw new SourceError(
        `${name} is ${importer.format} output but holds no completed measurements.${run.notes.length ? ' ' + run.notes.join(' ') : ''}`,
      );
    }
    return core.withCleanup(name, (id) => loadRecords(core, id, name, [{ path: name, run }], bytes.length, url));
  }
  const tool = lookalike(input);
  if (tool && mode === 'batch') return { skip: SKIP_REASONS.lookalike(tool) };
  if (tool)
    throw new SourceError(
      `${name}: unrecognised benchmark output (looks like ${tool}).`,
      'Supported benchmark outputs are listed in the README.',
    );
  const table = (load: () => Promise<SourceInfo>) => (mode === 'batch' ? { table: load } : load());
  if (format === 'csv') return table(() => core.withCleanup(name, (id) => loadCsv(core, id, name, bytes, url)));
  if (format === 'json') {
    const rows = ndjson ?? recordsOf(json);
    if (!rows && mode === 'batch') return { skip: SKIP_REASONS.notResult };
    if (!rows) {
      throw new SourceError(
        `${name} is JSON, but neither a known benchmark format nor a table (an array of records).`,
        'Supported JSON: arrays of records, NDJSON, and the outputs of common benchmark tools.',
      );
    }
    return table(() => core.withCleanup(name, (id) => loadJsonRows(core, id, name, rows, bytes.length, url)));
  }
  if (mode === 'batch') return { skip: SKIP_REASONS.unknownFormat };
  throw new SourceError(
    `${name} is not a format this page recognises.`,
    'Supported: .duckdb/.db, .parquet, .csv/.tsv, .json/.ndjson and benchmark-tool outputs.',
  );
}

function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (start, end) => bytes.subarray(start, end) };
}
