// Writing a .duckdb file from Node.
//
// Native DuckDB (the CLI): the file is attached in place and written through DuckDB's own lock, WAL and checkpoint
// (callers group their statements in a transaction; DuckDB writes one attached database per transaction): an append costs the rows appended, a symlink stays a symlink (its target is written), the
// file's mode is kept, and a second writer waits for the lock (bounded) instead of overwriting. New files are
// created at storage version v1.0.0, which the page's DuckDB-WASM (1.4) and every DuckDB 1.x read.
//
// DuckDB-WASM in Node (the unit tests' engine): its Node filesystem loses checkpoints (the database header is
// written at the end of the file instead of its slot), so the database is edited in memory and written back whole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SourceError } from '../../lib/sources/errors.ts';
import type { EngineCore } from '../core.ts';
import { quoteIdent, quoteLiteral } from '../sql.ts';

export const STORAGE_VERSION = 'v1.0.0';

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
      await core.exec('engine/attach_writable', {}, slots);
      return;
    } catch (error) {
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

function explainAttachFailure(file: string, message: string): SourceError {
  const detail = message.replace(/\s+/g, ' ').trim();
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-db-'));
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
