// pytest-benchmark's JSON (`--benchmark-json`, `--benchmark-autosave`): machine_info, commit_info,
// datetime and benchmarks[] whose stats hold per-call times in seconds (`data` = every round's time
// when the run saved it). One record per benchmark: time [ns] = stats.mean, samples = stats.data.
import { isObject, type ArtifactImporter } from '../records.ts';
import {
  arr,
  buildDims,
  contentTime,
  dimText,
  malformed,
  num,
  obj,
  readJson,
  resolveTs,
  RunBuilder,
  samplesOf,
  str,
} from './common.ts';

function looksLikePytest(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || !Array.isArray(doc.benchmarks)) return false;
  const meta = isObject(doc.machine_info) || isObject(doc.commit_info);
  if (!meta) return false;
  if (doc.benchmarks.length === 0) return true;
  return doc.benchmarks.some(
    (b) => isObject(b) && isObject(b.stats) && (typeof b.fullname === 'string' || typeof b.name === 'string'),
  );
}

export const pytestBenchmarkImporter: ArtifactImporter = {
  format: 'pytest-benchmark',
  detect(input) {
    if (input.json === undefined && !(input.text.includes('"machine_info"') || input.text.includes('"commit_info"')))
      return false;
    return looksLikePytest(readJson(input));
  },
  parse(input) {
    const doc = readJson(input);
    if (!looksLikePytest(doc))
      malformed(
        'it is not a pytest-benchmark JSON object (machine_info / commit_info and a benchmarks list are expected).',
      );
    const run = new RunBuilder(this.format);
    const commitInfo = obj(doc.commit_info);
    const machineInfo = obj(doc.machine_info);
    const commit = str(commitInfo.id);
    const branch = str(commitInfo.branch);
    const commitTime = contentTime(commitInfo.time);
    const runTime = contentTime(doc.datetime);
    let contentTs = commitTime ?? runTime;
    if (commitInfo.dirty === true && runTime !== null) {
      contentTs = runTime;
      if (commitTime !== null)
        run.note(
          'The working tree had uncommitted changes: the run time (datetime) was used instead of the commit time.',
        );
    }
    const ts = resolveTs(contentTs, input, run.notes);
    const cpu = obj(machineInfo.cpu);
    const machine = str(cpu.brand_raw) ?? str(cpu.brand) ?? str(machineInfo.node);
    const system = [str(machineInfo.system), str(machineInfo.release)].filter(Boolean).join(' ');
    const python = [str(machineInfo.python_implementation), str(machineInfo.python_version)].filter(Boolean).join(' ');
    const environment = [system, python].filter(Boolean).join(', ') || null;

    let skipped = 0;
    for (const bench of arr(doc.benchmarks)) {
      if (!isObject(bench)) {
        skipped++;
        continue;
      }
      const fullname = str(bench.fullname) ?? str(bench.name);
      const stats = obj(bench.stats);
      const meanSeconds = num(stats.mean);
      if (!fullname || meanSeconds === null) {
        skipped++;
        continue;
      }
      const params = isObject(bench.params) ? Object.entries(bench.params) : [];
      // test_sort[quick-100] with params {algo, n}: the parameters become dimensions, the name loses its [id].
      const name = params.length ? fullname.replace(/\[[^\]]*\]$/, '') || fullname : fullname;
      const dims = buildDims(
        name,
        params.map(([k, v]): [string, string | null] => [k, dimText(v)]),
        machine,
      );
      run.add({
        ts,
        dims,
        metric: 'time',
        unit: 'ns',
        direction: 'lower',
        value: meanSeconds * 1e9,
        samples: samplesOf(stats.data, 1e9),
        commit,
        branch,
        runGroup: input.name,
        environment,
      });
    }
    if (skipped)
      run.note(`${skipped} benchmark entr${skipped === 1 ? 'y' : 'ies'} without a name or a mean time were skipped.`);
    if (arr(doc.benchmarks).length === 0)
      run.note('The file lists no benchmarks (was the run made with --benchmark-skip or --benchmark-disable?).');
    return run.finish();
  },
};
