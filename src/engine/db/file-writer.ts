// Writing a .duckdb file from Node.
//
// Native DuckDB (the CLI): the file is attached in place and written through DuckDB's own lock, WAL and checkpoint
// (callers group their statements in a transaction; DuckDB writes one attached database per transaction): an append costs the rows appended, a symlink stays a symlink (its target is written), the
// file's mode is kept, and a second writer waits for the lock (bounded) instead of overwriting. New files are
// created at storage version v1.4.0, the newest the page's DuckDB-WASM (1.4) reads: from it on, DuckDB's log (.wal)
// names the checkpoint it follows, so an old copy of it put back beside the file is refused rather than replayed again.
//
// DuckDB-WASM in Node (the unit tests' engine): its Node filesystem loses checkpoints (the database header is
// written at the end of the file instead of its slot), so the database is edited in memory and written back whole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SourceError } from '../../lib/sources/errors.ts';
import type { EngineCore } from '../core.ts';
import { quoteIdent, quoteLiteral } from '../sql.ts';

export const STORAGE_VERSION = 'v1.4.0';

export interface WriteOptions {
  /** How long to wait for another process's lock on the file (default 30 s). */
  lockTimeoutMs?: number;
  /** Told once when the file is locked by another process and we start waiting. */
  onWait?: (message: string) => void;
}

/** Open `file` (created when missing) for writing under `alias`, run `work`, then save it. */
export async function withWritableDatabase<T>(
  core: EngineCore,
  file: string,
  alias: string,
  work: (alias: string) => Promise<T>,
  options: WriteOptions = {},
): Promise<T> {
  if (core.db.writesInPlace) return writeInPlace(core, file, alias, work, options);
  return rewriteWhole(core, file, alias, work);
}

async function writeInPlace<T>(
  core: EngineCore,
  file: string,
  alias: string,
  work: (alias: string) => Promise<T>,
  options: WriteOptions,
): Promise<T> {
  const target = resolveTarget(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const created = !fs.existsSync(target);
  await attachWithLockWait(core, target, alias, created, options);
  try {
    return await work(alias);
  } finally {
    // Detaching checkpoints the WAL into the file and releases the lock.
    await core.exec('engine/detach', {}, { alias: quoteIdent(alias) });
  }
}

/** The file a path names, following symlinks (also a dangling one: the database is created at its target). */
function resolveTarget(file: string): string {
  let target = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = fs.readlinkSync(target);
    } catch {
      return target;
    }
    target = path.resolve(path.dirname(target), link);
  }
  throw new SourceError(`${file}: too many levels of symbolic links.`);
}

const seconds = (ms: number) => `${ms < 10_000 ? Number((ms / 1000).toFixed(1)) : Math.round(ms / 1000)} s`;

const LOCK_ERROR = /Could not set lock on file|Conflicting lock/i;

async function attachWithLockWait(
  core: EngineCore,
  file: string,
  alias: string,
  created: boolean,
  options: WriteOptions,
): Promise<void> {
  const timeout = options.lockTimeoutMs ?? 30_000;
  const started = Date.now();
  const slots = {
    file: quoteLiteral(file),
    alias: quoteIdent(alias),
    options: created ? `(STORAGE_VERSION '${STORAGE_VERSION}')` : '',
  };
  let told = false;
  for (let attempt = 0; ; attempt++) {
    try {
      if (!created) await refuseUncheckedWal(core, file, alias);
      await core.exec('engine/attach_writable', {}, slots);
      return;
    } catch (error) {
      if (error instanceof SourceError) throw error;
      const message = (error as Error).message;
      if (!LOCK_ERROR.test(message)) throw explainAttachFailure(file, message);
      const holder = /PID (\d+)/.exec(message)?.[1];
      if (Date.now() - started >= timeout) {
        throw new SourceError(
          `${file} is still locked by another process${holder ? ` (PID ${holder})` : ''} after ${seconds(timeout)}; nothing was written.`,
          'Run the writers one after another, or let each CI job write its own file with record --out DIR.',
        );
      }
      if (!told) {
        options.onWait?.(
          `${file} is locked by another process${holder ? ` (PID ${holder})` : ''}; waiting up to ${seconds(timeout)}`,
        );
        told = true;
      }
      // Jittered backoff so many waiting writers do not retry in step.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(500, 20 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random())),
      );
    }
  }
}

/** A log (.wal) beside a file is replayed when DuckDB attaches it. From storage version v1.4.0 on, DuckDB checks that
 *  the log follows the file's last checkpoint; before, an old copy of the log put back beside the file (from a cache
 *  or a backup) is replayed again: rows twice, primary keys broken. Beside such a file, a log that no writer holds
 *  (a killed writer's last changes, or an old copy: nothing tells them apart) is refused. */
async function refuseUncheckedWal(core: EngineCore, file: string, alias: string): Promise<void> {
  const wal = `${file}.wal`;
  if (!hasBytes(wal) || walIsChecked(file)) return;
  // Read-only, DuckDB takes a shared lock: refused while a writer holds the file (the caller waits), and while it is
  // held no writer can start a log or remove one.
  let leftover = true;
  try {
    await core.exec('engine/attach_read_only', {}, { file: quoteLiteral(file), alias: quoteIdent(alias) });
    leftover = hasBytes(wal);
    await core.exec('engine/detach', {}, { alias: quoteIdent(alias) });
  } catch (error) {
    // Replaying an old copy can fail even read-only (it creates a table the file has): still a log no writer holds.
    const message = (error as Error).message;
    if (LOCK_ERROR.test(message) || !/\bWAL\b/.test(message)) throw error;
  }
  if (leftover) {
    throw new SourceError(
      `${wal} is a log of changes that no running writer holds: a killed writer's last changes, or an old copy put back beside the file, which DuckDB would apply again (rows twice). ${file} is at a storage version older than v1.4.0, whose log does not say which; nothing was written.`,
      `If a writer was killed, apply its log by opening the file once with DuckDB (duckdb '${file}' -c CHECKPOINT); if the .wal was copied back from a cache or a backup, delete it. Then record again.`,
    );
  }
}

const hasBytes = (file: string) => (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0;

/** Whether DuckDB checks the file's log against it: the newest of the two database headers (at 4 and 8 KB: checksum,
 *  iteration, …, serialization version at +56) has v1.4.0's serialization version (6) or a later one. */
function walIsChecked(file: string): boolean {
  const head = Buffer.alloc(3 * 4096);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, head, 0, head.length, 0) < head.length) return false;
  } finally {
    fs.closeSync(fd);
  }
  const newest = head.readBigUInt64LE(4096 + 8) > head.readBigUInt64LE(8192 + 8) ? 4096 : 8192;
  return head.readBigUInt64LE(newest + 56) >= 6n;
}

function explainAttachFailure(file: string, message: string): SourceError {
  const detail = message.replace(/\s+/g, ' ').trim();
  if (/WAL\b.*does not match/i.test(detail)) {
    return new SourceError(
      `${file}.wal is not the log of ${file} as it is now (DuckDB: ${detail}); nothing was written.`,
      `The .wal is an old copy (from a cache or a backup) whose changes the file already holds, or another file's: move it away and record again.`,
    );
  }
  if (/not a valid DuckDB database|Corrupt|checksum|block|truncated|Failed to read/i.test(detail)) {
    return new SourceError(
      `${file} is not a readable DuckDB database (${detail}); nothing was written.`,
      'Restore it from a backup or point --db at another file.',
    );
  }
  if (/Permission denied|read-only/i.test(detail))
    return new SourceError(`${file} cannot be written: ${detail}.`, 'Check the file and folder permissions.');
  return new SourceError(`${file} could not be opened for writing: ${detail}.`);
}

async function rewriteWhole<T>(
  core: EngineCore,
  file: string,
  alias: string,
  work: (alias: string) => Promise<T>,
): Promise<T> {
  // A private folder: DuckDB puts the WAL beside the registered name, on the real filesystem.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `perftrack-${process.pid}-db-`));
  const name = path.join(dir, 'edit.duckdb');
  try {
    const bytes = fs.existsSync(file) ? new Uint8Array(fs.readFileSync(file)) : await emptyDatabase(core, dir);
    await core.db.registerBuffer(name, bytes);
    await core.exec('engine/attach_writable', {}, { file: quoteLiteral(name), alias: quoteIdent(alias), options: '' });
    let result: T;
    try {
      result = await work(alias);
      await core.exec('engine/checkpoint', {}, { alias: quoteIdent(alias) });
    } finally {
      await core.exec('engine/detach', {}, { alias: quoteIdent(alias) });
    }
    const saved = await core.db.copyFileToBuffer(name);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(temporary, saved);
    fs.renameSync(temporary, file);
    return result;
  } finally {
    await core.db.dropFile(name).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The bytes of a new, empty database (creating one is the one write the Node filesystem gets right). */
async function emptyDatabase(core: EngineCore, dir: string): Promise<Uint8Array> {
  const file = path.join(dir, 'empty.duckdb');
  await core.exec('engine/attach_writable', {}, { file: quoteLiteral(file), alias: 'perftrack_empty', options: '' });
  await core.exec('engine/detach', {}, { alias: 'perftrack_empty' });
  await core.db.dropFile(file).catch(() => undefined);
  return new Uint8Array(fs.readFileSync(file));
}
