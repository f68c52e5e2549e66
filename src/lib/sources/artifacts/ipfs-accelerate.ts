// The IPFS Accelerate benchmark runner's benchmark_results.json: nested
// family → model → hardware → { benchmark_results: { batch_B_seq_S: { latencies [s], avg_latency, throughput } } },
// sometimes wrapped in performance_benchmarks.<family>. Each file is one run.
import { isObject, parseTimestamp, type ArtifactImporter, type MeasurementRecord } from '../records.ts';

const CONFIG_KEY = /^batch_(\d+)(?:_seq_(\d+))?$/;

interface RunnerEntry {
  model: string;
  hardware: string;
  family: string | null;
  ts: number | null;
  configs: Record<string, unknown>;
}

function collect(node: unknown, inheritedTs: number | null, out: RunnerEntry[], depth = 0): void {
  if (!isObject(node) || depth > 12) return;
  const ts = parseTimestamp(node.timestamp) ?? inheritedTs;
  if (isObject(node.benchmark_results) && typeof node.model_name === 'string') {
    out.push({
      model: node.model_name,
      hardware: String(node.hardware ?? 'unknown'),
      family: typeof node.family === 'string' ? node.family : null,
      ts: parseTimestamp(node.timestamp) ?? inheritedTs,
      configs: node.benchmark_results,
    });
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === 'functionality_verification' || key === 'system_info' || key === 'hardware_details') continue;
    collect(child, ts, out, depth + 1);
  }
}

function hasRunnerShape(node: unknown, depth = 0): boolean {
  if (!isObject(node) || depth > 8) return false;
  if (isObject(node.benchmark_results) && typeof node.model_name === 'string') return true;
  return Object.values(node).some((child) => hasRunnerShape(child, depth + 1));
}

export const ipfsRunnerImporter: ArtifactImporter = {
  format: 'IPFS Accelerate benchmark runner',
  detect({ json }) {
    return (
      isObject(json) &&
      (isObject(json.benchmarks) || isObject(json.performance_benchmarks)) &&
      (hasRunnerShape(json) || 'timestamp' in json)
    );
  },
  parse({ json, name: fileName }) {
    const entries: RunnerEntry[] = [];
    const root = json as Record<string, unknown>;
    const runTs = parseTimestamp(root.timestamp);
    collect(root, runTs, entries);
    const machine =
      isObject(root.system_info) && typeof root.system_info.hostname === 'string' ? root.system_info.hostname : null;
    const records: MeasurementRecord[] = [];
    let skipped = 0;
    for (const entry of entries) {
      for (const [configName, result] of Object.entries(entry.configs)) {
        const match = CONFIG_KEY.exec(configName);
        if (!match || !isObject(result) || (result.status && result.status !== 'completed')) {
          skipped++;
          continue;
        }
        const ts = entry.ts ?? runTs;
        if (ts === null) {
          skipped++;
          continue;
        }
        const batch = Number(match[1]);
        const dims: [string, string | null][] = [
          ['model', entry.model],
          ['hardware', entry.hardware],
          ['batch_size', match[1]],
          ['sequence_length', match[2] ?? null],
        ];
        const base = { ts, dims, runGroup: fileName, environment: machine };
        const latencies = Array.isArray(result.latencies)
          ? result.latencies.filter((v): v is number => typeof v === 'number' && v > 0)
          : [];
        const avg = typeof result.avg_latency === 'number' ? result.avg_latency : null;
        if (avg !== null || latencies.length > 0) {
          const samples = latencies.map((s) => s * 1000);
          const value = avg !== null ? avg * 1000 : samples.reduce((a, b) => a + b, 0) / samples.length;
          records.push({
            ...base,
            metric: 'latency',
            unit: 'ms',
            direction: 'lower',
            value,
            samples: samples.length ? samples : undefined,
          });
        }
        if (typeof result.throughput === 'number') {
          const samples = latencies.map((s) => batch / s);
          records.push({
            ...base,
            metric: 'throughput',
            unit: 'items/s',
            direction: 'higher',
            value: result.throughput,
            samples: samples.length ? samples : undefined,
          });
        }
      }
    }
    const notes = skipped > 0 ? [`${skipped} configuration(s) without a completed measurement were skipped.`] : [];
    return { format: this.format, records, notes };
  },
};

/** The same project's per-model files `benchmark_<model>_<hardware>_<time>.json`:
 *  { model_path, hardware_key, timestamp, batch_sizes: { "1": { throughput, latency_ms, memory_usage_mb } } }. */
export const ipfsModelFileImporter: ArtifactImporter = {
  format: 'IPFS Accelerate per-model benchmark',
  detect({ json }) {
    return (
      isObject(json) && isObject(json.batch_sizes) && ('model' in json || 'model_path' in json) && 'hardware' in json
    );
  },
  parse({ json, name: fileName }) {
    const root = json as Record<string, unknown>;
    const ts = parseTimestamp(root.timestamp);
    const model = String(root.model_path ?? root.model);
    const hardware = String(root.hardware_key ?? root.hardware).toLowerCase();
    const records: MeasurementRecord[] = [];
    if (ts === null) return { format: this.format, records, notes: ['the file has no readable timestamp'] };
    for (const [batch, result] of Object.entries(root.batch_sizes as Record<string, unknown>)) {
      if (!isObject(result) || result.success === false) continue;
      const base = {
        ts,
        dims: [
          ['model', model],
          ['hardware', hardware],
          ['batch_size', batch],
        ] as [string, string][],
        runGroup: fileName,
      };
      if (typeof result.throughput === 'number')
        records.push({ ...base, metric: 'throughput', unit: 'items/s', direction: 'higher', value: result.throughput });
      if (typeof result.latency_ms === 'number')
        records.push({ ...base, metric: 'latency', unit: 'ms', direction: 'lower', value: result.latency_ms });
      if (typeof result.memory_usage_mb === 'number')
        records.push({ ...base, metric: 'memory', unit: 'MB', direction: 'lower', value: result.memory_usage_mb });
    }
    return { format: this.format, records, notes: [] };
  },
};
