// Opening every kind of source with the real DuckDB-WASM engine: recognition, normalisation, errors.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import {
  FIXTURES,
  IPFS_DATA,
  newEngine,
  writeDatabaseFile,
  readBytes,
  runnerResultFiles,
  seedDatabase,
  tempDir,
} from './helpers/engine.ts';

let engine: Engine;
const flat = (name: string) => readBytes(path.join(FIXTURES, 'flat', name));

/** A database file written by DuckDB-WASM itself; `sql` uses `b.` for its tables. */
async function databaseFile(statements: string[]): Promise<Uint8Array> {
  const file = path.join(tempDir(), 'written.duckdb');
  await writeDatabaseFile(file, 'b', statements);
  return readBytes(file);
}

beforeAll(async () => {
  engine = await newEngine();
});

describe('seed time-series schema', () => {
  it('normalises every result into one row per metric, with series dimensions', async () => {
    const { bytes, demo } = await seedDatabase(engine, { samples: 30 });
    const info = await engine.openBytes('seed.duckdb', bytes);
    expect(info.schema).toBe('seed-timeseries');
    expect(info.series).toBe(18);
    expect(info.rows).toBe(demo.results.length * 4);
    expect(info.metrics).toEqual(['latency', 'memory', 'power', 'throughput']);
    expect(info.dimensions).toEqual(['model', 'hardware', 'device', 'batch_size', 'sequence_length', 'precision']);

    const series = await engine.listSeries({
      metric: 'throughput',
      filter: { model: ['vit-base'], hardware: ['cuda'] },
      search: '',
      limit: 10,
    });
    expect(series).toHaveLength(1);
    expect(series[0].dims).toMatchObject({
      model: 'vit-base',
      hardware: 'cuda',
      batch_size: '1',
      sequence_length: null,
      precision: 'fp32',
    });
    const points = await engine.seriesPoints(series[0].seriesKey, 'throughput');
    expect(points.ts).toHaveLength(30);
    const first = demo.results.find((r) => r.model_id === 3 && r.hardware_id === 1)!;
    expect(points.value[0]).toBeCloseTo(first.throughput_items_per_second, 2);
    expect(points.commit[0]).toBe(first.git_commit_hash);
    expect(points.versionTag[0]).toBe(first.version_tag);
    expect(points.runGroup[0]).toBe(first.run_group_id);
    await engine.removeSource(info.id);
  });

  it('matches a NULL sequence length with NULL in filters', async () => {
    const { bytes } = await seedDatabase(engine, { samples: 10 });
    const info = await engine.openBytes('seed.duckdb', bytes);
    const none = await engine.listSeries({
      metric: 'latency',
      filter: { sequence_length: [null] },
      search: '',
      limit: 100,
    });
    expect(none.map((s) => s.dims.model)).toEqual(['vit-base', 'vit-base', 'vit-base']);
    await engine.removeSource(info.id);
  });
});

describe('official base schema', () => {
  it('refuses the real base-schema database, naming what it holds', async () => {
    const bytes = readBytes(path.join(IPFS_DATA, 'schema_fixtures/test/benchmark_db/benchmark.duckdb'));
    await expect(engine.openBytes('benchmark.duckdb', bytes)).rejects.toThrow(
      /6 models and 7 hardware platforms, but its performance_results table is empty/,
    );
    expect(engine.listSources()).toHaveLength(0);
  });

  it('reads base-schema results joined to their test run', async () => {
    const bytes = await databaseFile([
      `CREATE TABLE b.test_runs (run_id INTEGER, test_name VARCHAR, git_commit VARCHAR, git_branch VARCHAR, started_at TIMESTAMP)`,
      `CREATE TABLE b.models (model_id INTEGER, model_name VARCHAR, model_family VARCHAR)`,
      `CREATE TABLE b.hardware_platforms (hardware_id INTEGER, hardware_type VARCHAR, device_name VARCHAR)`,
      `CREATE TABLE b.performance_results (result_id INTEGER, run_id INTEGER, model_id INTEGER, hardware_id INTEGER, test_case VARCHAR, batch_size INTEGER, precision VARCHAR, total_time_seconds FLOAT, average_latency_ms FLOAT, throughput_items_per_second FLOAT, memory_peak_mb FLOAT, iterations INTEGER, warmup_iterations INTEGER, metrics VARCHAR, created_at TIMESTAMP)`,
      `INSERT INTO b.test_runs VALUES (1, 'nightly', 'abc123', 'main', '2025-03-03 05:00:00'), (2, 'nightly', 'def456', 'main', '2025-03-04 05:00:00')`,
      `INSERT INTO b.models VALUES (1, 'bert-base-uncased', 'bert')`,
      `INSERT INTO b.hardware_platforms VALUES (1, 'cpu', 'i9-12900K')`,
      `INSERT INTO b.performance_results VALUES (1, 1, 1, 1, 'embedding', 1, 'fp32', 5.5, 55.2, 133.3, 2874.4, 100, 10, '{}', '2025-03-03 05:31:01'),
                                                  (2, 2, 1, 1, 'embedding', 1, 'fp32', 5.9, 59.0, 121.1, 2900.0, 100, 10, '{}', NULL)`,
    ]);
    const info = await engine.openBytes('base.duckdb', bytes);
    expect(info.schema).toBe('base-schema');
    expect(info.metrics).toEqual(['latency', 'memory', 'throughput', 'total_time']);
    const [series] = await engine.listSeries({ metric: 'latency', filter: {}, search: 'bert', limit: 5 });
    const points = await engine.seriesPoints(series.seriesKey, 'latency');
    expect(points.value.map((v) => Math.round(v * 10) / 10)).toEqual([55.2, 59]);
    expect(points.commit).toEqual(['abc123', 'def456']);
    // A result without created_at takes its run's start time.
    expect(new Date(points.ts[1]).toISOString()).toBe('2025-03-04T05:00:00.000Z');
    await engine.removeSource(info.id);
  });
});

describe('IPFS Accelerate runner output (real files)', () => {
  it('imports every real benchmark_results.json into one history with per-iteration samples', async () => {
    const files = runnerResultFiles().map((file) => ({ name: path.relative(IPFS_DATA, file), bytes: readBytes(file) }));
    expect(files.length).toBeGreaterThan(10);
    const result = await engine.openFiles(files);
    // Files that only verified functionality (no latency configurations) are listed as skipped, grouped by reason.
    expect(result.failures).toEqual([]);
    expect(result.skipped.length).toBeGreaterThan(0);
    for (const skipped of result.skipped) expect(skipped.reason).toMatch(/without completed measurements/);
    expect(result.skippedGroups).toHaveLength(1);
    expect(result.skippedSummary).toMatch(/^Skipped \d+ files that hold no benchmark results: /);
    expect(result.sources).toHaveLength(1);
    const source = result.sources[0];
    expect(source.layout).toBe('IPFS Accelerate benchmark runner');
    expect(source.metrics).toEqual(['latency', 'throughput']);

    const [bert] = await engine.listSeries({
      metric: 'latency',
      filter: { model: ['bert-base-uncased'], hardware: ['cpu'], batch_size: ['1'], sequence_length: ['32'] },
      search: '',
      limit: 5,
    });
    expect(bert.points).toBeGreaterThanOrEqual(3);
    const points = await engine.seriesPoints(bert.seriesKey, 'latency');
    expect(points.nSamples.every((n) => n === 20)).toBe(true);
    // 20250303_050235: avg_latency 0.0536571741104126 s, first latency sample 0.06124758720397949 s.
    const i = points.ts.indexOf(Date.parse('2025-03-03T05:02:35.716Z'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(points.value[i]).toBeCloseTo(53.6571741104126, 9);
    expect(points.high[i]).toBeCloseTo(64.6214485168457, 9);
    expect(points.low[i]).toBeCloseTo(41.513919830322266, 9);
    await engine.removeSource(source.id);
  });

  it('reads the per-model placeholder files as a format example', async () => {
    const file = path.join(IPFS_DATA, 'measured/test/benchmark_results/benchmark_bert_cuda_20250305_195715.json');
    const info = await engine.openBytes('benchmark_bert_cuda.json', readBytes(file));
    expect(info.layout).toBe('IPFS Accelerate per-model benchmark');
    const series = await engine.listSeries({ metric: 'throughput', filter: {}, search: '', limit: 10 });
    expect(series.map((s) => s.lastValue).sort((a, b) => a - b)).toEqual([100, 400]);
    await engine.removeSource(info.id);
  });
});

describe('flat tables', () => {
  it('reads the real base-schema CSV export, guessing time, dimensions and metrics', async () => {
    const info = await engine.openBytes(
      'performance_results.csv',
      readBytes(path.join(IPFS_DATA, 'measured/test/performance_results.csv')),
    );
    expect(info.format).toBe('csv');
    expect(info.mapping).toMatchObject({ time: 'created_at', runGroup: 'run_id' });
    expect(info.mapping!.dimensions).toEqual(
      expect.arrayContaining(['model_id', 'hardware_id', 'test_case', 'batch_size', 'precision']),
    );
    expect(info.mapping!.dimensions).not.toContain('result_id');
    expect(info.mapping!.metrics.map((m) => [m.column, m.direction])).toEqual([
      ['total_time_seconds', 'lower'],
      ['average_latency_ms', 'lower'],
      ['throughput_items_per_second', 'higher'],
      ['memory_peak_mb', 'lower'],
    ]);
    expect(info.rows).toBe(16);
    await engine.removeSource(info.id);
  });

  it('reads a long layout (metric and value columns)', async () => {
    const info = await engine.openBytes('long-format.csv', flat('long-format.csv'));
    expect(info.mapping!.long).toEqual({ metricColumn: 'metric', valueColumn: 'value', unitColumn: 'unit' });
    expect(info.mapping!.commit).toBe('commit');
    expect(info.metrics).toEqual(['ops_per_sec', 'time']);
    const catalog = await engine.catalog();
    expect(catalog.metrics.find((m) => m.metric === 'ops_per_sec')).toMatchObject({
      unit: 'ops/s',
      direction: 'higher',
    });
    expect(catalog.metrics.find((m) => m.metric === 'time')).toMatchObject({ unit: 'ms', direction: 'lower' });
    const [small] = await engine.listSeries({
      metric: 'time',
      filter: { benchmark: ['parse_small'] },
      search: '',
      limit: 5,
    });
    const points = await engine.seriesPoints(small.seriesKey, 'time');
    expect(points.value).toEqual([12.1, 12.3, 14.9]);
    expect(points.commit).toEqual(['a1b2c3d', 'b2c3d4e', 'c3d4e5f']);
    await engine.removeSource(info.id);
  });

  it('sniffs a semicolon CSV with ISO times and an integer dimension', async () => {
    const info = await engine.openBytes('wide.csv', flat('wide-semicolon.csv'));
    expect(info.mapping).toMatchObject({ time: 'timestamp', commit: 'git_sha', dimensions: ['host', 'threads'] });
    expect(info.mapping!.metrics.map((m) => `${m.column}:${m.direction}`)).toEqual([
      'req_per_sec:higher',
      'p99_latency_ms:lower',
      'rss_bytes:lower',
    ]);
    expect(info.series).toBe(2);
    await engine.removeSource(info.id);
  });

  it('lets the user correct the mapping, and keeps the old one when the correction is unusable', async () => {
    const info = await engine.openBytes('wide.csv', flat('wide-semicolon.csv'));
    const corrected = await engine.setMapping(info.id, {
      ...info.mapping!,
      dimensions: ['threads'],
      metrics: info.mapping!.metrics.map((m) => (m.column === 'rss_bytes' ? { ...m, direction: 'higher' } : m)),
    });
    expect(corrected.dimensions).toEqual(['threads']);
    expect((await engine.catalog()).metrics.find((m) => m.metric === 'rss_bytes')?.direction).toBe('lower'); // first registration wins; direction changes go through setDirection
    await expect(engine.setMapping(info.id, { ...info.mapping!, metrics: [], long: null })).rejects.toThrow(
      /no numeric column/,
    );
    await expect(engine.setMapping(info.id, { ...info.mapping!, time: 'no_such_column' })).rejects.toThrow(
      /does not have/,
    );
    expect((await engine.listSeries({ metric: 'req_per_sec', filter: {}, search: '', limit: 10 })).length).toBe(2);
    await engine.removeSource(info.id);
  });

  it('flattens nested JSON records into dotted dimensions', async () => {
    const info = await engine.openBytes('records.json', flat('records.json'));
    expect(info.mapping).toMatchObject({
      time: 'run_at',
      dimensions: ['model', 'device.kind', 'device.name', 'batch'],
    });
    expect(info.mapping!.metrics.map((m) => `${m.column}:${m.direction}`)).toEqual([
      'images_per_sec:higher',
      'latency_ms:lower',
    ]);
    await engine.removeSource(info.id);
  });

  it('reads NDJSON with epoch-second times', async () => {
    const info = await engine.openBytes('records.ndjson', flat('records.ndjson'));
    expect(info.mapping).toMatchObject({ time: 'ts', dimensions: ['bench', 'n'] });
    const [series] = await engine.listSeries({ metric: 'ns_per_op', filter: { n: ['1000'] }, search: '', limit: 5 });
    expect(new Date(series.firstTs).toISOString()).toBe('2025-03-01T08:00:00.000Z');
    await engine.removeSource(info.id);
  });

  it('reads Parquet (hyparquet-writer output): integer, double, string and timestamp columns', async () => {
    const n = 300;
    const range = Array.from({ length: n }, (_, i) => i);
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'measured_at', data: range.map((i) => new Date(Date.UTC(2025, 0, 1 + i))), type: 'TIMESTAMP' },
          { name: 'benchmark', data: range.map((i) => `bench_${i % 3}`), type: 'STRING' },
          { name: 'threads', data: range.map((i) => i % 2), type: 'INT32' },
          { name: 'throughput_ops_per_sec', data: range.map((i) => 100 + i), type: 'DOUBLE' },
          { name: 'latency_ms', data: range.map((i) => 10 - i / 100), type: 'DOUBLE' },
        ],
        rowGroupSize: 64,
      }),
    );
    const info = await engine.openBytes('data.parquet', bytes);
    expect(info.format).toBe('parquet');
    expect(info.mapping).toMatchObject({ time: 'measured_at', dimensions: ['benchmark', 'threads'] });
    expect(info.rows).toBe(600);
    expect(info.series).toBe(6);
    const [series] = await engine.listSeries({
      metric: 'throughput_ops_per_sec',
      filter: { benchmark: ['bench_0'], threads: ['0'] },
      search: '',
      limit: 5,
    });
    const points = await engine.seriesPoints(series.seriesKey, 'throughput_ops_per_sec');
    expect(points.value.slice(0, 3)).toEqual([100, 106, 112]);
    expect(new Date(points.ts[1]).toISOString()).toBe('2025-01-07T00:00:00.000Z');
    await engine.removeSource(info.id);
  });

  it('inflates gzip-compressed files', async () => {
    const info = await engine.openBytes('long-format.csv.gz', new Uint8Array(gzipSync(flat('long-format.csv'))));
    expect(info.name).toBe('long-format.csv');
    expect(info.rows).toBe(9);
    await engine.removeSource(info.id);
  });

  it('merges several files into one history', async () => {
    const first = 'date,benchmark,time_ms\n2025-01-01,a,10\n2025-01-02,a,11\n';
    const second = 'date,benchmark,time_ms\n2025-01-03,a,15\n2025-01-04,a,15.5\n';
    const result = await engine.openFiles([
      { name: 'week1.csv', bytes: new TextEncoder().encode(first) },
      { name: 'week2.csv', bytes: new TextEncoder().encode(second) },
    ]);
    expect(result.sources).toHaveLength(2);
    const series = await engine.listSeries({ metric: 'time_ms', filter: {}, search: '', limit: 5 });
    expect(series).toHaveLength(1);
    expect(series[0].points).toBe(4);
    for (const s of result.sources) await engine.removeSource(s.id);
  });
});

describe('series identity', () => {
  const csv = (text: string) => new TextEncoder().encode(text);

  it('is the same dimensions whatever the column order, so files with other column orders merge', async () => {
    const result = await engine.openFiles([
      { name: 'a.csv', bytes: csv('date,suite,host,t_ms\n2026-01-01,a,h1,1\n2026-01-02,a,h1,1\n') },
      { name: 'b.csv', bytes: csv('date,host,suite,t_ms\n2026-01-03,h1,a,1\n2026-01-04,h1,a,1\n') },
    ]);
    const series = await engine.listSeries({ metric: 't_ms', filter: {}, search: '', limit: 5 });
    expect(series).toHaveLength(1);
    expect(series[0].points).toBe(4);
    for (const s of result.sources) await engine.removeSource(s.id);
  });

  it('keeps apart series whose values contain the key separators, and a missing value from an empty one', async () => {
    const rows = [
      ...[1, 2, 3].map((d) => `2026-01-0${d},a|case=b,,10`),
      ...[1, 2, 3].map((d) => `2026-01-0${d},a,b|case=,20`),
    ];
    const info = await engine.openBytes('separators.csv', csv(`date,suite,case,time_ms\n${rows.join('\n')}\n`));
    const series = await engine.listSeries({ metric: 'time_ms', filter: {}, search: '', limit: 5 });
    expect(series).toHaveLength(2);
    expect(new Set(series.map((s) => s.seriesKey)).size).toBe(2);
    for (const s of series)
      expect((await engine.seriesPoints(s.seriesKey, 'time_ms')).value).toEqual(
        s.dims.suite === 'a' ? [20, 20, 20] : [10, 10, 10],
      );
    await engine.removeSource(info.id);

    const records = [1, 2].flatMap((d) => [
      { ts: `2026-01-0${d}`, bench: 'x', host: '', ms: 1 },
      { ts: `2026-01-0${d}`, bench: 'x', host: null, ms: 2 },
    ]);
    const json = await engine.openBytes('empty-vs-null.json', csv(JSON.stringify(records)));
    const twoSeries = await engine.listSeries({ metric: 'ms', filter: {}, search: '', limit: 5 });
    expect(twoSeries).toHaveLength(2);
    for (const s of twoSeries)
      expect((await engine.seriesPoints(s.seriesKey, 'ms')).value).toEqual(s.dims.host === null ? [2, 2] : [1, 1]);
    await engine.removeSource(json.id);
  });

  it('does not split a history by a free-text notes column', async () => {
    const rows = [1, 2, 3, 4].map((d) => `2026-01-0${d},search,${d === 3 ? 'deploy' : 'ok'},${10 + d}`);
    const info = await engine.openBytes('notes.csv', csv(`date,service,notes,latency_ms\n${rows.join('\n')}\n`));
    expect(info.mapping?.dimensions).toEqual(['service']);
    expect(info.series).toBe(1);
    await engine.removeSource(info.id);
  });

  it('treats a machine column as a dimension, and reads epoch microsecond and nanosecond times', async () => {
    const micros = Date.UTC(2026, 0, 1) * 1000;
    const info = await engine.openBytes(
      'machines.csv',
      csv(`timestamp,benchmark,machine,ms\n${micros},b,m1,1\n${micros + 86_400_000_000},b,m1,2\n${micros},b,m2,3\n`),
    );
    expect(info.mapping).toMatchObject({ time: 'timestamp', dimensions: ['benchmark', 'machine'] });
    expect(info.series).toBe(2);
    const [m1] = await engine.listSeries({ metric: 'ms', filter: { machine: ['m1'] }, search: '', limit: 5 });
    expect(new Date(m1.firstTs).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new Date(m1.lastTs).toISOString()).toBe('2026-01-02T00:00:00.000Z');
    await engine.removeSource(info.id);

    const nanos = BigInt(Date.UTC(2026, 0, 1)) * 1_000_000n;
    const ns = await engine.openBytes(
      'nanos.csv',
      csv(`time_ns,benchmark,ms\n${nanos},b,1\n${nanos + 3_600_000_000_000n},b,2\n`),
    );
    const [series] = await engine.listSeries({ metric: 'ms', filter: {}, search: '', limit: 5 });
    expect(new Date(series.lastTs).toISOString()).toBe('2026-01-01T01:00:00.000Z');
    await engine.removeSource(ns.id);
  });
});

describe('bad input gets a clear error and loses nothing', () => {
  let keep: number;
  beforeAll(async () => {
    keep = (await engine.openBytes('long-format.csv', flat('long-format.csv'))).id;
  });

  const cases: [string, () => Promise<Uint8Array> | Uint8Array, RegExp][] = [
    ['empty.csv', () => new Uint8Array(0), /is empty \(0 bytes\)/],
    [
      'random.bin',
      () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256),
      /not a format this page recognises/,
    ],
    ['no-metrics.csv', () => flat('no-metrics.csv'), /no numeric column that could be used as a metric/],
    ['broken.json', () => new TextEncoder().encode('{"benchmarks": [1, 2'), /not valid JSON/],
    [
      'object.json',
      () => new TextEncoder().encode('{"hello": "world"}'),
      /neither a known benchmark format nor a table/,
    ],
    ['old.sqlite', () => new TextEncoder().encode('SQLite format 3\u0000' + 'x'.repeat(100)), /SQLite database/],
    ['archive.zip', () => Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), /ZIP archive/],
    ['header-only.csv', () => new TextEncoder().encode('time,value_ms\n'), /no rows|no usable|no numeric/],
    [
      'truncated.parquet',
      () =>
        new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'ms', data: [1, 2, 3], type: 'DOUBLE' }] })).slice(
          0,
          40,
        ),
      /cut short: its footer is missing/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name}`, async () => {
      await expect(engine.openBytes(name, await make())).rejects.toThrow(message);
      expect(engine.listSources().map((s) => s.id)).toEqual([keep]);
      expect((await engine.catalog()).rows).toBe(9);
    });
  }

  it('refuses a truncated and a corrupted database', async () => {
    const { bytes } = await seedDatabase(engine, { samples: 5 });
    await expect(engine.openBytes('truncated.duckdb', bytes.subarray(0, 10_000))).rejects.toThrow(
      /damaged or truncated/,
    );
    const corrupt = bytes.slice();
    for (let i = 12288; i < corrupt.length; i += 97) corrupt[i] ^= 0xff;
    await expect(engine.openBytes('corrupt.duckdb', corrupt)).rejects.toThrow(/damaged|could not be/);
    expect(engine.listSources().map((s) => s.id)).toEqual([keep]);
  });

  it('names the DuckDB version needed for a database from a newer DuckDB', async () => {
    // Written by native DuckDB 1.5.6 with STORAGE_VERSION 'v1.5.0' (see tests/fixtures/README.md).
    const bytes = readBytes(path.join(FIXTURES, 'duckdb/v68.duckdb'));
    const error = await engine.openBytes('new.duckdb', bytes).catch((e) => e);
    expect(error.message).toMatch(/storage version 68, written by DuckDB 1\.5 .*reads storage versions 64–67/);
    expect(error.hint).toMatch(/STORAGE_VERSION 'v1.4.0'/);
  });

  it('opens a database from native DuckDB 1.5 with default settings', async () => {
    const bytes = readBytes(path.join(FIXTURES, 'duckdb/native-1.5-default.duckdb'));
    const info = await engine.openBytes('native.duckdb', bytes);
    expect(info.notes[0]).toMatch(/Read table "runs"/);
    expect(info.series).toBe(2);
    await engine.removeSource(info.id);
  });
});

describe('SQL console', () => {
  it('runs a read-only query and refuses commands', async () => {
    const result = await engine.runReadOnlySql("SELECT 1 AS one, 'x' AS text;");
    expect(result.rows).toEqual([[1, 'x']]);
    for (const text of [
      'DROP TABLE measurements',
      'INSERT INTO metric_info VALUES (1,2,3)',
      "ATTACH 'x.duckdb'",
      'SET threads = 1',
      "COPY measurements TO 'x.csv'",
    ]) {
      await expect(engine.runReadOnlySql(text)).rejects.toThrow(/read-only/);
    }
    await expect(engine.runReadOnlySql('SELECT 1; DROP TABLE measurements')).rejects.toThrow(/one statement/i);
    // A typo is not a refused write.
    await expect(engine.runReadOnlySql('SELEC * FRM measurements')).rejects.toThrow(
      '"SELEC" does not start a SQL statement — did you mean SELECT?',
    );
    await expect(engine.runReadOnlySql('WITH x AS (SELECT 1) DELETE FROM metric_info')).rejects.toThrow();
    const count = await engine.runReadOnlySql('SELECT count(*) AS n FROM metric_info');
    expect(Number(count.rows[0][0])).toBeGreaterThan(0);
  });

  it('limits large results and formats timestamps', async () => {
    const result = await engine.runReadOnlySql(
      "SELECT TIMESTAMP '2025-01-02 03:04:05' AS t, range AS i FROM range(5000)",
      100,
    );
    expect(result.rowCount).toBe(100);
    expect(result.truncated).toBe(true);
    expect(result.rows[0][0]).toBe('2025-01-02 03:04:05');
  });
});

describe('the demo database built for the page', () => {
  it('is in the seed schema and holds regressions inside its last week', async () => {
    const demoFile = path.resolve(FIXTURES, '../../public/demo/benchmark.duckdb');
    if (!fs.existsSync(demoFile)) return; // built by `npm run build`
    const info = await engine.openBytes('demo.duckdb', readBytes(demoFile));
    expect(info.schema).toBe('seed-timeseries');
    expect(info.rows).toBe(8640);
    await engine.removeSource(info.id);
  });
});
