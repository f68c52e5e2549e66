// Cross-format detection: every fixture is recognised by exactly its own importer, by content.
import { describe, expect, it } from 'vitest';
import { artifactImporters, findImporter } from '../../../src/lib/sources/artifacts/index.ts';
import { allFixtures, toInput } from './fixtures.ts';

const FORMAT_OF_FOLDER: Record<string, string> = {
  'pytest-benchmark': 'pytest-benchmark',
  'google-benchmark': 'Google Benchmark',
  hyperfine: 'hyperfine',
  criterion: 'Criterion.rs',
  go: 'go test -bench',
  benchmarkdotnet: 'BenchmarkDotNet',
  jmh: 'JMH',
  catch2: 'Catch2',
  asv: 'asv (airspeed velocity)',
  'github-action-benchmark': 'github-action-benchmark',
  bencher: 'Bencher Metric Format',
  vitest: 'Vitest bench',
};

describe('artifact detection across formats', () => {
  const fixtures = allFixtures();

  it('has fixtures for every format', () => {
    expect(new Set(fixtures.map((f) => f.format))).toEqual(new Set(Object.keys(FORMAT_OF_FOLDER)));
  });

  it.each(fixtures.map((f) => [`${f.format}/${f.path}`, f] as const))(
    '%s is recognised by its own importer only',
    (_, f) => {
      expect(findImporter(f.input)?.format).toBe(FORMAT_OF_FOLDER[f.format]);
      const accepting = artifactImporters.filter((imp) => imp.detect(f.input)).map((imp) => imp.format);
      expect(accepting).toEqual([FORMAT_OF_FOLDER[f.format]]);
    },
  );

  it('does not depend on the file name', () => {
    for (const f of fixtures) {
      // Criterion tukey.json and asv machine.json are told apart from generic JSON by name and content together.
      if (/tukey\.json$|machine\.json$/.test(f.path)) continue;
      const renamed = { ...f.input, name: 'upload.bin' };
      expect(findImporter(renamed)?.format).toBe(FORMAT_OF_FOLDER[f.format]);
    }
  });

  it('rejects plain tables, empty and unrelated documents', () => {
    const others = [
      '[{"model":"bert","latency_ms":12.5,"timestamp":"2024-01-01T00:00:00Z"}]',
      '{"name":"perftrack","version":"0.1.0","dependencies":{}}',
      '{}',
      '[]',
      '',
      'ts,metric,value\n2024-01-01,latency,12\n',
      '<?xml version="1.0"?><testsuites><testsuite name="x"/></testsuites>',
      'Benchmark results\n\nnothing to see here\n',
    ];
    for (const text of others) expect(findImporter(toInput('data.json', text))).toBeNull();
  });
});
