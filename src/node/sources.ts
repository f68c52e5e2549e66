// Opening what the CLI's --db names: a file, a folder of artifacts, a glob, or a URL — every source the page opens.
import fs from 'node:fs';
import path from 'node:path';
import type { SourceInfo } from '../lib/model/api.ts';
import { SourceError } from '../lib/sources/errors.ts';
import { checkTextSize } from '../lib/sources/input-limits.ts';
import type { Engine, OpenFileResult } from '../engine/engine.ts';

export interface OpenedSources extends OpenFileResult {
  /** The local .duckdb file a single-database --db named (results can be written back into it). */
  databaseFile: string | null;
}

const GLOB = /[*?[]/;

function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      out += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/** Files a --db value names, each with the name importers see (relative to a folder or glob root). */
export function expandSource(spec: string): { file: string; name: string }[] {
  if (GLOB.test(spec)) {
    const absolute = path.resolve(spec);
    const root = absolute.slice(0, absolute.search(GLOB)).replace(/[^/]*$/, '') || '/';
    const matcher = globToRegExp(absolute);
    const files = fs.existsSync(root) ? walk(root).filter((f) => matcher.test(f)) : [];
    if (files.length === 0) throw new SourceError(`No files match ${spec}.`);
    return files.map((file) => ({ file, name: path.relative(root, file) }));
  }
  if (!fs.existsSync(spec))
    throw new SourceError(
      `${spec} does not exist.`,
      'Pass a .duckdb/.parquet/.csv/.json file, a folder of benchmark outputs, a glob, or a URL.',
    );
  if (fs.statSync(spec).isDirectory()) {
    const files = walk(spec);
    if (files.length === 0) throw new SourceError(`${spec} is an empty folder.`);
    return files.map((file) => ({ file, name: path.relative(spec, file) }));
  }
  return [{ file: spec, name: path.basename(spec) }];
}

function readHead(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const head = new Uint8Array(4096);
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** Inputs at least this large are long work: their stages are reported (`onStage`). */
const LARGE_INPUT_BYTES = 32 * 2 ** 20;

export async function openSources(
  engine: Engine,
  specs: string[],
  onStage: (text: string) => void = () => {},
): Promise<OpenedSources> {
  const result: OpenedSources = {
    sources: [],
    failures: [],
    skipped: [],
    skippedGroups: [],
    skippedSummary: '',
    databaseFile: null,
  };
  const files: { name: string; bytes: Uint8Array; lastModified: number }[] = [];
  for (const spec of specs) {
    if (/^https?:\/\//i.test(spec)) {
      try {
        result.sources.push(await engine.openUrl(spec));
      } catch (error) {
        const e = error as SourceError;
        result.failures.push({ name: spec, message: e.message, hint: e.hint ?? '' });
      }
      continue;
    }
    for (const { file, name } of expandSource(spec)) {
      const stat = fs.statSync(file);
      try {
        checkTextSize(name, stat.size, readHead(file));
      } catch (error) {
        const e = error as SourceError;
        result.failures.push({ name, message: e.message, hint: e.hint ?? '' });
        continue;
      }
      const read = fs.readFileSync(file);
      // A view of the Buffer's bytes, not a copy (a copy held a big file twice).
      files.push({
        name,
        bytes: new Uint8Array(read.buffer, read.byteOffset, read.byteLength),
        lastModified: stat.mtimeMs,
      });
    }
  }
  if (files.length) {
    const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
    let last = '';
    const opened = await engine.openFiles(files, (progress) => {
      if (bytes < LARGE_INPUT_BYTES || progress.stage === last || progress.stage === 'Done') return;
      last = progress.stage;
      onStage(
        `${progress.stage.replace(/^Importing /, 'loading ').replace(/^Reading /, 'reading ')} (${(bytes / 2 ** 20).toFixed(0)} MB)…`,
      );
    });
    result.sources.push(...opened.sources);
    result.failures.push(...opened.failures);
    result.skipped.push(...opened.skipped);
    result.skippedGroups = opened.skippedGroups;
    result.skippedSummary = opened.skippedSummary;
  }
  const single =
    specs.length === 1 &&
    !/^https?:/i.test(specs[0]) &&
    !GLOB.test(specs[0]) &&
    fs.existsSync(specs[0]) &&
    fs.statSync(specs[0]).isFile();
  if (single && result.sources.length === 1 && result.sources[0].format === 'duckdb')
    result.databaseFile = path.resolve(specs[0]);
  return result;
}

export function describeSource(source: SourceInfo): string {
  return `${source.name}: ${source.layout}, ${source.rows.toLocaleString('en-US')} rows, ${source.series} series, metrics ${source.metrics.join(', ')}`;
}
