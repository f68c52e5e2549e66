// github-action-benchmark's custom tool input (`tool: customBiggerIsBetter` / `customSmallerIsBetter`): a JSON array
//   [ { "name": "My Benchmark - Throughput", "unit": "req/s", "value": 70, "range"?: "±3", "extra"?: "…" } ]
// Each name is a series (benchmark), its unit kept as the unit model reads it (req/s → throughput [ops/s],
// Megabytes → memory [B], others as written). `range` and `extra` are free text for the action's tooltip, not
// dimensions. Which way is better is set in the workflow (`tool:`), not in the file: it follows from the unit
// (rates higher, times and sizes lower), else from the name, with a note. The file carries no date.
import { isObject, type ArtifactImporter } from '../records.ts';
import { buildDims, malformed, num, readJson, resolveTs, RunBuilder, str } from './common.ts';
import { addMeasured } from './text-lines.ts';

const KEYS = new Set(['name', 'unit', 'value', 'range', 'extra']);

function isBench(v: unknown): v is Record<string, unknown> {
  return (
    isObject(v) &&
    typeof v.name === 'string' &&
    typeof v.unit === 'string' &&
    typeof v.value === 'number' &&
    Object.keys(v).every((k) => KEYS.has(k))
  );
}

function looksLikeCustom(doc: unknown): doc is Record<string, unknown>[] {
  return Array.isArray(doc) && doc.length > 0 && doc.every(isBench);
}

export const githubActionBenchmarkCustomImporter: ArtifactImporter = {
  format: 'github-action-benchmark custom JSON',
  detect(input) {
    if (input.json === undefined && !input.text.slice(0, 4096).includes('"unit"')) return false;
    return looksLikeCustom(readJson(input));
  },
  parse(input) {
    const doc = readJson(input);
    if (!looksLikeCustom(doc))
      malformed('it is not a github-action-benchmark custom array ([{ name, unit, value }] expected).');
    const run = new RunBuilder(this.format);
    const ts = resolveTs(null, input, run.notes);
    let custom = 0;
    for (const bench of doc) {
      const name = str(bench.name);
      const value = num(bench.value);
      if (!name || value === null) continue;
      if (!addMeasured(run, ts, input, { dims: buildDims(name, [], null), value, unit: String(bench.unit).trim() }))
        custom++;
    }
    run.note(
      "The custom format does not say which way is better (the workflow's tool: does): it was inferred from each unit and name.",
    );
    if (custom)
      run.note('Values in units other than time, sizes and rates keep their unit as written, as metric name.');
    return run.finish();
  },
};
