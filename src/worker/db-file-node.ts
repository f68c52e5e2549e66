// Writing a .duckdb file from DuckDB-WASM in Node. The wasm Node filesystem loses checkpoints (the
// database header is written at the end of the file instead of its slot, so everything stays in the
// WAL), so the database is edited in memory and the whole file written back atomically.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqlRunner } from './context.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';

/** Open `file` (created when missing) for writing under `alias`, run `work`, then save it. */
export async function withWritableDatabase<T>(engine: SqlRunner, file: string, alias: string, work: (alias: string) => Promise<T>): Promise<T> {
  // A private folder: DuckDB puts the WAL beside the registered name, on the real filesystem.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-db-'));
  const name = path.join(dir, 'edit.duckdb');
  try {
    const bytes = fs.existsSync(file) ? new Uint8Array(fs.readFileSync(file)) : await emptyDatabase(engine, dir);
    await engine.db.registerBuffer(name, bytes);
    await engine.db.query(`ATTACH ${quoteLiteral(name)} AS ${quoteIdent(alias)}`);
    let result: T;
    try {
      result = await work(alias);
      await engine.db.query(`CHECKPOINT ${quoteIdent(alias)}`);
    } finally {
      await engine.db.query(`DETACH ${quoteIdent(alias)}`);
    }
    const saved = await engine.db.copyFileToBuffer(name);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(temporary, saved);
    fs.renameSync(temporary, file);
    return result;
  } finally {
    await engine.db.dropFile(name).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The bytes of a new, empty database (creating one is the one write the Node filesystem gets right). */
async function emptyDatabase(engine: SqlRunner, dir: string): Promise<Uint8Array> {
  const file = path.join(dir, 'empty.duckdb');
  await engine.db.query(`ATTACH ${quoteLiteral(file)} AS perftrack_empty`);
  await engine.db.query('DETACH perftrack_empty');
  await engine.db.dropFile(file).catch(() => undefined);
  return new Uint8Array(fs.readFileSync(file));
}
