import { describe, expect, it } from 'vitest';
import { canonicalMetric, parseLenientJson, resolveTs, timeInText } from '../../../src/lib/sources/artifacts/common.ts';

describe('timeInText', () => {
  it('reads the date/time layouts found in benchmark file names', () => {
    expect(timeInText('20250303_050235')).toBe(Date.UTC(2025, 2, 3, 5, 2, 35));
    expect(timeInText('Sample.Bench-20250303-050235')).toBe(Date.UTC(2025, 2, 3, 5, 2, 35));
    expect(timeInText('run-2025-03-03T05-02-35.json')).toBe(Date.UTC(2025, 2, 3, 5, 2, 35));
    expect(timeInText('nightly/2025-03-03/results.json')).toBe(Date.UTC(2025, 2, 3));
    expect(timeInText('results-1741000000.json')).toBe(1741000000000);
    expect(timeInText('0003_3f9c1d2e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d_20240312_091503.json')).toBe(
      Date.UTC(2024, 2, 12, 9, 15, 3),
    );
  });
  it('ignores digits that are not dates (commit hashes, sizes, impossible dates)', () => {
    expect(timeInText('4a7b2c9e-virtualenv-py3.11.json')).toBeNull();
    expect(timeInText('bench_1024_4096.json')).toBeNull();
    expect(timeInText('20251399_250000.json')).toBeNull();
    expect(timeInText('a1741000000b')).toBeNull();
  });
});

describe('resolveTs', () => {
  const base = { text: '', json: undefined };
  it('prefers the content, then the name, then the mtime, then now — with a note', () => {
    const notes: string[] = [];
    expect(resolveTs(Date.UTC(2024, 0, 2), { ...base, name: 'x-20200101_000000.json', lastModified: 5 }, notes)).toBe(
      Date.UTC(2024, 0, 2),
    );
    expect(notes).toEqual([]);
    expect(resolveTs(null, { ...base, name: 'x-20200101_000000.json' }, notes)).toBe(Date.UTC(2020, 0, 1));
    expect(resolveTs(null, { ...base, name: 'x.json', lastModified: Date.UTC(2021, 5, 1) }, notes)).toBe(
      Date.UTC(2021, 5, 1),
    );
    const before = Date.now();
    const now = resolveTs(null, { ...base, name: 'x.json' }, notes);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(notes).toHaveLength(3);
    expect(notes[2]).toMatch(/no time in the file: used the time of import/i);
  });
  it('does not trust implausible content times', () => {
    const notes: string[] = [];
    expect(resolveTs(1e300, { ...base, name: 'x.json', lastModified: Date.UTC(2021, 5, 1) }, notes)).toBe(
      Date.UTC(2021, 5, 1),
    );
    expect(resolveTs(-5, { ...base, name: 'x.json', lastModified: NaN }, notes)).toBeGreaterThan(Date.UTC(2024, 0, 1));
  });
});

describe('parseLenientJson', () => {
  it('reads NaN / Infinity as null', () => {
    expect(parseLenientJson('{"a": NaN, "b": [Infinity, -Infinity, 1.5e3]}')).toEqual({
      a: null,
      b: [null, null, 1500],
    });
  });
  it('reads JS object literals (data.js written by hand)', () => {
    expect(parseLenientJson("{ lastUpdate: 1, entries: { 'A b': [ { x: 'y\\'s', }, ], }, } ;")).toEqual({
      lastUpdate: 1,
      entries: { 'A b': [{ x: "y's" }] },
    });
    expect(parseLenientJson('// comment\n{ /* c */ "a": true }')).toEqual({ a: true });
  });
  it('fails cleanly on broken or absurdly nested text', () => {
    expect(parseLenientJson('{"a": 1')).toBeUndefined();
    expect(parseLenientJson('{"a": 1} trailing')).toBeUndefined();
    expect(parseLenientJson('['.repeat(500) + 'NaN' + ']'.repeat(500))).toBeUndefined();
    expect(parseLenientJson('{ __proto__: { polluted: 1 } }')).toEqual(JSON.parse('{"__proto__":{"polluted":1}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('canonicalMetric', () => {
  it.each([
    ['ns/op', 'time', 'ns', 'lower', 1],
    ['us/op', 'time', 'ns', 'lower', 1e3],
    ['µs', 'time', 'ns', 'lower', 1e3],
    ['ms/iter', 'time', 'ns', 'lower', 1e6],
    ['s/op', 'time', 'ns', 'lower', 1e9],
    ['ops/ms', 'throughput', 'ops/s', 'higher', 1e3],
    ['iter/sec', 'throughput', 'ops/s', 'higher', 1],
    ['ops/us', 'throughput', 'ops/s', 'higher', 1e6],
    ['MB/s', 'bytes_per_second', 'B/s', 'higher', 1e6],
    ['items/s', 'items_per_second', 'items/s', 'higher', 1],
    ['B/op', 'bytes_allocated', 'B', 'lower', 1],
    ['allocs/op', 'allocs', 'allocs', 'lower', 1],
    ['MiB', 'memory', 'B', 'lower', 1048576],
  ] as const)('%s → %s [%s]', (unit, metric, out, direction, factor) => {
    expect(canonicalMetric(unit)).toEqual({ metric, unit: out, direction, factor });
  });
  it('leaves unknown units alone', () => {
    expect(canonicalMetric('retries/op')).toBeNull();
    expect(canonicalMetric('tokens/s')).toBeNull();
    expect(canonicalMetric('')).toBeNull();
  });
});
