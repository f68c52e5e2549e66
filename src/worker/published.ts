// A published history (perftrack publish) opened by URL: the summary gives the series, the catalog and the
// analysis at once; measurements are fetched per series, on demand, from the row groups of the monthly Parquet
// partitions that can hold them — so the first view reads a small share of the published bytes.
import type { AnalysisResult } from '../lib/analysis/types.ts';
import type { SeriesPoints } from '../lib/db/api.ts';
import type { PublishedManifest, PublishedSummary } from '../lib/share/published.ts';
import { SourceError } from '../lib/sources/errors.ts';
import { columnsToIPC, type ColumnValues } from './arrow-ipc.ts';
import type { Db } from './db.ts';
import { openParquet, readParquetSeries, type OpenedParquet } from './parquet.ts';
import { fetchText, openRemote } from './remote.ts';
import { quoteIdent } from './sql.ts';

export interface PublishedState {
  manifestUrl: string;
  manifest: PublishedManifest;
  summary: PublishedSummary;
  /** Published metric id → this page's metric id. */
  metricIds: Map<number, number>;
  loaded: Set<number>;
  complete: boolean;
  partitions: Map<string, Promise<OpenedParquet>>;
}

/** What the page reads of a partition: what charts, tips and analyses use (not the seed's result ids). */
const COLUMNS = ['series_id', 'metric_id', 'ts', 'value', 'n_samples', 'git_commit', 'branch', 'version_tag', 'environment_hash', 'run_group_id'];

export async function fetchSummary(manifestUrl: string, manifest: PublishedManifest): Promise<PublishedSummary> {
  const url = new URL(manifest.summary, manifestUrl).href;
  const doc = JSON.parse(await fetchText(url));
  const { isSummary } = await import('../lib/share/published.ts');
  if (!isSummary(doc)) throw new SourceError(`${url} is not a perftrack summary.`, 'Publish the history again with `perftrack publish`.');
  return doc;
}

/** The summary's series, dimensions and per-series summaries as the source's tables (series ids as published). */
export async function insertSummaryTables(db: Db, id: number, summary: PublishedSummary, metricIds: Map<number, number>): Promise<void> {
  const dims: { series_id: number; series_key: string; dim: string | null; ordinal: number; value: string | null }[] = [];
  for (const s of summary.series) {
    if (summary.dimensions.length === 0) dims.push({ series_id: s.id, series_key: s.key, dim: null, ordinal: 0, value: null });
    summary.dimensions.forEach((d, i) => dims.push({ series_id: s.id, series_key: s.key, dim: d.name, ordinal: d.ordinal, value: s.dims[i] ?? null }));
  }
  const pick = <T>(rows: T[], f: (r: T) => unknown) => rows.map(f);
  const sd: ColumnValues[] = [
    { name: 'series_id', values: pick(dims, (r) => r.series_id), kind: 'integer' },
    { name: 'series_key', values: pick(dims, (r) => r.series_key), kind: 'text' },
    { name: 'dim', values: pick(dims, (r) => r.dim), kind: 'text' },
    { name: 'ordinal', values: pick(dims, (r) => r.ordinal), kind: 'integer' },
    { name: 'value', values: pick(dims, (r) => r.value), kind: 'text' },
  ];
  await db.insertArrowIPC(`src_${id}_sd`, columnsToIPC(sd));
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
  await db.insertArrowIPC(`src_${id}_sum`, columnsToIPC(sum));
  await db.query(`ALTER TABLE ${quoteIdent(`src_${id}_sd`)} ALTER series_id TYPE BIGINT`);
  await db.query(`ALTER TABLE ${quoteIdent(`src_${id}_sum`)} ALTER series_id TYPE BIGINT`);
  await db.query(`ALTER TABLE ${quoteIdent(`src_${id}_sum`)} ALTER metric_id TYPE INTEGER`);
  await db.query(`INSERT INTO series_ids SELECT DISTINCT series_key, series_id FROM ${quoteIdent(`src_${id}_sd`)} WHERE series_id NOT IN (SELECT series_id FROM series_ids)`);
  await db.query(`CREATE TABLE ${quoteIdent(`src_${id}_m`)} AS SELECT ${id}::INTEGER AS source_id, * EXCLUDE (source_id) FROM canonical_measurements WHERE false`);
}

function partition(state: PublishedState, file: string): Promise<OpenedParquet> {
  let opened = state.partitions.get(file);
  if (!opened) {
    const url = new URL(file, state.manifestUrl).href;
    const footerBytes = state.manifest.partitions.find((p) => p.file === file)?.footerBytes;
    opened = openRemote(url, () => {}, footerBytes).then((remote) => openParquet(remote.source(), footerBytes));
    opened.catch(() => state.partitions.delete(file));
    state.partitions.set(file, opened);
  }
  return opened;
}

/** Fetch the measurements of these series (all metrics) from every partition, once. */
export async function loadPublishedSeries(db: Db, id: number, state: PublishedState, seriesIds: number[]): Promise<void> {
  const wanted = new Set(seriesIds.filter((s) => !state.loaded.has(s) && state.summary.series.some((x) => x.id === s)));
  if (state.complete || wanted.size === 0) return;
  const parts = await Promise.all(
    state.manifest.partitions.map(async (p) => readParquetSeries(await partition(state, p.file), wanted, COLUMNS)),
  );
  await insertRows(db, id, state, parts.map((p) => p.columns));
  for (const s of wanted) state.loaded.add(s);
}

/** Everything (for analyses with other settings, comparisons, SQL): the whole of every partition. */
export async function loadPublishedAll(db: Db, id: number, state: PublishedState): Promise<void> {
  if (state.complete) return;
  const all = new Set(state.summary.series.map((s) => s.id).filter((s) => !state.loaded.has(s)));
  if (all.size) {
    const parts = await Promise.all(state.manifest.partitions.map(async (p) => readParquetSeries(await partition(state, p.file), all, COLUMNS)));
    await insertRows(db, id, state, parts.map((p) => p.columns));
  }
  state.complete = true;
}

async function insertRows(db: Db, id: number, state: PublishedState, parts: ColumnValues[][]): Promise<void> {
  const merged: ColumnValues[] = COLUMNS.map((name, i) => ({ name, values: parts.flatMap((p) => Array.from(p[i].values)) }));
  if (merged[0].values.length === 0) return;
  merged[1] = { name: 'metric_id', values: (merged[1].values as number[]).map((m) => state.metricIds.get(m) ?? null), kind: 'integer' };
  merged[0] = { ...merged[0], kind: 'integer' };
  const staged = `src_${id}_incoming`;
  await db.query(`DROP TABLE IF EXISTS ${quoteIdent(staged)}`);
  await db.insertArrowIPC(staged, columnsToIPC(merged));
  await db.query(
    `INSERT INTO ${quoteIdent(`src_${id}_m`)} BY NAME
     SELECT ${id} AS source_id, s.series_id::BIGINT AS series_id, s.metric_id::INTEGER AS metric_id, s.ts::TIMESTAMP AS ts, i.metric,
            s.value::DOUBLE AS value, s.n_samples::INTEGER AS n_samples, s.git_commit::VARCHAR AS git_commit, s.branch::VARCHAR AS branch,
            s.version_tag::VARCHAR AS version_tag, s.environment_hash::VARCHAR AS environment_hash, s.run_group_id::VARCHAR AS run_group_id
     FROM ${quoteIdent(staged)} s JOIN metric_info i ON i.metric_id = s.metric_id`,
  );
  await db.query(`DROP TABLE ${quoteIdent(staged)}`);
}

/** A regressed series' sparkline stored at publish time (so the overview reads no partition). */
export function storedSparkline(state: PublishedState, seriesKey: string, metric: string): SeriesPoints | null {
  const line = state.summary.sparklines?.[`${seriesKey}|${metric}`];
  if (!line) return null;
  const [ts, value] = line;
  const none = ts.map(() => null);
  return { seriesKey, metric, ts, value, low: none, high: none, nSamples: none, commit: none, versionTag: none, runGroup: none, downsampled: true };
}

/** The analysis stored at publish time answers as long as nothing asks for other settings. */
export function storedAnalysis(state: PublishedState, settingsJson: string): AnalysisResult | null {
  return JSON.stringify(state.summary.analysis.settings) === settingsJson ? state.summary.analysis : null;
}
