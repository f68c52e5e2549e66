// Writing the seed's tables into a DuckDB file: `perftrack record`, the demo builder, result and notification
// write-back. New files are created at storage version v1.4.0 (file-writer.ts), read by the page and DuckDB 1.4+.
import { formatPercent } from '../lib/format/format.ts';
import type { Baseline, Regression, Trend } from '../lib/analysis/types.ts';
import { SourceError } from '../lib/sources/errors.ts';
import { rowsToColumns, type ColumnValues } from './arrow-ipc.ts';
import type { EngineCore } from './core.ts';
import { withWritableDatabase, type WriteOptions } from './db/file-writer.ts';
import { quoteIdent } from './sql.ts';

export const SEED_TABLES = [
  'seed/create_models',
  'seed/create_hardware_platforms',
  'seed/create_performance_results',
  'seed/create_performance_baselines',
  'seed/create_performance_regressions',
  'seed/create_performance_trends',
  'seed/create_regression_notifications',
] as const;

let staging = 0;

type Rows = Record<string, unknown>[];

/** Make sure the seed's tables exist in an attached database. */
export async function createSeedTables(core: EngineCore, alias: string): Promise<void> {
  for (const table of SEED_TABLES) await core.exec(table, {}, { db: quoteIdent(alias) });
}

/** Rows as staged columns: the named ones are times, the rest typed by their values. */
function columnsOf(rows: Rows, times: string[] = []): ColumnValues[] {
  return rowsToColumns(rows).map((c) => (times.includes(c.name) ? { ...c, kind: 'time' as const } : c));
}

async function insertRows(core: EngineCore, alias: string, table: string, rows: Rows): Promise<void> {
  if (rows.length === 0) return;
  await core.withStaged(`seed_staged_${++staging}`, columnsOf(rows), (staged) =>
    core.exec('seed/insert_rows_by_name', {}, { table: `${quoteIdent(alias)}.${quoteIdent(table)}`, staged }),
  );
}

/** Append results (no ids: they are assigned after the newest existing id). */
async function insertResults(core: EngineCore, alias: string, rows: Rows): Promise<void> {
  if (rows.length === 0) return;
  await core.withStaged(`seed_staged_${++staging}`, columnsOf(rows, ['timestamp']), (staged) =>
    core.exec('seed/insert_results_from_staged', {}, { db: quoteIdent(alias), staged }),
  );
}

/** Write a whole generated history (models, hardware, results) into a database file (created when missing). */
export function writeSeedHistory(
  core: EngineCore,
  file: string,
  history: { models: object[]; hardware: object[]; results: object[] },
  options: WriteOptions = {},
): Promise<void> {
  return withWritableDatabase(
    core,
    file,
    'seed_history_out',
    async (alias) => {
      await createSeedTables(core, alias);
      await insertRows(core, alias, 'models', history.models as Rows);
      await insertRows(core, alias, 'hardware_platforms', history.hardware as Rows);
      await insertResults(core, alias, history.results as Rows);
    },
    options,
  );
}

/** Append one result row to a seed database file in one transaction; returns the id it got. */
export async function recordResult(
  core: EngineCore,
  file: string,
  row: Record<string, unknown>,
  options: WriteOptions = {},
): Promise<number> {
  // Staged in memory first: a transaction writes to one database only.
  return core.withStaged(`seed_staged_${++staging}`, columnsOf([row], ['timestamp']), (staged) =>
    withWritableDatabase(
      core,
      file,
      'record_out',
      (alias) =>
        core.withTransaction(async () => {
          await createSeedTables(core, alias);
          await core.exec('seed/insert_results_from_staged', {}, { db: quoteIdent(alias), staged });
          const [{ id }] = await core.rows<{ id: number }>('engine/max_result_id', {}, { db: quoteIdent(alias) });
          return Number(id);
        }),
      options,
    ),
  );
}

/** Append one recorded run (its name and run file text) to the database's perftrack_runs table (created when
 *  missing), in one transaction, waiting for another writer as recordResult does. */
export async function recordRun(
  core: EngineCore,
  file: string,
  name: string,
  run: string,
  options: WriteOptions = {},
): Promise<void> {
  await withWritableDatabase(
    core,
    file,
    'record_out',
    (alias) =>
      core.withTransaction(async () => {
        await core.exec('seed/create_perftrack_runs', {}, { db: quoteIdent(alias) });
        await core.exec('seed/insert_perftrack_run', { name, run }, { db: quoteIdent(alias) });
      }),
    options,
  );
}

const DELIVERY_KINDS: Record<string, 'integer' | 'text' | 'time'> = {
  ordinal: 'integer',
  result_id: 'integer',
  retry_count: 'integer',
  notification_date: 'time',
  last_retry_date: 'time',
};

/** Append notification deliveries (rows with regression_notifications' columns, times as epoch ms) to a seed
 *  database file; returns how many. */
export function writeNotifications(
  core: EngineCore,
  file: string,
  rows: Rows,
  options: WriteOptions = {},
): Promise<number> {
  const columns = rowsToColumns(rows).map((c) => ({ ...c, kind: DELIVERY_KINDS[c.name] ?? ('text' as const) }));
  return withWritableDatabase(
    core,
    file,
    'notify_write',
    async (alias) => {
      const db = quoteIdent(alias);
      await core.exec('seed/create_performance_regressions', {}, { db });
      await core.exec('seed/create_regression_notifications', {}, { db });
      await core.withStaged('notify_staged_deliveries', columns, (staged) =>
        core.exec('seed/write_notifications', {}, { db, staged }),
      );
      return rows.length;
    },
    options,
  );
}

/** Write analysis results into the seed's tables of an attached, writable copy of a seed database
 *  (so the original project's Python side can read them). Returns how many rows each table got. */
export function writeSeedResults(
  core: EngineCore,
  sourceId: number,
  file: string,
  results: { baselines?: Baseline[]; regressions?: Regression[]; trends?: Trend[] },
  options: WriteOptions = {},
): Promise<{ baselines: number; regressions: number; trends: number }> {
  const state = core.sources.get(sourceId);
  if (!state || state.info.schema !== 'seed-timeseries') {
    throw new SourceError('Results can be written back only into a database in the seed time-series schema.');
  }
  return withWritableDatabase(
    core,
    file,
    'seed_write',
    (alias) => writeSeedResultsTo(core, sourceId, alias, results),
    options,
  );
}

type WriteStatement = 'seed/delete_baselines' | 'seed/write_baselines' | 'seed/write_regressions' | 'seed/write_trends';

async function writeSeedResultsTo(
  core: EngineCore,
  sourceId: number,
  alias: string,
  results: { baselines?: Baseline[]; regressions?: Regression[]; trends?: Trend[] },
): Promise<{ baselines: number; regressions: number; trends: number }> {
  const db = quoteIdent(alias);
  await createSeedTables(core, alias);
  await core.exec('seed/series_ids', {}, { db, source: quoteIdent(`src_${sourceId}_m`) });
  const count = async (table: string) =>
    Number((await core.rows<{ n: number }>('engine/count_rows', {}, { table: `${db}.${quoteIdent(table)}` }))[0].n);
  const written = { baselines: 0, regressions: 0, trends: 0 };
  const stageAndRun = async (rows: Rows, statements: WriteStatement[], table: string) => {
    if (rows.length === 0) return 0;
    const before = await count(table);
    await core.withStaged(`seed_write_${table}`, rowsToColumns(rows), async (staged) => {
      for (const statement of statements) await core.exec(statement, {}, { db, staged });
    });
    return (await count(table)) - before;
  };
  written.baselines = await stageAndRun(
    (results.baselines ?? []).map((b) => ({
      series_key: b.seriesKey,
      metric: b.metric,
      mean: b.mean,
      count: b.count,
      last_ts: b.lastTs,
      version_tag: b.versionTag,
      git_commit: b.commit,
    })),
    ['seed/delete_baselines', 'seed/write_baselines'],
    'performance_baselines',
  );
  written.regressions = await stageAndRun(
    (results.regressions ?? []).map((r) => ({
      series_key: r.seriesKey,
      metric: r.metric,
      result_id: r.firstBad.resultId,
      change_pct: r.changePct,
      notes: `${r.method}: ${r.explanation}`,
    })),
    ['seed/write_regressions'],
    'performance_regressions',
  );
  written.trends = await stageAndRun(
    (results.trends ?? []).map((t) => ({
      series_key: t.seriesKey,
      metric: t.metric,
      // The guide's table holds the seed's label beside its magnitude and confidence; the robust trend is in notes.
      trend: t.seedTrend,
      magnitude: t.magnitudePct,
      confidence: t.confidence,
      start_ts: t.startTs,
      end_ts: t.endTs,
      notes: `${t.label}; main level ${t.trend}${t.changePct !== null ? ` ${formatPercent(t.changePct)}` : ''}; Theil–Sen ${t.theilSenPctPerWeek?.toFixed(2) ?? '—'} %/week; Mann–Kendall p ${t.mannKendallP?.toPrecision(2) ?? '—'}`,
    })),
    ['seed/write_trends'],
    'performance_trends',
  );
  return written;
}
