// DuckDB databases: the seed's time-series schema and the base benchmark schema become canonical rows through
// compatibility views (missing columns as typed NULLs); any other database is read as a flat table.
import { sourceFile } from './file-lock.ts';
import type { SourceInfo } from '../lib/model/api.ts';
import { SourceError } from '../lib/sources/errors.ts';
import type { Direction } from '../lib/model/metrics.ts';
import type { EngineCore, SourceState } from './core.ts';
import { loadFlat } from './flat.ts';
import { finishSource } from './ingest.ts';
import { loadRecords } from './records.ts';
import { perftrackRecordImporter } from '../lib/sources/artifacts/perftrack-record.ts';
import { seriesIdExpression } from './series-id.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';

const SEED_RESULTS: [string, string][] = [
  ['id', 'BIGINT'],
  ['model_id', 'BIGINT'],
  ['hardware_id', 'BIGINT'],
  ['batch_size', 'BIGINT'],
  ['sequence_length', 'BIGINT'],
  ['precision', 'VARCHAR'],
  ['throughput_items_per_second', 'DOUBLE'],
  ['latency_ms', 'DOUBLE'],
  ['memory_mb', 'DOUBLE'],
  ['power_watts', 'DOUBLE'],
  ['timestamp', 'TIMESTAMP'],
  ['version_tag', 'VARCHAR'],
  ['git_commit_hash', 'VARCHAR'],
  ['environment_hash', 'VARCHAR'],
  ['run_group_id', 'VARCHAR'],
];
const BASE_RESULTS: [string, string][] = [
  ['result_id', 'BIGINT'],
  ['run_id', 'BIGINT'],
  ['model_id', 'BIGINT'],
  ['hardware_id', 'BIGINT'],
  ['test_case', 'VARCHAR'],
  ['batch_size', 'BIGINT'],
  ['precision', 'VARCHAR'],
  ['total_time_seconds', 'DOUBLE'],
  ['average_latency_ms', 'DOUBLE'],
  ['throughput_items_per_second', 'DOUBLE'],
  ['memory_peak_mb', 'DOUBLE'],
  ['iterations', 'BIGINT'],
  ['created_at', 'TIMESTAMP'],
];
const BASE_RUNS: [string, string][] = [
  ['run_id', 'BIGINT'],
  ['git_commit', 'VARCHAR'],
  ['git_branch', 'VARCHAR'],
  ['started_at', 'TIMESTAMP'],
  ['created_at', 'TIMESTAMP'],
];
const MODELS: [string, string][] = [
  ['model_id', 'BIGINT'],
  ['model_name', 'VARCHAR'],
];
const HARDWARE: [string, string][] = [
  ['hardware_id', 'BIGINT'],
  ['hardware_type', 'VARCHAR'],
  ['device_name', 'VARCHAR'],
];

const SEED_METRICS: [string, string, Direction][] = [
  ['throughput', 'items/s', 'higher'],
  ['latency', 'ms', 'lower'],
  ['memory', 'MB', 'lower'],
  ['power', 'W', 'lower'],
];
const BASE_METRICS: [string, string, Direction][] = [
  ['throughput', 'items/s', 'higher'],
  ['latency', 'ms', 'lower'],
  ['memory', 'MB', 'lower'],
  ['total_time', 's', 'lower'],
];

export async function loadDuckDb(
  core: EngineCore,
  id: number,
  name: string,
  from: { bytes?: Uint8Array; url?: string },
  size: number,
  url: string | null,
): Promise<SourceInfo> {
  const alias = `src_${id}`;
  const file = sourceFile(`${alias}.duckdb`);
  const registered = from.bytes
    ? await core.db.registerBuffer(file, from.bytes)
    : await core.db.registerUrl(file, from.url!);
  await core.exec('engine/attach_read_only', {}, { file: quoteLiteral(registered), alias: quoteIdent(alias) });
  const columns = await core.rows<{ table_name: string; column_name: string }>('query/table_columns', {
    database: alias,
  });
  const tables = new Map<string, Set<string>>();
  for (const c of columns)
    (tables.get(c.table_name) ?? tables.set(c.table_name, new Set()).get(c.table_name)!).add(c.column_name);
  const results = tables.get('performance_results');
  const runs = tables.get('perftrack_runs');
  if (!results && runs?.has('name') && runs.has('run')) return loadRecordedRuns(core, id, name, alias, file, size);
  const rangeRead = !from.bytes;
  const base = { name, url, format: 'duckdb' as const, rangeRead, bytes: size, columns: null, mapping: null };

  const state = core.newState(id, {
    ...base,
    schema: 'flat-table',
    layout: '',
    rows: 0,
    series: 0,
    metrics: [],
    dimensions: [],
    notes: [],
  });
  state.attached = alias;
  state.files = [file];
  const table = (t: string) => `${quoteIdent(alias)}.${quoteIdent(t)}`;
  /** A lookup table the database may lack: its view, with defaults for what is missing. */
  const optionalView = (role: string, lookup: string, columns: Parameters<typeof compatView>[5]) =>
    compatView(core, state, role, tables.has(lookup) ? table(lookup) : null, tables.get(lookup), columns);

  if (
    results &&
    results.has('model_id') &&
    results.has('hardware_id') &&
    (results.has('latency_ms') || results.has('memory_mb') || results.has('power_watts'))
  ) {
    await requireRows(core, alias, name, 'seed time-series');
    const views = {
      results: await compatView(core, state, 'results', table('performance_results'), results, SEED_RESULTS),
      models: await optionalView('models', 'models', MODELS),
      hardware: await optionalView('hardware', 'hardware_platforms', HARDWARE),
    };
    const dims = ['model', 'hardware', 'device', 'batch_size', 'sequence_length', 'precision'];
    const wide = await wideRows(core, state, 'ingest/seed_timeseries', views, dims, SEED_METRICS);
    return finishSource(core, state, 'seed-timeseries', 'seed time-series schema', dims, SEED_METRICS, { wide });
  }
  if (results && (results.has('average_latency_ms') || results.has('memory_peak_mb') || results.has('run_id'))) {
    await requireRows(core, alias, name, 'base benchmark');
    const views = {
      results: await compatView(core, state, 'results', table('performance_results'), results, BASE_RESULTS),
      runs: await optionalView('runs', 'test_runs', BASE_RUNS),
      models: await optionalView('models', 'models', MODELS),
      hardware: await optionalView('hardware', 'hardware_platforms', HARDWARE),
    };
    const dims = ['model', 'hardware', 'device', 'test_case', 'batch_size', 'precision'];
    const wide = await wideRows(core, state, 'ingest/base_schema', views, dims, BASE_METRICS);
    return finishSource(core, state, 'base-schema', 'base benchmark schema', dims, BASE_METRICS, { wide });
  }
  // Any other database: treat its largest table as a flat table.
  const sizes = await core.rows<{ table_name: string; rows: number }>('query/table_sizes', { database: alias });
  const candidate = sizes.find((t) => t.rows > 0);
  if (!candidate) {
    const list = sizes.map((t) => t.table_name).join(', ') || 'none';
    throw new SourceError(
      `${name} is a DuckDB database, but none of its tables has rows (tables: ${list}).`,
      'Open a database that holds benchmark results.',
    );
  }
  state.info.notes.push(
    `Read table "${candidate.table_name}" (the largest of ${sizes.length}); its columns are mapped below.`,
  );
  return loadFlat(core, state, table(candidate.table_name));
}

/** A schema with one row per result and a column per metric: its wide view (with series ids), and the
 *  canonical rows unpivoted from it. Returns the wide view's name. */
async function wideRows(
  core: EngineCore,
  state: SourceState,
  ingest: 'ingest/seed_timeseries' | 'ingest/base_schema',
  views: Record<string, string>,
  dims: string[],
  metrics: [string, string, Direction][],
): Promise<string> {
  const wide = quoteIdent(`src_${state.info.id}_wide`);
  await core.exec(ingest, {}, { ...views, wide, series_id: seriesIdExpression(dims) });
  const metricColumns = metrics.map(([metric]) => quoteIdent(metric)).join(', ');
  await core.exec(
    'ingest/unpivot_metrics',
    {},
    { rows: quoteIdent(`src_${state.info.id}_rows`), wide, metric_columns: metricColumns },
  );
  return wide;
}

/** Refuse a database whose results table is empty, naming what it does hold. */
async function requireRows(core: EngineCore, alias: string, name: string, schema: string): Promise<void> {
  const counts = await core.rows<{ table_name: string; n: number }>('ingest/seed_table_sizes', { database: alias });
  const count = (t: string) => counts.find((c) => c.table_name === t)?.n ?? 0;
  if (count('performance_results') > 0) return;
  const [exact] = await core.rows<{ n: number }>(
    'engine/count_rows',
    {},
    { table: `${quoteIdent(alias)}.performance_results` },
  );
  if (exact.n > 0) return;
  throw new SourceError(
    `${name} is a ${schema} database with ${count('models')} models and ${count('hardware_platforms')} hardware platforms, but its performance_results table is empty: there are no measurements to chart.`,
    'Record results into it first (perftrack record … or the benchmark runner), or open a database that has results.',
  );
}

async function compatView(
  core: EngineCore,
  state: SourceState,
  role: string,
  source: string | null,
  present: Set<string> | undefined,
  expected: [string, string][],
): Promise<string> {
  const view = quoteIdent(`src_${state.info.id}_${role}`);
  const columns = expected
    .map(([column, type]) =>
      present?.has(column) && source ? quoteIdent(column) : `NULL::${type} AS ${quoteIdent(column)}`,
    )
    .join(', ');
  const from = source ?? '(SELECT 1 WHERE false)';
  await core.exec('ingest/compat_view', {}, { view, columns, table: from });
  return view;
}

/**
 * A database `record FILE… --db` wrote: its perftrack_runs rows are run files (perftrack record version 2), read by
 * the same importer as a folder of them, so the database opens as that folder would. The database is detached once
 * its rows are read.
 */
async function loadRecordedRuns(
  core: EngineCore,
  id: number,
  name: string,
  alias: string,
  file: string,
  size: number,
): Promise<SourceInfo> {
  const rows = await core.rows<{ name: string; run: string }>(
    'query/perftrack_runs',
    {},
    { table: `${quoteIdent(alias)}.${quoteIdent('perftrack_runs')}` },
  );
  await core.exec('engine/detach', {}, { alias: quoteIdent(alias) });
  await core.db.dropFile(file).catch(() => undefined);
  if (rows.length === 0) throw new SourceError(`${name} has a perftrack_runs table with no runs in it.`);
  const files = rows.map((row) => {
    let json: unknown;
    try {
      json = JSON.parse(row.run);
    } catch {
      throw new SourceError(`${name}: the recorded run ${row.name} is not valid JSON.`);
    }
    const input = { name: row.name, text: row.run, json };
    if (!perftrackRecordImporter.detect(input))
      throw new SourceError(`${name}: the recorded run ${row.name} is not a perftrack run.`);
    return { path: row.name, run: perftrackRecordImporter.parse(input) };
  });
  return loadRecords(core, id, name, files, size);
}
