// One result written by `perftrack record --out DIR`: a small JSON file per run, so parallel CI jobs never share a
// file. A folder (or glob) of them opens as one history, in the CLI and in the page, like any tool's outputs.
//   { "perftrack_record": 1, "result": { model_id, hardware_id, batch_size, sequence_length, precision,
//     throughput_items_per_second, latency_ms, memory_mb, power_watts, timestamp (ISO 8601), version_tag,
//     git_commit_hash, environment_hash, run_group_id } }
// Version 2 is one run of any benchmark tool's outputs (`perftrack record FILE… --to DIR`), stamped once:
//   { "perftrack_record": 2, "run": { commit, branch, time (ISO 8601), environment: { KEY: VALUE }, message,
//     inputs: [{ file, format }] }, "records": [{ dims: [[name, value]], metric, unit, direction, value, samples?,
//     version_tag? }] }
//   Optional, written by `perftrack import data.js` (files without them stay valid): run.commit_url,
//   run.author { name, username }, run.tool (the harness the history names), run.commit_time (the commit's own
//   time when run.time had to move to keep the history's order) and records[].range ("± 1.2%"); run.repo_url,
//   when given, links a run without commit_url as repo_url/commit/<commit>.
import type { Direction } from '../../model/metrics.ts';
import { isObject, parseTimestamp, type ArtifactImporter, type MeasurementRecord } from '../records.ts';
import { num, str } from './common.ts';
import { authorText, commitPage } from './github-action-benchmark.ts';

export const RECORD_FILE_VERSION = 1;
export const RUN_FILE_VERSION = 2;

/** What stamps every result of a recorded run. */
export interface RunStamp {
  commit: string | null;
  branch: string | null;
  /** ISO 8601. */
  time: string;
  environment: Record<string, string>;
  message: string | null;
}

export interface RunFileRecord {
  dims: [string, string | null][];
  metric: string;
  unit: string;
  direction: Direction;
  value: number;
  samples?: number[];
  version_tag?: string | null;
  /** The value's spread as its tool wrote it, e.g. "± 1.2%". */
  range?: string;
}

/** What a run imported from a history keeps beside its stamp. */
export interface RunContext {
  commit_url?: string;
  repo_url?: string;
  author?: { name?: string; username?: string };
  tool?: string;
  /** ISO 8601. */
  commit_time?: string;
}

export interface RunFile {
  perftrack_record: typeof RUN_FILE_VERSION;
  run: RunStamp & RunContext & { inputs: { file: string; format: string }[] };
  records: RunFileRecord[];
}

export function runFileText(run: RunFile['run'], records: RunFileRecord[]): string {
  const file: RunFile = { perftrack_record: RUN_FILE_VERSION, run, records };
  return JSON.stringify(file) + '\n';
}

/** The environment as one text per run (`KEY=VALUE` pairs in key order), the measurements' environment column. */
export function environmentText(environment: Record<string, string>): string | null {
  const keys = Object.keys(environment).sort();
  return keys.length ? keys.map((k) => `${k}=${environment[k]}`).join(', ') : null;
}

export interface RecordFileResult {
  model_id: number;
  hardware_id: number;
  batch_size: number;
  sequence_length: number | null;
  precision: string;
  throughput_items_per_second: number | null;
  latency_ms: number | null;
  memory_mb: number | null;
  power_watts: number | null;
  timestamp: string;
  version_tag: string | null;
  git_commit_hash: string | null;
  environment_hash: string | null;
  run_group_id: string | null;
}

export function recordFileText(result: RecordFileResult): string {
  return JSON.stringify({ perftrack_record: RECORD_FILE_VERSION, result }) + '\n';
}

const METRICS: [keyof RecordFileResult, string, string, 'higher' | 'lower'][] = [
  ['throughput_items_per_second', 'throughput', 'items/s', 'higher'],
  ['latency_ms', 'latency', 'ms', 'lower'],
  ['memory_mb', 'memory', 'MB', 'lower'],
  ['power_watts', 'power', 'W', 'lower'],
];

export const perftrackRecordImporter: ArtifactImporter = {
  format: 'perftrack record',
  detect({ json }) {
    if (!isObject(json)) return false;
    if (json.perftrack_record === RUN_FILE_VERSION) return isObject(json.run) && Array.isArray(json.records);
    return json.perftrack_record === RECORD_FILE_VERSION && isObject(json.result);
  },
  parse({ json, name }) {
    if ((json as { perftrack_record: number }).perftrack_record === RUN_FILE_VERSION)
      return parseRunFile(json as Record<string, unknown>, name);
    const r = (json as { result: Record<string, unknown> }).result;
    const ts = parseTimestamp(r.timestamp);
    if (ts === null) throw new Error('the result has no valid timestamp');
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
    const dims: [string, string | null][] = [
      ['model_id', text(r.model_id)],
      ['hardware_id', text(r.hardware_id)],
      ['batch_size', text(r.batch_size)],
      ['sequence_length', text(r.sequence_length)],
      ['precision', str(r.precision)],
    ];
    const records: MeasurementRecord[] = [];
    for (const [column, metric, unit, direction] of METRICS) {
      const value = num(r[column]);
      if (value === null) continue;
      records.push({
        ts,
        dims,
        metric,
        unit,
        direction,
        value,
        commit: str(r.git_commit_hash),
        versionTag: str(r.version_tag),
        runGroup: str(r.run_group_id) ?? name,
        environment: str(r.environment_hash),
      });
    }
    return { format: 'perftrack record', records, notes: [] };
  },
};

function parseRunFile(json: Record<string, unknown>, name: string) {
  const run = json.run as Record<string, unknown>;
  const ts = parseTimestamp(run.time);
  if (ts === null) throw new Error('the run has no valid time');
  const environment: Record<string, string> = {};
  if (isObject(run.environment))
    for (const [key, value] of Object.entries(run.environment)) environment[key] = String(value);
  const commit = str(run.commit);
  const stamp = {
    ts,
    commit,
    branch: str(run.branch),
    environment: environmentText(environment),
    runGroup: name,
    commitUrl: commitPage(run.commit_url, run.repo_url, commit),
    message: str(run.message),
    author: authorText(run.author),
    tool: str(run.tool),
  };
  const records: MeasurementRecord[] = [];
  for (const [i, r] of (json.records as unknown[]).entries()) {
    if (!isObject(r)) throw new Error(`record ${i + 1} is not an object`);
    const value = num(r.value);
    const dims = r.dims;
    if (
      value === null ||
      typeof r.metric !== 'string' ||
      typeof r.unit !== 'string' ||
      (r.direction !== 'higher' && r.direction !== 'lower') ||
      !Array.isArray(dims) ||
      !dims.every((d) => Array.isArray(d) && typeof d[0] === 'string' && (d[1] === null || typeof d[1] === 'string'))
    )
      throw new Error(`record ${i + 1} needs dims, metric, unit, direction (higher or lower) and a numeric value`);
    const samples = Array.isArray(r.samples) ? r.samples.map(num).filter((v) => v !== null) : undefined;
    records.push({
      ...stamp,
      dims: dims as [string, string | null][],
      metric: r.metric,
      unit: r.unit,
      direction: r.direction,
      value,
      ...(samples?.length ? { samples } : {}),
      versionTag: str(r.version_tag),
      range: str(r.range),
    });
  }
  return { format: 'perftrack record', records, notes: [] };
}
