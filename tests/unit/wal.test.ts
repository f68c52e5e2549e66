// DuckDB's write-ahead log (.wal) beside a file `perftrack record` writes: an old copy put back beside the file is
// never replayed again, a killed writer's log is applied (new files) or refused with what to do (older storage
// versions), a live writer's is waited for; and which storage versions the page's DuckDB-WASM reads.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { STORAGE_VERSION } from '../../src/engine/db/file-writer.ts';
import { openNodeDb } from '../../src/engine/db/node-wasm.ts';
import { FIXTURES, readBytes, tempDir } from './helpers/engine.ts';

const ROOT = path.resolve(FIXTURES, '../..');
const BIN = path.join(ROOT, 'bin/perftrack.mjs');

const RESULT = '--model-id 1 --hardware-id 1 --batch-size 4'.split(' ');
const recordArgs = (db: string, i: number) => ['record', '--db', db, ...RESULT, '--throughput', String(100 + i)];

function record(db: string, i: number): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('node', [BIN, ...recordArgs(db, i)], { cwd: ROOT, encoding: 'utf8' });
}

/** A native DuckDB of this test's own (its lock is this process's: released by DETACH before perftrack runs). */
async function withNative<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const attach = (c: DuckDBConnection, db: string, options = '') => c.run(`ATTACH '${db}' AS w ${options}`);

/** What the file holds, read from a copy of it alone (DuckDB would replay a log beside it, even read-only). */
async function results(db: string): Promise<{ rows: number; ids: number }> {
  const copy = path.join(tempDir(), 'copy.duckdb');
  fs.copyFileSync(db, copy);
  return withNative(async (c) => {
    await attach(c, copy, '(READ_ONLY)');
    const row = (
      await c.runAndReadAll(
        'SELECT count(*)::INTEGER AS rows, count(DISTINCT id)::INTEGER AS ids FROM w.performance_results',
      )
    ).getRowObjectsJS()[0] as { rows: number; ids: number };
    await c.run('DETACH w');
    return row;
  });
}

const INSERT_TEN =
  'INSERT INTO w.performance_results (id, model_id, hardware_id, batch_size, throughput_items_per_second) SELECT 1000 + range, 9, 9, 1, 1 FROM range(10)';

/** Another writer appends 10 rows; its log is copied aside before its checkpoint, then put back beside the file. */
async function putBackOldLog(db: string): Promise<void> {
  const saved = `${db}.saved`;
  await withNative(async (c) => {
    await attach(c, db);
    await c.run(INSERT_TEN);
    fs.copyFileSync(`${db}.wal`, saved);
    await c.run('DETACH w');
  });
  expect(fs.existsSync(`${db}.wal`)).toBe(false);
  fs.renameSync(saved, `${db}.wal`);
}

/** A writer in another process appends 10 rows and holds the file until it is killed or told to let go. */
async function holder(db: string) {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const c = await (await DuckDBInstance.create(':memory:')).connect();
    await c.run("ATTACH '${db}' AS w");
    await c.run(\`${INSERT_TEN}\`);
    console.log('holding');
    process.stdin.once('data', async () => { await c.run('DETACH w'); process.exit(0); });`;
  const child = spawn('node', ['--input-type=module', '-e', script], { cwd: ROOT });
  const closed = new Promise((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('holding') && resolve()));
  return { child, closed };
}

/** A seed database made the way perftrack made them before storage version v1.4.0. */
async function olderFile(db: string): Promise<void> {
  await withNative(async (c) => {
    await attach(c, db, "(STORAGE_VERSION 'v1.0.0')");
    await c.run('DETACH w');
  });
  expect(record(db, 0).status).toBe(0);
  expect(record(db, 1).status).toBe(0);
}

describe('the write-ahead log beside a recorded file', () => {
  it('an old copy of the log put back beside the file is refused, not replayed a second time', async () => {
    const db = path.join(tempDir(), 'history.duckdb');
    expect(record(db, 0).status).toBe(0);
    expect(record(db, 1).status).toBe(0);
    await putBackOldLog(db);
    expect(await results(db)).toEqual({ rows: 12, ids: 12 });
    const bytes = readBytes(db);
    const run = record(db, 2);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/history\.duckdb\.wal is not the log of .*history\.duckdb as it is now/);
    expect(run.stderr).toMatch(/nothing was written/);
    expect(run.stderr).toMatch(/move it away and record again/);
    expect(readBytes(db)).toEqual(bytes);
    // As told: without the old log the record goes through, and no row is there twice.
    fs.rmSync(`${db}.wal`);
    expect(record(db, 3).status).toBe(0);
    expect(await results(db)).toEqual({ rows: 13, ids: 13 });
  }, 300_000);

  it("a killed writer's log is applied by the next record: nothing it committed is lost", async () => {
    const db = path.join(tempDir(), 'killed.duckdb');
    expect(record(db, 0).status).toBe(0);
    const { child, closed } = await holder(db);
    child.kill('SIGKILL');
    await closed;
    expect(fs.statSync(`${db}.wal`).size).toBeGreaterThan(0);
    const run = record(db, 1);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(await results(db)).toEqual({ rows: 12, ids: 12 });
    expect(fs.existsSync(`${db}.wal`)).toBe(false);
  }, 300_000);

  it('a file older than v1.4.0 with a log no writer holds: refused with what to do, file and log left as they were', async () => {
    const db = path.join(tempDir(), 'older.duckdb');
    await olderFile(db);
    await putBackOldLog(db);
    expect(await results(db)).toEqual({ rows: 12, ids: 12 });
    const bytes = readBytes(db);
    const log = readBytes(`${db}.wal`);
    const run = record(db, 2);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/older\.duckdb\.wal is a log of changes that no running writer holds/);
    expect(run.stderr).toMatch(/older than v1\.4\.0.*nothing was written/);
    expect(run.stderr).toMatch(/If a writer was killed, apply its log .*CHECKPOINT.*delete it/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readBytes(db)).toEqual(bytes);
    expect(readBytes(`${db}.wal`)).toEqual(log);
    expect(await results(db)).toEqual({ rows: 12, ids: 12 });
  }, 300_000);

  it('a file older than v1.4.0 whose log a live writer holds: waited for, then appended', async () => {
    const db = path.join(tempDir(), 'older-held.duckdb');
    await olderFile(db);
    const { child, closed } = await holder(db);
    const writer = spawn('node', [BIN, ...recordArgs(db, 2)], { cwd: ROOT });
    let err = '';
    writer.stderr.on('data', (d) => (err += d));
    const written = new Promise((resolve) => writer.on('close', resolve));
    await Promise.race([
      new Promise<void>((resolve) => writer.stderr.on('data', () => /waiting up to/.test(err) && resolve())),
      written,
    ]);
    child.stdin.write('release\n');
    await closed;
    expect(err).toMatch(/is locked by another process \(PID \d+\); waiting up to 30 s/);
    expect(await written).toBe(0);
    expect(await results(db)).toEqual({ rows: 13, ids: 13 });
  }, 300_000);

  it('DuckDB-WASM 1.32 (DuckDB 1.4) reads storage versions 64–67: native files up to v1.4.0, not v1.5.0', async () => {
    const dir = tempDir();
    const versions = ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0', 'v1.4.0', 'v1.5.0'];
    await withNative(async (c) => {
      for (const version of versions) {
        await attach(c, path.join(dir, `${version}.duckdb`), `(STORAGE_VERSION '${version}')`);
        await c.run("CREATE TABLE w.t AS SELECT range AS id, 'row ' || range AS label FROM range(5000)");
        await c.run('DETACH w');
      }
    });
    const wasm = await openNodeDb();
    expect(await wasm.version()).toBe('v1.4.3');
    const read: Record<string, string> = {};
    for (const version of versions) {
      const bytes = readBytes(path.join(dir, `${version}.duckdb`));
      const header = Number(new DataView(bytes.buffer).getBigUint64(12, true));
      await wasm.registerBuffer(`${version}.duckdb`, bytes);
      try {
        await wasm.query(`ATTACH '${version}.duckdb' AS r (READ_ONLY)`);
        const row = (await wasm.query('SELECT count(*)::INTEGER AS n, sum(id)::DOUBLE AS s FROM r.t')).get(0)!;
        read[version] = `${header}: ${row.n} rows, sum ${row.s}`;
        await wasm.query('DETACH r');
      } catch (error) {
        read[version] = `${header}: ${(error as Error).message.split('\n')[0]}`;
      }
    }
    expect(read).toEqual({
      'v1.0.0': '64: 5000 rows, sum 12497500',
      'v1.1.0': '64: 5000 rows, sum 12497500',
      'v1.2.0': '65: 5000 rows, sum 12497500',
      'v1.3.0': '66: 5000 rows, sum 12497500',
      'v1.4.0': '67: 5000 rows, sum 12497500',
      'v1.5.0':
        '68: IO Error: Trying to read a database file with version number 68, but we can only read versions between 64 and 67.',
    });
    expect(STORAGE_VERSION).toBe('v1.4.0');
  }, 300_000);
});
