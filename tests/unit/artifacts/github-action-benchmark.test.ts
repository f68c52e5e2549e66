import { describe, expect, it } from 'vitest';
import { githubActionBenchmarkImporter as importer } from '../../../src/lib/sources/artifacts/github-action-benchmark.ts';
import { expectDetection, fixture, toInput } from './fixtures.ts';

const PATH = 'dev/bench/data.js';
const GO = [
  ['benchmark', 'BenchmarkEncode/size=1KiB'],
  ['suite', 'Go Benchmark'],
];

describe('github-action-benchmark data.js', () => {
  it('detects its fixture and no other', () => expectDetection(importer, 'github-action-benchmark'));

  it('reads a whole history: one run per commit, units normalised', () => {
    const run = importer.parse(fixture('github-action-benchmark', PATH));
    expect(run.records).toHaveLength(9);
    const goTime = run.records.filter((r) => r.metric === 'time' && r.dims[1][1] === 'Go Benchmark');
    expect(goTime.map((r) => [r.dims, r.value, r.ts, r.commit, r.runGroup])).toEqual([
      [
        GO,
        2900,
        Date.UTC(2024, 2, 10, 11, 0, 0),
        'aa11bb22cc33dd44ee55ff6677889900aabbccdd',
        'dev/bench/data.js@aa11bb22cc33',
      ],
      [
        GO,
        2750,
        Date.UTC(2024, 2, 11, 9, 30, 0),
        'bb22cc33dd44ee55ff6677889900aabbccddeeff',
        'dev/bench/data.js@bb22cc33dd44',
      ],
    ]);
    const bytes = run.records.filter((r) => r.metric === 'bytes_allocated');
    expect(bytes.map((r) => [r.dims, r.value, r.unit, r.direction])).toEqual([
      [GO, 1152, 'B', 'lower'],
      [GO, 1024, 'B', 'lower'],
    ]);
    expect(run.records.filter((r) => r.metric === 'allocs').map((r) => r.value)).toEqual([3, 2]);

    const py = run.records.find((r) => r.dims[1][1] === 'Python Benchmark with pytest-benchmark')!;
    expect([py.metric, py.unit, py.direction]).toEqual(['throughput', 'ops/s', 'higher']);
    expect(py.value).toBeCloseTo(83333.333, 2);

    const llm = run.records.filter((r) => r.dims[1][1] === 'LLM serving');
    expect(llm.map((r) => [r.dims[0][1], r.metric, r.unit, r.direction, r.value])).toEqual([
      ['decode throughput', 'tokens/s', 'tokens/s', 'higher', 512.5],
      // The suite's tool is customBiggerIsBetter: the action charts and alerts every value of it as bigger-is-better.
      ['time to first token', 'time', 'ns', 'higher', 84_200_000],
    ]);
  });

  it('reads the same object saved as plain JSON, and hand-written JS literals', () => {
    const text = fixture('github-action-benchmark', PATH).text.replace(/^window\.BENCHMARK_DATA = /, '');
    const plain = importer.parse(toInput('data.json', text));
    expect(plain.records.map((r) => [r.dims, r.metric, r.value, r.ts])).toEqual(
      importer.parse(fixture('github-action-benchmark', PATH)).records.map((r) => [r.dims, r.metric, r.value, r.ts]),
    );
    const literal =
      "window.BENCHMARK_DATA = {\n  lastUpdate: 1574927128603,\n  repoUrl: 'https://github.com/user/repo',\n  entries: {\n    'Test benchmark': [\n      {\n        commit: { id: 'abc', message: 'm', timestamp: 'not a date', url: 'u' },\n        date: 1574927127603,\n        tool: 'cargo',\n        benches: [{ name: 'bench_fib_10', range: '± 20', unit: 'ns/iter', value: 100 }],\n      },\n    ],\n  },\n};\n";
    const run = importer.parse(toInput('data.js', literal));
    expect(run.records).toHaveLength(1);
    expect(run.records[0]).toMatchObject({ metric: 'time', unit: 'ns', value: 100, ts: 1574927127603, commit: 'abc' });
  });
});
