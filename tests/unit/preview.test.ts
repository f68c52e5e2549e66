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

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});

/** Open the files in the engine and check every answer the page draws from against the preview's. */
async function expectSameAsEngine(files: PreviewFile[]): Promise<{ series: number; points: number }> {
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

  it('has no preview for what DuckDB reads itself: flat tables, databases, unknown text', () => {
    expect(buildPreview([read(path.join(FIXTURES, 'flat/long-format.csv'))])).toBeNull();
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
