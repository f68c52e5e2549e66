// `perftrack record` on native DuckDB, through the real bin in separate processes: appends in place, concurrent
// writers never lose a row, a writer holding the file is waited for, kills leave no temporary files, symlinks and
// modes are kept, the page's DuckDB-WASM reads what the CLI wrote, damaged files get a clear error.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { FIXTURES, newEngine, readBytes, tempDir } from './helpers/engine.ts';

const BIN = path.resolve(FIXTURES, '../../bin/perftrack.mjs');
const ROOT = path.resolve(FIXTURES, '../..');

function recordArgs(db: string, i: number, extra: string[] = []): string[] {
  return [
    BIN,
    'record',
    '--db',
    db,
    '--model-id',
    String(1 + (i % 3)),
    '--hardware-id',
    '1',
    '--batch-size',
    '4',
    '--throughput',
    String(100 + i),
    '--commit',
    `c${i}`,
    ...extra,
  ];
}

function recordAsync(
  db: string,
  i: number,
  extra: string[] = [],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', recordArgs(db, i, extra), { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** What native DuckDB reads from the file, opened read-only in this process. */
async function results(db: string): Promise<{ rows: number; ids: number; throughputs: number[] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH '${db.replace(/'/g, "''")}' AS r (READ_ONLY)`);
    const reader = await connection.runAndReadAll(
      'SELECT count(*)::INTEGER AS n, count(DISTINCT id)::INTEGER AS ids, list(throughput_items_per_second ORDER BY throughput_items_per_second) AS t FROM r.performance_results',
    );
    const row = reader.getRowObjectsJS()[0] as { n: number; ids: number; t: number[] };
    await connection.run('DETACH r');
    return { rows: row.n, ids: row.ids, throughputs: row.t.map(Number) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function perftrackTempEntries(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((e) => /^perftrack-(\d+|db)-/.test(e));
}

describe('record on native DuckDB', () => {
  it('20 concurrent records into one file give 20 rows, every time', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'shared.duckdb');
    for (let round = 0; round < 2; round++) {
      // Each waits as long as it takes for the others' locks: on a loaded machine 20 starts can take longer than the
      // default 30 s, and this test is about every row landing once, not about how fast.
      const runs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => recordAsync(db, round * 20 + i, ['--lock-timeout', '900'])),
      );
      for (const run of runs) {
        expect(run.err).not.toMatch(/Error|at .*\.ts/);
        expect(run.code).toBe(0);
        expect(run.out).toMatch(/^recorded result \d+ in /);
      }
      const ids = runs.map((r) => Number(/recorded result (\d+)/.exec(r.out)![1])).sort((a, b) => a - b);
      expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => round * 20 + i + 1));
      const stored = await results(db);
      expect(stored).toMatchObject({ rows: (round + 1) * 20, ids: (round + 1) * 20 });
    }
    expect((await results(db)).throughputs).toEqual(Array.from({ length: 40 }, (_, i) => 100 + i));
    expect(fs.readdirSync(dir)).toEqual(['shared.duckdb']);
  }, 1_200_000);

  it('waits for a native DuckDB writer holding the file, then appends; gives up with exit 2 when told to wait less', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'held.duckdb');
    expect(spawnSync('node', recordArgs(db, 0), { cwd: ROOT }).status).toBe(0);
    // Another process (native DuckDB) writes 10 rows and holds the file until told to let go.
    const holder = spawn(
      'node',
      [
        '--input-type=module',
        '-e',
        `
      import { DuckDBInstance } from '@duckdb/node-api';
      const c = await (await DuckDBInstance.create(':memory:')).connect();
      await c.run("ATTACH '${db}' AS h");
      for (let i = 0; i < 10; i++) await c.run("INSERT INTO h.performance_results (id, model_id, hardware_id, batch_size, throughput_items_per_second) VALUES (" + (1000 + i) + ", 9, 9, 1, 1)");
      console.log('holding');
      process.stdin.once('data', async () => { await c.run('DETACH h'); process.exit(0); });
    `,
      ],
      { cwd: ROOT },
    );
    await new Promise<void>((resolve) => holder.stdout.on('data', (d) => String(d).includes('holding') && resolve()));
    const impatient = await recordAsync(db, 1, ['--lock-timeout', '0.5']);
    expect(impatient.code).toBe(2);
    expect(impatient.err).toMatch(/is still locked by another process \(PID \d+\) after .*nothing was written/);
    expect(impatient.err).not.toMatch(/\n\s+at |\/tmp\/perftrack-\d+-/);
    // A patient writer says that it waits, and appends once the holder lets go.
    const child = spawn('node', recordArgs(db, 2), { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const closed = new Promise((resolve) => child.on('close', resolve));
    // Released once the writer says it waits (or has ended, which the assertions below then report).
    await Promise.race([
      new Promise<void>((resolve) => child.stderr.on('data', () => /waiting up to 30 s/.test(err) && resolve())),
      closed,
    ]);
    holder.stdin.write('release\n');
    const code = await closed;
    expect(err).toMatch(/is locked by another process \(PID \d+\); waiting up to 30 s/);
    expect(code).toBe(0);
    const stored = await results(db);
    expect(stored).toMatchObject({ rows: 12, ids: 12 });
  }, 600_000);

  it('kill -9 during record leaves no temporary file; the next record works and nothing committed is lost', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'killed.duckdb');
    expect(spawnSync('node', recordArgs(db, 0), { cwd: ROOT }).status).toBe(0);
    const before = perftrackTempEntries();
    // Only these processes' entries count: other test files running at the same time make their own.
    const pids = new Set<number>();
    let committed = 1;
    for (let k = 0; k < 5; k++) {
      const child = spawn('node', recordArgs(db, k + 1), { cwd: ROOT });
      pids.add(child.pid!);
      // Listen at once: on a quiet machine the child can finish before the kill, and a 'close' listener added after
      // that would wait forever.
      const closed = new Promise((resolve) => child.on('close', resolve));
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      await new Promise((resolve) => setTimeout(resolve, 600 + 250 * k));
      child.kill('SIGKILL');
      await closed;
      if (out.includes('recorded result')) committed++;
    }
    const after = spawnSync('node', recordArgs(db, 99), { cwd: ROOT, encoding: 'utf8' });
    pids.add(after.pid);
    expect(after.status).toBe(0);
    const stored = await results(db);
    expect(stored.rows).toBe(stored.ids);
    expect(stored.rows).toBeGreaterThanOrEqual(committed + 1);
    expect(fs.readdirSync(dir)).toEqual(['killed.duckdb']);
    const ours = (e: string) => pids.has(Number(/^perftrack-(\d+)-/.exec(e)?.[1]));
    expect(perftrackTempEntries().filter((e) => !before.includes(e) && ours(e))).toEqual([]);
  }, 600_000);

  it('keeps a symlink a symlink and the file mode as it was', async () => {
    const dir = tempDir();
    const real = path.join(dir, 'real.duckdb');
    const link = path.join(dir, 'link.duckdb');
    expect(spawnSync('node', recordArgs(real, 0), { cwd: ROOT }).status).toBe(0);
    fs.chmodSync(real, 0o640);
    fs.symlinkSync('real.duckdb', link);
    const run = spawnSync('node', recordArgs(link, 1), { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.statSync(real).mode & 0o777).toBe(0o640);
    expect((await results(real)).rows).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual(['link.duckdb', 'real.duckdb']);
  }, 300_000);

  it('writes files the page reads: storage version v1.4.0 (67), opened by DuckDB-WASM with every row', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'page.duckdb');
    for (let i = 0; i < 3; i++) expect(spawnSync('node', recordArgs(db, i), { cwd: ROOT }).status).toBe(0);
    const header = fs.readFileSync(db).subarray(8, 13);
    expect(header.subarray(0, 4).toString('latin1')).toBe('DUCK');
    expect(header[4]).toBe(67);
    const engine = await newEngine();
    const opened = await engine.openFiles([{ name: 'page.duckdb', bytes: readBytes(db) }]);
    expect(opened.failures).toEqual([]);
    expect(opened.sources[0]).toMatchObject({ schema: 'seed-timeseries', rows: 3 });
  }, 300_000);

  it('a damaged database: a clear message and exit 2, the file left as it was', () => {
    const dir = tempDir();
    const db = path.join(dir, 'damaged.duckdb');
    const bytes = new Uint8Array(64 * 1024);
    bytes.set(new TextEncoder().encode('DUCK'), 8);
    bytes.fill(0xab, 4096);
    fs.writeFileSync(db, bytes);
    const run = spawnSync('node', recordArgs(db, 0), { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/damaged\.duckdb .*nothing was written/);
    expect(run.stderr).not.toMatch(/\n\s+at |\/tmp\/perftrack-\d+-|This page|CORS/);
    expect(readBytes(db)).toEqual(bytes);
  }, 300_000);
});
