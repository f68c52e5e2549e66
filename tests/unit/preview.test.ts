// The preview drawn while DuckDB starts (src/lib/sources/preview.ts) is what the engine answers once it has the same
// files: series keys, labels, dimensions, units, point counts, values and commit context, on real files.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import {
  buildPreview,
  previewCatalog,
  previewSeriesList,
  previewSeriesPoints,
  seriesKeyOf,
  seriesLabelOf,
  type PreviewFile,
} from '../../src/lib/sources/preview.ts';
import { REAL } from '../real-files.ts';
import { FIXTURES, newEngine } from './helpers/engine.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
const PYTEST = path.join(REAL, 'harness_outputs/pytest-benchmark/tests/test_storage');
const GBENCH = path.join(REAL, 'harness_outputs/google_benchmark/tools/gbench/Inputs');

function read(file: string, name = path.basename(file)): PreviewFile {
  return { name, bytes: new Uint8Array(fs.readFileSync(file)), lastModified: Date.UTC(2026, 0, 1) };
}

let shared: Engine;
beforeAll(async () => {
  shared = await newEngine();
});

/** Open the files in the engine and check every answer the page draws from against the preview's. */
async function expectSameAsEngine(files: PreviewFile[], engine = shared): Promise<{ series: number; points: number }> {
  const preview = buildPreview(files);
  expect(preview).not.toBeNull();
  // The engine takes (and may empty) the bytes: give it copies.
  const result = await engine.openFiles(
    files.map((f) => ({ ...f, bytes: f.bytes.slice() })),
    () => {},
  );
  expect(result.failures).toEqual([]);
  const [source] = result.sources;
  try {
    expect(preview!.info.name).toBe(source.name);
    expect(preview!.info.rows).toBe(source.rows);
    expect(preview!.info.series).toBe(source.series);
    expect(preview!.info.metrics).toEqual(source.metrics);
    expect(preview!.info.dimensions).toEqual(source.dimensions);

    const catalog = await engine.catalog();
    expect(previewCatalog(preview!)).toEqual(catalog);

    let points = 0;
    for (const { metric } of catalog.metrics) {
      const query = { metric, filter: {}, search: '', limit: 20000 };
      const listed = await engine.listSeries(query);
      expect(previewSeriesList(preview!, query)).toEqual(listed);
      // Every series' chart, and a downsampled one.
      for (const s of listed) {
        const expected = await engine.seriesPoints(s.seriesKey, metric, { maxPoints: 2000 });
        const got = previewSeriesPoints(preview!, s.seriesKey, metric, { maxPoints: 2000 });
        expect(got.value.length).toBe(expected.value.length);
        const exact = { value: [], low: [], high: [], spread: [] };
        expect({ ...got, ...exact }).toEqual({ ...expected, ...exact });
        // Averages are summed in another order by DuckDB: equal to the last bits.
        for (const k of ['value', 'low', 'high', 'spread'] as const)
          (got[k] ?? []).forEach((v, i) => expect(v).toBeCloseTo(expected[k]![i]!, 9));
        expect(got.spread?.length).toBe(expected.spread?.length);
        points += got.value.length;
      }
      const first = listed[0];
      const few = { maxPoints: 7, fromMs: first.firstTs, toMs: first.lastTs };
      const got = previewSeriesPoints(preview!, first.seriesKey, metric, few);
      const expected = await engine.seriesPoints(first.seriesKey, metric, few);
      expect(got.ts).toEqual(expected.ts);
      expect(got.commit).toEqual(expected.commit);
      got.value.forEach((v, i) => expect(v).toBeCloseTo(expected.value[i], 6));
      // A filter on the first dimension and a search, as the list asks them.
      const dim = catalog.dimensions[0];
      if (dim) {
        const filtered = { ...query, filter: { [dim.name]: [dim.values[0].value] }, search: first.label.slice(0, 3) };
        expect(previewSeriesList(preview!, filtered)).toEqual(await engine.listSeries(filtered));
      }
    }
    return { series: preview!.series.size, points };
  } finally {
    await engine.removeSource(source.id);
  }
}

describe('the preview of a file opened while DuckDB starts', () => {
  it("equals the engine's answers for tokio's data.js (a github-action-benchmark history)", async () => {
    const { series, points } = await expectSameAsEngine([read(TOKIO)]);
    expect(series).toBeGreaterThan(10);
    expect(points).toBeGreaterThan(10_000);
  });

  it("equals the engine's answers for pytest-benchmark's saved runs opened together", async () => {
    const files = fs
      .readdirSync(PYTEST)
      .filter((f) => f.endsWith('.json'))
      .map((f) => read(path.join(PYTEST, f), `test_storage/${f}`));
    expect(files.length).toBeGreaterThan(1);
    const { series, points } = await expectSameAsEngine(files);
    expect(series).toBeGreaterThan(0);
    expect(points).toBe(files.length * series);
  });

  it("equals the engine's answers for Google Benchmark's outputs (one file, then two runs together)", async () => {
    await expectSameAsEngine([read(path.join(GBENCH, 'test1_run1.json'))]);
    await expectSameAsEngine([read(path.join(GBENCH, 'test1_run1.json')), read(path.join(GBENCH, 'test1_run2.json'))]);
  });

  // Otava's CSV layouts: dotted local times with offsets, epoch seconds, semicolons, a branch per history, an index.
  it.each([
    ['fixtures', 'flat/long-format.csv'],
    ['fixtures', 'flat/wide-semicolon.csv'],
    ['fixtures', 'flat/records.json'],
    ['fixtures', 'flat/records.ndjson'],
    ['otava', 'resources/sample.csv'],
    ['otava', 'resources/sample-semicolons.csv'],
    ['otava', 'resources/sample-unix-time.csv'],
    ['otava', 'resources/sample_multi_branch.csv'],
    ['otava', 'resources/sample_single_branch.csv'],
    ['otava', 'series/series_test_series1.csv'],
    ['otava', 'series/series_test_series2.csv'],
    ['otava', 'series/tigerbeetle.csv'],
  ])(
    "equals the engine's answers for a flat table whose typing and mapping are sure: %s %s",
    async (root, file) => {
      const full = root === 'otava' ? path.join(REAL, 'otava', file) : path.join(FIXTURES, file);
      // In an engine of its own: a metric's unit is the first source's that named it, as on a page that opened
      // nothing else before DuckDB was ready.
      const { points } = await expectSameAsEngine([read(full)], await newEngine());
      expect(points).toBeGreaterThan(0);
    },
    180_000,
  );

  it("equals the engine's answers for ISO times with offsets, typed by DuckDB's sniffer", async () => {
    const text = (name: string, body: string): PreviewFile => ({ name, bytes: new TextEncoder().encode(body) });
    const iso = [
      'time,bench,threads,ok,ns_per_op',
      ...Array.from({ length: 30 }, (_, i) => {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const zone = i % 3 === 0 ? 'Z' : i % 3 === 1 ? '+01:00' : '-0530';
        return `2025-03-${day}T0${i % 10}:15:30.${i}7${zone},${i % 2 ? 'parse' : 'sort'},${1 + (i % 2)},${i % 4 ? 'true' : 'false'},${1000 + i * 7.25}`;
      }),
    ].join('\n');
    await expectSameAsEngine([text('iso.csv', iso)], await newEngine());
  }, 180_000);

  it("equals the engine's answers for a long layout (a metric column, its values and units) in a TSV", async () => {
    const text = (name: string, body: string): PreviewFile => ({ name, bytes: new TextEncoder().encode(body) });
    const long = [
      'timestamp\tbenchmark\tmetric\tvalue\tunit',
      ...Array.from({ length: 24 }, (_, i) =>
        [
          `2024-0${1 + (i % 9)}-1${i % 10} 12:00:00`,
          `case_${i % 3}`,
          i % 2 ? 'latency' : 'throughput',
          String(i * 1.5 + 3),
          i % 2 ? 'ms' : 'ops/s',
        ].join('\t'),
      ),
    ].join('\n');
    await expectSameAsEngine([text('long.tsv', long)], await newEngine());
  }, 180_000);

  it('has no flat preview where DuckDB could type or map the table otherwise', () => {
    const csv = (text: string) => buildPreview([{ name: 't.csv', bytes: new TextEncoder().encode(text) }]);
    expect(csv('date,bench,ms\n2025-01-01,a,1.5\n2025-01-02,a,1.7\n')).not.toBeNull();
    // A date DuckDB sniffs with a format of its own (m/d/Y), numbers with a thousands separator, quotes, NaN.
    expect(csv('date,bench,ms\n01/02/2025,a,1.5\n03/04/2025,a,1.7\n')).toBeNull();
    expect(csv('date;bench;ms\n2025-01-01;a;1,500.5\n2025-01-02;a;1,700\n')).toBeNull();
    expect(csv('date,bench,ms\n2025-01-01,"a",1.5\n2025-01-02,"a",1.7\n')).toBeNull();
    expect(csv('date,bench,ms\n2025-01-01,a,nan\n2025-01-02,a,1.7\n')).toBeNull();
    // A table too large to type on the page's thread in less time than DuckDB's start.
    const rows = Array.from(
      { length: 200_000 },
      (_, i) => `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}Z,b${i % 7},${i}`,
    );
    expect(csv(`date,bench,ms\n${rows.join('\n')}\n`)).toBeNull();
    expect(csv(`date,bench,ms\n${rows.slice(0, 1000).join('\n')}\n`)).not.toBeNull();
    expect(buildPreview([read(path.join(FIXTURES, 'flat/no-metrics.csv'))])).toBeNull();
  });

  it('has no preview for what DuckDB reads itself: databases, unknown text', () => {
    const duck = new Uint8Array(64);
    duck.set(new TextEncoder().encode('DUCK'), 8);
    expect(buildPreview([{ name: 'a.duckdb', bytes: duck }])).toBeNull();
    expect(buildPreview([{ name: 'notes.txt', bytes: new TextEncoder().encode('hello\n') }])).toBeNull();
    // In a batch, a table beside benchmark results is skipped, as the engine skips it.
    const batch = buildPreview([read(TOKIO), read(path.join(FIXTURES, 'flat/long-format.csv'))]);
    expect(batch?.info.name).toBe('data.js');
  });

  it('keys and labels series as the engine does (escaping, missing values, numbers named)', () => {
    const values = new Map<string, string | null>([
      ['name', 'a|b=c\\d'],
      ['threads', '8'],
      ['arch', null],
    ]);
    expect(seriesKeyOf(['name', 'threads', 'arch'], values)).toBe('arch|name=a\\|b\\=c\\\\d|threads=8');
    expect(seriesLabelOf(['name', 'threads', 'arch'], values)).toBe('a|b=c\\d · threads=8');
    expect(seriesLabelOf(['arch'], values)).toBe('all');
  });
});
