// BenchmarkDotNet's JSON exporters (`*-report-full.json`, `*-report-full-compressed.json`,
// `*-report-brief.json`, `*-report.json`): Title ("<Type>-yyyyMMdd-HHmmss"), HostEnvironmentInfo
// (ProcessorName, OsVersion, RuntimeVersion …) and Benchmarks[] with Namespace/Type/Method, Parameters
// ("A=1&B=x"), Statistics (Mean, Median, StandardDeviation, N, OriginalValues — ns per operation) and
// Memory (BytesAllocatedPerOperation, Gen0/1/2Collections over TotalOperations).
import { isObject, type ArtifactImporter } from '../records.ts';
import {
  arr,
  buildDims,
  malformed,
  num,
  obj,
  readJson,
  resolveTs,
  RunBuilder,
  samplesOf,
  str,
  timeInText,
} from './common.ts';

function looksLikeBdn(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || !Array.isArray(doc.Benchmarks)) return false;
  if (!isObject(doc.HostEnvironmentInfo) && typeof doc.Title !== 'string') return false;
  return (
    doc.Benchmarks.length === 0 ||
    doc.Benchmarks.some((b) => isObject(b) && ('Statistics' in b || 'Method' in b || 'FullName' in b))
  );
}

/** "N=10&Kind=fast" → [[N, 10], [Kind, fast]] (values URL-decoded when they are encoded). */
export function parseBdnParameters(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    let decoded = value;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      // keep the raw text
    }
    out.push([key, decoded]);
  }
  return out;
}

/** The job of a benchmark from DisplayInfo "Type.Method: Job-ABCDEF(Runtime=.NET 8.0, …)". Auto-generated
 *  job ids change from run to run, so their characteristics are used instead. */
function jobOf(displayInfo: string | null): string | null {
  if (!displayInfo) return null;
  const colon = displayInfo.lastIndexOf(': ');
  if (colon < 0) return null;
  // "DefaultJob [N=10]": the bracket repeats the parameters, which are dimensions of their own.
  const job = displayInfo
    .slice(colon + 2)
    .replace(/\s*\[[^\]]*\]$/, '')
    .trim();
  const generated = /^Job-[A-Z0-9]{6}\((.*)\)$/.exec(job);
  if (generated) return generated[1];
  return job || null;
}

export const benchmarkDotNetImporter: ArtifactImporter = {
  format: 'BenchmarkDotNet',
  detect(input) {
    if (input.json === undefined && !input.text.includes('"Benchmarks"')) return false;
    return looksLikeBdn(readJson(input));
  },
  parse(input) {
    const doc = readJson(input);
    if (!looksLikeBdn(doc))
      malformed('it is not a BenchmarkDotNet JSON report (Title, HostEnvironmentInfo and Benchmarks are expected).');
    const run = new RunBuilder(this.format);
    const host = obj(doc.HostEnvironmentInfo);
    const title = str(doc.Title);
    const ts = resolveTs(title ? timeInText(title) : null, input, run.notes);
    const machine = str(host.ProcessorName);
    const environment = [str(host.OsVersion), str(host.RuntimeVersion)].filter(Boolean).join(', ') || null;
    if (str(host.Configuration) === 'DEBUG')
      run.note('The benchmarks were built in DEBUG configuration: timings may not be representative.');
    let failed = 0;
    for (const bench of arr(doc.Benchmarks)) {
      if (!isObject(bench)) {
        failed++;
        continue;
      }
      const type = str(bench.Type);
      const method = str(bench.Method) ?? str(bench.MethodTitle);
      const ns = str(bench.Namespace);
      const fullName = str(bench.FullName);
      const name =
        type && method ? [ns, type, method].filter(Boolean).join('.') : (fullName?.replace(/\(.*\)$/, '') ?? null);
      const stats = isObject(bench.Statistics) ? bench.Statistics : null;
      const meanNs = stats ? num(stats.Mean) : null;
      if (!name || meanNs === null) {
        failed++;
        continue;
      }
      const params = parseBdnParameters(str(bench.Parameters) ?? '');
      const job = jobOf(str(bench.DisplayInfo));
      const dims = buildDims(name, params, machine, job ? [['job', job]] : []);
      const base = { ts, dims, runGroup: input.name, environment };
      run.add({
        ...base,
        metric: 'time',
        unit: 'ns',
        direction: 'lower',
        value: meanNs,
        samples: samplesOf(stats!.OriginalValues),
      });
      const memory = isObject(bench.Memory) ? bench.Memory : null;
      // Memory is always written; it was measured only when the MemoryDiagnoser reported metrics (or any count is non-zero).
      const measured =
        memory !== null &&
        (arr(bench.Metrics).some((m) =>
          /^(Allocated Memory|Gen[012]Collects)$/.test(str(obj(obj(m).Descriptor).Id) ?? ''),
        ) ||
          ['BytesAllocatedPerOperation', 'Gen0Collections', 'Gen1Collections', 'Gen2Collections'].some(
            (k) => (num(memory[k]) ?? 0) > 0,
          ));
      if (memory && measured) {
        const allocated = num(memory.BytesAllocatedPerOperation);
        if (allocated !== null)
          run.add({ ...base, metric: 'bytes_allocated', unit: 'B', direction: 'lower', value: allocated });
        const ops = num(memory.TotalOperations);
        if (ops !== null && ops > 0) {
          for (const gen of [0, 1, 2]) {
            const count = num(memory[`Gen${gen}Collections`]);
            if (count !== null)
              run.add({
                ...base,
                metric: `gc_gen${gen}`,
                unit: 'per 1k ops',
                direction: 'lower',
                value: (count / ops) * 1000,
              });
          }
        }
      }
    }
    if (failed) run.note(`${failed} benchmark(s) without statistics (failed or not run) were skipped.`);
    return run.finish();
  },
};
