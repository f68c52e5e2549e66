// `perftrack record --out DIR`: one small file per run (no shared file), read back as one history by every command
// (--db DIR or a glob), by the page's engine (DuckDB-WASM), and compacted into Parquet partitions by publish.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PublishedManifest } from '../../src/lib/share/published.ts';
import { newEngine, readBytes, tempDir } from './helpers/engine.ts';
import { runCli as run } from './helpers/cli.ts';

describe('record --out DIR', () => {
  it('writes one file per run; baseline, a glob, the page engine and publish read them as one history', async () => {
    const dir = path.join(tempDir(), 'results');
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        run(
          'record',
          '--out',
          dir,
          '--model-id',
          String(1 + (i % 2)),
          '--hardware-id',
          '3',
          '--batch-size',
          '8',
          '--throughput',
          String(200 + i),
          '--latency',
          String(5 + i / 10),
          '--commit',
          `c${i}`,
          '--as-of',
          new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
          '--format',
          'json',
        ),
      ),
    );
    for (const r of runs) expect(r.code).toBe(0);
    const files = fs.readdirSync(dir).sort();
    expect(files).toHaveLength(12);
    expect(new Set(runs.map((r) => path.basename(JSON.parse(r.out).file))).size).toBe(12);

    const baseline = await run(
      'baseline',
      '--db',
      dir,
      '--all',
      '--days',
      '30',
      '--min-samples',
      '1',
      '--format',
      'json',
    );
    expect(baseline.code).toBe(0);
    const rows = JSON.parse(baseline.out) as { metric: string; count: number; series: Record<string, string | null> }[];
    const throughput = rows.filter((r) => r.metric === 'throughput');
    expect(throughput.map((r) => r.series.model_id).sort()).toEqual(['1', '2']);
    expect(throughput.every((r) => r.count === 6)).toBe(true);

    const glob = await run(
      'baseline',
      '--db',
      path.join(dir, '*.json'),
      '--all',
      '--days',
      '30',
      '--min-samples',
      '1',
      '--format',
      'json',
    );
    expect(JSON.parse(glob.out)).toEqual(JSON.parse(baseline.out));

    const engine = await newEngine();
    const opened = await engine.openFiles(files.map((f) => ({ name: f, bytes: readBytes(path.join(dir, f)) })));
    expect(opened.sources).toHaveLength(1);
    expect(opened.sources[0]).toMatchObject({ layout: 'perftrack record', rows: 24, series: 2 });

    const app = tempDir();
    fs.writeFileSync(path.join(app, 'index.html'), '<!doctype html>');
    const site = tempDir();
    const published = await run('publish', '--db', dir, '--out', site, '--app', app, '--format', 'json');
    expect(published.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(site, 'data', 'manifest.json'), 'utf8')) as PublishedManifest;
    expect(manifest.partitions.reduce((n, p) => n + p.rows, 0)).toBe(24);
  }, 120_000);

  it('refuses --db and --out together, and a damaged result file is named while the others load', async () => {
    const both = await run(
      'record',
      '--out',
      tempDir(),
      '--db',
      'x.duckdb',
      '--model-id',
      '1',
      '--hardware-id',
      '1',
      '--batch-size',
      '1',
    );
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/either to a database .* or to a folder/);
    const dir = tempDir();
    expect(
      (
        await run(
          'record',
          '--out',
          dir,
          '--model-id',
          '1',
          '--hardware-id',
          '1',
          '--batch-size',
          '1',
          '--throughput',
          '5',
        )
      ).code,
    ).toBe(0);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"perftrack_record": 1, "result": {');
    const read = await run('baseline', '--db', dir, '--all', '--min-samples', '1', '--format', 'json');
    expect(read.code).toBe(0);
    expect(read.err).toMatch(/broken\.json/);
    expect(JSON.parse(read.out)).toHaveLength(1);
  }, 60_000);
});
