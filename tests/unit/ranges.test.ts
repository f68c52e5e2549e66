// A value's reported ± range as a number: the forms github-action-benchmark's extractors write (cargo, benchmark.js,
// pytest, benchmarkdotnet, catch2, custom tools) read into a half-width in the value's unit, converted with the value
// when units are reconciled; through the engine (tokio's and the action's own data.js) to the points a chart draws,
// drawn as error bars or a band with "± x unit" in the tip; and a published history still round-trips.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { pointRanges, rangeTip } from '../../src/lib/charts/ranges.ts';
import { timeSeriesChart } from '../../src/lib/charts/timeseries.ts';
import type { SeriesPoints } from '../../src/lib/model/api.ts';
import { githubActionBenchmarkImporter } from '../../src/lib/sources/artifacts/github-action-benchmark.ts';
import type { MeasurementRecord } from '../../src/lib/sources/records.ts';
import { parseRange } from '../../src/lib/units/range.ts';
import { reconcileUnits } from '../../src/lib/units/reconcile.ts';
import { publishData } from '../../src/node/publish.ts';
import { createStaticServer } from '../../scripts/serve.mjs';
import { REAL } from '../real-files.ts';
import { newEngine, tempDir } from './helpers/engine.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
const ACTION = path.join(
  REAL,
  'github_action_benchmark/benchmark-action_github-action-benchmark_gh-pages/dev/bench/data.js',
);
const MOUNTPOINT = path.join(REAL, 'github_action_benchmark/awslabs_mountpoint-s3_gh-pages/dev/bench/data.js');

interface Bench {
  name: string;
  value: number;
  unit: string;
  range?: string;
  extra?: string;
}
interface Entry {
  commit: { id: string };
  tool: string;
  benches: Bench[];
}
function history(file: string): Record<string, Entry[]> {
  const text = fs.readFileSync(file, 'utf8');
  return (JSON.parse(text.slice(text.indexOf('{')).replace(/;\s*$/, '')) as { entries: Record<string, Entry[]> })
    .entries;
}

describe('parseRange', () => {
  it('reads ± and +/- in the value’s own unit, with thousands separators', () => {
    expect(parseRange('± 41', 187, 'ns/iter', { tool: 'cargo' })).toBe(41);
    expect(parseRange('+/- 2,802', 34001, 'ns/iter', { tool: 'cargo' })).toBe(2802);
    expect(parseRange('± 1.70', 148.74, 'ns/iter')).toBe(1.7);
    expect(parseRange('±3', 10, 'ms')).toBe(3);
    expect(parseRange('+- 0.5', 10, 'ms')).toBe(0.5);
    expect(parseRange('± 0.0020481391239827113', 24.7, 'ns', { tool: 'benchmarkdotnet' })).toBeCloseTo(0.00204814, 8);
    expect(parseRange('± 1,234,567', 5e6, 'ns')).toBe(1234567);
    expect(parseRange('7', 100, 'ns')).toBe(7);
  });

  it('reads percentages relative to the value', () => {
    expect(parseRange('±1.93%', 996174, 'ops/sec', { tool: 'benchmarkjs' })).toBeCloseTo(19226.16, 2);
    expect(parseRange('0.42%', 1039768, 'ops/sec', { tool: 'benchmarkjs' })).toBeCloseTo(4367.03, 2);
    expect(parseRange('± 10 %', -50, 'custom')).toBe(5);
  });

  it('converts a unit written in the text into the value’s unit, and refuses one of another kind', () => {
    expect(parseRange('± 2 ms', 1.5, 's')).toBeCloseTo(0.002, 12);
    expect(parseRange('+/- 300 us', 2, 'ms')).toBeCloseTo(0.3, 12);
    expect(parseRange('± 1.5 MiB', 100, 'MiB')).toBe(1.5);
    expect(parseRange('± 512 KiB', 3, 'MiB')).toBe(0.5);
    expect(parseRange('± 2 MB', 3, 'MiB')).toBeCloseTo(2e6 / 1024 ** 2, 12);
    expect(parseRange('± 2 ms', 100, 'ops/s')).toBeNull();
    expect(parseRange('± 3 widgets', 100, 'ns')).toBeNull();
  });

  it("reads pytest-benchmark's stddev (seconds of the mean time) as the rate's relative spread", () => {
    // bench.py::test_fib_20: 389.338 iter/sec, mean 2.568 ms per round, stddev 0.2408 ms → 9.38 % of the rate.
    const extra = 'mean: 0.002568462342106078 sec\nrounds: 380';
    const half = parseRange('stddev: 0.0002408106151480289', 389.3380033674248, 'iter/sec', { tool: 'pytest', extra });
    expect(half).toBeCloseTo((389.3380033674248 * 0.0002408106151480289) / 0.002568462342106078, 9);
    expect(half! / 389.338).toBeCloseTo(0.09376, 4);
    // The mean in another unit, or none (then 1 / rate).
    const usec = parseRange('stddev: 4.841850108131118e-7', 59573.92304802095, 'iter/sec', {
      tool: 'pytest',
      extra: 'mean: 16.785867856879705 usec\nrounds: 40161',
    });
    expect(usec).toBeCloseTo((59573.92304802095 * 4.841850108131118e-7) / 16.785867856879705e-6, 6);
    expect(parseRange('stddev: 0.001', 100, 'iter/sec', { tool: 'pytest' })).toBeCloseTo(10, 9);
    // A time value: the stddev in seconds, converted.
    expect(parseRange('stddev: 0.001', 5, 'ms', { tool: 'pytest' })).toBeCloseTo(1, 12);
    // A custom tool's stddev is in its own unit.
    expect(parseRange('stddev: 4', 100, 'ms', { tool: 'customSmallerIsBetter' })).toBe(4);
  });

  it('gives none rather than a wrong bar', () => {
    // catch2's extractor drops the std dev's unit ("20.453 us ± 470", the 470 being ns).
    expect(parseRange('± 470', 20.453, 'us', { tool: 'catch2' })).toBeNull();
    for (const text of [
      '',
      'n/a',
      '± ',
      '1 - 3',
      '[1, 3]',
      '± -3',
      '± NaN',
      '± Infinity',
      '± 1,2',
      'about 3',
      '±1e999',
    ])
      expect(parseRange(text, 10, 'ns'), text).toBeNull();
    expect(parseRange(null, 10, 'ns')).toBeNull();
    expect(parseRange(undefined, 10, 'ns')).toBeNull();
    expect(parseRange('± 1', NaN, 'ns')).toBeNull();
    expect(parseRange('stddev: 0.1', 0, 'iter/sec', { tool: 'pytest' })).toBeNull();
  });
});

describe('the importer', () => {
  const parse = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    return githubActionBenchmarkImporter.parse({ name: 'data.js', text, json: undefined });
  };

  it("gives every value of the action's own history the half-width its range text says, in the stored unit", () => {
    const records = parse(ACTION).records;
    const entries = Object.values(history(ACTION)).flat();
    // Records follow the history's order: the bench's own value first, then any values after its unit.
    const own = records.filter((r) => r.range !== null || r.spread !== null);
    const ranged = entries.flatMap((e) => e.benches.filter((b) => b.range).map((b) => ({ tool: e.tool, b })));
    expect(own).toHaveLength(ranged.length);
    const byTool = new Map<string, number>();
    own.forEach((r, i) => {
      const { tool, b } = ranged[i];
      expect(r.range).toBe(b.range);
      if (r.spread !== null) byTool.set(tool, (byTool.get(tool) ?? 0) + 1);
    });
    // cargo "+/- 2,802" in ns/iter: the number itself.
    const cargo = records.find((r) => r.range === '+/- 2,802')!;
    expect(cargo.spread).toBe(2802);
    // catch2 µs values are stored in ns, and their ranges (unit lost) are not drawn.
    const catch2 = records.filter((r) => r.tool === 'catch2');
    expect(catch2.length).toBeGreaterThan(100);
    expect(catch2.every((r) => r.spread === null)).toBe(true);
    expect(byTool.has('catch2')).toBe(false);
    for (const tool of ['cargo', 'benchmarkjs', 'pytest', 'benchmarkdotnet'])
      expect(byTool.get(tool), tool).toBeGreaterThan(0);
    // benchmark.js: "±1.93%" of 996,174 ops/sec.
    const js = records.find((r) => r.tool === 'benchmarkjs' && r.range === '±1.93%' && r.value === 996174)!;
    expect(js.spread).toBeCloseTo(19226.1582, 3);
    // Tools without a range (go, googlecpp, jmh, julia) have none.
    expect(
      records.filter((r) => ['go', 'googlecpp', 'jmh', 'julia'].includes(r.tool!)).every((r) => r.spread === null),
    ).toBe(true);
  });

  it('a history without ranges (mountpoint-s3) has no spread', () => {
    expect(parse(MOUNTPOINT).records.every((r) => r.spread === null)).toBe(true);
  });

  it('scales the spread with the value when units are reconciled', () => {
    const record: MeasurementRecord = {
      ts: 0,
      dims: [['name', 'a']],
      metric: 'latency',
      unit: 'ms',
      direction: 'lower',
      value: 2,
      spread: 0.25,
      samples: [1.5, 2.5],
    };
    const [converted] = reconcileUnits([record], new Map([['latency', 'us']]));
    expect([converted.unit, converted.value, converted.spread, converted.samples]).toEqual([
      'us',
      2000,
      250,
      [1500, 2500],
    ]);
    const [none] = reconcileUnits([{ ...record, spread: null }], new Map([['latency', 'us']]));
    expect(none.spread).toBeNull();
  });
});

// Loading tokio takes seconds; more on a loaded machine.
describe('through the engine', { timeout: 180_000 }, () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await newEngine();
  });

  async function open(file: string): Promise<void> {
    for (const s of engine.listSources()) await engine.removeSource(s.id);
    const opened = await engine.openFiles([
      { name: 'data.js', bytes: new Uint8Array(fs.readFileSync(file)), lastModified: 0 },
    ]);
    expect(opened.failures).toEqual([]);
  }
  async function seriesOf(name: string, suite: string): Promise<string> {
    const found = await engine.listSeries({ metric: 'time', filter: {}, search: name, limit: 100 });
    const match = found.filter((s) => Object.values(s.dims).includes(name) && s.dims.suite === suite);
    expect(match, `${suite}/${name}`).toHaveLength(1);
    return match[0].seriesKey;
  }

  it("tokio's data.js: each named point's spread is the number its range text says", async () => {
    await open(TOKIO);
    const entries = history(TOKIO);
    const named: [string, string, string][] = [
      ['rt_multi_threaded', 'ping_pong', '909d3ec0ff20'],
      ['rt_multi_threaded', 'chained_spawn', '909d3ec0ff20'],
      ['sync_rwlock', 'read_concurrent_contended_multi', '909d3ec0ff20'],
      ['sync_mpsc', 'contention_bounded', '909d3ec0ff20'],
    ];
    for (const [suite, name, commit] of named) {
      const bench = entries[suite].find((e) => e.commit.id.startsWith(commit))!.benches.find((b) => b.name === name)!;
      const points = await engine.seriesPoints(await seriesOf(name, suite), 'time', { maxPoints: 100_000 });
      const i = points.commit.findIndex((c) => c?.startsWith(commit));
      expect(i, `${suite}/${name}`).toBeGreaterThanOrEqual(0);
      expect(points.value[i]).toBe(bench.value);
      expect(points.spread![i]).toBe(Number(bench.range!.replace(/[±,\s]/g, '')));
    }
    // Every point of one series, in push order (a commit measured twice is two points): value and spread.
    const key = await seriesOf('ping_pong', 'rt_multi_threaded');
    const all = await engine.seriesPoints(key, 'time', { maxPoints: 100_000 });
    const benches = entries.rt_multi_threaded.flatMap((e) => e.benches.filter((b) => b.name === 'ping_pong'));
    expect(all.value).toEqual(benches.map((b) => b.value));
    expect(all.spread).toEqual(benches.map((b) => Number(b.range!.replace(/[±,\s]/g, ''))));
  });

  it('a bucket of a downsampled series carries the mean spread of its points; a window keeps its points’', async () => {
    await open(TOKIO);
    const key = await seriesOf('ping_pong', 'rt_multi_threaded');
    const all = await engine.seriesPoints(key, 'time', { maxPoints: 100_000 });
    const buckets = await engine.seriesPoints(key, 'time', { maxPoints: 40 });
    expect(buckets.downsampled).toBe(true);
    const total = all.ts.length;
    const first = all.spread!.filter((_, i) => Math.floor((i * 40) / total) === 0) as number[];
    expect(buckets.spread![0]).toBeCloseTo(first.reduce((a, b) => a + b, 0) / first.length, 6);
    const window = await engine.seriesPoints(key, 'time', { fromMs: all.ts[10], toMs: all.ts[19] });
    expect(window.spread).toEqual(all.spread!.slice(10, 20));
  });

  it('a history without ranges gives points without spread, and moving a run keeps its spread', async () => {
    await open(MOUNTPOINT);
    const [s] = await engine.listSeries({
      metric: engine.listSources()[0].metrics[0],
      filter: {},
      search: '',
      limit: 1,
    });
    const points = await engine.seriesPoints(s.seriesKey, engine.listSources()[0].metrics[0], {});
    expect(points.spread).toBeUndefined();

    await open(TOKIO);
    const id = engine.listSources()[0].id;
    const key = await seriesOf('ping_pong', 'rt_multi_threaded');
    const before = await engine.seriesPoints(key, 'time', { maxPoints: 100_000 });
    const runs = await engine.listRuns(id);
    const run = runs.find((r) => r.commit === before.commit[0])!;
    await engine.setRunTime(id, run.runGroup, before.ts.at(-1)! + 86_400_000);
    const after = await engine.seriesPoints(key, 'time', { maxPoints: 100_000 });
    expect(after.commit.at(-1)).toBe(before.commit[0]);
    expect(after.spread!.at(-1)).toBe(before.spread![0]);
  });
});

describe('a published history', () => {
  it('round-trips the values of a history with ranges; the ranges are left out of the Parquet format', async () => {
    const engine = await newEngine();
    await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(TOKIO)), lastModified: 0 }]);
    const [series] = await engine.listSeries({ metric: 'time', filter: {}, search: 'ping_pong', limit: 1 });
    const direct = await engine.seriesPoints(series.seriesKey, 'time', { maxPoints: 100_000 });
    expect(direct.spread!.every((v) => v !== null && v > 0)).toBe(true);
    const site = tempDir();
    await publishData(engine, path.join(site, 'data'), { title: 'tokio', granularity: 'year' });
    const server = createStaticServer({ root: site });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const published = await newEngine();
      await published.openUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/data/manifest.json`);
      const fromRows = await published.seriesPoints(series.seriesKey, 'time', { maxPoints: 100_000 });
      await published.loadPublishedData('all');
      const fromSql = await published.seriesPoints(series.seriesKey, 'time', { maxPoints: 100_000 });
      for (const got of [fromRows, fromSql]) {
        expect([got.ts, got.value, got.commit, got.runGroup]).toEqual([
          direct.ts,
          direct.value,
          direct.commit,
          direct.runGroup,
        ]);
        expect(got.spread).toBeUndefined();
      }
    } finally {
      server.close();
    }
  }, 300_000);
});

describe('the chart', () => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const points = (value: number[], extra: Partial<SeriesPoints> = {}): SeriesPoints => ({
    seriesKey: 'k',
    metric: 'time',
    ts: value.map((_, i) => Date.UTC(2025, 0, 1 + i)),
    value,
    low: value.map(() => null),
    high: value.map(() => null),
    nSamples: value.map(() => null),
    commit: value.map(() => null),
    versionTag: value.map(() => null),
    runGroup: value.map(() => null),
    downsampled: false,
    ...extra,
  });

  it("draws the points' own reported spread as error bars, and the tip says ± x unit", () => {
    const p = points([1000, 1200, 1100], { spread: [50, null, 2000] });
    const svg = timeSeriesChart(p, { width: 600, unit: 'ns', document: document as unknown as Document });
    expect(svg.querySelectorAll('[aria-label="rule"] line').length).toBe(2);
    const ranges = pointRanges(p)!;
    expect(ranges.what).toBe('reported ± range');
    expect(rangeTip(p, ranges, 0, 'ns')).toBe('± 50 ns (reported range)');
    expect(rangeTip(p, ranges, 1, 'ns')).toBeNull();
    expect(rangeTip(p, ranges, 2, 'ns')).toBe('± 2 µs (reported range)');
    // A series of times never draws its bars below zero.
    const lines = [...svg.querySelectorAll('[aria-label="rule"] line')].map((l) => Number(l.getAttribute('y1')));
    expect(Math.max(...lines)).toBeLessThanOrEqual(Number(svg.getAttribute('height')));
  });

  it('where a point has both, the tip names both and says which is drawn', () => {
    const p = points([10, 20], { spread: [1, null], low: [8, 15], high: [13, 26], nSamples: [5, 5] });
    const ranges = pointRanges(p)!;
    expect(rangeTip(p, ranges, 0, 'ms')).toBe(
      '± 1 ms (reported range, drawn)\nsamples min–max: 8 ms – 13 ms (n=5), not drawn',
    );
    expect(rangeTip(p, ranges, 1, 'ms')).toBe(
      'samples min–max: 15 ms – 26 ms (n=5), not drawn (the chart draws reported ranges)',
    );
    const samplesOnly = points([10, 20], { low: [8, 15], high: [13, 26], nSamples: [5, 5] });
    expect(rangeTip(samplesOnly, pointRanges(samplesOnly), 0, 'ms')).toBe('samples min–max: 8 ms – 13 ms (n=5)');
  });

  it('more than 80 points draw a band', () => {
    const value = Array.from({ length: 120 }, (_, i) => 100 + (i % 5));
    const svg = timeSeriesChart(points(value, { spread: value.map(() => 3) }), {
      width: 600,
      unit: 'ns',
      document: document as unknown as Document,
    });
    expect(svg.querySelectorAll('[aria-label="area"] path').length).toBe(1);
    expect(svg.querySelectorAll('[aria-label="rule"] line').length).toBe(0);
  });
});
