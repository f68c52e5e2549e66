import { describe, expect, it } from 'vitest';
import { catch2Importer as importer } from '../../../src/lib/sources/artifacts/catch2.ts';
import { expectDetection, fixture, MTIME, pick, toInput } from './fixtures.ts';

describe('Catch2 XML', () => {
  it('detects its v2 and v3 fixtures and no other', () => expectDetection(importer, 'catch2'));

  it('reads v3 <Catch2TestRun>: mean in ns, test case and sections as a dimension', () => {
    const run = importer.parse(fixture('catch2', 'bench_containers-v3.xml'));
    expect(run.records).toHaveLength(3);
    const push = pick(run, 'time', ['benchmark', 'push_back 1000']);
    expect(push.dims).toEqual([
      ['benchmark', 'push_back 1000'],
      ['test_case', 'Vector benchmarks'],
    ]);
    expect([push.value, push.unit, push.direction]).toEqual([10854.3, 'ns', 'lower']);
    expect(push.samples).toBeUndefined();
    expect(push.ts).toBe(MTIME);
    expect(pick(run, 'time', ['benchmark', 'reserve + push_back 1000']).value).toBe(3412.08);
    const sort = pick(run, 'time', ['benchmark', 'std::sort 1000']);
    expect(sort.dims).toEqual([
      ['benchmark', 'std::sort 1000'],
      ['test_case', 'Vector benchmarks / with "sorted" input & copies'],
    ]);
    expect(sort.value).toBe(2_173_450);
    expect(run.notes.join(' ')).toMatch(/Skipped 1 benchmark that failed/);
  });

  it('reads v2 <Catch><Group>', () => {
    const run = importer.parse(fixture('catch2', 'bench_json-v2.xml'));
    expect(run.records.map((r) => [r.dims, r.value])).toEqual([
      [
        [
          ['benchmark', 'parse 5k.json'],
          ['test_case', 'parse documents'],
        ],
        445059,
      ],
      [
        [
          ['benchmark', 'parse 50k.json'],
          ['test_case', 'parse documents'],
        ],
        4_612_340,
      ],
    ]);
  });

  it('keeps the benchmarks of a truncated report, with a note, and fails when none is complete', () => {
    const text = fixture('catch2', 'bench_containers-v3.xml').text;
    const cut = text.slice(0, text.indexOf('</BenchmarkResults>') + '</BenchmarkResults>'.length + 20);
    const run = importer.parse(toInput('cut.xml', cut));
    expect(run.records).toHaveLength(1);
    expect(run.notes.join(' ')).toMatch(/truncated/);
    expect(() => importer.parse(toInput('cut.xml', text.slice(0, 600)))).toThrow(/truncated/);
  });

  it('explains a report without benchmarks', () => {
    const text =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Catch2TestRun name="t" rng-seed="1" xml-format-version="3" catch2-version="3.5.2">\n  <TestCase name="adds" filename="a.cpp" line="3">\n    <OverallResult success="true" skips="0"/>\n  </TestCase>\n  <OverallResults successes="1" failures="0" expectedFailures="0" skips="0"/>\n</Catch2TestRun>\n';
    const run = importer.parse(toInput('tests.xml', text));
    expect(run.records).toEqual([]);
    expect(run.notes.join(' ')).toMatch(/no <BenchmarkResults>/);
  });
});
