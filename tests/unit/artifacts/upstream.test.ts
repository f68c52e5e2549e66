// Our parse of other projects' real benchmark outputs against what those projects' own tests expect, file by file
// (their copies in tests/fixtures/real; see tests/upstream/expectations.ts for the documented differences).
import { describe, expect, it } from 'vitest';
import { REAL } from '../../real-files.ts';
import {
  checkBencher,
  checkGithubActionBenchmark,
  checkGoogleBenchmark,
  checkPytestBenchmark,
  compareRecords,
  parseFile,
  type FileCheck,
} from '../../upstream/expectations.ts';
import { join } from 'node:path';

function expectAllMatch(check: FileCheck): void {
  expect({ file: check.file, format: check.format, mismatches: check.mismatches }).toEqual({
    file: check.file,
    format: check.format,
    mismatches: [],
  });
  expect(check.matched).toBe(check.expected);
  expect(check.expected).toBeGreaterThan(0);
}

describe('github-action-benchmark extract fixtures vs the Jest snapshot', () => {
  const checks = checkGithubActionBenchmark(REAL);
  it('covers all 24 fixtures', () => expect(checks).toHaveLength(24));
  it.each(checks.map((c) => [c.file.split('/').pop()!, c] as const))('%s parses as the snapshot says', (_, check) =>
    expectAllMatch(check),
  );
});

describe('Bencher adapter tool outputs vs its Rust tests (latency ns, throughput ops/s)', () => {
  const checks = checkBencher(REAL);
  it('covers the adapters of formats we read', () => expect(checks.length).toBeGreaterThanOrEqual(20));
  it.each(checks.map((c) => [c.file.split('tool_output/').pop()!, c] as const))(
    '%s gives the names and values of the Rust tests',
    (_, check) => expectAllMatch(check),
  );
});

describe('Google Benchmark compare deltas', () => {
  it.each(checkGoogleBenchmark(REAL).map((c) => [c.file.split('/').pop()!, c] as const))(
    '%s gives the time and CPU deltas compare.py prints',
    (_, check) => expectAllMatch(check),
  );
});

describe('pytest-benchmark compare table', () => {
  it.each(checkPytestBenchmark(REAL).map((c) => [`${c.upstream} ${c.file.split('/').pop()!.slice(0, 4)}`, c] as const))(
    '%s: mean and ops as its compare table shows',
    (_, check) => expectAllMatch(check),
  );
});

describe('the comparison itself', () => {
  const cargo = join(REAL, 'harness_outputs/github-action-benchmark/test/data/extract/cargo_output.txt');

  it('reports a wrong value, a wrong unit kind and a missing name', () => {
    const { records } = parseFile(cargo);
    const result = compareRecords(records, [
      { name: 'bench_fib_10', value: 0.135, unit: 'µs' },
      { name: 'bench_fib_10', value: 136, unit: 'ns/iter' },
      { name: 'bench_fib_20', value: 18149, unit: 'B' },
      { name: 'bench_fib_30', value: 1, unit: 'ns' },
    ]);
    expect(result.matched).toBe(1);
    expect(result.mismatches).toEqual([
      'bench_fib_10: 135 ns, expected 136 ns',
      'bench_fib_20: unit B (B) not among ours: time [ns]',
      'bench_fib_30: not found (expected 1 ns)',
    ]);
  });
});
