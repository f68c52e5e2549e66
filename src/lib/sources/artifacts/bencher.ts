// Bencher Metric Format (BMF) JSON: { "<benchmark>": { "<measure slug>": { "value": n,
// "lower_value"?: n, "upper_value"?: n } } }. Bencher's built-in measures: latency (ns), throughput
// (operations/second), build-time (seconds), file-size (bytes); other slugs are custom measures whose
// unit is not in the file. The file carries no date. Detection is strict (every measure an object
// with a numeric value and nothing but value/lower_value/upper_value), since the shape is generic.
import { isObject, type ArtifactImporter } from '../records.ts';
import {
  buildDims,
  inferDirectionFor,
  malformed,
  num,
  plural,
  readJson,
  resolveTs,
  RunBuilder,
  type MetricKind,
} from './common.ts';

const METRIC_KEYS = new Set(['value', 'lower_value', 'upper_value']);

function isMetric(v: unknown): boolean {
  return isObject(v) && typeof v.value === 'number' && Object.keys(v).every((k) => METRIC_KEYS.has(k));
}

function looksLikeBmf(doc: unknown): doc is Record<string, Record<string, Record<string, unknown>>> {
  if (!isObject(doc)) return false;
  const benchmarks = Object.values(doc);
  if (!benchmarks.length) return false;
  return benchmarks.every((b) => isObject(b) && Object.keys(b).length > 0 && Object.values(b).every(isMetric));
}

const MEASURES: Record<string, MetricKind> = {
  latency: { metric: 'time', unit: 'ns', direction: 'lower', factor: 1 },
  throughput: { metric: 'throughput', unit: 'ops/s', direction: 'higher', factor: 1 },
  'build-time': { metric: 'build_time', unit: 's', direction: 'lower', factor: 1 },
  'file-size': { metric: 'file_size', unit: 'B', direction: 'lower', factor: 1 },
};

export const bencherImporter: ArtifactImporter = {
  format: 'Bencher Metric Format',
  detect(input) {
    if (input.json === undefined && !input.text.includes('"value"')) return false;
    return looksLikeBmf(readJson(input));
  },
  parse(input) {
    const doc = readJson(input);
    if (!looksLikeBmf(doc))
      malformed('it is not Bencher Metric Format JSON ({ benchmark: { measure: { value } } } expected).');
    const run = new RunBuilder(this.format);
    const ts = resolveTs(null, input, run.notes);
    const custom = new Set<string>();
    for (const [benchmark, measures] of Object.entries(doc)) {
      for (const [slug, metric] of Object.entries(measures)) {
        const value = num(metric.value);
        if (value === null) continue;
        const kind = MEASURES[slug] ?? null;
        if (!kind) custom.add(slug);
        run.add({
          ts,
          dims: buildDims(benchmark, [], null),
          metric: kind ? kind.metric : slug,
          unit: kind ? kind.unit : '',
          direction: kind ? kind.direction : inferDirectionFor(slug),
          value: value * (kind ? kind.factor : 1),
          runGroup: input.name,
          environment: null,
        });
      }
    }
    if (custom.size)
      run.note(
        `Custom measure(s) ${[...custom].slice(0, 6).join(', ')} were imported without a unit (Bencher keeps their units on the server), ${plural(custom.size, 'measure')} in all.`,
      );
    return run.finish();
  },
};
