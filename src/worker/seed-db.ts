// Writing the seed's tables into a DuckDB file: used by `perftrack record`, the demo builder and
// result write-back. Files stay at the default storage version, readable by DuckDB 1.x and by the page.
import { columnsToIPC, rowsToColumns } from './arrow-ipc.ts';
import type { Engine } from './engine.ts';
import { quoteIdent } from './sql.ts';

export const SEED_TABLES = [
  'create_models', 'create_hardware_platforms', 'create_performance_results', 'create_performance_baselines',
  'create_performance_regressions', 'create_performance_trends', 'create_regression_notifications',
];

let staging = 0;

/** Make sure the seed's tables exist in an attached database. */
export async function createSeedTables(engine: Engine, alias: string): Promise<void> {
  for (const table of SEED_TABLES) await engine.exec(`seed/${table}`, {}, { db: quoteIdent(alias) });
}

/** Rows into a new in-memory table (name returned quoted), ready to insert into an attached database. */
export async function stage(engine: Engine, rows: Record<string, unknown>[], times: string[] = []): Promise<string> {
  const name = `seed_staged_${++staging}`;
  const columns = rowsToColumns(rows).map((c) => (times.includes(c.name) ? { ...c, kind: 'time' as const } : c));
  await engine.db.insertArrowIPC(name, columnsToIPC(columns));
  return quoteIdent(name);
}

export async function insertRows(engine: Engine, alias: string, table: string, rows: Record<string, unknown>[], times: string[] = []): Promise<void> {
  if (rows.length === 0) return;
  const staged = await stage(engine, rows, times);
  await engine.exec('seed/insert_rows_by_name', {}, { table: `${quoteIdent(alias)}.${quoteIdent(table)}`, staged });
  await engine.db.query(`DROP TABLE ${staged}`);
}

/** Append results (no ids: they are assigned after the newest existing id). */
export async function insertResults(engine: Engine, alias: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const staged = await stage(engine, rows, ['timestamp']);
  await engine.exec('seed/insert_results_from_staged', {}, { db: quoteIdent(alias), staged });
  await engine.db.query(`DROP TABLE ${staged}`);
}

/** Write a whole generated history (models, hardware, results) into an attached database. */
export async function insertSeedHistory(
  engine: Engine,
  alias: string,
  history: { models: object[]; hardware: object[]; results: object[] },
): Promise<void> {
  await createSeedTables(engine, alias);
  await insertRows(engine, alias, 'models', history.models as Record<string, unknown>[]);
  await insertRows(engine, alias, 'hardware_platforms', history.hardware as Record<string, unknown>[]);
  await insertResults(engine, alias, history.results as Record<string, unknown>[]);
}
