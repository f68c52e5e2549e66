// What the page and the CLI ask of the loaded data: the catalog, series lists and points, seed names behind ids,
// and the read-only SQL console.
import { classifyStatement } from './statement-kind.ts';
import { explainUnknownName } from './console-errors.ts';
import { explainLockedAccess } from './file-lock.ts';
import type { Table } from 'apache-arrow';
import type { Dimensions } from '../lib/analysis/types.ts';
import type {
  Catalog,
  DimensionSummary,
  MetricSummary,
  QueryResult,
  SeriesPoints,
  SeriesQuery,
  SeriesSummary,
} from '../lib/model/api.ts';
import { SourceError } from '../lib/sources/errors.ts';
import type { Direction } from '../lib/model/metrics.ts';
import { DEFAULT_MAX_POINTS } from '../lib/model/series-points.ts';
import type { EngineCore } from './core.ts';
import { encodeFilter } from './filter.ts';
import { loadPublishedData } from './published-source.ts';
import { publishedSeriesPoints } from './published.ts';
import { columnArray, tableRowArrays, tableRows } from './rows.ts';
import { quoteIdent } from './sql.ts';

export async function catalog(core: EngineCore): Promise<Catalog> {
  const metrics = (
    await core.rows<{ metric: string; unit: string; direction: Direction; rows: number; series: number }>(
      'query/metric_summary',
    )
  ).map((m): MetricSummary => ({
    metric: m.metric,
    unit: m.unit,
    direction: m.direction,
    rows: m.rows,
    series: m.series,
  }));
  const values = await core.rows<{ dim: string; value: string | null; series: number }>('query/dimension_values');
  const dimensions: DimensionSummary[] = [];
  for (const v of values) {
    let dim = dimensions[dimensions.length - 1];
    if (!dim || dim.name !== v.dim) dimensions.push((dim = { name: v.dim, values: [] }));
    dim.values.push({ value: v.value, series: v.series });
  }
  const extent = (
    await core.rows<{ rows: number; series: number; first_ts: number | null; last_ts: number | null }>(
      'query/data_extent',
    )
  )[0];
  return {
    metrics,
    dimensions,
    rows: extent.rows,
    series: extent.series,
    firstTs: extent.first_ts,
    lastTs: extent.last_ts,
  };
}

export async function listSeries(core: EngineCore, query: SeriesQuery): Promise<SeriesSummary[]> {
  await core.exec('analysis/scope_series', { filters: encodeFilter(query.filter) });
  const rows = await core.rows<{
    series_key: string;
    label: string;
    points: number;
    first_ts: number;
    last_ts: number;
    last_value: number;
    min_value: number;
    max_value: number;
  }>('query/series_list', { metric: query.metric, search: query.search.trim(), limit: query.limit });
  const described = await describeScope(core);
  return rows.map((r) => ({
    seriesKey: r.series_key,
    label: r.label,
    dims: described.get(r.series_key)?.series ?? {},
    points: r.points,
    firstTs: r.first_ts,
    lastTs: r.last_ts,
    lastValue: r.last_value,
    minValue: r.min_value,
    maxValue: r.max_value,
  }));
}

/** Id, label and dimension values of every series in the current analysis scope, by series key. */
export async function describeScope(
  core: EngineCore,
): Promise<Map<string, { id: number; label: string; series: Dimensions }>> {
  const rows = await core.rows<{
    series_id: number;
    series_key: string;
    label: string;
    dim: string | null;
    value: string | null;
  }>('query/series_descriptions');
  const out = new Map<string, { id: number; label: string; series: Dimensions }>();
  for (const r of rows) {
    let entry = out.get(r.series_key);
    if (!entry) out.set(r.series_key, (entry = { id: r.series_id, label: r.label, series: {} }));
    if (r.dim !== null) entry.series[r.dim] = r.value;
  }
  return out;
}

export async function seriesPoints(
  core: EngineCore,
  seriesKey: string,
  metric: string,
  options: { fromMs?: number | null; toMs?: number | null; maxPoints?: number } = {},
): Promise<SeriesPoints> {
  const sources = [...core.sources.values()];
  if (sources.length === 1 && sources[0].published && !sources[0].published.complete)
    return publishedSeriesPoints(sources[0].published, seriesKey, metric, options);
  await loadPublishedData(core, [seriesKey]);
  const table = await core.exec('query/series_points', {
    series_key: seriesKey,
    metric,
    from_ms: options.fromMs ?? null,
    to_ms: options.toMs ?? null,
    max_points: options.maxPoints ?? DEFAULT_MAX_POINTS,
  });
  const col = <T>(name: string) => columnArray<T>(table, name);
  const downsampled = col<boolean>('downsampled');
  const commit = col<string | null>('git_commit');
  const runGroup = col<string | null>('run_group_id');
  const spread = col<number | null>('spread');
  return {
    seriesKey,
    metric,
    ts: col<number>('ts'),
    value: col<number>('value'),
    low: col('low'),
    high: col('high'),
    nSamples: col('n_samples'),
    commit,
    versionTag: col('version_tag'),
    runGroup,
    ...(await pointsCommitContext(core, runGroup, commit)),
    ...(spread.some((v) => v !== null) ? { spread } : {}),
    downsampled: downsampled.some(Boolean),
  };
}

/** A point's commit context from the source's runs: matched by run and commit, so a run name two sources share
 *  never borrows the other's. Empty when no source carries any. */
async function pointsCommitContext(
  core: EngineCore,
  runGroup: (string | null)[],
  commit: (string | null)[],
): Promise<Pick<SeriesPoints, 'commitUrl' | 'message' | 'author'>> {
  const byRun = new Map<string, CommitContextRow>();
  for (const state of core.sources.values())
    if (state.info.schema === 'json-records')
      for (const r of (await commitContextOf(core, state.info.id)).values())
        byRun.set(`${r.run_group_id}\u0000${r.git_commit ?? ''}`, r);
  if (!byRun.size) return {};
  const found = runGroup.map((g, i) => (g === null ? undefined : byRun.get(`${g}\u0000${commit[i] ?? ''}`)));
  return {
    commitUrl: found.map((r) => r?.commit_url ?? null),
    message: found.map((r) => r?.message ?? null),
    author: found.map((r) => r?.author ?? null),
  };
}

/** One run's row of a source's commit context table. */
export interface CommitContextRow {
  run_group_id: string;
  git_commit: string | null;
  commit_url: string | null;
  message: string | null;
  author: string | null;
}

/** Each source's commit context by run, read once: the table is written at ingest and never changes (moving a run
 *  in time keeps its name), and a removed source's state is dropped with it. Reading it per chart cost ~1.5×. */
const commitContexts = new WeakMap<object, Promise<Map<string, CommitContextRow>>>();

export function commitContextOf(core: EngineCore, sourceId: number): Promise<Map<string, CommitContextRow>> {
  const state = core.sources.get(sourceId);
  if (!state) return Promise.resolve(new Map());
  let context = commitContexts.get(state);
  if (!context) {
    context = core
      .rows<CommitContextRow>('query/run_commit_context', {}, { commits: quoteIdent(`src_${sourceId}_commits`) })
      .then((rows) => new Map(rows.map((r) => [r.run_group_id, r])))
      .catch((error: unknown) => {
        commitContexts.delete(state);
        throw error;
      });
    commitContexts.set(state, context);
  }
  return context;
}

/** Names behind a seed id (e.g. models.model_name of model_id 1) in every opened seed or base database. */
export async function seedNames(
  core: EngineCore,
  table: 'models' | 'hardware_platforms',
  column: 'model_name' | 'hardware_type',
  idColumn: 'model_id' | 'hardware_id',
  id: number,
): Promise<string[]> {
  const names = new Set<string>();
  for (const state of core.sources.values()) {
    if (!state.attached || (state.info.schema !== 'seed-timeseries' && state.info.schema !== 'base-schema')) continue;
    const rows = await core.db
      .query(
        `SELECT ${quoteIdent(column)} AS name FROM ${quoteIdent(state.attached)}.${quoteIdent(table)} WHERE ${quoteIdent(idColumn)} = ?::BIGINT`,
        [id],
      )
      .then(tableRows)
      .catch(() => []);
    for (const r of rows) if (typeof r.name === 'string') names.add(r.name);
  }
  return [...names];
}

/** The SQL console: one read-only query, wrapped so only a query (not a command) can run. */
export async function runReadOnlySql(core: EngineCore, text: string, limit = 1000): Promise<QueryResult> {
  await loadPublishedData(core, 'all');
  const statement = text.trim().replace(/;\s*$/, '');
  const kind = classifyStatement(statement);
  if (kind.kind === 'command') {
    throw new SourceError(
      `The SQL console is read-only: ${kind.keyword} statements are not run here.`,
      'Use SELECT, WITH, FROM, DESCRIBE, SHOW or SUMMARIZE. Tables: measurements, series, series_dims, metric_info, and src_N.* for opened databases.',
    );
  }
  if (kind.kind === 'unknown') {
    throw new SourceError(
      kind.keyword
        ? `"${kind.keyword}" does not start a SQL statement${kind.suggestion ? ` — did you mean ${kind.suggestion}?` : '.'}`
        : 'Write a query to run.',
      'A query starts with SELECT, WITH, FROM, DESCRIBE, SHOW or SUMMARIZE.',
    );
  }
  const started = performance.now();
  let table: Table;
  try {
    table = await core.exec('query/console', {}, { statement, limit: String(Math.max(1, Math.floor(limit)) + 1) });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    if (/syntax error at or near ";"/.test(message))
      throw new SourceError(
        'Only one statement can run at a time.',
        'Remove the extra statements after the first ";".',
      );
    const unknownName = explainUnknownName((error as Error).message);
    if (unknownName) throw new SourceError(unknownName.message, unknownName.hint);
    const locked = explainLockedAccess(message);
    if (locked)
      throw new SourceError(
        locked,
        'Tables: measurements, series, series_dims, metric_info, and src_N.* for opened databases.',
      );
    throw new SourceError(message);
  }
  const elapsedMs = performance.now() - started;
  const columns = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
  const all = tableRowArrays(table);
  return {
    columns,
    rows: all.slice(0, limit),
    rowCount: Math.min(all.length, limit),
    truncated: all.length > limit,
    elapsedMs,
  };
}
