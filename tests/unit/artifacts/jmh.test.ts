import { describe, expect, it } from 'vitest';
import { jmhImporter as importer } from '../../../src/lib/sources/artifacts/jmh.ts';
import { expectClose, expectDetection, fixture, MTIME, pick, toInput } from './fixtures.ts';

describe('JMH', () => {
  it('detects its fixture and no other', () => expectDetection(importer, 'jmh'));

  it('turns thrpt into ops/s (higher) and avgt/ss into ns (lower), forks × iterations into samples', () => {
    const run = importer.parse(fixture('jmh', 'jmh-result.json'));
    expect(run.records).toHaveLength(4);
    const put = pick(run, 'throughput', ['benchmark', 'com.example.bench.HashMapBench.put']);
    expect(put.dims).toEqual([
      ['benchmark', 'com.example.bench.HashMapBench.put'],
      ['size', '1000'],
      ['loadFactor', '0.75'],
      ['mode', 'thrpt'],
    ]);
    expect([put.unit, put.direction]).toEqual(['ops/s', 'higher']);
    expect(put.value).toBeCloseTo(12_345_600, 3); // 12345.6 ops/ms
    expectClose(put.samples, [12_300_000, 12_400_000, 12_350_000, 12_320_000, 12_380_000, 12_323_600]);
    expect(put.ts).toBe(MTIME);
    expect(put.environment).toBe('OpenJDK 64-Bit Server VM 21.0.2');
    const alloc = pick(run, 'bytes_allocated', ['benchmark', 'com.example.bench.HashMapBench.put']);
    expect([alloc.value, alloc.unit, alloc.direction]).toEqual([96, 'B', 'lower']);
    expect(alloc.samples).toHaveLength(6);

    const get = pick(run, 'time', ['benchmark', 'com.example.bench.HashMapBench.get']);
    expect(get.dims).toEqual([
      ['benchmark', 'com.example.bench.HashMapBench.get'],
      ['size', '1000'],
      ['loadFactor', '0.75'],
      ['mode', 'avgt'],
      ['threads', '4'],
    ]);
    expect(get.value).toBeCloseTo(45.2, 9); // 0.0452 us/op
    expectClose(get.samples, [45, 45.5, 45.1]);
    const ss = pick(run, 'time', ['mode', 'ss']);
    expect(ss.value).toBeCloseTo(3_210_000, 6); // 3.21 ms/op, scoreError "NaN"
    expect(run.notes.join(' ')).toMatch(/gc\.alloc\.rate, gc\.count/);
  });

  it('scales other throughput units and imports @AuxCounters', () => {
    const doc = structuredClone(fixture('jmh', 'jmh-result.json').json) as Record<string, any>[];
    doc[0].primaryMetric.scoreUnit = 'ops/us';
    doc[0].secondaryMetrics = { hits: { score: 250.5, scoreUnit: 'ops/us', rawData: [[250, 251]] } };
    const run = importer.parse(toInput('jmh-result.json', JSON.stringify(doc)));
    expect(pick(run, 'throughput', ['mode', 'thrpt']).value).toBeCloseTo(12_345_600_000, 0);
    const hits = pick(run, 'hits', ['mode', 'thrpt']);
    expect([hits.value, hits.unit, hits.direction]).toEqual([250_500_000, 'ops/s', 'higher']);
  });
});
