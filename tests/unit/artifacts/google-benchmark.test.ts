import { describe, expect, it } from 'vitest';
import {
  googleBenchmarkImporter as importer,
  splitRunName,
} from '../../../src/lib/sources/artifacts/google-benchmark.ts';
import { expectDetection, fixture, pick } from './fixtures.ts';

describe('Google Benchmark', () => {
  it('detects its fixtures and no other', () => expectDetection(importer, 'google-benchmark'));

  it('turns repetitions into samples and keeps real/cpu time apart', () => {
    const run = importer.parse(fixture('google-benchmark', 'bench_results.json'));
    expect(run.records).toHaveLength(7);
    const dims = [
      ['benchmark', 'BM_VectorPush'],
      ['size', '64'],
      ['machine', 'ci-runner-07'],
    ];
    const real = pick(run, 'real_time', ['benchmark', 'BM_VectorPush']);
    expect(real.dims).toEqual(dims);
    expect(real.value).toBeCloseTo(120, 9); // mean of the 3 iteration rows, not the aggregates
    expect(real.samples).toEqual([120, 124, 116]);
    expect(real.ts).toBe(Date.UTC(2024, 2, 12, 9, 15, 3)); // 10:15:03+01:00
    expect(real.environment).toBe('8 CPUs, 3000 MHz, release build');
    const cpu = pick(run, 'cpu_time', ['benchmark', 'BM_VectorPush']);
    expect(cpu.value).toBeCloseTo(119, 9);
    expect(cpu.samples).toEqual([119, 123, 115]);
    const items = pick(run, 'items_per_second', ['benchmark', 'BM_VectorPush']);
    expect(items.unit).toBe('items/s');
    expect(items.direction).toBe('higher');
    expect(items.value).toBeCloseTo((537815126.05042019 + 520325203.25203252 + 556521739.13043475) / 3, 3);
    expect(items.samples).toHaveLength(3);
  });

  it('converts time units, splits arguments and keeps custom counters', () => {
    const run = importer.parse(fixture('google-benchmark', 'bench_results.json'));
    const real = pick(run, 'real_time', ['benchmark', 'BM_MapLookup']);
    expect(real.dims).toEqual([
      ['benchmark', 'BM_MapLookup'],
      ['arg0', '1024'],
      ['timer', 'real_time'],
      ['machine', 'ci-runner-07'],
    ]);
    expect(real.value).toBeCloseTo(28_500, 6); // 28.5 us
    expect(real.samples).toBeUndefined();
    expect(pick(run, 'cpu_time', ['benchmark', 'BM_MapLookup']).value).toBeCloseTo(28_400, 6);
    const bytes = pick(run, 'bytes_per_second', ['benchmark', 'BM_MapLookup']);
    expect([bytes.unit, bytes.direction]).toEqual(['B/s', 'higher']);
    expect(bytes.value).toBeCloseTo(143719298.24561403, 3);
    const hit = pick(run, 'hit_rate', ['benchmark', 'BM_MapLookup']);
    expect(hit.value).toBe(0.975);
    expect(hit.direction).toBe('higher');
    expect(run.records.some((r) => r.dims[0][1] === 'BM_Compress')).toBe(false);
    expect(run.notes.join(' ')).toMatch(/1 benchmark run\(s\) that reported an error/);
  });

  it('reads aggregate-only reports with NaN counters (not strict JSON)', () => {
    const input = fixture('google-benchmark', 'aggregates_only.json');
    expect(input.json).toBeUndefined();
    const run = importer.parse(input);
    expect(run.records.map((r) => r.metric)).toEqual(['real_time', 'cpu_time', 'bytes_per_second']);
    const real = run.records[0];
    expect(real.dims).toEqual([
      ['benchmark', 'BM_ParseJson/small'],
      ['machine', 'bench-box'],
    ]);
    expect(real.value).toBeCloseTo(1_525_000, 6); // mean aggregate, 1.525 ms
    expect(real.samples).toBeUndefined();
    expect(run.records[1].value).toBeCloseTo(1_520_000, 6);
    expect(real.ts).toBe(Date.UTC(2023, 10, 2, 14, 7, 51));
    expect(run.notes.join(' ')).toMatch(/only aggregate rows/);
    expect(run.notes.join(' ')).toMatch(/frequency scaling/);
  });

  it('splits run names into benchmark and parameters', () => {
    expect(splitRunName('BM_Sort/size:64/8/threads:4/real_time/min_time:0.500')).toEqual({
      name: 'BM_Sort',
      params: [
        ['size', '64'],
        ['arg1', '8'],
        ['threads', '4'],
        ['timer', 'real_time'],
      ],
    });
    expect(splitRunName('BM_Template<int>/fast/16')).toEqual({
      name: 'BM_Template<int>/fast',
      params: [['arg0', '16']],
    });
  });

  it('produces identical dims for the same benchmark in two runs', () => {
    const a = importer.parse(fixture('google-benchmark', 'bench_results.json'));
    const text = fixture('google-benchmark', 'bench_results.json').text.replace(
      '"2024-03-12T10:15:03+01:00"',
      '"2024-03-13T10:15:03+01:00"',
    );
    const b = importer.parse({ name: 'next.json', text, json: JSON.parse(text) });
    expect(b.records.map((r) => r.dims)).toEqual(a.records.map((r) => r.dims));
  });
});
