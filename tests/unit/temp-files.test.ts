// Temporary files of perftrack runs: a run that ends removes its own, a killed run's are removed by the next
// command's cleanup, and a running process's are never touched.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles } from '../../src/node/temp-files.ts';
import { FIXTURES, tempDir } from './helpers/engine.ts';

const ROOT = path.resolve(FIXTURES, '../..');

/** A process id that was used and is free again. */
function deadPid(): number {
  const pid = spawnSync('node', ['-e', '0']).pid!;
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

const runFolders = (pid: number) => fs.readdirSync(os.tmpdir()).filter((e) => e.startsWith(`perftrack-${pid}-`));

/** A process on native DuckDB with a file registered and a sort that spills, as an analysis does; it ends when told. */
async function nativeRun() {
  const script = `
    import { register } from 'tsx/esm/api';
    register();
    const { openNativeDb } = await import('./src/engine/db/native.ts');
    const db = await openNativeDb({ memoryLimit: '32MB', threads: 1 });
    await db.registerBuffer('src_1.csv', new Uint8Array(1 << 20));
    await db.query("CREATE TABLE t AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(1500000) ORDER BY s");
    console.log('ready');
    process.stdin.once('data', () => process.exit(0));`;
  const child = spawn('node', ['--input-type=module', '-e', script], { cwd: ROOT });
  const closed = new Promise((resolve) => child.on('close', resolve));
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  await Promise.race([
    new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('ready') && resolve())),
    closed.then(() => Promise.reject(new Error(`the run ended early: ${err}`))),
  ]);
  return { child, closed };
}

describe('temporary files of perftrack runs', () => {
  it('the cleanup removes the folders of runs whose process is gone and keeps every other one', () => {
    const dir = tempDir();
    const dead = deadPid();
    const live = spawn('node', ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const gone = [`perftrack-${dead}-a1b2c3`, `perftrack-${dead}-spill-x7`, `perftrack-${dead}-db-q9`];
      const kept = [
        `perftrack-${live.pid}-d4e5f6`,
        `perftrack-${process.pid}-spill-y8`,
        'perftrack-test-abc',
        'perftrack-bench-def',
        `other-${dead}-ghi`,
      ];
      for (const name of [...gone, ...kept]) {
        fs.mkdirSync(path.join(dir, name, 'inner'), { recursive: true });
        fs.writeFileSync(path.join(dir, name, 'inner', 'src_1.duckdb'), 'x'.repeat(4096));
      }
      fs.writeFileSync(path.join(dir, `perftrack-${dead}-not-a-folder`), '');

      expect(removeStaleTempFiles(dir).sort()).toEqual(gone.sort());
      expect(fs.readdirSync(dir).sort()).toEqual([...kept, `perftrack-${dead}-not-a-folder`].sort());
      expect(removeStaleTempFiles(dir)).toEqual([]);
    } finally {
      live.kill();
    }
  });

  it('a run that ends leaves no temporary folder', async () => {
    const { child, closed } = await nativeRun();
    expect(runFolders(child.pid!).length).toBeGreaterThan(0);
    child.stdin.write('end\n');
    expect(await closed).toBe(0);
    expect(runFolders(child.pid!)).toEqual([]);
  }, 300_000);

  it("a killed run's folders stay until the cleanup, which removes them all", async () => {
    const { child, closed } = await nativeRun();
    child.kill('SIGKILL');
    await closed;
    const left = runFolders(child.pid!);
    expect(left.length).toBeGreaterThan(0);
    expect(
      removeStaleTempFiles()
        .filter((e) => e.startsWith(`perftrack-${child.pid}-`))
        .sort(),
    ).toEqual(left.sort());
    expect(runFolders(child.pid!)).toEqual([]);
  }, 300_000);
});
