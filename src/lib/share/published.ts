// The format of a published history (perftrack publish): a manifest of Parquet partitions (one per calendar
// period) and a summary
// that lets the page show the overview and the series list without reading the partitions.
import type { AnalysisResult } from '../analysis/types.ts';
import type { Direction } from '../model/metrics.ts';

export const PUBLISHED_FORMAT = 'perftrack-published';
export const PUBLISHED_VERSION = 1;

export interface PublishedPartition {
  file: string;
  /** 2026-11, 2026-Q4 or 2026. */
  period: string;
  rows: number;
  bytes: number;
  /** Bytes from the end of the file that hold the Parquet footer (read first, in one request). */
  footerBytes: number;
  fingerprint: string;
  firstTs: number;
  lastTs: number;
  /** A file of a period split by series (part-<period>-<i>of<n>.parquet) holds only the series ids in
   *  [seriesMin, seriesMax]; a partition without them may hold any series. */
  seriesMin?: number;
  seriesMax?: number;
}

export interface PublishedManifest {
  format: typeof PUBLISHED_FORMAT;
  version: number;
  title: string;
  generated: number;
  summary: string;
  summaryBytes: number;
  granularity: 'month' | 'quarter' | 'year';
  partitions: PublishedPartition[];
}

export interface PublishedSummary {
  format: typeof PUBLISHED_FORMAT;
  version: number;
  title: string;
  generated: number;
  dimensions: { name: string; ordinal: number }[];
  metrics: { metric: string; id: number; unit: string; direction: Direction }[];
  /** dims: one value per entry of `dimensions`, in that order. */
  series: { id: number; key: string; label: string; dims: (string | null)[] }[];
  /** [series_id, metric_id, points, first_ts, last_ts, last_value, min_value, max_value] */
  summary: [number, number, number, number, number, number, number, number][];
  analysis: AnalysisResult;
  /** `${seriesKey}|${metric}` → [ts[], value[]]: a small history of each regressed series, for the overview. */
  sparklines?: Record<string, [number[], number[]]>;
}

/** The analysis as published: stable and volatile trends are counted, not listed (in a large, noisy history they
 *  are thousands of rows nobody reads, and most of the summary's bytes). */
export function slimAnalysis(analysis: AnalysisResult): AnalysisResult {
  const count = (trend: string) => analysis.trends.filter((t) => t.trend === trend).length;
  return {
    ...analysis,
    trends: analysis.trends.filter((t) => t.trend === 'improving' || t.trend === 'degrading'),
    omittedTrends: { stable: count('stable'), unclear: count('no clear trend') },
  };
}

export function isManifest(doc: unknown): doc is PublishedManifest {
  if (typeof doc !== 'object' || doc === null) return false;
  const m = doc as Partial<PublishedManifest>;
  return (
    m.format === PUBLISHED_FORMAT &&
    typeof m.summary === 'string' &&
    Array.isArray(m.partitions) &&
    m.partitions.every(
      (p) => typeof p?.file === 'string' && /^[\w.-]+\.parquet$/.test(p.file) && Number.isFinite(p.rows),
    )
  );
}

export function isSummary(doc: unknown): doc is PublishedSummary {
  if (typeof doc !== 'object' || doc === null) return false;
  const s = doc as Partial<PublishedSummary>;
  return (
    s.format === PUBLISHED_FORMAT &&
    Array.isArray(s.series) &&
    Array.isArray(s.metrics) &&
    Array.isArray(s.summary) &&
    Array.isArray(s.dimensions) &&
    typeof s.analysis === 'object'
  );
}
