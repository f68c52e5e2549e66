// Read back regression_notifications of a seed database file (a private attach of the file's bytes).
import fs from 'node:fs';
import type { Engine } from '../../../src/engine/engine.ts';

let n = 0;

export async function tableRows(engine: Engine, file: string): Promise<Record<string, unknown>[]> {
  const name = `readback_${++n}.duckdb`;
  const alias = `readback_${n}`;
  await engine.db.registerBuffer(name, new Uint8Array(fs.readFileSync(file)));
  await engine.db.query(`ATTACH '${name}' AS ${alias} (READ_ONLY)`);
  try {
    const table = await engine.db.query(`SELECT * FROM ${alias}.regression_notifications ORDER BY notification_id`);
    return table.toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
  } finally {
    await engine.db.query(`DETACH ${alias}`);
    await engine.db.dropFile(name).catch(() => undefined);
  }
}
