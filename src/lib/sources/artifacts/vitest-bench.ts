// `vitest bench --outputJson <file>`: { files: [ { filepath, groups: [ { fullName, benchmarks: [ … ] } ] } ] }.
// Vitest 1–3 (tinybench 2) write flat results { id, name, rank, rme, hz, min, max, mean, median, p75,
// p99, p995, p999, sampleCount, samples, totalTime } with times in milliseconds; newer releases write
// { name, rank, numberOfSamples, latency { mean, min, max, p50 …, samples }, throughput { … }, period,
// totalTime }. samples is usually emptied by the reporter. One record per benchmark: time [ns] = mean.
import { isObject, type ArtifactImporter } from '../records.ts';
import { arr, buildDims, malformed, num, obj, readJson, resolveTs, RunBuilder, samplesOf, str } from './common.ts';

function looksLikeVitest(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || !Array.isArray(doc.files)) return false;
  return doc.files.some((f) => isObject(f) && typeof f.filepath === 'string' && Array.isArray(f.groups));
}

export const vitestBenchImporter: ArtifactImporter = {
  format: 'Vitest bench',
  detect(input) {
    if (input.json === undefined && !input.text.includes('"groups"')) return false;
    return looksLikeVitest(readJson(input));
  },
  parse(input) {
    const doc = readJson(input);
    if (!looksLikeVitest(doc))
      malformed('it is not a Vitest bench JSON report (files[].groups[].benchmarks[] expected).');
    const run = new RunBuilder(this.format);
    const ts = resolveTs(null, input, run.notes);
    let skipped = 0;
    for (const file of arr(doc.files)) {
      for (const group of arr(obj(file).groups)) {
        const g = obj(group);
        const groupName = str(g.fullName);
        for (const bench of arr(g.benchmarks)) {
          const b = obj(bench);
          const name = str(b.name);
          const latency = isObject(b.latency) ? b.latency : null;
          const meanMs = latency ? num(latency.mean) : num(b.mean);
          if (!name || meanMs === null) {
            skipped++;
            continue;
          }
          run.add({
            ts,
            dims: buildDims(name, [], null, [['group', groupName]]),
            metric: 'time',
            unit: 'ns',
            direction: 'lower',
            value: meanMs * 1e6,
            samples: samplesOf(latency ? latency.samples : b.samples, 1e6),
            runGroup: input.name,
            environment: null,
          });
        }
      }
    }
    if (skipped) run.note(`${skipped} benchmark(s) without a name or a mean time (failed or skipped) were left out.`);
    return run.finish();
  },
};
