// The new formats and the unit model through the real engine (DuckDB-WASM in Node): what the page and the CLI get.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '../../../src/lib/format/format.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { REAL } from '../../real-files.ts';
import { newEngine, seedDatabase } from '../helpers/engine.ts';

const real = (p: string) => new Uint8Array(fs.readFileSync(path.join(REAL, p)));
const MOUNTPOINT = 'github_action_benchmark/awslabs_mountpoint-s3_gh-pages/dev';

describe('engine: benchmark outputs and units', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await newEngine();
  });
  afterAll(async () => {
    for (const s of engine.listSources()) await engine.removeSource(s.id);
  });

  it("mountpoint-s3 data.js: MiB stored as bytes and read back as MiB, MiB/s as a byte rate, the tools' directions", async () => {
    const opened = await engine.openFiles([
      { name: 'peak_mem_usage/data.js', bytes: real(`${MOUNTPOINT}/bench/peak_mem_usage/data.js`) },
      { name: 'bench/data.js', bytes: real(`${MOUNTPOINT}/bench/data.js`) },
    ]);
    expect(opened.failures).toEqual([]);
    const catalog = await engine.catalog();
    expect(catalog.metrics.map((m) => [m.metric, m.unit, m.direction])).toEqual([
      ['bytes_per_second', 'B/s', 'higher'],
      ['memory', 'B', 'lower'],
    ]);
    const series = await engine.listSeries({
      metric: 'memory',
      filter: { benchmark: ['mix_1r4w'], suite: ['Throughput Benchmark - Peak Memory Usage (S3 Standard)'] },
      search: '',
      limit: 10,
    });
    expect(series).toHaveLength(1);
    // The newest entry of that suite says 3239.32421875 MiB.
    expect(series[0].lastValue).toBe(3239.32421875 * 1024 * 1024);
    expect(formatValue(series[0].lastValue, 'B')).toBe('3.163 GiB');
    const rates = await engine.listSeries({ metric: 'bytes_per_second', filter: {}, search: '', limit: 1 });
    expect(formatValue(rates[0].lastValue, 'B/s')).toMatch(/ (MiB|GiB)\/s$/);
    for (const s of engine.listSources()) await engine.removeSource(s.id);
  });

  it("ops/s beside the demo database's items/s throughput: a metric of its own, not mislabelled", async () => {
    const seed = await seedDatabase(engine);
    await engine.openBytes('demo.duckdb', seed.bytes);
    await engine.openBytes(
      'benchmarkjs_output.txt',
      real('harness_outputs/github-action-benchmark/test/data/extract/benchmarkjs_output.txt'),
    );
    const metrics = (await engine.catalog()).metrics.map((m) => [m.metric, m.unit, m.direction]);
    expect(metrics).toContainEqual(['throughput', 'items/s', 'higher']);
    expect(metrics).toContainEqual(['throughput (ops/s)', 'ops/s', 'higher']);
    const js = await engine.listSeries({ metric: 'throughput (ops/s)', filter: {}, search: 'fib(10)', limit: 5 });
    expect(js.map((s) => s.lastValue)).toEqual([1431759]);
    for (const s of engine.listSources()) await engine.removeSource(s.id);
  });

  it('cargo bench text opens as a benchmark source, not a CSV', async () => {
    const source = await engine.openBytes(
      'cargo_output2.txt',
      real('harness_outputs/github-action-benchmark/test/data/extract/cargo_output2.txt'),
    );
    await engine.removeSource(source.id);
    expect([source.layout, source.series, source.metrics]).toEqual(['cargo bench (libtest)', 4, ['time']]);
  });

  it('an output of a tool we do not read says which tool it looks like, and loses nothing already open', async () => {
    const kept = await engine.openBytes(
      'cargo_output.txt',
      real('harness_outputs/github-action-benchmark/test/data/extract/cargo_output.txt'),
    );
    const iai = real('harness_outputs/bencher_adapter/lib/bencher_adapter/tool_output/rust/iai/two.txt');
    await expect(engine.openBytes('iai.txt', iai)).rejects.toThrow(
      'iai.txt: unrecognised benchmark output (looks like iai / gungraun (Valgrind instruction counts)).',
    );
    expect(engine.listSources().map((s) => s.id)).toEqual([kept.id]);
    await engine.removeSource(kept.id);
  });
});
