import { describe, expect, it } from 'vitest';
import { asvImporter as importer } from '../../../src/lib/sources/artifacts/asv.ts';
import { expectClose, expectDetection, fixture, pick, toInput } from './fixtures.ts';

const V2 = 'results/gh-runner/4a7b2c9e-virtualenv-py3.11-numpy1.26.json';
const V1 = 'results/cheetah/05d283b9-py3.8-numpy1.19.json';
const ENV = ['env', 'virtualenv-py3.11-numpy1.26'] as [string, string];
const MACHINE = ['machine', 'gh-runner'] as [string, string];

describe('asv', () => {
  it('detects results, benchmarks.json and machine.json, and no other fixture', () => expectDetection(importer, 'asv'));

  it('reads the v2 column layout (with Infinity in the stats), one series per parameter combination', () => {
    const input = fixture('asv', V2);
    expect(input.json).toBeUndefined(); // -Infinity / Infinity: not strict JSON
    const run = importer.parse(input);
    expect(run.records).toHaveLength(9);
    const sum = pick(run, 'time', ['benchmark', 'bench_array.TimeSuite.time_sum']);
    expect(sum.dims).toEqual([['benchmark', 'bench_array.TimeSuite.time_sum'], ENV, MACHINE]);
    expect(sum.value).toBeCloseTo(12_500, 6); // 1.25e-05 s
    expectClose(sum.samples, [12_400, 12_500, 12_600]);
    expect(sum.ts).toBe(1710234000000); // commit date
    expect(sum.commit).toBe('4a7b2c9e1f0d3c5b7a9e8d6c4b2a0f1e3d5c7b9a');
    expect(sum.environment).toBe('AMD EPYC 7763 64-Core Processor, Linux 6.5.0-1016-azure, Python 3.11');

    const sorts = run.records.filter((r) => r.dims[0][1] === 'bench_array.TimeSuite.time_sort');
    expect(sorts).toHaveLength(5); // 3 × 2 combinations, one failed (null)
    const m1000 = pick(run, 'time', ['param1', '1000'], ['param2', 'mergesort']);
    expect(m1000.dims).toEqual([
      ['benchmark', 'bench_array.TimeSuite.time_sort'],
      ['param1', '1000'],
      ['param2', 'mergesort'],
      ENV,
      MACHINE,
    ]);
    expect(m1000.value).toBeCloseTo(33_100_000, 3);
    expect(pick(run, 'time', ['param1', '10000'], ['param2', 'mergesort']).value).toBeCloseTo(410_000_000, 3);
    expect(
      run.records.some(
        (r) => r.dims.some(([k, v]) => k === 'param1' && v === '10000') && r.dims.some(([, v]) => v === 'quicksort'),
      ),
    ).toBe(false);

    expect(pick(run, 'memory', ['benchmark', 'bench_array.MemSuite.mem_array'])).toMatchObject({
      value: 8112,
      unit: 'B',
      direction: 'lower',
    });
    expect(pick(run, 'peak_memory', ['benchmark', 'bench_array.PeakSuite.peakmem_load'])).toMatchObject({
      value: 52428800,
      unit: 'B',
    });
    expect(pick(run, 'tracked', ['benchmark', 'bench_array.TrackSuite.track_size'])).toMatchObject({
      value: 42,
      unit: '',
    });
    expect(run.notes.join(' ')).toMatch(/Left out 1 result/);
  });

  it('reads the v1 layout (plain values, {result, params, samples}, NaN for skipped)', () => {
    const run = importer.parse(fixture('asv', V1));
    expect(run.records).toHaveLength(4);
    const lat = pick(run, 'time', ['benchmark', 'time_coordinates.time_latitude']);
    expect(lat.dims).toEqual([
      ['benchmark', 'time_coordinates.time_latitude'],
      ['env', 'conda-py3.8-numpy1.19'],
      ['machine', 'cheetah'],
    ]);
    expect(lat.value).toBeCloseTo(65_000, 6);
    expect(lat.ts).toBe(1386688801000);
    expect(pick(run, 'memory', ['benchmark', 'time_units.mem_unit']).value).toBe(728);
    const p2 = pick(run, 'time', ['param1', '2']);
    expect(p2.value).toBeCloseTo(4_000_000, 6);
    expectClose(p2.samples, [3_900_000, 4_000_000, 4_100_000]);
    expect(run.notes.join(' ')).toMatch(/Left out 4 results/);
  });

  it('imports nothing from benchmarks.json and machine.json, with a note', () => {
    const bench = importer.parse(fixture('asv', 'results/benchmarks.json'));
    expect(bench.records).toEqual([]);
    expect(bench.notes[0]).toMatch(/benchmarks\.json lists the asv benchmark suite/);
    const machine = importer.parse(fixture('asv', 'results/gh-runner/machine.json'));
    expect(machine.records).toEqual([]);
    expect(machine.notes[0]).toMatch(/machine\.json describes an asv machine/);
    expect(importer.detect(toInput('host.json', fixture('asv', 'results/gh-runner/machine.json').text))).toBe(false);
  });

  it('gives the same dims to the same benchmark of two commits', () => {
    const text = fixture('asv', V2)
      .text.replaceAll('4a7b2c9e1f0d3c5b7a9e8d6c4b2a0f1e3d5c7b9a', '9999999999999999999999999999999999999999')
      .replace('1710234000000', '1710320400000');
    const a = importer.parse(fixture('asv', V2)).records;
    const b = importer.parse(toInput('results/gh-runner/99999999-virtualenv-py3.11-numpy1.26.json', text)).records;
    expect(b.map((r) => r.dims)).toEqual(a.map((r) => r.dims));
    expect(b[0].ts).toBe(1710320400000);
  });
});
