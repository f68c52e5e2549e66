import { describe, expect, it } from 'vitest';
import { pytestBenchmarkImporter as importer } from '../../../src/lib/sources/artifacts/pytest-benchmark.ts';
import { expectClose, expectDetection, fixture, MTIME, pick, toInput } from './fixtures.ts';

const PATH = 'Linux-CPython-3.11-64bit/0003_3f9c1d2e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d_20240312_091503.json';
const MACHINE = 'AMD EPYC 7763 64-Core Processor';

describe('pytest-benchmark', () => {
  const input = fixture('pytest-benchmark', PATH);
  const doc = () => structuredClone(input.json) as Record<string, any>;

  it('detects its fixture and no other', () => expectDetection(importer, 'pytest-benchmark'));

  it('reads per-call times in ns, params as dimensions and the commit', () => {
    const run = importer.parse(input);
    expect(run.format).toBe('pytest-benchmark');
    expect(run.records).toHaveLength(3);
    const fib10 = pick(run, 'time', ['n', '10']);
    expect(fib10.dims).toEqual([
      ['benchmark', 'tests/test_fib.py::test_fib'],
      ['n', '10'],
      ['machine', MACHINE],
    ]);
    expect(fib10.unit).toBe('ns');
    expect(fib10.direction).toBe('lower');
    expect(fib10.value).toBeCloseTo(12000, 6); // 1.2e-05 s
    expectClose(fib10.samples, [12000, 11000, 13000, 12000, 12000]);
    // commit time 2024-03-12T10:12:44+01:00
    expect(fib10.ts).toBe(Date.UTC(2024, 2, 12, 9, 12, 44));
    expect(fib10.commit).toBe('3f9c1d2e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d');
    expect(fib10.branch).toBe('main');
    expect(fib10.runGroup).toBe(PATH);
    expect(fib10.environment).toBe('Linux 6.5.0-1016-azure, CPython 3.11.8');

    const fib20 = pick(run, 'time', ['n', '20']);
    expect(fib20.value).toBeCloseTo(1_500_000, 4);
    expectClose(fib20.samples, [1_520_000, 1_490_000, 1_510_000, 1_500_000, 1_480_000]);

    const config = pick(run, 'time', ['benchmark', 'tests/test_config.py::test_parse_config']);
    expect(config.dims).toEqual([
      ['benchmark', 'tests/test_config.py::test_parse_config'],
      ['machine', MACHINE],
    ]);
    expect(config.value).toBeCloseTo(245_000, 6);
    expect(config.samples).toBeUndefined(); // saved without --benchmark-save-data
    expect(run.notes).toEqual([]);
  });

  it('uses the run time when the working tree was dirty', () => {
    const d = doc();
    d.commit_info.dirty = true;
    const run = importer.parse(toInput(PATH, JSON.stringify(d)));
    expect(run.records[0].ts).toBe(Date.parse('2024-03-12T09:15:03.482Z'));
    expect(run.notes.join(' ')).toMatch(/uncommitted changes/);
  });

  it('falls back to the date in the autosave file name, then to the mtime', () => {
    const d = doc();
    delete d.commit_info.time;
    delete d.datetime;
    const run = importer.parse(toInput(PATH, JSON.stringify(d)));
    expect(run.records[0].ts).toBe(Date.UTC(2024, 2, 12, 9, 15, 3));
    expect(run.notes.join(' ')).toMatch(/date and time in its name/);
    const byMtime = importer.parse(toInput('results.json', JSON.stringify(d)));
    expect(byMtime.records[0].ts).toBe(MTIME);
  });

  it('gives the same dimensions for the same benchmark in another run (series merge)', () => {
    const d = doc();
    d.commit_info.id = 'ffffffffffffffffffffffffffffffffffffffff';
    d.benchmarks[0].stats.mean = 1.3e-5;
    const a = importer.parse(input).records.map((r) => r.dims);
    const b = importer.parse(toInput('other.json', JSON.stringify(d))).records.map((r) => r.dims);
    expect(b).toEqual(a);
  });

  it('skips entries without a mean and notes an empty run', () => {
    const d = doc();
    d.benchmarks[1].stats = { rounds: 0 };
    const run = importer.parse(toInput(PATH, JSON.stringify(d)));
    expect(run.records).toHaveLength(2);
    expect(run.notes.join(' ')).toMatch(/1 benchmark entry without a name or a mean/);
    d.benchmarks = [];
    expect(importer.parse(toInput(PATH, JSON.stringify(d))).notes.join(' ')).toMatch(/no benchmarks/);
  });
});
