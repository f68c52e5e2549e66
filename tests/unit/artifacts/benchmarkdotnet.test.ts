import { describe, expect, it } from 'vitest';
import {
  benchmarkDotNetImporter as importer,
  parseBdnParameters,
} from '../../../src/lib/sources/artifacts/benchmarkdotnet.ts';
import { expectDetection, fixture, pick, toInput } from './fixtures.ts';

const FILE = 'Sample.Benchmarks.StringBenchmarks-report-full.json';
const NAME = 'Sample.Benchmarks.StringBenchmarks.Concat';

describe('BenchmarkDotNet', () => {
  it('detects its fixture and no other', () => expectDetection(importer, 'benchmarkdotnet'));

  it('reads mean ns/op with the original values as samples, parameters, job and processor', () => {
    const run = importer.parse(fixture('benchmarkdotnet', FILE));
    expect(run.records).toHaveLength(10);
    const t10 = pick(run, 'time', ['N', '10']);
    expect(t10.dims).toEqual([
      ['benchmark', NAME],
      ['N', '10'],
      ['job', 'DefaultJob'],
      ['machine', 'AMD EPYC 7763 64-Core Processor'],
    ]);
    expect(t10.value).toBe(52);
    expect(t10.samples).toEqual([52.1, 51.8, 52.4, 52.0, 51.7]);
    // Title "…-20240312-091503"
    expect(t10.ts).toBe(Date.UTC(2024, 2, 12, 9, 15, 3));
    expect(t10.environment).toBe('Ubuntu 22.04.4 LTS (Jammy Jellyfish), .NET 8.0.2 (8.0.224.6711), X64 RyuJIT AVX2');
    expect(pick(run, 'time', ['N', '100']).value).toBe(610);
    expect(pick(run, 'bytes_allocated', ['N', '10']).value).toBe(72);
    expect(pick(run, 'bytes_allocated', ['N', '100']).value).toBe(632);
    const gen0 = pick(run, 'gc_gen0', ['N', '10']);
    expect(gen0.value).toBeCloseTo((2290 / 16777216) * 1000, 12);
    expect(gen0.unit).toBe('per 1k ops');
    expect(pick(run, 'gc_gen1', ['N', '100']).value).toBe(0);
    expect(run.records.some((r) => r.dims[0][1]?.endsWith('.Format'))).toBe(false);
    expect(run.notes.join(' ')).toMatch(/1 benchmark\(s\) without statistics/);
  });

  it('reads the compressed export the same way', () => {
    const full = fixture('benchmarkdotnet', FILE);
    const compressed = toInput(
      'Sample.Benchmarks.StringBenchmarks-report-full-compressed.json',
      JSON.stringify(full.json),
    );
    expect(importer.parse(compressed).records).toEqual(
      importer.parse(full).records.map((r) => ({ ...r, runGroup: compressed.name })),
    );
  });

  it('leaves memory out when the MemoryDiagnoser was off', () => {
    const doc = structuredClone(fixture('benchmarkdotnet', FILE).json) as { Benchmarks: Record<string, unknown>[] };
    for (const b of doc.Benchmarks) {
      b.Metrics = [];
      b.Memory = {
        Gen0Collections: 0,
        Gen1Collections: 0,
        Gen2Collections: 0,
        TotalOperations: 16777216,
        BytesAllocatedPerOperation: 0,
      };
    }
    const run = importer.parse(toInput(FILE, JSON.stringify(doc)));
    expect(run.records.map((r) => r.metric)).toEqual(['time', 'time']);
  });

  it('keeps a stable job name when BenchmarkDotNet generated a random job id', () => {
    const doc = structuredClone(fixture('benchmarkdotnet', FILE).json) as { Benchmarks: Record<string, unknown>[] };
    doc.Benchmarks[0].DisplayInfo = 'StringBenchmarks.Concat: Job-QWERTY(IterationCount=5, WarmupCount=1) [N=10]';
    const run = importer.parse(toInput(FILE, JSON.stringify(doc)));
    expect(pick(run, 'time', ['N', '10']).dims).toContainEqual(['job', 'IterationCount=5, WarmupCount=1']);
  });

  it('parses the Parameters string', () => {
    expect(parseBdnParameters('A=1&B=x%20y&Empty=')).toEqual([
      ['A', '1'],
      ['B', 'x y'],
      ['Empty', ''],
    ]);
    expect(parseBdnParameters('')).toEqual([]);
  });
});
