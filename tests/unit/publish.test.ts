// perftrack publish: the site folder, the manifest and summary, Parquet partitions that hold every measurement,
// and incremental re-publishing (only changed periods are rewritten).
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/lib/sources/errors.ts';
import {
  isManifest,
  isSummary,
  type PublishedManifest,
  type PublishedPartition,
  type PublishedSummary,
} from '../../src/lib/share/published.ts';
import { publishData } from '../../src/node/publish.ts';
import { createStaticServer } from '../../scripts/serve.mjs';
import { newEngine, seedDatabase, tempDir } from './helpers/engine.ts';
import { runCli as run } from './helpers/cli.ts';

let seedFile: string;
let appDir: string;

beforeAll(async () => {
  const engine = await newEngine();
  seedFile = path.join(tempDir(), 'history.duckdb');
  fs.writeFileSync(seedFile, (await seedDatabase(engine)).bytes);
  appDir = tempDir();
  fs.writeFileSync(path.join(appDir, 'index.html'), '<!doctype html><title>app</title>');
  fs.mkdirSync(path.join(appDir, 'assets'));
  fs.writeFileSync(path.join(appDir, 'assets', 'app.js'), 'console.log(1)');
  fs.mkdirSync(path.join(appDir, 'demo'));
  fs.writeFileSync(path.join(appDir, 'demo', 'benchmark.duckdb'), 'demo');
});

const read = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

describe('publish', () => {
  it('writes the app, a config that opens the data, a manifest, a summary and monthly partitions', async () => {
    const out = tempDir();
    const result = await run(
      'publish',
      '--db',
      seedFile,
      '--out',
      out,
      '--app',
      appDir,
      '--title',
      'Nightly <bench>',
      '--base-path',
      '/repo/',
      '--partition',
      'month',
      '--no-write',
      '--format',
      'json',
    );
    expect(result.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'assets', 'app.js'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'demo'))).toBe(false);
    expect(read(path.join(out, 'perftrack.config.json'))).toEqual({
      version: 1,
      title: 'Nightly <bench>',
      source: 'data/manifest.json',
      basePath: '/repo/',
    });

    const manifest = read<PublishedManifest>(path.join(out, 'data', 'manifest.json'));
    expect(isManifest(manifest)).toBe(true);
    expect(manifest.partitions.map((p) => p.period)).toEqual(['2026-10', '2026-11']);
    // The transfer estimate it prints: the compressed summary and the footers, then at most a row group per partition.
    const report = JSON.parse(result.out) as { firstViewBytes: number; seriesViewBytes: number; dataBytes: number };
    const footers = manifest.partitions.reduce((n, p) => n + p.footerBytes, 0);
    expect(report.firstViewBytes).toBe(fs.statSync(path.join(out, 'data', 'summary.json.br')).size + footers);
    expect(report.seriesViewBytes).toBeGreaterThan(0);
    expect(report.seriesViewBytes).toBeLessThanOrEqual(report.dataBytes - footers);
    expect(manifest.granularity).toBe('month');
    expect(manifest.partitions.reduce((s, p) => s + p.rows, 0)).toBe(8640);

    const summary = read<PublishedSummary>(path.join(out, 'data', 'summary.json'));
    expect(isSummary(summary)).toBe(true);
    expect(summary.series).toHaveLength(18);
    expect(summary.metrics.map((m) => m.metric).sort()).toEqual(['latency', 'memory', 'power', 'throughput']);
    expect(summary.analysis.regressions).toHaveLength(6); // the injected steps; the memory drift is a trend
    // Each regressed series' sparkline: the points a 60-point chart of it draws, values to 7 digits.
    const engine = await newEngine();
    await engine.openBytes('history.duckdb', new Uint8Array(fs.readFileSync(seedFile)));
    const keys = [...new Set(summary.analysis.regressions.map((r) => `${r.seriesKey}|${r.metric}`))];
    expect(Object.keys(summary.sparklines ?? {}).sort()).toEqual(keys.sort());
    for (const r of summary.analysis.regressions) {
      const points = await engine.seriesPoints(r.seriesKey, r.metric, { maxPoints: 60 });
      expect(points.ts.length).toBeGreaterThan(1);
      expect(summary.sparklines![`${r.seriesKey}|${r.metric}`]).toEqual([
        points.ts,
        points.value.map((v) => Number(v.toPrecision(7))),
      ]);
    }

    // Each partition: sorted by series, small row groups with statistics, every row of its month.
    for (const p of manifest.partitions) {
      const bytes = fs.readFileSync(path.join(out, 'data', p.file));
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const metadata = parquetMetadata(buffer);
      expect(Number(metadata.num_rows)).toBe(p.rows);
      // DuckDB's Parquet writer cuts row groups in whole vectors of 2048 rows and merges a short tail, so a
      // partition needs more than two vectors of rows to be split.
      if (p.rows > 2 * 2048) expect(metadata.row_groups.length).toBeGreaterThan(1);
      for (const group of metadata.row_groups) expect(group.columns[0].meta_data?.statistics?.min_value).toBeDefined();
      const rows = await parquetReadObjects({ file: buffer, columns: ['series_id', 'metric_id', 'ts'] });
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1];
        const b = rows[i];
        expect(
          Number(a.series_id) < Number(b.series_id) ||
            (Number(a.series_id) === Number(b.series_id) &&
              (a.metric_id < b.metric_id || (a.metric_id === b.metric_id && a.ts <= b.ts))),
        ).toBe(true);
      }
    }
  });

  it('re-publishing rewrites only the months that changed', async () => {
    const out = tempDir();
    const db = path.join(tempDir(), 'growing.duckdb');
    fs.copyFileSync(seedFile, db);
    const publishMonthly = (...extra: string[]) =>
      run('publish', '--db', db, '--out', out, '--app', appDir, '--partition', 'month', '--no-write', ...extra);
    await publishMonthly();
    const first = read<PublishedManifest>(path.join(out, 'data', 'manifest.json'));
    const mtime = fs.statSync(path.join(out, 'data', first.partitions[0].file)).mtimeMs;
    const summaryTime = fs.statSync(path.join(out, 'data', 'summary.json')).mtimeMs;

    // A manifest without the inputs' fingerprint (an older perftrack's): the inputs are opened and compared by period.
    const { input, ...older } = read<PublishedManifest & { input?: string }>(path.join(out, 'data', 'manifest.json'));
    expect(input).toMatch(/^[0-9a-f]{64}$/);
    fs.writeFileSync(path.join(out, 'data', 'manifest.json'), JSON.stringify(older));
    const again = JSON.parse((await publishMonthly('--format', 'json')).out);
    expect(again.partitions.map((p: { written: boolean }) => p.written)).toEqual([false, false]);
    // Nothing new: the summary and its analysis are kept as they are.
    expect(fs.statSync(path.join(out, 'data', 'summary.json')).mtimeMs).toBe(summaryTime);
    expect(read<{ input?: string }>(path.join(out, 'data', 'manifest.json')).input).toBe(input);
    const manifestTime = fs.statSync(path.join(out, 'data', 'manifest.json')).mtimeMs;
    // Inputs unchanged since the last publish: the site is kept without opening them.
    const kept = await publishMonthly();
    expect(kept.code).toBe(0);
    expect(kept.out).toMatch(/published 2 partitions .*\(0 written, 2 unchanged\)/);
    expect(kept.err).not.toMatch(/opened/);
    expect(fs.statSync(path.join(out, 'data', 'manifest.json')).mtimeMs).toBe(manifestTime);
    // A partition that went missing is written again (its inputs are opened).
    fs.rmSync(path.join(out, 'data', first.partitions[1].file));
    const repaired = await publishMonthly('--format', 'json');
    expect(JSON.parse(repaired.out).partitions.map((p: { written: boolean }) => p.written)).toEqual([false, true]);
    // Another title is another summary.
    const retitled = await publishMonthly('--title', 'Renamed');
    expect(retitled.err).toMatch(/opened/);
    expect(read<PublishedSummary>(path.join(out, 'data', 'summary.json')).title).toBe('Renamed');

    await run(
      'record',
      '--db',
      db,
      '--model-id',
      '1',
      '--hardware-id',
      '1',
      '--batch-size',
      '1',
      '--sequence-length',
      '128',
      '--throughput',
      '90',
      '--latency',
      '11',
      '--as-of',
      '2026-12-02T06:00:00Z',
    );
    const third = JSON.parse((await publishMonthly('--format', 'json')).out);
    expect(third.partitions.map((p: { period: string; written: boolean }) => `${p.period}:${p.written}`)).toEqual([
      '2026-10:false',
      '2026-11:false',
      '2026-12:true',
    ]);
    // Quarters by default: the whole demo is 2026-Q4.
    const quarterly = JSON.parse(
      (await run('publish', '--db', db, '--out', tempDir(), '--app', appDir, '--no-write', '--format', 'json')).out,
    );
    expect(quarterly.partitions.map((p: { period: string }) => p.period)).toEqual(['2026-Q4']);
    expect(fs.statSync(path.join(out, 'data', first.partitions[0].file)).mtimeMs).toBe(mtime);
  });

  it('writes the same partitions from DuckDB-WASM (the demo preview of the build, encoded in JavaScript)', async () => {
    const native = await run(
      'publish',
      '--db',
      seedFile,
      '--out',
      tempDir(),
      '--app',
      appDir,
      '--partition',
      'month',
      '--no-write',
      '--format',
      'json',
    );
    const engine = await newEngine();
    await engine.openBytes('history.duckdb', new Uint8Array(fs.readFileSync(seedFile)));
    const dataDir = tempDir();
    const wasm = await publishData(engine, dataDir, { title: 'Benchmark history', granularity: 'month' });
    const periods = (r: { partitions: PublishedPartition[] }) =>
      r.partitions.map((p) => [p.period, p.rows, p.firstTs, p.lastTs]);
    expect(periods(wasm)).toEqual(periods(JSON.parse(native.out)));
    for (const p of wasm.partitions) {
      const bytes = fs.readFileSync(path.join(dataDir, p.file));
      expect(
        Number(parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).num_rows),
      ).toBe(p.rows);
    }
  });

  it('needs --out and a built app', async () => {
    expect((await run('publish', '--db', seedFile)).err).toMatch(/publish needs --out DIR/);
    const missing = await run(
      'publish',
      '--db',
      seedFile,
      '--out',
      tempDir(),
      '--app',
      path.join(tempDir(), 'nothing'),
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/has no built app/);
  });
});

describe('a published history opened by URL', () => {
  it('charts a series from its fetched rows exactly as DuckDB does once every row is loaded', async () => {
    const site = tempDir();
    await run('publish', '--db', seedFile, '--out', site, '--app', appDir, '--partition', 'month', '--no-write');
    const server = createStaticServer({ root: site });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const engine = await newEngine();
      const info = await engine.openUrl(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/manifest.json`,
      );
      expect(info.format).toBe('published');
      const [series] = await engine.listSeries({ metric: 'latency', filter: {}, search: '', limit: 1 });
      const views = [{}, { maxPoints: 7 }, { fromMs: series.firstTs + (series.lastTs - series.firstTs) / 2 }];
      const fromRows = [];
      for (const options of views) fromRows.push(await engine.seriesPoints(series.seriesKey, 'latency', options));
      await engine.loadPublishedData('all');
      for (const [i, options] of views.entries()) {
        const fromSql = await engine.seriesPoints(series.seriesKey, 'latency', options);
        expect(fromRows[i].ts.length).toBeGreaterThan(0);
        expect({ ...fromRows[i], value: fromRows[i].value.map((v) => v.toPrecision(12)) }).toEqual({
          ...fromSql,
          value: fromSql.value.map((v) => v.toPrecision(12)),
        });
      }
    } finally {
      server.close();
    }
  });

  it('names a damaged partition and what to do, and keeps what is loaded', async () => {
    const site = tempDir();
    await run('publish', '--db', seedFile, '--out', site, '--app', appDir, '--no-write');
    const manifest = read<PublishedManifest>(path.join(site, 'data', 'manifest.json'));
    const part = path.join(site, 'data', manifest.partitions[0].file);
    const bytes = fs.readFileSync(part);
    fs.writeFileSync(part, Buffer.concat([Buffer.alloc(bytes.length - 64, 7), bytes.subarray(bytes.length - 64)]));
    const server = createStaticServer({ root: site });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const engine = await newEngine();
      await engine.openUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/data/manifest.json`);
      const [series] = await engine.listSeries({ metric: 'latency', filter: {}, search: '', limit: 1 });
      const failure = await engine.seriesPoints(series.seriesKey, 'latency').then(
        () => null,
        (error: unknown) => error as SourceError,
      );
      expect(failure?.message).toMatch(
        new RegExp(`${manifest.partitions[0].file} of the published history .* could not be read`),
      );
      expect(failure?.hint).toMatch(/publish the history again/);
      expect(
        (await engine.listSeries({ metric: 'latency', filter: {}, search: '', limit: 100 })).length,
      ).toBeGreaterThan(1);
    } finally {
      server.close();
    }
  });
});
