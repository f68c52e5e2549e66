// Test helpers: a real DuckDB-WASM engine in Node, and fixture paths.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA } from '../../real-files.ts';
import { generateDemo, type DemoOptions } from '../../../src/lib/demo/seed-demo.ts';
import { EngineCore } from '../../../src/engine/core.ts';
import { withWritableDatabase } from '../../../src/engine/db/file-writer.ts';
import { openNodeDb } from '../../../src/engine/db/node-wasm.ts';
import { Engine } from '../../../src/engine/engine.ts';
import { loadSqlLibrary } from '../../../src/engine/sql-files-node.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The original project's data (its ipfs_accelerate files, copied in tests/fixtures/real). */
export const IPFS_DATA = path.join(DATA, 'ipfs_accelerate');
export const FIXTURES = path.resolve(HERE, '../../fixtures');

export function newEngine(): Promise<Engine> {
  return openNodeDb().then((db) => Engine.create(db, loadSqlLibrary()));
}

/** A .duckdb file written by DuckDB-WASM from raw statements (under `alias`), as fixtures for the loaders: the
 *  engine's own file writer, on a DuckDB of the helper's own. */
export async function writeDatabaseFile(file: string, alias: string, statements: string[]): Promise<void> {
  const db = await openNodeDb();
  const core = new EngineCore(db, loadSqlLibrary());
  await withWritableDatabase(core, file, alias, async () => {
    for (const statement of statements) await db.query(statement);
  });
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-test-'));
}

export function readBytes(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(file));
}

/** A seed-schema database file with the generated demo history (or a variant of it). */
export async function seedDatabase(
  engine: Engine,
  options: DemoOptions = {},
): Promise<{ file: string; bytes: Uint8Array; demo: ReturnType<typeof generateDemo> }> {
  const file = path.join(tempDir(), 'seed.duckdb');
  const demo = generateDemo(options);
  await engine.writeSeedHistory(file, demo);
  return { file, bytes: readBytes(file), demo };
}

/** Every real runner output of the original project. */
export function runnerResultFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'benchmark_results.json') out.push(full);
    }
  };
  walk(path.join(IPFS_DATA, 'measured/test/benchmark_results'));
  return out.sort();
}
