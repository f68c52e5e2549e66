// Outputs of benchmark tools perftrack does not read, recognised by a line or key their tools always write, so
// such a file is refused as "unrecognised benchmark output (looks like X)" instead of failing as a CSV table.
import { isObject, type ArtifactInput } from '../records.ts';

const TEXT_SIGNS: [RegExp, string][] = [
  [/^\s*(Instructions|L1 Hits|L1 Accesses|Estimated Cycles):\s+\S/m, 'iai / gungraun (Valgrind instruction counts)'],
  [/^\s*={3,} (CALLGRIND|CACHEGRIND|DHAT|DRD|HELGRIND|MEMCHECK) =+/m, 'gungraun (Valgrind tool summaries)'],
  [
    /"module_path"\s*:[\s\S]{0,4000}"benchmark_exe"\s*:|"benchmark_exe"\s*:[\s\S]{0,4000}"module_path"\s*:/,
    'gungraun JSON',
  ],
  [/^\S.*\(RunTime\): [\d.]+ us\.$/m, 'Dart benchmark_harness'],
  [/^\s+user\s+system\s+total\s+real\s*$/m, "Ruby's Benchmark module"],
  [/^\[\s*\d+\.\d+%\] ·+ /m, 'asv console output (asv reads its results folder: results/<machine>/*.json)'],
  [/^\s*Time \(mean ± σ\):/m, 'hyperfine console output (run hyperfine with --export-json)'],
  [/^Benchmark\s+Time\s+CPU\s+Iterations/m, 'Google Benchmark console output (run with --benchmark_format=json)'],
  [/^Benchmark\s+Mode\s+Cnt\s+Score\s+Error\s+Units/m, 'JMH console output (run with -rf json)'],
  [/^-+ benchmark: \d+ tests? -+/m, 'pytest-benchmark console output (run with --benchmark-json)'],
  [/^\|\s*Method\s*\|.*\|\s*Mean\s*\|/m, 'a BenchmarkDotNet Markdown table (use its JSON exporter)'],
  [/: [\d.]+m?s - timer ended$/m, 'console.time output'],
  [/^Benchmarking .+: (Warming up|Collecting|Analyzing)/m, 'Criterion console output without results'],
  [
    /^test result: \w+\. \d+ passed; \d+ failed; \d+ ignored; \d+ measured/m,
    'cargo test or cargo bench output without benchmark results',
  ],
];

/** The tool whose output this looks like, when perftrack does not read it; null otherwise. */
export function lookalike(input: ArtifactInput): string | null {
  const cut = cutShortHistory(input);
  if (cut) return cut;
  const doc = input.json;
  if (isObject(doc) && typeof doc.Action === 'string' && 'Package' in doc)
    return 'go test -json (run go test -bench without -json)';
  // eslint-disable-next-line no-control-regex -- terminal colour codes (ESC [ … m) are what is stripped
  const head = input.text.slice(0, 1 << 16).replace(/\u001b\[[0-9;]*m/g, '');
  for (const [sign, tool] of TEXT_SIGNS) if (sign.test(head)) return tool;
  return null;
}

/**
 * A github-action-benchmark history (`window.BENCHMARK_DATA = {…}`) whose object does not parse to its end: a
 * download or copy that stopped part-way. Said as such (with what to do), not as an unknown format.
 */
export function cutShortHistory(input: ArtifactInput): string | null {
  if (!/^\s*window\.BENCHMARK_DATA\s*=/.test(input.text.slice(0, 256))) return null;
  const body = input.text.replace(/^\s*window\.BENCHMARK_DATA\s*=\s*/, '').replace(/;?\s*$/, '');
  try {
    JSON.parse(body);
    return null;
  } catch {
    return 'a github-action-benchmark data.js history that is cut short: its window.BENCHMARK_DATA object ends before it is complete; download or copy the whole file again';
  }
}

/**
 * Files a benchmark tool writes beside its results to describe them, which hold no results of their own: read as
 * that, not counted among outputs without completed measurements. Null for anything else.
 */
export function metadataFile(input: ArtifactInput): string | null {
  const doc = input.json;
  if (!isObject(doc)) return null;
  const entries = Object.entries(doc).filter(([key]) => key !== 'version');
  const isBenchmarkList =
    entries.length > 0 &&
    entries.every(([, v]) => isObject(v) && typeof v.code === 'string' && typeof v.name === 'string' && 'type' in v);
  if (isBenchmarkList) return "asv's benchmark list (benchmarks.json: names, parameters and units of the suite)";
  if (/(^|[\\/])machine\.json$/i.test(input.name) && typeof doc.machine === 'string')
    return "asv's machine description (machine.json)";
  if (/(^|[\\/])asv\.conf\.json$/i.test(input.name)) return "asv's configuration (asv.conf.json)";
  return null;
}
