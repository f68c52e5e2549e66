// `perftrack record FILE… --to DIR`: any benchmark tool's outputs, read by the page's own importers, stamped with
// the run's commit, branch, time, environment and message, and written as one run file (perftrack record version 2)
// that the page, a folder and `--db DIR` read back. Defaults come from the CI's variables, then from git.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { findImporter } from '../lib/sources/artifacts/index.ts';
import { runFileText, type RunFileRecord, type RunStamp } from '../lib/sources/artifacts/perftrack-record.ts';
import { parseJsonDocument } from '../lib/sources/flat-json.ts';
import { inflateBounded, MAX_INFLATED_BYTES } from '../lib/sources/inflate.ts';
import { checkTextInput } from '../lib/sources/input-limits.ts';
import { isGzip, sniffFormat } from '../lib/sources/sniff.ts';

/** A bad input or option: the CLI turns it into exit code 2. */
export class RecordInputError extends Error {}

export interface StampOptions {
  commit?: string;
  branch?: string;
  /** ISO 8601. */
  time?: string;
  /** KEY=VALUE items. */
  env?: string[];
  message?: string;
}

export interface StampContext {
  /** The process environment to take CI variables from. */
  env: Record<string, string | undefined>;
  /** Where git is asked for the commit when neither options nor CI variables give one. */
  cwd: string;
  now: () => number;
}

const ENV_KEY = /^[A-Za-z0-9_.-]+$/;

/** The stamp of a run: options first, then CI variables (GitHub, GitLab, Azure, Jenkins), then git, then now. */
export function runStamp(options: StampOptions, context: StampContext): { stamp: RunStamp; notes: string[] } {
  const notes: string[] = [];
  const env = (name: string) => context.env[name] || undefined;
  let commit = options.commit || env('GITHUB_SHA') || env('CI_COMMIT_SHA') || env('BUILD_SOURCEVERSION');
  commit ??= env('GIT_COMMIT');
  let branch =
    options.branch ||
    env('GITHUB_HEAD_REF') ||
    env('GITHUB_REF_NAME') ||
    env('CI_COMMIT_REF_NAME') ||
    env('BUILD_SOURCEBRANCHNAME') ||
    env('GIT_BRANCH');
  let time = options.time ? parseTime(options.time) : undefined;
  if (!commit || !branch || time === undefined) {
    const git = gitHead(context.cwd);
    if (git) {
      // The commit's time is the run's only when the run is of that commit.
      if (time === undefined && (!commit || commit === git.commit)) time = git.time;
      commit ||= git.commit;
      if (!branch && git.branch !== 'HEAD') branch = git.branch;
    } else if (!commit) notes.push('no commit: give --commit SHA (no CI variable names one, and git found none here)');
  }
  const environment: Record<string, string> = {};
  for (const item of options.env ?? []) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? '' : item.slice(0, eq);
    if (!ENV_KEY.test(key))
      throw new RecordInputError(`--env takes KEY=VALUE with a KEY of letters, digits, _ . or -, got "${item}"`);
    environment[key] = item.slice(eq + 1);
  }
  return {
    stamp: {
      commit: commit ?? null,
      branch: branch ?? null,
      time: new Date(time ?? context.now()).toISOString(),
      environment,
      message: options.message || null,
    },
    notes,
  };
}

function parseTime(text: string): number {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/\d\d:\d\d/.test(text) ? text : text + 'Z');
  if (!Number.isFinite(ms)) throw new RecordInputError(`--time must be a date or time (ISO 8601), got "${text}"`);
  return ms;
}

/** The checked-out commit, its commit time and branch; null outside a repository or without git. */
function gitHead(cwd: string): { commit: string; time: number; branch: string } | null {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  try {
    const [commit, iso] = git('log', '-1', '--format=%H%n%cI').split('\n');
    const time = Date.parse(iso);
    if (!commit || !Number.isFinite(time)) return null;
    return { commit, time, branch: git('rev-parse', '--abbrev-ref', 'HEAD') };
  } catch {
    return null;
  }
}

/** One harness output read as the page reads it; a clear error when no importer knows it or it holds nothing. */
export function readHarnessFile(file: string): { format: string; records: RunFileRecord[] } {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new RecordInputError(`${file} is a folder: give the benchmark output files in it`);
    throw new RecordInputError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? error)}`);
  }
  let name = path.basename(file);
  try {
    if (isGzip(bytes)) {
      bytes = inflateBounded(bytes, { format: 'gzip', limit: MAX_INFLATED_BYTES, name });
      name = name.replace(/\.gz$/i, '');
    }
    const format = sniffFormat(name, bytes.subarray(0, 4096));
    if (format === 'duckdb' || format === 'parquet')
      throw new RecordInputError(`${file} is a ${format} file, not a benchmark tool's output`);
    checkTextInput(name, bytes, format);
  } catch (error) {
    if (error instanceof RecordInputError) throw error;
    throw new RecordInputError(`${file}: ${(error as Error).message}`);
  }
  const text = new TextDecoder().decode(bytes);
  let json: unknown = undefined;
  try {
    const parsed = parseJsonDocument(text);
    if ('doc' in parsed) json = parsed.doc;
  } catch {
    // Not JSON (or JSON with NaN): the text importers read the text.
  }
  const input = { name, text, json, lastModified: fs.statSync(file).mtimeMs };
  const importer = findImporter(input);
  if (!importer)
    throw new RecordInputError(
      `${file} is not a benchmark tool output perftrack reads (the supported tools are listed in the README)`,
    );
  let run;
  try {
    run = importer.parse(input);
  } catch (error) {
    throw new RecordInputError(`${file} looks like ${importer.format} output but could not be read: ${error}`);
  }
  if (run.records.length === 0)
    throw new RecordInputError(`${file} is ${importer.format} output but holds no completed measurements`);
  const records = run.records.map((r) => ({
    dims: r.dims,
    metric: r.metric,
    unit: r.unit,
    direction: r.direction,
    value: r.value,
    ...(r.samples?.length ? { samples: r.samples } : {}),
    ...(r.versionTag ? { version_tag: r.versionTag } : {}),
  }));
  return { format: importer.format, records };
}

/** Every FILE read (a RecordInputError for the first that fails) into one run: its file name (by time, commit and a
 *  random suffix, so concurrent jobs never meet), its text (perftrack record version 2) and how many results it holds. */
export function recordedRun(files: string[], stamp: RunStamp): { name: string; text: string; results: number } {
  if (files.length === 0) throw new RecordInputError('record needs the benchmark output files to record');
  const inputs: { file: string; format: string }[] = [];
  const records: RunFileRecord[] = [];
  for (const file of files) {
    const read = readHarnessFile(file);
    inputs.push({ file: path.basename(file), format: read.format });
    records.push(...read.records);
  }
  const time = stamp.time.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const commit = (stamp.commit ?? 'nocommit').replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'nocommit';
  return {
    name: `${time}-${commit}-${randomBytes(6).toString('hex')}.json`,
    text: runFileText({ ...stamp, inputs }, records),
    results: records.length,
  };
}

/**
 * Every FILE read first (nothing is written when one fails), then one run file in DIR: written under a hidden
 * temporary name and renamed, so a reader sees a whole file or none.
 */
export function recordRunToFolder(dir: string, files: string[], stamp: RunStamp): { file: string; results: number } {
  const run = recordedRun(files, stamp);
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, run.name);
  const temp = path.join(dir, `.${run.name}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, run.text, { flag: 'wx' });
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return { file: target, results: run.results };
}
