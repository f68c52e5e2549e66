// A published history as a source of the engine: its summary tables at once, its rows per series on demand.
import type { SourceInfo } from '../lib/model/api.ts';
import { publishedSourceInfo } from '../lib/share/published-view.ts';
import { isManifest, type PublishedManifest, type PublishedSummary } from '../lib/share/published.ts';
import type { SeriesRows } from '../lib/share/published-view.ts';
import type { EngineCore } from './core.ts';
import { FILTER_SEP } from './filter.ts';
import { columnsToIPC, type ColumnValues } from './arrow-ipc.ts';
import { fetchPublishedSeries, publishedNotes, type PublishedState } from './published.ts';
import { quoteIdent } from './sql.ts';

export async function loadPublished(core: EngineCore, id: number, published: PublishedState): Promise<SourceInfo> {
  const { summary, manifest, manifestUrl } = published;
  for (const m of summary.metrics)
    await core.exec('schema/upsert_metric_info', { metric: m.metric, unit: m.unit, direction: m.direction });
  const info = await core.metricInfo();
  published.metricIds = new Map(summary.metrics.map((m) => [m.id, info.get(m.metric)!.id]));
  await insertSummaryTables(core, id, summary, published.metricIds);
  const sourceInfo = publishedSourceInfo(id, manifestUrl, manifest, summary, publishedNotes(published));
  const state = core.newState(id, { ...sourceInfo });
  state.published = published;
  // Rows fetched before DuckDB was ready go in now.
  await loadPublishedSeries(core, id, published, [...published.rows.keys()]);
  return state.info;
}

/** Take in a published history opened (and perhaps partly fetched) before the engine was ready. */
export function adoptPublished(core: EngineCore, published: PublishedState): Promise<SourceInfo> {
  return core.withCleanup(published.manifest.title, (id) => loadPublished(core, id, published));
}

/** Fetch what published histories have not fetched yet: these series, or everything. */
export async function loadPublishedData(core: EngineCore, seriesKeys: string[] | 'all'): Promise<void> {
  const published = [...core.sources.entries()].filter(([, s]) => s.published && !s.published.complete);
  if (published.length === 0) return;
  if (seriesKeys === 'all') {
    for (const [id, s] of published) await loadPublishedAll(core, id, s.published!);
    return;
  }
  const rows = await core.rows<{ series_id: number }>('query/series_ids_by_key', { keys: seriesKeys.join(FILTER_SEP) });
  for (const [id, s] of published)
    await loadPublishedSeries(
      core,
      id,
      s.published!,
      rows.map((r) => r.series_id),
    );
}

/** A published manifest (perftrack publish), or null for any other JSON. */
export function parseManifest(bytes: Uint8Array): PublishedManifest | null {
  if (bytes.length > 4 * 2 ** 20) return null;
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes));
    return isManifest(doc) ? doc : null;
  } catch {
    return null;
  }
}

/** The summary's series, dimensions and per-series summaries as the source's tables (series ids as published). */
export async function insertSummaryTables(
  core: EngineCore,
  id: number,
  summary: PublishedSummary,
  metricIds: Map<number, number>,
): Promise<void> {
  const dims: { series_id: number; series_key: string; dim: string | null; ordinal: number; value: string | null }[] =
    [];
  for (const s of summary.series) {
    if (summary.dimensions.length === 0)
      dims.push({ series_id: s.id, series_key: s.key, dim: null, ordinal: 0, value: null });
    summary.dimensions.forEach((d, i) =>
      dims.push({ series_id: s.id, series_key: s.key, dim: d.name, ordinal: d.ordinal, value: s.dims[i] ?? null }),
    );
  }
  const pick = <T>(rows: T[], f: (r: T) => unknown) => rows.map(f);
  const sd: ColumnValues[] = [
    { name: 'series_id', values: pick(dims, (r) => r.series_id), kind: 'integer' },
    { name: 'series_key', values: pick(dims, (r) => r.series_key), kind: 'text' },
    { name: 'dim', values: pick(dims, (r) => r.dim), kind: 'text' },
    { name: 'ordinal', values: pick(dims, (r) => r.ordinal), kind: 'integer' },
    { name: 'value', values: pick(dims, (r) => r.value), kind: 'text' },
  ];
  await core.db.insertArrowIPC(`src_${id}_sd`, columnsToIPC(sd));
  const rows = summary.summary.filter((r) => metricIds.has(r[1]));
  const sum: ColumnValues[] = [
    { name: 'series_id', values: pick(rows, (r) => r[0]), kind: 'integer' },
    { name: 'metric_id', values: pick(rows, (r) => metricIds.get(r[1])), kind: 'integer' },
    { name: 'points', values: pick(rows, (r) => r[2]), kind: 'integer' },
    { name: 'first_ts', values: pick(rows, (r) => r[3]), kind: 'time' },
    { name: 'last_ts', values: pick(rows, (r) => r[4]), kind: 'time' },
    { name: 'last_value', values: pick(rows, (r) => r[5]), kind: 'number' },
    { name: 'min_value', values: pick(rows, (r) => r[6]), kind: 'number' },
    { name: 'max_value', values: pick(rows, (r) => r[7]), kind: 'number' },
  ];
  await core.db.insertArrowIPC(`src_${id}_sum`, columnsToIPC(sum));
  await core.exec('ingest/published_summary_types', {}, { summary: quoteIdent(`src_${id}_sum`) });
  await core.exec('ingest/published_series_ids', {}, { series_dims: quoteIdent(`src_${id}_sd`) });
  await core.exec(
    'ingest/published_measurements_table',
    {},
    { source_id: String(id), measurements: quoteIdent(`src_${id}_m`) },
  );
}

/** Insert the fetched rows of these series (fetching what is missing) into the source's table. */
export async function loadPublishedSeries(
  core: EngineCore,
  id: number,
  state: PublishedState,
  seriesIds: number[],
): Promise<void> {
  if (state.complete) return;
  await fetchPublishedSeries(state, seriesIds);
  const todo = seriesIds.filter((s) => state.rows.has(s) && !state.inserted.has(s));
  if (todo.length === 0) return;
  const gather = <T>(f: (r: SeriesRows) => T[]) => todo.flatMap((s) => f(state.rows.get(s)!));
  const columns: ColumnValues[] = [
    { name: 'series_id', values: todo.flatMap((s) => state.rows.get(s)!.ts.map(() => s)), kind: 'integer' },
    {
      name: 'metric_id',
      values: gather((r) => r.metricId.map((m) => state.metricIds.get(m) ?? null)),
      kind: 'integer',
    },
    { name: 'ts', values: gather((r) => r.ts), kind: 'time' },
    { name: 'value', values: gather((r) => r.value), kind: 'number' },
    { name: 'n_samples', values: gather((r) => r.nSamples), kind: 'integer' },
    { name: 'git_commit', values: gather((r) => r.commit), kind: 'text' },
    { name: 'version_tag', values: gather((r) => r.versionTag), kind: 'text' },
    { name: 'run_group_id', values: gather((r) => r.runGroup), kind: 'text' },
  ];
  await core.withStaged(`src_${id}_incoming`, columns, (staged) =>
    core.exec(
      'ingest/published_insert_rows',
      {},
      { source_id: String(id), measurements: quoteIdent(`src_${id}_m`), staged },
    ),
  );
  for (const s of todo) state.inserted.add(s);
}

/** Everything (for analyses with other settings, comparisons, SQL): the whole of every partition. */
export async function loadPublishedAll(core: EngineCore, id: number, state: PublishedState): Promise<void> {
  if (state.complete) return;
  await loadPublishedSeries(
    core,
    id,
    state,
    state.summary.series.map((s) => s.id),
  );
  state.complete = true;
}

/** One series' chart from its fetched rows (fetched now if needed): no DuckDB involved, so it answers while
 *  DuckDB starts and, later, without copying the rows into DuckDB first. The numbers match sql/query/series_points.sql. */
