// Writing the seed's tables into a DuckDB file: used by `perftrack record`, the demo builder and
// result write-back. Files stay at the default storage version, readable by DuckDB 1.x and by the page.
import type { Baseline, Regression, Trend } from '../lib/analysis/types.ts';
import { SourceError } from '../lib/sources/errors.ts';
import { columnsToIPC, rowsToColumns } from './arrow-ipc.ts';
import type { EngineCore, SqlRunner } from './core.ts';
import { tableRows } from './rows.ts';
import { quoteIdent } from './sql.ts';

export const SEED_TABLES = [
  'create_models', 'create_hardware_platforms', 'create_performance_results', 'create_performance_baselines',
  'create_performance_regressions', 'create_performance_trends', 'create_regression_notifications',
];

let staging = 0;

/** Make sure the seed's tables exist in an attached database. */
export async function createSeedTables(engine: SqlRunner, alias: string): Promise<void> {
  for (const table of SEED_TABLES) await engine.exec(`seed/${table}`, {}, { db: quoteIdent(alias) });
}

/** Rows into a new in-memory table (name returned quoted), ready to insert into an attached database. */
export async function stage(engine: SqlRunner, rows: Record<string, unknown>[], times: string[] = []): Promise<string> {
  const name = `seed_staged_${++staging}`;
  const columns = rowsToColumns(rows).map((c) => (times.includes(c.name) ? { ...c, kind: 'time' as const } : c));
  await engine.db.insertArrowIPC(name, columnsToIPC(columns));
  return quoteIdent(name);
}

export async function insertRows(engine: SqlRunner, alias: string, table: string, rows: Record<string, unknown>[], times: string[] = []): Promise<void> {
  if (rows.length === 0) return;
  const staged = await stage(engine, rows, times);
  await engine.exec('seed/insert_rows_by_name', {}, { table: `${quoteIdent(alias)}.${quoteIdent(table)}`, staged });
  await engine.db.query(`DROP TABLE ${staged}`);
}

/** Append results (no ids: they are assigned after the newest existing id). */
export async function insertResults(engine: SqlRunner, alias: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const staged = await stage(engine, rows, ['timestamp']);
  await engine.exec('seed/insert_results_from_staged', {}, { db: quoteIdent(alias), staged });
  await engine.db.query(`DROP TABLE ${staged}`);
}

/** Write a whole generated history (models, hardware, results) into an attached database. */
export async function insertSeedHistory(
  engine: SqlRunner,
  alias: string,
  history: { models: object[]; hardware: object[]; results: object[] },
): Promise<void> {
  await createSeedTables(engine, alias);
  await insertRows(engine, alias, 'models', history.models as Record<string, unknown>[]);
  await insertRows(engine, alias, 'hardware_platforms', history.hardware as Record<string, unknown>[]);
  await insertResults(engine, alias, history.results as Record<string, unknown>[]);
}

/** Write analysis results into the seed's tables of an attached, writable copy of a seed database
 *  (so the original project's Python side can read them). Returns how many rows each table got. */
export async function writeSeedResults(
  core: EngineCore,
  sourceId: number,
  alias: string,
  results: { baselines?: Baseline[]; regressions?: Regression[]; trends?: Trend[] },
): Promise<{ baselines: number; regressions: number; trends: number }> {
  const state = core.sources.get(sourceId);
  if (!state || state.info.schema !== 'seed-timeseries') {
    throw new SourceError('Results can be written back only into a database in the seed time-series schema.');
  }
  const db = quoteIdent(alias);
  for (const table of SEED_TABLES) await core.exec(`seed/${table}`, {}, { db });
  await core.exec('seed/series_ids', {}, { db, source: quoteIdent(`src_${sourceId}_m`) });
  const count = async (table: string) => (tableRows(await core.db.query(`SELECT count(*) AS n FROM ${db}.${quoteIdent(table)}`))[0] as { n: number }).n;
  const written = { baselines: 0, regressions: 0, trends: 0 };
  const stageAndRun = async (rows: Record<string, unknown>[], statements: string[], table: string) => {
    if (rows.length === 0) return 0;
    const staged = quoteIdent(`seed_write_${table}`);
    await core.db.query(`DROP TABLE IF EXISTS ${staged}`);
    await core.db.insertArrowIPC(`seed_write_${table}`, columnsToIPC(rowsToColumns(rows)));
    const before = await count(table);
    for (const statement of statements) await core.exec(statement, {}, { db, staged });
    await core.db.query(`DROP TABLE ${staged}`);
    return (await count(table)) - before;
  };
  written.baselines = await stageAndRun(
    (results.baselines ?? []).map((b) => ({ series_key: b.seriesKey, metric: b.metric, mean: b.mean, count: b.count, last_ts: b.lastTs, version_tag: b.versionTag, git_commit: b.commit })),
    ['seed/delete_baselines', 'seed/write_baselines'],
    'performance_baselines',
  );
  written.regressions = await stageAndRun(
    (results.regressions ?? []).map((r) => ({ series_key: r.seriesKey, metric: r.metric, result_id: r.firstBad.resultId, change_pct: r.changePct, notes: `${r.method}: ${r.explanation}` })),
    ['seed/write_regressions'],
    'performance_regressions',
  );
  written.trends = await stageAndRun(
    (results.trends ?? []).map((t) => ({
      series_key: t.seriesKey, metric: t.metric, trend: t.trend, magnitude: t.magnitudePct, confidence: t.confidence, start_ts: t.startTs, end_ts: t.endTs,
      notes: `${t.label}; Theil–Sen ${t.theilSenPctPerWeek?.toFixed(2) ?? '—'} %/week; Mann–Kendall p ${t.mannKendallP?.toPrecision(2) ?? '—'}`,
    })),
    ['seed/write_trends'],
    'performance_trends',
  );
  return written;
}
