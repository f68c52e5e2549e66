// `perftrack import data.js --to DIR`: a github-action-benchmark history moved into a folder of perftrack run files
// (version 2), one per entry (suite × commit), keeping each entry's commit id, URL, message, author, time, tool and
// every value with its unit and range. Runs get the times the page gives them when it opens data.js itself (entries
// in push order, see run-order.ts), so the folder reads back as the same history. File names follow from the entry,
// so importing again adds only the entries that are new.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MeasurementRecord } from '../lib/sources/records.ts';
import { documentOf, githubActionBenchmarkImporter } from '../lib/sources/artifacts/github-action-benchmark.ts';
import { runFileText, type RunFile, type RunFileRecord } from '../lib/sources/artifacts/perftrack-record.ts';
import { parseJsonDocument } from '../lib/sources/flat-json.ts';
import { inflateBounded, MAX_INFLATED_BYTES } from '../lib/sources/inflate.ts';
import { isGzip } from '../lib/sources/sniff.ts';
import { orderRuns } from '../lib/sources/run-order.ts';
import { RecordInputError } from './run-stamp.ts';

export interface ImportResult {
  /** Run files the history gives. */
  runs: number;
  /** Of them, written now (the others were already in DIR). */
  written: number;
  suites: number;
  values: number;
}

interface Entry {
  /** 1, or n for the n-th run of a commit measured again (the page's "data.js@commit #n"). */
  repeat: number;
  suite: string;
  commit: string | null;
  /** Epoch ms as the page places it. */
  ts: number;
  /** Epoch ms as the history dates it (the commit's time), before any move. */
  originalTs: number;
  /** The commit's author as the history names them. */
  author: { name?: string; username?: string } | null;
  records: MeasurementRecord[];
}

/** A record with the time the history gave it, carried through orderRuns (which copies records whole). */
type Dated = MeasurementRecord & { originalTs: number };

/** The history read as the page reads it; a clear error for a file that is missing, empty, cut short or not one. */
export function readHistory(file: string): Entry[] {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new RecordInputError(`${file} is a folder: give its data.js`);
    throw new RecordInputError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? error)}`);
  }
  let name = path.basename(file);
  if (isGzip(bytes)) {
    try {
      bytes = inflateBounded(bytes, { format: 'gzip', limit: MAX_INFLATED_BYTES, name });
    } catch (error) {
      throw new RecordInputError(`${file}: ${(error as Error).message}`);
    }
    name = name.replace(/\.gz$/i, '');
  }
  const text = new TextDecoder().decode(bytes);
  if (!text.trim()) throw new RecordInputError(`${file} is empty: a github-action-benchmark data.js was expected`);
  let json: unknown = undefined;
  try {
    const parsed = parseJsonDocument(text);
    if ('doc' in parsed) json = parsed.doc;
  } catch {
    // Not JSON: data.js is a script (window.BENCHMARK_DATA = …), read from the text.
  }
  const input = { name, text, json };
  if (json === undefined && /^\s*\{/.test(text) && /"(entries|repoUrl|lastUpdate)"\s*:/.test(text.slice(0, 4096)))
    throw new RecordInputError(`${file} starts as a github-action-benchmark history but is cut short or damaged`);
  if (!githubActionBenchmarkImporter.detect(input))
    throw new RecordInputError(
      `${file} is not a github-action-benchmark history (data.js, window.BENCHMARK_DATA = { entries: … }, or its JSON)`,
    );
  let run;
  try {
    run = githubActionBenchmarkImporter.parse(input);
  } catch (error) {
    throw new RecordInputError(`${file} could not be read: ${(error as Error).message}`);
  }
  if (run.records.length === 0) throw new RecordInputError(`${file} holds no benchmark results`);
  const authors = authorsOf(documentOf(input));
  const dated = run.records.map((r): Dated => ({ ...r, originalTs: r.ts }));
  const ordered = orderRuns([{ path: name, run: { ...run, records: dated } }]).records as Dated[];

  // One entry per run, suite and time: what the page shows as one run of one suite.
  const entries = new Map<string, Entry>();
  for (const r of ordered) {
    const suite = r.dims.find(([d]) => d === 'suite')?.[1] ?? '';
    const key = `${r.runGroup}\u0000${suite}\u0000${r.ts}`;
    let entry = entries.get(key);
    if (!entry)
      entries.set(
        key,
        (entry = {
          repeat: Number(/ #(\d+)$/.exec(r.runGroup ?? '')?.[1] ?? 1),
          suite,
          commit: r.commit ?? null,
          ts: r.ts,
          originalTs: r.originalTs,
          author: (r.commit && authors.get(r.commit)) || null,
          records: [],
        }),
      );
    entry.records.push(r);
  }
  return [...entries.values()];
}

function runFileOf(entry: Entry, source: string): RunFile['run'] & { records: RunFileRecord[] } {
  const first = entry.records[0];
  const author = entry.author;
  return {
    commit: entry.commit,
    branch: null,
    time: new Date(entry.ts).toISOString(),
    environment: {},
    message: first.message ?? null,
    inputs: [{ file: source, format: githubActionBenchmarkImporter.format }],
    ...(first.commitUrl ? { commit_url: first.commitUrl } : {}),
    ...(author ? { author } : {}),
    ...(first.tool ? { tool: first.tool } : {}),
    ...(entry.originalTs !== entry.ts ? { commit_time: new Date(entry.originalTs).toISOString() } : {}),
    records: entry.records.map((r) => ({
      dims: r.dims,
      metric: r.metric,
      unit: r.unit,
      direction: r.direction,
      value: r.value,
      ...(r.range ? { range: r.range } : {}),
    })),
  };
}

/** Commit id → its author's name and username, from the history's entries. */
function authorsOf(doc: unknown): Map<string, { name?: string; username?: string }> {
  const out = new Map<string, { name?: string; username?: string }>();
  const entries = (doc as { entries?: Record<string, unknown> } | undefined)?.entries ?? {};
  for (const list of Object.values(entries)) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const commit = (entry as { commit?: { id?: unknown; author?: { name?: unknown; username?: unknown } } })?.commit;
      if (typeof commit?.id !== 'string' || out.has(commit.id)) continue;
      const { name, username } = commit.author ?? {};
      const author = {
        ...(typeof name === 'string' && name ? { name } : {}),
        ...(typeof username === 'string' && username ? { username } : {}),
      };
      if (Object.keys(author).length) out.set(commit.id, author);
    }
  }
  return out;
}

/** The entry's file name: time, suite and commit to read, and a hash of them and its repeat to keep names apart
 *  (the same for the same entry of a history that has grown since, whatever the history file is called). */
function fileName(entry: Entry): string {
  const time = new Date(entry.ts)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const slug =
    entry.suite
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'suite';
  const commit = (entry.commit ?? 'nocommit').replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'nocommit';
  const hash = createHash('sha256')
    .update(JSON.stringify([entry.commit, entry.repeat, entry.suite, entry.ts]))
    .digest('hex');
  return `${time}-${slug}-${commit}-${hash.slice(0, 8)}.json`;
}

/**
 * The whole history is read first (nothing is written when it fails); then each entry not yet in DIR is written
 * under a hidden temporary name and renamed, so a reader sees whole files only.
 */
export function importHistory(file: string, dir: string): ImportResult {
  const entries = readHistory(file);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory())
    throw new RecordInputError(`--to ${dir} is a file: give a folder for the run files`);
  fs.mkdirSync(dir, { recursive: true });
  const source = path.basename(file);
  let written = 0;
  for (const entry of entries) {
    const target = path.join(dir, fileName(entry));
    if (fs.existsSync(target)) continue;
    const { records, ...run } = runFileOf(entry, source);
    const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(temp, runFileText(run, records), { flag: 'wx' });
      fs.renameSync(temp, target);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    written++;
  }
  return {
    runs: entries.length,
    written,
    suites: new Set(entries.map((e) => e.suite)).size,
    values: entries.reduce((n, e) => n + e.records.length, 0),
  };
}
