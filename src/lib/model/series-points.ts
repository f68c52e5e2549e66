// A series' chosen rows grouped into at most maxPoints buckets of neighbours, as sql/query/series_points.sql groups
// them, for the answers given without DuckDB (a file's preview, a published history's summary).
import type { SeriesPoints } from './api.ts';

/** How many points a chart asks for when it does not say (sql/query/series_points.sql's default). */
export const DEFAULT_MAX_POINTS = 2000;

/** The rows (in time order) as buckets: one row each when they fit, else even runs of neighbours. */
export function bucketRows(rows: number[], maxPoints: number = DEFAULT_MAX_POINTS): number[][] {
  if (rows.length <= maxPoints) return rows.map((row) => [row]);
  const buckets: number[][] = [];
  rows.forEach((row, k) => (buckets[Math.floor((k * maxPoints) / rows.length)] ??= []).push(row));
  return buckets;
}

/** A SeriesPoints with no points yet, for the buckets to be pushed into. */
export function emptySeriesPoints(seriesKey: string, metric: string, downsampled: boolean): SeriesPoints {
  return {
    seriesKey,
    metric,
    ts: [],
    value: [],
    low: [],
    high: [],
    nSamples: [],
    commit: [],
    versionTag: [],
    runGroup: [],
    downsampled,
  };
}
