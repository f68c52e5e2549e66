// perftrack publish of a period larger than a file holds: the period is cut by series into files that each name
// their range of series ids, every measurement is in exactly one of them (sorted as a whole period is), and the page
// reads only the one file per period that can hold a series.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { openNativeDb } from '../../src/engine/db/native.ts';
import { Engine } from '../../src/engine/engine.ts';
import { loadSqlLibrary } from '../../src/engine/sql-files-node.ts';
import type { PublishedManifest } from '../../src/lib/share/published.ts';
import { publishData } from '../../src/node/publish.ts';
import { createStaticServer, type ServedRequest } from '../../scripts/serve.mjs';
import { newEngine, seedDatabase, tempDir } from './helpers/engine.ts';

type Row = { series_id: bigint; metric_id: number; ts: Date | number; value: number };

let native: Engine;

beforeAll(async () => {
  const bytes = (await seedDatabase(await newEngine())).bytes;
  native = await Engine.create(await openNativeDb(), loadSqlLibrary());
  const opened = await native.openFiles([{ name: 'history.duckdb', bytes }]);
  expect(opened.failures).toEqual([]);
}, 300_000);

const readManifest = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as PublishedManifest;

async function rowsOf(file: string): Promise<Row[]> {
  const bytes = fs.readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({
    file: buffer,
    columns: ['series_id', 'metric_id', 'ts', 'value'],
  })) as Row[];
}

const key = (r: Row) =>
  `${r.series_id}|${r.metric_id}|${Number(r.ts instanceof Date ? r.ts.getTime() : r.ts)}|${r.value}`;

describe('publish splits a large period by series', () => {
  it('writes each measurement once, in files of a range of series ids, sorted, and rewrites none of them unchanged', async () => {
    const whole = tempDir();
    await publishData(native, whole, { title: 'whole', granularity: 'month', now: 0 });
    const split = tempDir();
    const first = await publishData(native, split, { title: 'split', granularity: 'month', fileRows: 2500, now: 0 });

    const wholeManifest = readManifest(whole);
    const manifest = readManifest(split);
    // Whole periods name no range (the page reads their footers ahead, as before).
    expect(wholeManifest.partitions.every((p) => p.seriesMin === undefined)).toBe(true);
    const periods = [...new Set(manifest.partitions.map((p) => p.period))];
    expect(periods).toEqual(wholeManifest.partitions.map((p) => p.period));
    for (const period of periods) {
      const files = manifest.partitions.filter((p) => p.period === period);
      expect(files.length).toBeGreaterThan(1);
      expect(files.every((p) => p.rows <= 2500)).toBe(true);
      // Ranges of one period follow each other without overlap.
      for (let i = 1; i < files.length; i++) expect(files[i].seriesMin!).toBeGreaterThan(files[i - 1].seriesMax!);
      const wholeRows = wholeManifest.partitions.find((p) => p.period === period)!.rows;
      expect(files.reduce((n, p) => n + p.rows, 0)).toBe(wholeRows);
    }

    const all: string[] = [];
    for (const p of manifest.partitions) {
      const rows = await rowsOf(path.join(split, p.file));
      expect(rows.length).toBe(p.rows);
      for (const [i, r] of rows.entries()) {
        expect(Number(r.series_id)).toBeGreaterThanOrEqual(p.seriesMin!);
        expect(Number(r.series_id)).toBeLessThanOrEqual(p.seriesMax!);
        if (i > 0) {
          const before = rows[i - 1];
          const order =
            Number(before.series_id) - Number(r.series_id) ||
            before.metric_id - r.metric_id ||
            Number(before.ts) - Number(r.ts);
          expect(order).toBeLessThanOrEqual(0);
        }
      }
      all.push(...rows.map(key));
    }
    const wholeRows: string[] = [];
    for (const p of wholeManifest.partitions) wholeRows.push(...(await rowsOf(path.join(whole, p.file))).map(key));
    expect(all.sort()).toEqual(wholeRows.sort());
    expect(first.seriesViewBytes).toBeLessThan(first.dataBytes);

    const again = await publishData(native, split, { title: 'split', granularity: 'month', fileRows: 2500, now: 0 });
    expect(again.partitions.filter((p) => p.written)).toEqual([]);
  }, 300_000);

  it('lets the page read one file of each period for a series, and chart it as DuckDB does with every row', async () => {
    const site = tempDir();
    await publishData(native, path.join(site, 'data'), { title: 'split', granularity: 'month', fileRows: 2500 });
    const manifest = readManifest(path.join(site, 'data'));
    const log: ServedRequest[] = [];
    const server = createStaticServer({ root: site, log: (e: ServedRequest) => log.push(e) });
    // Requests come after the series list, seconds later on a loaded machine: keep the connections open meanwhile.
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const engine = await newEngine();
      const port = (server.address() as AddressInfo).port;
      await engine.openUrl(`http://127.0.0.1:${port}/data/manifest.json`);
      // The overview reads no partition of a split period.
      expect(log.filter((e) => e.path.endsWith('.parquet'))).toEqual([]);
      const [series] = await engine.listSeries({ metric: 'latency', filter: {}, search: '', limit: 1 });
      const fromRows = await engine.seriesPoints(series.seriesKey, 'latency', {});
      const read = [...new Set(log.filter((e) => e.path.endsWith('.parquet')).map((e) => path.basename(e.path)))];
      const periods = [...new Set(manifest.partitions.map((p) => p.period))];
      expect(read.length).toBe(periods.length);
      expect(new Set(read.map((f) => manifest.partitions.find((p) => p.file === f)!.period)).size).toBe(periods.length);
      // The same series from DuckDB holding every row (the engine that published it).
      const fromSql = await native.seriesPoints(series.seriesKey, 'latency', {});
      expect(fromRows.ts.length).toBeGreaterThan(0);
      expect({ ...fromRows, value: fromRows.value.map((v) => v.toPrecision(12)) }).toEqual({
        ...fromSql,
        value: fromSql.value.map((v) => v.toPrecision(12)),
      });
    } finally {
      server.close();
    }
  }, 300_000);
});
