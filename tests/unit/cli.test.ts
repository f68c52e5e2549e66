// The perftrack CLI in-process (same code the bin runs) and once through the real bin: commands, JSON
// shapes, exit codes 0 / 1 / 2 and messages on stderr.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, IPFS_DATA, newEngine, seedDatabase, tempDir } from './helpers/engine.ts';
import { runCli as run } from './helpers/cli.ts';

let seedFile: string;

beforeAll(async () => {
  const engine = await newEngine();
  const { bytes } = await seedDatabase(engine);
  seedFile = path.join(tempDir(), 'benchmark_db.duckdb');
  fs.writeFileSync(seedFile, bytes);
});

describe('record', () => {
  it('creates the seed tables, appends results with commit and environment hash, and stays readable', async () => {
    const db = path.join(tempDir(), 'new.duckdb');
    const first = await run(
      'record',
      '--db',
      db,
      '--model-id',
      '1',
      '--hardware-id',
      '1',
      '--batch-size',
      '4',
      '--throughput',
      '125.7',
      '--latency',
      '8.2',
      '--memory',
      '1024',
      '--power',
      '180',
      '--format',
      'json',
    );
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ id: 1 });
    const second = await run(
      'record',
      '--db',
      db,
      '--model-id',
      '1',
      '--hardware-id',
      '1',
      '--batch-size',
      '4',
      '--sequence-length',
      '128',
      '--precision',
      'fp16',
      '--throughput',
      '130',
      '--version-tag',
      'v2',
      '--run-group',
      'ci-42',
      '--commit',
      'abc123',
    );
    expect(second.out).toBe(`recorded result 2 in ${db}`);
    const header = fs.readFileSync(db).subarray(8, 13);
    expect(header.subarray(0, 4).toString('latin1')).toBe('DUCK');
    expect(header[4]).toBeLessThanOrEqual(67);
    const baseline = await run('baseline', '--db', db, '--all', '--min-samples', '1', '--format', 'json', '--no-write');
    const rows = JSON.parse(baseline.out) as {
      metric: string;
      mean: number;
      commit: string | null;
      series: Record<string, string | null>;
    }[];
    const fp16 = rows.find((r) => r.metric === 'throughput' && r.series.precision === 'fp16')!;
    expect(fp16.mean).toBeCloseTo(130, 3);
    expect(fp16.commit).toBe('abc123');
  });

  it('refuses missing options with exit code 2', async () => {
    const result = await run('record', '--db', path.join(tempDir(), 'x.duckdb'), '--model-id', '1');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/record needs --hardware-id/);
  });
});

describe('analysis commands', () => {
  it('regression --format json: one object per regression with the documented fields', async () => {
    const result = await run('regression', '--db', seedFile, '--days', '14', '--format', 'json', '--no-write');
    expect(result.code).toBe(0);
    const regressions = JSON.parse(result.out) as Record<string, any>[];
    expect(regressions).toHaveLength(6); // the demo's injected steps; its memory drift is a trend
    for (const r of regressions) {
      expect(r).toMatchObject({ method: 'changepoint', severity: expect.stringMatching(/critical|high|medium/) });
      expect(typeof r.metric).toBe('string');
      expect(typeof r.change_pct).toBe('number');
      expect(Object.keys(r.series)).toEqual(
        expect.arrayContaining(['model', 'hardware', 'batch_size', 'precision', 'sequence_length']),
      );
      expect(r.first_bad.ts).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(r.first_bad.commit).toMatch(/^[0-9a-f]{40}$/);
    }
    expect(regressions[0]).toMatchObject({ metric: 'latency', series: { model: 'vit-base', hardware: 'webgpu' } });
  });

  it('--fail-on-regression exits 1; filters by seed ids; the percent method is selectable', async () => {
    expect((await run('regression', '--db', seedFile, '--days', '14', '--fail-on-regression', '--no-write')).code).toBe(
      1,
    );
    const none = await run(
      'regression',
      '--db',
      seedFile,
      '--days',
      '14',
      '--model-id',
      '2',
      '--hardware-id',
      '1',
      '--fail-on-regression',
      '--no-write',
    );
    expect(none.code).toBe(0);
    expect(none.out).toMatch(/no regressions/);
    const percent = await run(
      'regression',
      '--db',
      seedFile,
      '--days',
      '1',
      '--method',
      'percent',
      '--model-id',
      '3',
      '--hardware-id',
      '3',
      '--format',
      'json',
      '--no-write',
    );
    const rows = JSON.parse(percent.out) as { method: string; series: { model: string } }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.method === 'percent' && r.series.model === 'vit-base')).toBe(true);
  });

  it('--as-of moves every window', async () => {
    const early = await run(
      'regression',
      '--db',
      seedFile,
      '--days',
      '14',
      '--as-of',
      '2026-11-10T00:00:00Z',
      '--format',
      'json',
      '--no-write',
    );
    // Only the slow memory growth of vit-base on cuda had begun by then; the steps come later.
    expect(
      (JSON.parse(early.out) as { metric: string; series: { model: string } }[]).map(
        (r) => `${r.series.model} ${r.metric}`,
      ),
    ).toEqual(['vit-base memory']);
  });

  it('writes regressions into the database by default, once', async () => {
    const db = path.join(tempDir(), 'writable.duckdb');
    fs.copyFileSync(seedFile, db);
    await run('regression', '--db', db, '--days', '14');
    await run('regression', '--db', db, '--days', '14');
    const check = await run('baseline', '--db', db, '--no-write', '--format', 'json');
    expect(check.code).toBe(0);
    const engine = await newEngine();
    const info = await engine.openBytes('writable.duckdb', new Uint8Array(fs.readFileSync(db)));
    const count = await engine.runReadOnlySql(`SELECT count(*) FROM src_${info.id}.performance_regressions`);
    expect(count.rows[0][0]).toBe(6);
  });

  it('trend --visualize writes an SVG; report writes Markdown and self-contained HTML', async () => {
    const dir = tempDir();
    const trend = await run(
      'trend',
      '--db',
      seedFile,
      '--metric',
      'memory',
      '--days',
      '30',
      '--visualize',
      '--output',
      path.join(dir, 'memory.svg'),
      '--format',
      'json',
      '--no-write',
    );
    expect(trend.code).toBe(0);
    const trends = JSON.parse(trend.out) as { direction: string; series: { model: string; hardware: string } }[];
    expect(trends.find((t) => t.direction === 'degrading')?.series).toMatchObject({
      model: 'vit-base',
      hardware: 'cuda',
    });
    const svg = fs.readFileSync(path.join(dir, 'memory.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('vit-base · cuda');

    expect(
      (
        await run(
          'report',
          '--db',
          seedFile,
          '--days',
          '30',
          '--format',
          'markdown',
          '--output',
          path.join(dir, 'report.md'),
          '--no-write',
        )
      ).code,
    ).toBe(0);
    const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    for (const section of [
      '# Performance report',
      '## Summary',
      '## Visualizations',
      '## Regressions',
      '## Trends',
      '**Period:**',
      '**Generated:**',
    ])
      expect(md).toContain(section);
    expect(
      (
        await run(
          'report',
          '--db',
          seedFile,
          '--days',
          '30',
          '--format',
          'html',
          '--output',
          path.join(dir, 'report.html'),
          '--no-write',
        )
      ).code,
    ).toBe(0);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src="http|href="http(?!s?:\/\/[^"]*perftrack)/);
  });

  it('reads every source the page reads: a folder of runner outputs, a CSV, a glob', async () => {
    const folder = path.join(IPFS_DATA, 'measured/test/benchmark_results');
    const result = await run('trend', '--db', folder, '--metric', 'latency', '--days', '30', '--min-samples', '3');
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/opened .*IPFS Accelerate benchmark runner/);
    // Configuration and compatibility files in the same folder are counted in one line, grouped by reason, not fatal.
    expect(result.err).toMatch(
      /Skipped \d+ files that hold no benchmark results: \d+ JSON in no benchmark format .*benchmark_config\.json ×\d+/,
    );
    expect(result.err).not.toMatch(/neither a known benchmark format/);
    expect(result.out).toMatch(/trends of latency in the last 30 days/);
    const csv = await run(
      'baseline',
      '--db',
      path.join(FIXTURES, 'flat/long-format.csv'),
      '--days',
      '30',
      '--min-samples',
      '1',
      '--format',
      'json',
    );
    expect(JSON.parse(csv.out).length).toBeGreaterThan(0);
    const glob = await run(
      'baseline',
      '--db',
      path.join(IPFS_DATA, 'measured/test/benchmark_results/*/*/benchmark_results.json'),
      '--days',
      '30',
      '--min-samples',
      '1',
      '--format',
      'json',
    );
    expect(glob.code).toBe(0);
  });
});

describe('bad input', () => {
  it('exit 2 with a clear message: missing file, corrupt database, unknown command, bad option', async () => {
    const missing = await run('regression', '--db', '/no/such/file.duckdb');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/does not exist/);
    const corrupt = path.join(tempDir(), 'corrupt.duckdb');
    fs.writeFileSync(corrupt, fs.readFileSync(seedFile).subarray(0, 30_000));
    const broken = await run('regression', '--db', corrupt);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/truncated/);
    expect((await run('frobnicate')).code).toBe(2);
    const badDays = await run('regression', '--db', seedFile, '--days', 'soon');
    expect(badDays.code).toBe(2);
    expect(badDays.err).toMatch(/--days must be a number/);
    expect((await run('regression', '--db', seedFile, '--method', 'magic')).err).toMatch(/--method must be one of/);
  });

  it('BENCHMARK_DB_PATH is the default --db, as in the seed', async () => {
    process.env.BENCHMARK_DB_PATH = seedFile;
    try {
      expect((await run('baseline', '--format', 'json', '--no-write')).code).toBe(0);
    } finally {
      delete process.env.BENCHMARK_DB_PATH;
    }
  });
});

describe('the installed bin', () => {
  it('runs through node bin/perftrack.mjs with the same exit codes', () => {
    const bin = path.resolve(FIXTURES, '../../bin/perftrack.mjs');
    const ok = execFileSync(
      'node',
      [bin, 'regression', '--db', seedFile, '--days', '14', '--format', 'json', '--no-write'],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(ok)).toHaveLength(6);
    const failing = spawnSync(
      'node',
      [bin, 'regression', '--db', seedFile, '--days', '14', '--fail-on-regression', '--no-write'],
      { encoding: 'utf8' },
    );
    expect(failing.status).toBe(1);
    const usage = spawnSync('node', [bin, 'regression', '--db', '/nope.duckdb'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/does not exist/);
  });
});
