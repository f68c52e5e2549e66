// The console-output importers and github-action-benchmark's custom JSON, on upstream files (read in place) and
// small inline texts: names, dimensions, units and directions; and the tools we name but do not read.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImporter, parseArtifact } from '../../../src/lib/sources/artifacts/index.ts';
import { lookalike } from '../../../src/lib/sources/artifacts/lookalikes.ts';
import { githubActionBenchmarkImporter } from '../../../src/lib/sources/artifacts/github-action-benchmark.ts';
import { REAL } from '../../real-files.ts';
import { readInput } from '../../upstream/expectations.ts';
import { MTIME, toInput } from './fixtures.ts';

const EXTRACT = join(REAL, 'harness_outputs/github-action-benchmark/test/data/extract');
const BENCHER = join(REAL, 'harness_outputs/bencher_adapter/lib/bencher_adapter/tool_output');
const parse = (path: string) => parseArtifact(readInput(path))!;
const row = (r: {
  dims: [string, string | null][];
  metric: string;
  unit: string;
  direction: string;
  value: number;
}) => [r.dims, r.metric, r.unit, r.direction, r.value];

describe('console outputs', () => {
  it('cargo bench: ns/iter → time [ns], other units kept as written, no date so the mtime', () => {
    const run = parse(join(EXTRACT, 'cargo_output_units.txt'));
    expect(run.format).toBe('cargo bench (libtest)');
    expect(row(run.records[0])).toEqual([[['benchmark', 'cmov']], 'cycles/iter', 'cycles/iter', 'lower', 2835]);
    expect(row(run.records[3])).toEqual([[['benchmark', 'upload']], 'MS/s', 'MS/s', 'higher', 1911]);
    expect(run.records[0].ts).toBe(MTIME);
    const bencher = parse(join(BENCHER, 'rust/bench/many.txt'));
    expect(bencher.records.map((r) => [r.dims[0][1], r.value])).toEqual([
      ['tests::benchmark', 3161],
      ['tests::other_benchmark', 3161],
      ['tests::last_benchmark', 3161],
      ['tests::one_digit', 1000],
      ['tests::two_digit', 22e6],
      ['tests::three_digit', 333e9],
    ]);
  });

  it('Criterion: the middle estimate, picoseconds, names on their own line', () => {
    const run = parse(join(BENCHER, 'rust/criterion/many.txt'));
    expect(run.format).toBe('Criterion (console)');
    expect(run.records.find((r) => r.dims[0][1] === 'file')!.value).toBeCloseTo(0.3239, 12);
    const text =
      'Benchmarking a very long benchmark name indeed: Analyzing\na very long benchmark name indeed\n                        time:   [1.0 ms 1.5 ms 2.0 ms]\n                        thrpt:  [1.0 Kelem/s 2.0 Kelem/s 3.0 Kelem/s]\n';
    const long = parseArtifact(toInput('out.txt', text))!;
    expect(long.records.map(row)).toEqual([
      [[['benchmark', 'a very long benchmark name indeed']], 'time', 'ns', 'lower', 1.5e6],
      [[['benchmark', 'a very long benchmark name indeed']], 'items_per_second', 'items/s', 'higher', 2000],
    ]);
  });

  it('Catch2 console: test case and sections as a dimension, wrapped names joined', () => {
    const run = parse(join(BENCHER, 'cpp/catch2/issue_351.txt'));
    expect(run.format).toBe('Catch2 (console)');
    expect(run.records.map((r) => [r.dims, r.value])).toContainEqual([
      [
        ['benchmark', 'Fibonacci 10 with a long name'],
        ['test_case', 'Even More Fibonacci With a long name'],
      ],
      344,
    ]);
    expect(run.records.find((r) => r.dims[0][1] === 'Fibonacci 20')!.value).toBe(41731);
  });

  it('Benchmark.js: ops/sec → throughput, higher is better; Luau: ms with the driver', () => {
    expect(row(parse(join(EXTRACT, 'benchmarkjs_output.txt')).records[0])).toEqual([
      [['benchmark', 'fib(10)']],
      'throughput',
      'ops/s',
      'higher',
      1431759,
    ]);
    expect(row(parse(join(EXTRACT, 'benchmarkluau_output.txt')).records[0])).toEqual([
      [
        ['benchmark', 'base64'],
        ['driver', 'luau'],
      ],
      'time',
      'ns',
      'lower',
      15_041_000,
    ]);
  });
});

describe('github-action-benchmark', () => {
  it('custom JSON: the name is the series, range and extra are no dimensions, units by the unit model', () => {
    const run = parse(join(EXTRACT, 'customBiggerIsBetter_output.json'));
    expect(run.format).toBe('github-action-benchmark custom JSON');
    expect(run.records.map(row)).toEqual([
      [[['benchmark', 'My Custom Bigger Is Better Benchmark - Throughput']], 'throughput', 'ops/s', 'higher', 70],
      [[['benchmark', 'My Custom Bigger Is Better Benchmark - Free Memory']], 'memory', 'B', 'lower', 150e6],
    ]);
    expect(run.notes.join(' ')).toMatch(/does not say which way is better/);
  });

  it('data.js: an old Go unit with an aux metric is two metrics; sub-benchmark names stay whole; the tool decides direction', () => {
    const entry = (benches: object[], tool = 'go') => ({
      commit: { id: 'abc', timestamp: '2024-01-01T00:00:00Z' },
      date: 0,
      tool,
      benches,
    });
    const doc = {
      entries: {
        Go: [
          entry([
            { name: 'BenchmarkFib20WithAuxMetric', value: 50318, unit: 'ns/op\t         4.000 auxMetricUnits' },
            { name: 'BenchmarkFib/my/tabled/benchmark_-_20,var1=13,var2=14', value: 40537.456, unit: 'ns/op' },
          ]),
        ],
        Mem: [entry([{ name: 'peak', value: 28.4, unit: 'MiB' }], 'customSmallerIsBetter')],
        Rate: [entry([{ name: 'read', value: 2400, unit: 'MiB/s' }], 'customBiggerIsBetter')],
      },
    };
    const run = githubActionBenchmarkImporter.parse(
      toInput('data.js', `window.BENCHMARK_DATA = ${JSON.stringify(doc)}`),
    );
    expect(run.records.map((r) => [r.dims[0][1], r.metric, r.unit, r.direction, r.value])).toEqual([
      ['BenchmarkFib20WithAuxMetric', 'time', 'ns', 'lower', 50318],
      ['BenchmarkFib20WithAuxMetric', 'auxMetricUnits', 'auxMetricUnits', 'lower', 4],
      ['BenchmarkFib/my/tabled/benchmark_-_20,var1=13,var2=14', 'time', 'ns', 'lower', 40537.456],
      ['peak', 'memory', 'B', 'lower', 28.4 * 1024 * 1024],
      ['read', 'bytes_per_second', 'B/s', 'higher', 2400 * 1024 * 1024],
    ]);
    expect(run.records.every((r) => r.dims.length === 2)).toBe(true);
  });
});

describe('tools we do not read are named', () => {
  it.each([
    ['rust/iai/two.txt', 'iai / gungraun'],
    ['rust/gungraun/ansi-escapes.txt', 'iai / gungraun'],
    ['dart/benchmark_harness/one.txt', 'Dart benchmark_harness'],
    ['ruby/benchmark/two.txt', "Ruby's Benchmark module"],
    ['python/asv/six.txt', 'asv console output'],
    ['js/time/four.txt', 'console.time output'],
  ])('%s is not read and is named as %s', (file, tool) => {
    const input = readInput(join(BENCHER, file));
    expect(findImporter(input)).toBeNull();
    expect(lookalike(input)).toContain(tool);
  });

  it('a plain CSV or text is no lookalike', () => {
    expect(lookalike(toInput('a.csv', 'ts,metric,value\n2024-01-01,latency,12\n'))).toBeNull();
    expect(lookalike(toInput('notes.txt', 'Benchmark results\n\nnothing to see here\n'))).toBeNull();
  });
});
