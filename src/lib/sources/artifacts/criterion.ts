// Criterion.rs writes one folder per benchmark: target/criterion/<group>/<function>/<value>/{new,base,change}/
// with estimates.json (mean/median/std_dev/median_abs_dev/slope: point_estimate + confidence_interval,
// in ns), sample.json (iters[], times[]: total ns of each sample) and benchmark.json (group_id,
// function_id, value_str, full_id, directory_name, throughput). Each file is imported on its own:
//  - new/estimates.json → time [ns] = mean point estimate;
//  - new/sample.json → time [ns] with per-iteration samples times[i]/iters[i] (value = their mean);
//  - benchmark.json describes the benchmark but holds no measurement (no records, a note);
//  - base/ (the previous run, already imported when it was new/) and change/ (relative differences) are skipped.
// The benchmark name comes from the folder path, since estimates.json and sample.json do not name it.
import { isObject, type ArtifactImporter, type ArtifactInput } from '../records.ts';
import { buildDims, malformed, mean, num, obj, pathParts, readJson, resolveTs, RunBuilder, str } from './common.ts';

const STAT_KEYS = ['mean', 'median', 'std_dev', 'median_abs_dev', 'slope'];

function isEstimate(v: unknown): boolean {
  return isObject(v) && 'point_estimate' in v && (isObject(v.confidence_interval) || 'standard_error' in v);
}

function looksLikeEstimates(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || !isEstimate(doc.mean)) return false;
  return Object.keys(doc).every((k) => STAT_KEYS.includes(k)) && (isEstimate(doc.median) || isEstimate(doc.std_dev));
}

function looksLikeSample(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || !Array.isArray(doc.iters) || !Array.isArray(doc.times)) return false;
  return Object.keys(doc).every((k) => k === 'iters' || k === 'times' || k === 'sampling_mode');
}

function looksLikeBenchmarkJson(doc: unknown): doc is Record<string, unknown> {
  return (
    isObject(doc) && typeof doc.group_id === 'string' && typeof doc.full_id === 'string' && 'directory_name' in doc
  );
}

/** Tukey fences: [low severe, low mild, high mild, high severe], written next to sample.json. */
function looksLikeTukey(input: ArtifactInput, doc: unknown): boolean {
  return (
    /(^|[\\/])tukey\.json$/i.test(input.name) &&
    Array.isArray(doc) &&
    doc.length === 4 &&
    doc.every((v) => typeof v === 'number')
  );
}

type Kind = 'estimates' | 'sample' | 'benchmark' | 'tukey';

function kindOf(input: ArtifactInput): Kind | null {
  if (
    input.json === undefined &&
    !/point_estimate|"iters"|"group_id"|tukey/.test(input.text.slice(0, 4096) + input.name)
  )
    return null;
  const doc = readJson(input);
  if (looksLikeEstimates(doc)) return 'estimates';
  if (looksLikeSample(doc)) return 'sample';
  if (looksLikeBenchmarkJson(doc)) return 'benchmark';
  if (looksLikeTukey(input, doc)) return 'tukey';
  return null;
}

/** From …/criterion/<group>/<function>/<value>/new/estimates.json: the folder ("new") and the benchmark id ("group/function/value"). */
export function benchmarkFromPath(name: string): { folder: string | null; id: string | null } {
  const parts = pathParts(name);
  parts.pop(); // the file itself
  const folder = parts.pop() ?? null;
  const root = parts.lastIndexOf('criterion');
  const idParts = root >= 0 ? parts.slice(root + 1) : parts;
  return { folder, id: idParts.length ? idParts.join('/') : null };
}

export const criterionImporter: ArtifactImporter = {
  format: 'Criterion.rs',
  detect(input) {
    return kindOf(input) !== null;
  },
  parse(input) {
    const kind = kindOf(input);
    if (!kind) malformed('it is not a Criterion.rs estimates.json, sample.json or benchmark.json file.');
    const run = new RunBuilder(this.format);
    const doc = obj(readJson(input));
    if (kind === 'tukey') {
      run.note(
        'tukey.json holds the outlier fences of a Criterion.rs sample, not a measurement; import sample.json or estimates.json.',
      );
      return run.finish();
    }
    if (kind === 'benchmark') {
      run.note(
        `benchmark.json describes the Criterion.rs benchmark "${str(doc.full_id) ?? str(doc.title) ?? '?'}" but holds no measurement; ` +
          'its estimates.json and sample.json (in new/) carry the numbers. Drop the whole target/criterion folder to import them.',
      );
      return run.finish();
    }
    const { folder, id } = benchmarkFromPath(input.name);
    if (folder === 'change') {
      run.note(
        'This is a change/ file: Criterion.rs relative differences between two runs, not a measurement. It was skipped.',
      );
      return run.finish();
    }
    if (folder === 'base') {
      run.note(
        'This is a base/ file: the copy Criterion.rs keeps of the previous run (imported when it was new/). It was skipped.',
      );
      return run.finish();
    }
    if (!id) {
      malformed(
        `${kind === 'estimates' ? 'estimates.json' : 'sample.json'} does not name its benchmark; the name comes from its folder ` +
          '(target/criterion/<group>/<benchmark>/new/). Drop the target/criterion folder (or the benchmark folder) instead of the single file.',
      );
    }
    if (folder && folder !== 'new') run.note(`Read from the saved baseline "${folder}" (not new/).`);
    const ts = resolveTs(null, input, run.notes);
    const dims = buildDims(id, [], null);
    const base = { ts, dims, runGroup: input.name, environment: null };
    if (kind === 'estimates') {
      const meanNs = num(obj(doc.mean).point_estimate);
      if (meanNs === null) malformed('estimates.json has no numeric mean.point_estimate.');
      run.add({ ...base, metric: 'time', unit: 'ns', direction: 'lower', value: meanNs });
      return run.finish();
    }
    const iters = Array.isArray(doc.iters) ? doc.iters : [];
    const times = Array.isArray(doc.times) ? doc.times : [];
    if (iters.length !== times.length)
      run.note(`sample.json has ${iters.length} iteration counts but ${times.length} times: only the pairs were used.`);
    const perIteration: number[] = [];
    let bad = 0;
    for (let i = 0; i < Math.min(iters.length, times.length); i++) {
      const n = num(iters[i]);
      const t = num(times[i]);
      const v = n !== null && t !== null && n > 0 ? t / n : NaN;
      if (Number.isFinite(v)) perIteration.push(v);
      else bad++;
    }
    if (bad) run.note(`${bad} sample(s) without a positive iteration count or a numeric time were skipped.`);
    if (!perIteration.length)
      malformed('sample.json holds no usable samples (iters[] and times[] are empty or not numbers).');
    run.add({
      ...base,
      metric: 'time',
      unit: 'ns',
      direction: 'lower',
      value: mean(perIteration),
      samples: perIteration,
    });
    return run.finish();
  },
};
