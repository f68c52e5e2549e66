import { describe, expect, it } from 'vitest';
import { benchmarkFromPath, criterionImporter as importer } from '../../../src/lib/sources/artifacts/criterion.ts';
import { expectClose, expectDetection, fixture, MTIME, toInput } from './fixtures.ts';

const DIR = 'target/criterion/fib/recursive/20/new';

describe('Criterion.rs', () => {
  it('detects its three files and no other fixture', () => expectDetection(importer, 'criterion'));

  it('reads the mean point estimate of estimates.json, named by its folder', () => {
    const run = importer.parse(fixture('criterion', `${DIR}/estimates.json`));
    expect(run.records).toHaveLength(1);
    const [r] = run.records;
    expect(r.dims).toEqual([['benchmark', 'fib/recursive/20']]);
    expect([r.metric, r.unit, r.direction]).toEqual(['time', 'ns', 'lower']);
    expect(r.value).toBe(26187.3);
    expect(r.samples).toBeUndefined();
    expect(r.ts).toBe(MTIME);
    expect(run.notes.join(' ')).toMatch(/modification time/);
  });

  it('divides sample.json times by their iteration counts', () => {
    const run = importer.parse(fixture('criterion', `${DIR}/sample.json`));
    expect(run.records).toHaveLength(1);
    const [r] = run.records;
    expect(r.dims).toEqual([['benchmark', 'fib/recursive/20']]);
    expectClose(r.samples, [26000, 26200, 26100, 26200, 26100, 25900, 26300, 26000, 26150, 26050]);
    expect(r.value).toBeCloseTo(26100, 9);
  });

  it('imports nothing from benchmark.json, base/ and change/, and says why', () => {
    const bench = importer.parse(fixture('criterion', `${DIR}/benchmark.json`));
    expect(bench.records).toEqual([]);
    expect(bench.notes.join(' ')).toMatch(/"fib\/recursive\/20" but holds no measurement/);
    const text = fixture('criterion', `${DIR}/estimates.json`).text;
    const base = importer.parse(toInput('target/criterion/fib/recursive/20/base/estimates.json', text));
    expect(base.records).toEqual([]);
    expect(base.notes.join(' ')).toMatch(/base\//);
    const changeText =
      '{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":-0.02,"upper_bound":0.01},"point_estimate":-0.004,"standard_error":0.008},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":-0.01,"upper_bound":0.01},"point_estimate":0.001,"standard_error":0.005}}';
    const change = importer.parse(toInput('target/criterion/fib/recursive/20/change/estimates.json', changeText));
    expect(change.records).toEqual([]);
    expect(change.notes.join(' ')).toMatch(/change\//);
  });

  it('asks for the folder when a lone estimates.json cannot be named', () => {
    const text = fixture('criterion', `${DIR}/estimates.json`).text;
    expect(() => importer.parse(toInput('estimates.json', text))).toThrow(/does not name its benchmark/);
  });

  it('names a benchmark the same whether the whole target folder or the benchmark folder was dropped', () => {
    const text = fixture('criterion', `${DIR}/sample.json`).text;
    const a = importer.parse(toInput(`${DIR}/sample.json`, text)).records[0].dims;
    const b = importer.parse(toInput('myproject/target/criterion/fib/recursive/20/new/sample.json', text)).records[0]
      .dims;
    const c = importer.parse(toInput('fib/recursive/20/new/sample.json', text)).records[0].dims;
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(benchmarkFromPath('target\\criterion\\parse json\\new\\estimates.json')).toEqual({
      folder: 'new',
      id: 'parse json',
    });
  });

  it('recognises tukey.json only by name and content together', () => {
    const text = '[25000.5,25550.0,26600.0,27150.2]';
    expect(importer.detect(toInput(`${DIR}/tukey.json`, text))).toBe(true);
    expect(importer.parse(toInput(`${DIR}/tukey.json`, text)).records).toEqual([]);
    expect(importer.detect(toInput('numbers.json', text))).toBe(false);
  });
});
