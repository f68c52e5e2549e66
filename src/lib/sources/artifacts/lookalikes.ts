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
  const doc = input.json;
  if (isObject(doc) && typeof doc.Action === 'string' && 'Package' in doc)
    return 'go test -json (run go test -bench without -json)';
  // eslint-disable-next-line no-control-regex -- terminal colour codes (ESC [ … m) are what is stripped
  const head = input.text.slice(0, 1 << 16).replace(/\u001b\[[0-9;]*m/g, '');
  for (const [sign, tool] of TEXT_SIGNS) if (sign.test(head)) return tool;
  return null;
}
