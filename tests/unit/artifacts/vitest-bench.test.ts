import { describe, expect, it } from 'vitest';
import { vitestBenchImporter as importer } from '../../../src/lib/sources/artifacts/vitest-bench.ts';
import { expectDetection, fixture, MTIME, toInput } from './fixtures.ts';

describe('Vitest bench JSON', () => {
  it('detects its fixtures and no other', () => expectDetection(importer, 'vitest'));

  it('reads the flat (tinybench 2) results: mean ms → ns, the suite as group', () => {
    const run = importer.parse(fixture('vitest', 'bench-results.json'));
    expect(run.records.map((r) => [r.dims, r.metric, r.unit, r.direction])).toEqual([
      [
        [
          ['benchmark', 'Array.prototype.sort'],
          ['group', 'bench/sort.bench.ts > sort 1000 numbers'],
        ],
        'time',
        'ns',
        'lower',
      ],
      [
        [
          ['benchmark', 'radix sort'],
          ['group', 'bench/sort.bench.ts > sort 1000 numbers'],
        ],
        'time',
        'ns',
        'lower',
      ],
      [
        [
          ['benchmark', 'JSON.parse 10kB'],
          ['group', 'bench/parse.bench.ts'],
        ],
        'time',
        'ns',
        'lower',
      ],
    ]);
    expect(run.records[0].value).toBeCloseTo(97_600, 6);
    expect(run.records[1].value).toBeCloseTo(51_200, 6);
    expect(run.records[2].value).toBeCloseTo(32_000, 6);
    expect(run.records[0].samples).toBeUndefined(); // the reporter empties samples
    expect(run.records[0].ts).toBe(MTIME);
  });

  it('reads the latency/throughput layout of newer releases', () => {
    const run = importer.parse(fixture('vitest', 'bench-results-latency.json'));
    expect(run.records).toHaveLength(1);
    expect(run.records[0].value).toBeCloseTo(95_900, 6);
  });

  it('keeps samples when present, in ns', () => {
    const doc = structuredClone(fixture('vitest', 'bench-results.json').json) as any;
    doc.files[0].groups[0].benchmarks[0].samples = [0.1, 0.09, 0.11];
    const run = importer.parse(toInput('bench.json', JSON.stringify(doc)));
    run.records[0].samples!.forEach((v, i) => expect(v).toBeCloseTo([100_000, 90_000, 110_000][i], 6));
  });
});
