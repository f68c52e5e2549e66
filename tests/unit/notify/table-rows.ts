// Read back regression_notifications of a seed database file, through a DuckDB of the test's own (a private
// attach of the file's bytes), not through the engine under test.
import fs from 'node:fs';
import type { Db } from '../../../src/engine/db/db.ts';
import { openNodeDb } from '../../../src/engine/db/node-wasm.ts';
import type { Engine } from '../../../src/engine/engine.ts';

let n = 0;
let reader: Promise<Db> | null = null;

/** `engine` is the engine that wrote the file (kept for the callers' signature; the file is read apart from it). */
export async function tableRows(_engine: Engine, file: string): Promise<Record<string, unknown>[]> {
  const db = await (reader ??= openNodeDb());
  const name = `readback_${++n}.duckdb`;
  const alias = `readback_${n}`;
  await db.registerBuffer(name, new Uint8Array(fs.readFileSync(file)));
  await db.query(`ATTACH '${name}' AS ${alias} (READ_ONLY)`);
  try {
    const table = await db.query(`SELECT * FROM ${alias}.regression_notifications ORDER BY notification_id`);
    return table.toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
  } finally {
    await db.query(`DETACH ${alias}`);
    await db.dropFile(name).catch(() => undefined);
  }
}
