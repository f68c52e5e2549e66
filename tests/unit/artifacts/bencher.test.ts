import { describe, expect, it } from 'vitest';
import { bencherImporter as importer } from '../../../src/lib/sources/artifacts/bencher.ts';
import { expectDetection, fixture, MTIME, pick, toInput } from './fixtures.ts';

describe('Bencher Metric Format', () => {
  it('detects its fixture and no other', () => expectDetection(importer, 'bencher'));

  it('maps built-in measures to canonical metrics and keeps custom ones', () => {
    const run = importer.parse(fixture('bencher', 'bmf.json'));
    expect(run.records).toHaveLength(6);
    const fib = pick(run, 'time', ['benchmark', 'fib::recursive/20']);
    expect(fib).toMatchObject({
      dims: [['benchmark', 'fib::recursive/20']],
      value: 26187.3,
      unit: 'ns',
      direction: 'lower',
      ts: MTIME,
    });
    expect(pick(run, 'throughput', ['benchmark', 'http_server/requests'])).toMatchObject({
      value: 15234.8,
      unit: 'ops/s',
      direction: 'higher',
    });
    expect(pick(run, 'time', ['benchmark', 'http_server/requests']).value).toBe(65640.2);
    expect(pick(run, 'build_time', ['benchmark', '/bin/sh -c ./build.sh'])).toMatchObject({
      value: 87,
      unit: 's',
      direction: 'lower',
    });
    expect(pick(run, 'file_size', ['benchmark', 'target/release/app'])).toMatchObject({
      value: 4382720,
      unit: 'B',
      direction: 'lower',
    });
    expect(pick(run, 'instructions', ['benchmark', 'sim::step'])).toMatchObject({ value: 1832044, unit: '' });
    expect(run.notes.join(' ')).toMatch(/instructions/);
  });

  it('is strict about the shape, since it is so generic', () => {
    expect(importer.detect(toInput('a.json', '{"a": {"latency": {"value": "12"}}}'))).toBe(false);
    expect(importer.detect(toInput('a.json', '{"a": {"latency": {"value": 12, "unit": "ns"}}}'))).toBe(false);
    expect(importer.detect(toInput('a.json', '{"a": {}}'))).toBe(false);
    expect(importer.detect(toInput('a.json', '{"a": {"latency": {"value": 12}}}'))).toBe(true);
  });
});
