// The shared vocabulary: the typed contract between the UI, the engine (in the browser worker or in Node), the CLI,
// charts, reports and share links.
import type { FlatMapping, ColumnProfile } from '../sources/mapping.ts';
import type { Direction } from './metrics.ts';

export type SchemaKind = 'seed-timeseries' | 'base-schema' | 'json-records' | 'flat-table' | 'published';

export interface SourceInfo {
  id: number;
  name: string;
  /** Remote URL, when the source was opened from one. */
  url: string | null;
  format: 'duckdb' | 'parquet' | 'csv' | 'json' | 'artifacts' | 'published';
  schema: SchemaKind;
  /** Human name of the recognised layout, e.g. "seed time-series schema". */
  layout: string;
  rows: number;
  series: number;
  metrics: string[];
  dimensions: string[];
  /** The data stays on the server and is read with HTTP range requests. */
  rangeRead: boolean;
  bytes: number;
  notes: string[];
  /** Flat tables only: the raw columns and the mapping in use, for the mapping form. */
  columns: ColumnProfile[] | null;
  mapping: FlatMapping | null;
}

export interface MetricSummary {
  metric: string;
  unit: string;
  direction: Direction;
  rows: number;
  series: number;
}

export interface DimensionSummary {
  name: string;
  values: { value: string | null; series: number }[];
}

export interface Catalog {
  metrics: MetricSummary[];
  dimensions: DimensionSummary[];
  rows: number;
  series: number;
  firstTs: number | null;
  lastTs: number | null;
}

/** dimension name → accepted values (null = missing value). Dimensions not listed are not filtered. */
export type DimensionFilter = Record<string, (string | null)[]>;

export interface SeriesQuery {
  metric: string;
  filter: DimensionFilter;
  search: string;
  limit: number;
}

export interface SeriesSummary {
  seriesKey: string;
  label: string;
  dims: Record<string, string | null>;
  points: number;
  firstTs: number;
  lastTs: number;
  lastValue: number;
  minValue: number;
  maxValue: number;
}

/** Column-oriented points of one series and metric (columns, not row objects: cheap to chart). */
export interface SeriesPoints {
  seriesKey: string;
  metric: string;
  ts: number[];
  value: number[];
  /** min / max of raw samples, when the source has them. */
  low: (number | null)[];
  high: (number | null)[];
  /** The ± half-width the data reports per point, in the metric's unit (a data.js `range`), when any point has one. */
  spread?: (number | null)[];
  nSamples: (number | null)[];
  commit: (string | null)[];
  versionTag: (string | null)[];
  runGroup: (string | null)[];
  /** Each point's commit page, message and author, where the data carries them (a data.js history, run files). */
  commitUrl?: (string | null)[];
  message?: (string | null)[];
  author?: (string | null)[];
  /** The series had more points than asked; these are averaged into buckets. */
  downsampled: boolean;
}

export interface QueryResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
  elapsedMs: number;
}

export interface LoadProgress {
  stage: string;
  /** 0..1, or null when unknown. */
  fraction: number | null;
  bytes?: number;
}

export type ProgressFn = (progress: LoadProgress) => void;

/** What DuckDB is reading from a remote file during the current query (shown with a Cancel). */
export interface RemoteReadStatus {
  host: string;
  url: string;
  /** Bytes read since the query began. */
  bytes: number;
  /** True while a request is waiting for its answer. */
  active: boolean;
}

export interface WorkerError {
  name: string;
  message: string;
  hint?: string;
}

/** Two groups of runs the Compare view sets side by side: two version tags, commits, runs, or time ranges. */
export interface CompareSpec {
  kind: 'version' | 'commit' | 'run' | 'time';
  a: string;
  b: string;
}
