// One result written by `perftrack record --out DIR`: a small JSON file per run, so parallel CI jobs never share a
// file. A folder (or glob) of them opens as one history, in the CLI and in the page, like any tool's outputs.
//   { "perftrack_record": 1, "result": { model_id, hardware_id, batch_size, sequence_length, precision,
//     throughput_items_per_second, latency_ms, memory_mb, power_watts, timestamp (ISO 8601), version_tag,
//     git_commit_hash, environment_hash, run_group_id } }
import { isObject, parseTimestamp, type ArtifactImporter, type MeasurementRecord } from '../records.ts';
import { num, str } from './common.ts';

export const RECORD_FILE_VERSION = 1;

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
    return isObject(json) && json.perftrack_record === RECORD_FILE_VERSION && isObject(json.result);
  },
  parse({ json, name }) {
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
