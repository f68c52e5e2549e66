// A published history answered from its summary and fetched rows alone, without DuckDB: the page shows the
// overview and a series while DuckDB-WASM is still starting (≈ 3 s of every cold start). The same answers come
// from SQL once the engine has the history (src/engine/published.ts).
import type { Catalog, DimensionFilter, SeriesPoints, SeriesQuery, SeriesSummary, SourceInfo } from '../model/api.ts';
import { DEFAULT_MAX_POINTS, bucketRows, emptySeriesPoints } from '../model/series-points.ts';
import type { PublishedManifest, PublishedSummary } from './published.ts';
import { unique } from './view-state.ts';

/** The measurements of one series (all metrics) as fetched from the partitions, in fetch order. */
export interface SeriesRows {
  metricId: number[];
  ts: number[];
  value: number[];
  nSamples: (number | null)[];
  commit: (string | null)[];
  versionTag: (string | null)[];
  runGroup: (string | null)[];
}

export function publishedSourceInfo(
  id: number,
  url: string,
  manifest: PublishedManifest,
  summary: PublishedSummary,
  notes: string[],
): SourceInfo {
  return {
    id,
    name: manifest.title || 'published history',
    url,
    format: 'published',
    schema: 'published',
    layout: `published history, ${manifest.partitions.length} ${{ month: 'monthly', quarter: 'quarterly', year: 'yearly' }[manifest.granularity] ?? ''} partition${manifest.partitions.length === 1 ? '' : 's'}`,
    rows: manifest.partitions.reduce((n, p) => n + p.rows, 0),
    series: summary.series.length,
    metrics: summary.metrics.map((m) => m.metric).sort(),
    dimensions: summary.dimensions.map((d) => d.name),
    rangeRead: true,
    bytes: manifest.partitions.reduce((n, p) => n + p.bytes, 0) + manifest.summaryBytes,
    notes,
    columns: null,
    mapping: null,
  };
}

/** The catalog of a summary; a summary comes from another site, and a metric or a dimension it names twice is
 *  listed once (the first). */
export function publishedCatalog(summary: PublishedSummary): Catalog {
  const metricOf = new Map(unique(summary.metrics, (m) => m.metric).map((m) => [m.id, m]));
  const perMetric = new Map<number, { rows: number; series: Set<number> }>();
  let rows = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const [seriesId, metricId, points, firstTs, lastTs] of summary.summary) {
    const m = perMetric.get(metricId) ?? perMetric.set(metricId, { rows: 0, series: new Set() }).get(metricId)!;
    m.rows += points;
    m.series.add(seriesId);
    rows += points;
    first = Math.min(first, firstTs);
    last = Math.max(last, lastTs);
  }
  const dimensions = unique(
    summary.dimensions.map((d, i) => ({ ...d, i })),
    (d) => d.name,
  )
    .sort((a, b) => a.ordinal - b.ordinal)
    .map(({ name, i }) => {
      const counts = new Map<string | null, number>();
      for (const s of summary.series) counts.set(s.dims[i] ?? null, (counts.get(s.dims[i] ?? null) ?? 0) + 1);
      const values = [...counts].map(([value, series]) => ({ value, series }));
      values.sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : a.value.localeCompare(b.value)));
      return { name, values };
    });
  return {
    metrics: [...perMetric]
      .filter(([id]) => metricOf.has(id))
      .map(([id, m]) => ({
        metric: metricOf.get(id)!.metric,
        unit: metricOf.get(id)!.unit,
        direction: metricOf.get(id)!.direction,
        rows: m.rows,
        series: m.series.size,
      }))
      .sort((a, b) => a.metric.localeCompare(b.metric)),
    dimensions,
    rows,
    series: summary.series.length,
    firstTs: rows ? first : null,
    lastTs: rows ? last : null,
  };
}

function matches(summary: PublishedSummary, dims: (string | null)[], filter: DimensionFilter): boolean {
  for (const [dim, values] of Object.entries(filter)) {
    const i = summary.dimensions.findIndex((d) => d.name === dim);
    if (i < 0 || !values.includes(dims[i] ?? null)) return false;
  }
  return true;
}

export function publishedSeriesList(summary: PublishedSummary, query: SeriesQuery): SeriesSummary[] {
  const metric = summary.metrics.find((m) => m.metric === query.metric);
  if (!metric) return [];
  const search = query.search.trim().toLowerCase();
  const stats = new Map(summary.summary.filter((s) => s[1] === metric.id).map((s) => [s[0], s]));
  // A series named twice is listed once, as in the catalog.
  return unique(summary.series, (s) => s.key)
    .filter(
      (s) =>
        stats.has(s.id) &&
        matches(summary, s.dims, query.filter) &&
        (!search || s.label.toLowerCase().includes(search)),
    )
    .sort((a, b) => a.label.localeCompare(b.label))
    .slice(0, query.limit)
    .map((s) => {
      const [, , points, firstTs, lastTs, lastValue, minValue, maxValue] = stats.get(s.id)!;
      return {
        seriesKey: s.key,
        label: s.label,
        dims: Object.fromEntries(summary.dimensions.map((d, i) => [d.name, s.dims[i] ?? null])),
        points,
        firstTs,
        lastTs,
        lastValue,
        minValue,
        maxValue,
      };
    });
}

/** One metric of fetched rows over time, averaged into at most maxPoints buckets (as sql/query/series_points.sql). */
export function publishedPoints(
  rows: SeriesRows,
  seriesKey: string,
  metric: string,
  metricId: number,
  options: { fromMs?: number | null; toMs?: number | null; maxPoints?: number },
): SeriesPoints {
  const order: number[] = [];
  for (let i = 0; i < rows.ts.length; i++) {
    if (rows.metricId[i] !== metricId) continue;
    if (options.fromMs != null && rows.ts[i] < options.fromMs) continue;
    if (options.toMs != null && rows.ts[i] > options.toMs) continue;
    order.push(i);
  }
  order.sort((a, b) => rows.ts[a] - rows.ts[b]);
  const max = options.maxPoints ?? DEFAULT_MAX_POINTS;
  const out = emptySeriesPoints(seriesKey, metric, order.length > max);
  for (const bucket of bucketRows(order, max)) {
    const values = bucket.map((i) => rows.value[i]);
    const lastRow = bucket[bucket.length - 1];
    out.ts.push(rows.ts[bucket[0]]);
    out.value.push(values.reduce((a, b) => a + b, 0) / values.length);
    out.low.push(Math.min(...values));
    out.high.push(Math.max(...values));
    out.nSamples.push(
      bucket.some((i) => rows.nSamples[i] !== null) ? bucket.reduce((n, i) => n + (rows.nSamples[i] ?? 0), 0) : null,
    );
    out.commit.push(rows.commit[lastRow]);
    out.versionTag.push(rows.versionTag[lastRow]);
    out.runGroup.push(rows.runGroup[lastRow]);
  }
  return out;
}
