import { describe, expect, it } from 'vitest';
import { goBenchImporter as importer, splitGoName } from '../../../src/lib/sources/artifacts/go-bench.ts';
import { expectClose, expectDetection, fixture, MTIME, pick, toInput } from './fixtures.ts';

const XEON = 'Intel(R) Xeon(R) Platinum 8272CL CPU @ 2.60GHz';
const EPYC = 'AMD EPYC 7763 64-Core Processor';

describe('go test -bench', () => {
  it('detects its fixtures and no other', () => expectDetection(importer, 'go'));

  it('reads plain output: ns/op, names as Go writes them, procs, package and cpu', () => {
    const run = importer.parse(fixture('go', 'go-bench.txt'));
    expect(run.records).toHaveLength(3);
    const short = pick(run, 'time', ['benchmark', 'BenchmarkReverse/len=10']);
    expect(short.dims).toEqual([
      ['benchmark', 'BenchmarkReverse/len=10'],
      ['procs', '4'],
      ['package', 'github.com/example/strutil'],
      ['machine', XEON],
    ]);
    expect([short.value, short.unit, short.direction]).toEqual([59.52, 'ns', 'lower']);
    expect(short.samples).toBeUndefined();
    expect(short.ts).toBe(MTIME);
    expect(short.environment).toBe('linux/amd64');
    expect(pick(run, 'time', ['benchmark', 'BenchmarkReverse/len=1000']).value).toBe(4982);
    expect(pick(run, 'time', ['benchmark', 'BenchmarkJoin']).dims).toEqual([
      ['benchmark', 'BenchmarkJoin'],
      ['procs', '4'],
      ['package', 'github.com/example/strutil'],
      ['machine', XEON],
    ]);
  });

  it('reads -benchmem and -count: repetitions become samples, MB/s becomes B/s', () => {
    const run = importer.parse(fixture('go', 'go-benchmem-count.txt'));
    expect(run.records).toHaveLength(12);
    const enc = ['benchmark', 'BenchmarkEncode/size=1KiB'] as [string, string];
    const time = pick(run, 'time', enc);
    expect(time.dims).toEqual([enc, ['procs', '8'], ['package', 'github.com/example/codec'], ['machine', EPYC]]);
    expect(time.value).toBeCloseTo(2900, 9);
    expect(time.samples).toEqual([2900, 2950, 2850]);
    const rate = pick(run, 'bytes_per_second', enc);
    expect([rate.unit, rate.direction]).toEqual(['B/s', 'higher']);
    expect(rate.value).toBeCloseTo(((353.1 + 347.12 + 359.3) / 3) * 1e6, 2);
    expectClose(rate.samples, [353.1e6, 347.12e6, 359.3e6]);
    const bytes = pick(run, 'bytes_allocated', enc);
    expect([bytes.value, bytes.unit, bytes.direction]).toEqual([1152, 'B', 'lower']);
    const allocs = pick(run, 'allocs', enc);
    expect([allocs.value, allocs.unit]).toEqual([3, 'allocs']);

    const decode = ['benchmark', 'BenchmarkDecode/size=1KiB/strict=true'] as [string, string];
    expect(pick(run, 'time', decode).dims.slice(0, 2)).toEqual([decode, ['procs', '8']]);
    const retries = pick(run, 'retries/op', decode);
    expect([retries.value, retries.unit]).toEqual([12, 'retries/op']);
    expect(retries.samples).toEqual([12, 11, 13]);

    const stream = pick(run, 'time', ['benchmark', 'BenchmarkStream']);
    expect(stream.dims).toContainEqual(['package', 'github.com/example/codec/stream']);
    expect(stream.samples).toEqual([105000, 107000, 103000]);
    expect(run.notes.join(' ')).toMatch(/Custom metrics/);
  });

  it('keeps sub-benchmark names whole and splits off only GOMAXPROCS', () => {
    expect(splitGoName('BenchmarkFib/my_tabled_benchmark_-_10-8')).toEqual({
      name: 'BenchmarkFib/my_tabled_benchmark_-_10',
      procs: '8',
    });
    expect(splitGoName('BenchmarkFib/my/tabled/benchmark_-_20,var1=13,var2=14')).toEqual({
      name: 'BenchmarkFib/my/tabled/benchmark_-_20,var1=13,var2=14',
      procs: null,
    });
    expect(splitGoName('BenchmarkX/n=5/mode=fast-16')).toEqual({ name: 'BenchmarkX/n=5/mode=fast', procs: '16' });
  });

  it('ignores -v name lines, logs and FAIL lines, and notes failures', () => {
    const text = [
      'goos: darwin',
      'goarch: arm64',
      'pkg: example.com/p',
      'BenchmarkA',
      '    a_test.go:12: warming up',
      'BenchmarkA-10   \t  100000\t     10543 ns/op',
      '--- FAIL: BenchmarkB',
      '    b_test.go:40: boom',
      'FAIL',
      'exit status 1',
      'FAIL\texample.com/p\t1.204s',
    ].join('\n');
    const run = importer.parse(toInput('bench.log', text));
    expect(run.records).toHaveLength(1);
    expect(run.records[0].value).toBe(10543);
    expect(run.records[0].dims).toEqual([
      ['benchmark', 'BenchmarkA'],
      ['procs', '10'],
      ['package', 'example.com/p'],
    ]);
    expect(run.notes.join(' ')).toMatch(/FAIL/);
  });

  it('does not claim output without result lines', () => {
    expect(importer.detect(toInput('x.txt', 'goos: linux\ngoarch: amd64\nPASS\nok  \tx\t0.1s\n'))).toBe(false);
  });
});
