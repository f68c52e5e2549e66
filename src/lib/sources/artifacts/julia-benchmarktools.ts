// Julia BenchmarkTools results saved with BenchmarkTools.save (JSON):
//   [ {"Julia": "1.7.0", "BenchmarkTools": "1.0.0"}, [ ["BenchmarkGroup", {"data": {"fib": ["BenchmarkGroup",
//     {"data": {"10": ["TrialEstimate", {"time": 246.0, "memory": 0, "allocs": 0, "gctime": 0, "params": …}]}}]}}] ] ]
// Every value is tagged with its Julia type. Groups nest; a result's name is its keys joined by "/" (fib/10).
// A TrialEstimate gives time [ns], memory → bytes_allocated [B] and allocs; a Trial (raw) gives its times as
// samples [ns] (value: their mean) besides memory and allocs. The file carries no date.
import { isObject, type ArtifactImporter } from '../records.ts';
import { arr, buildDims, malformed, mean, num, obj, readJson, resolveTs, RunBuilder, samplesOf } from './common.ts';

function looksLikeJulia(doc: unknown): doc is [Record<string, unknown>, unknown[]] {
  return (
    Array.isArray(doc) && doc.length === 2 && isObject(doc[0]) && 'BenchmarkTools' in doc[0] && Array.isArray(doc[1])
  );
}

interface Result {
  name: string;
  type: string;
  fields: Record<string, unknown>;
}

/** Results under a tagged value, depth-first, with their names (keys joined by "/"). */
function collect(value: unknown, path: string[], out: Result[], depth = 0): void {
  if (depth > 64 || !Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') return;
  const [type, fields] = value as [string, unknown];
  if (type === 'BenchmarkGroup') {
    for (const [key, child] of Object.entries(obj(obj(fields).data))) collect(child, [...path, key], out, depth + 1);
  } else if (type === 'TrialEstimate' || type === 'Trial') {
    out.push({ name: path.join('/') || type, type, fields: obj(fields) });
  }
}

export const juliaBenchmarkToolsImporter: ArtifactImporter = {
  format: 'Julia BenchmarkTools',
  detect(input) {
    return input.json !== undefined && looksLikeJulia(input.json);
  },
  parse(input) {
    const doc = readJson(input);
    if (!looksLikeJulia(doc))
      malformed('it is not a BenchmarkTools.save file ([{"BenchmarkTools": version}, [results]] expected).');
    const results: Result[] = [];
    for (const top of arr(doc[1])) collect(top, [], results);
    const run = new RunBuilder(this.format);
    const ts = resolveTs(null, input, run.notes);
    const julia = typeof doc[0].Julia === 'string' ? `Julia ${doc[0].Julia}` : null;
    for (const r of results) {
      const dims = buildDims(r.name, [], null);
      const base = { ts, dims, runGroup: input.name, environment: julia };
      const samples = r.type === 'Trial' ? samplesOf(r.fields.times) : undefined;
      const time = samples ? mean(samples) : num(r.fields.time);
      if (time !== null) run.add({ ...base, metric: 'time', unit: 'ns', direction: 'lower', value: time, samples });
      const memory = num(r.fields.memory);
      if (memory !== null)
        run.add({ ...base, metric: 'bytes_allocated', unit: 'B', direction: 'lower', value: memory });
      const allocs = num(r.fields.allocs);
      if (allocs !== null) run.add({ ...base, metric: 'allocs', unit: 'allocs', direction: 'lower', value: allocs });
    }
    if (!results.length) run.note('The file holds no benchmark results (TrialEstimate or Trial).');
    return run.finish();
  },
};
