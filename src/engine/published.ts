// A published history (perftrack publish) opened by URL: the summary gives the series, the catalog and the
// analysis at once; measurements are fetched per series, on demand, from the row groups of the Parquet
// partitions that can hold them (of a period split by series, only the file whose range of series ids holds it) —
// so the first view reads a small share of the published bytes. Fetched rows are
// kept: series charts are drawn from them (lib/share/published-view.ts), before DuckDB has started and after, and
// they enter DuckDB when a query needs them.
import type { AnalysisResult } from '../lib/analysis/types.ts';
import type { SeriesPoints } from '../lib/model/api.ts';
import { publishedPoints, type SeriesRows } from '../lib/share/published-view.ts';
import {
  isSummary,
  type PublishedManifest,
  type PublishedPartition,
  type PublishedSummary,
} from '../lib/share/published.ts';
import { SourceError } from '../lib/sources/errors.ts';
import { openParquet, readParquetSeries, type OpenedParquet } from './parquet.ts';
import { fetchText, openRemote } from './remote.ts';

export interface PublishedState {
  manifestUrl: string;
  manifest: PublishedManifest;
  summary: PublishedSummary;
  rangeRequests: boolean;
  /** Published metric id → this page's metric id (set when the engine takes the history in). */
  metricIds: Map<number, number>;
  /** Series fetched from the partitions, by series id, and fetches under way. */
  rows: Map<number, SeriesRows>;
  fetching: Map<number, Promise<void>>;
  /** Series already inserted into DuckDB. */
  inserted: Set<number>;
  complete: boolean;
  partitions: Map<string, Promise<OpenedParquet>>;
}

/** A partition of a period split by series names the series ids it holds (publish writes them; older manifests
 *  have none, and each of their partitions may hold any series). */
const splitBySeries = (p: PublishedPartition) => typeof p.seriesMin === 'number' && typeof p.seriesMax === 'number';

/** Partitions read at once: a browser sends 6 requests at a time to a host. */
const PARALLEL_READS = 6;

/** Whether a partition can hold any of these series. */
function mayHold(p: PublishedPartition, ids: Set<number>): boolean {
  if (!splitBySeries(p)) return true;
  for (const id of ids) if (id >= p.seriesMin! && id <= p.seriesMax!) return true;
  return false;
}

/** What the page reads of a partition: what charts, tips and analyses use (not the seed's result ids). */
const COLUMNS = ['series_id', 'metric_id', 'ts', 'value', 'n_samples', 'git_commit', 'version_tag', 'run_group_id'];

export async function openPublished(
  manifestUrl: string,
  manifest: PublishedManifest,
  rangeRequests: boolean,
): Promise<PublishedState> {
  const url = new URL(manifest.summary, manifestUrl).href;
  const doc = JSON.parse(await fetchText(url));
  if (!isSummary(doc))
    throw new SourceError(`${url} is not a perftrack summary.`, 'Publish the history again with `perftrack publish`.');
  const state: PublishedState = {
    manifestUrl,
    manifest,
    summary: doc,
    rangeRequests,
    metricIds: new Map(),
    rows: new Map(),
    fetching: new Map(),
    inserted: new Set(),
    complete: false,
    partitions: new Map(),
  };
  // The footers of whole periods (under 1 % of the data) are read ahead, so the first series view only reads its
  // row groups. A period split by series is many files, of which a series needs one: its footer is read then. A host
  // without range requests would send whole partitions: there they are read when a series needs them.
  if (rangeRequests)
    for (const p of manifest.partitions) if (!splitBySeries(p)) partition(state, p.file).catch(() => {});
  return state;
}

export function publishedNotes(state: PublishedState): string[] {
  return [
    `Published ${new Date(state.summary.generated).toISOString().slice(0, 16).replace('T', ' ')} UTC; series are fetched as they are shown.`,
    ...(state.rangeRequests
      ? []
      : ['This host does not answer range requests: each partition is downloaded whole the first time it is needed.']),
  ];
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

async function readPartition(
  state: PublishedState,
  file: string,
  wanted: Set<number>,
): Promise<Awaited<ReturnType<typeof readParquetSeries>>> {
  try {
    return await readParquetSeries(await partition(state, file), wanted, COLUMNS);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(
      `${file} of the published history "${state.manifest.title}" could not be read (${(error as Error)?.message ?? error}).`,
      'The file is damaged or belongs to another run of perftrack publish: reload the page (the site may have been re-published meanwhile), or publish the history again.',
    );
  }
}

/** Fetch (once) the rows of these series, all metrics, from every partition. */
export async function fetchPublishedSeries(state: PublishedState, seriesIds: number[]): Promise<void> {
  const known = new Set(state.summary.series.map((s) => s.id));
  const wanted = new Set(seriesIds.filter((id) => known.has(id) && !state.rows.has(id) && !state.fetching.has(id)));
  const pending = seriesIds.map((id) => state.fetching.get(id)).filter((p): p is Promise<void> => p !== undefined);
  if (wanted.size) {
    const fetch = fetchRows(state, wanted);
    for (const id of wanted) state.fetching.set(id, fetch);
    pending.push(fetch.finally(() => wanted.forEach((id) => state.fetching.delete(id))));
  }
  await Promise.all(pending);
}

async function fetchRows(state: PublishedState, wanted: Set<number>): Promise<void> {
  const holding = state.manifest.partitions.filter((p) => mayHold(p, wanted));
  // A few files at a time: every series (an analysis with other settings) can mean hundreds of files.
  const parts: Awaited<ReturnType<typeof readPartition>>[] = new Array(holding.length);
  let next = 0;
  const reader = async () => {
    for (let i = next++; i < holding.length; i = next++) parts[i] = await readPartition(state, holding[i].file, wanted);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, holding.length) }, reader));
  for (const id of wanted)
    state.rows.set(id, { metricId: [], ts: [], value: [], nSamples: [], commit: [], versionTag: [], runGroup: [] });
  for (const part of parts) {
    const col = (name: string) => part.columns[COLUMNS.indexOf(name)].values as unknown[];
    const series = col('series_id');
    for (let i = 0; i < part.rowCount; i++) {
      const rows = state.rows.get(Number(series[i]))!;
      rows.metricId.push(Number(col('metric_id')[i]));
      rows.ts.push(col('ts')[i] instanceof Date ? (col('ts')[i] as Date).getTime() : Number(col('ts')[i]));
      rows.value.push(Number(col('value')[i]));
      rows.nSamples.push(col('n_samples')[i] === null ? null : Number(col('n_samples')[i]));
      rows.commit.push((col('git_commit')[i] as string | null) ?? null);
      rows.versionTag.push((col('version_tag')[i] as string | null) ?? null);
      rows.runGroup.push((col('run_group_id')[i] as string | null) ?? null);
    }
  }
}

export async function publishedSeriesPoints(
  state: PublishedState,
  seriesKey: string,
  metric: string,
  options: { fromMs?: number | null; toMs?: number | null; maxPoints?: number },
): Promise<SeriesPoints> {
  const stored = (options.maxPoints ?? 2000) <= 100 ? storedSparkline(state, seriesKey, metric) : null;
  if (stored) return stored;
  const series = state.summary.series.find((s) => s.key === seriesKey);
  const metricId = state.summary.metrics.find((m) => m.metric === metric)?.id;
  if (!series || metricId === undefined)
    return publishedPoints(
      { metricId: [], ts: [], value: [], nSamples: [], commit: [], versionTag: [], runGroup: [] },
      seriesKey,
      metric,
      -1,
      options,
    );
  await fetchPublishedSeries(state, [series.id]);
  return publishedPoints(state.rows.get(series.id)!, seriesKey, metric, metricId, options);
}

/** A regressed series' sparkline stored at publish time (so the overview reads no partition). */
function storedSparkline(state: PublishedState, seriesKey: string, metric: string): SeriesPoints | null {
  const line = state.summary.sparklines?.[`${seriesKey}|${metric}`];
  if (!line) return null;
  const [ts, value] = line;
  const none = ts.map(() => null);
  return {
    seriesKey,
    metric,
    ts,
    value,
    low: none,
    high: none,
    nSamples: none,
    commit: none,
    versionTag: none,
    runGroup: none,
    downsampled: true,
  };
}

/** The analysis stored at publish time answers as long as nothing asks for other settings. */
export function storedAnalysis(state: PublishedState, settingsJson: string): AnalysisResult | null {
  return JSON.stringify(state.summary.analysis.settings) === settingsJson ? state.summary.analysis : null;
}
