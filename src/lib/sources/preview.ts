// A preview of files opened while DuckDB-WASM is still starting: the importers' own parse of benchmark-tool
// outputs (data.js histories, pytest-benchmark, Google Benchmark, …) made into the same series, units, points and
// summaries the engine builds from them (src/engine/records.ts, ingest.ts, queries.ts), answered without DuckDB.
// When the engine has the files, its answers replace these; they are the same numbers (tests/unit/preview.test.ts).
// A flat table (CSV, JSON records) opened alone is typed and mapped as the engine would (preview-flat.ts), when that
// is sure. Databases and Parquet are not previewed.
import type { Catalog, DimensionFilter, SeriesPoints, SeriesQuery, SeriesSummary, SourceInfo } from '../model/api.ts';
import type { Direction } from '../model/metrics.ts';
import { DEFAULT_MAX_POINTS, bucketRows, emptySeriesPoints } from '../model/series-points.ts';
import { reconcileUnits } from '../units/reconcile.ts';
import { findImporter } from './artifacts/index.ts';
import { lookalike } from './artifacts/lookalikes.ts';
import { parseJsonDocument, recordsOf, type FlatRow } from './flat-json.ts';
import { csvTable, flatPreviewData, jsonTable, type FlatTable } from './preview-flat.ts';
import { MAX_INFLATED_BYTES, inflateBounded } from './inflate.ts';
import { checkTextInput } from './input-limits.ts';
import type { MeasurementRecord, ParsedRun } from './records.ts';
import { orderRuns, sameFileKey, type RunFile } from './run-order.ts';
import { isGzip, sniffFormat } from './sniff.ts';

export interface PreviewFile {
  name: string;
  bytes: Uint8Array;
  lastModified?: number;
}

interface PreviewSeries {
  key: string;
  label: string;
  dims: Record<string, string | null>;
}

/** One metric of one series: its rows in chart order (time, then run group, then value, as series_points.sql). */
interface PreviewRows {
  ts: number[];
  value: number[];
  samples: (number[] | null)[];
  /** The ± half-width the data reports, when it does. */
  spread: (number | null)[];
  commit: (string | null)[];
  versionTag: (string | null)[];
  runGroup: (string | null)[];
}

export interface Preview {
  info: SourceInfo;
  metrics: { metric: string; unit: string; direction: Direction }[];
  /** Dimension names in the order the source met them (the engine's ordinal). */
  dims: string[];
  series: Map<string, PreviewSeries>;
  /** series key → metric → rows. */
  rows: Map<string, Map<string, PreviewRows>>;
  /** run group + NUL + commit → the commit's page, message and author (the engine's src_N_commits). */
  context: Map<string, { commitUrl: string | null; message: string | null; author: string | null }>;
}

/** Files whose preview is not tried: bigger than this in all, the parse on the page's thread would hold it up. */
export const PREVIEW_MAX_BYTES = 64 * 2 ** 20;

/**
 * The preview of one opening (a pick, a drop, a folder, a URL's bytes), or null when it has none: no benchmark-tool
 * output among the files, a flat table, a database, or anything the engine would refuse (the engine then says why).
 * Files are read as `openFiles` reads them: gzip inflated, duplicates read once, outputs without results skipped.
 */
export function buildPreview(files: PreviewFile[], known = new Map<string, string>()): Preview | null {
  if (files.reduce((n, f) => n + f.bytes.length, 0) > PREVIEW_MAX_BYTES) return null;
  const batch: (RunFile & { bytes: number })[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (files.length > 1) {
      const key = sameFileKey(file.name, file.bytes);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    let run: ParsedRun | 'skip' | FlatSource | null;
    try {
      run = parseRun(file, files.length > 1);
    } catch {
      run = null; // the engine reports it
    }
    if (run === 'skip') continue;
    if (!run) return null;
    if ('table' in run) return previewOfTable(run, file.bytes.length);
    if (run.records.length > 0) batch.push({ path: file.name, run, bytes: file.bytes.length });
  }
  if (batch.length === 0) return null;
  const name =
    batch.length === 1
      ? batch[0].path
      : `${batch.length} files (${[...new Set(batch.map((b) => b.run.format))].join(', ')})`;
  return previewOfRuns(
    name,
    batch,
    batch.reduce((n, b) => n + b.bytes, 0),
    known,
  );
}

/** A flat table opened alone (the engine's loadCsv / loadJsonRows). */
interface FlatSource {
  name: string;
  format: 'csv' | 'json';
  table: () => FlatTable | null;
}

/**
 * A file's parsed run; 'skip' for what a batch skips (not benchmark data); a flat table opened alone; null for what
 * has no preview.
 */
function parseRun(file: PreviewFile, several: boolean): ParsedRun | FlatSource | 'skip' | null {
  let { name, bytes } = file;
  if (isGzip(bytes)) {
    bytes = inflateBounded(bytes, { format: 'gzip', limit: MAX_INFLATED_BYTES, name });
    name = name.replace(/\.gz$/i, '');
  }
  let format;
  try {
    format = sniffFormat(name, bytes.subarray(0, 4096));
  } catch (error) {
    if (several) return 'skip'; // binary, archive or empty: not benchmark data
    throw error;
  }
  // A database or Parquet file is a source of its own, loaded by DuckDB.
  if (format === 'duckdb' || format === 'parquet') return null;
  checkTextInput(name, bytes, format);
  const text = new TextDecoder().decode(bytes);
  let json: unknown = undefined;
  let ndjson: FlatRow[] | null = null;
  if (format === 'json') {
    try {
      const parsed = parseJsonDocument(text);
      if ('doc' in parsed) json = parsed.doc;
      else ndjson = parsed.rows;
    } catch {
      // NaN/Infinity: the importers read the text themselves.
    }
  }
  const input = { name, text, json, lastModified: file.lastModified };
  const importer = findImporter(input);
  if (importer) return importer.parse(input);
  // In a batch, what is not a benchmark-tool output is skipped, or loaded as a table only when no results came
  // with it (and then there is nothing to preview).
  if (several) return 'skip';
  if (lookalike(input)) return null; // the engine says which tool's output it looks like
  if (format === 'csv') return { name, format, table: () => csvTable(text) };
  const records = format === 'json' ? (ndjson ?? recordsOf(json)) : null;
  return records ? { name, format: 'json', table: () => jsonTable(json, records) } : null;
}

/** The escaping of a series key (series-id.ts): `\`, `|` and `=` escaped with `\`. */
const escapeKey = (text: string) => text.replace(/[\\|=]/g, (ch) => `\\${ch}`);

/** The series key of dimension values: `name=value` pairs in name order joined by `|`; a missing value is the name. */
export function seriesKeyOf(dims: string[], values: Map<string, string | null>): string {
  return [...dims]
    .sort()
    .map((d) => {
      const value = values.get(d) ?? null;
      return value === null ? escapeKey(d) : `${escapeKey(d)}=${escapeKey(value)}`;
    })
    .join('|');
}

/** The readable label (sql/schema/series_table.sql): values in dimension order, numbers as `name=value`. */
export function seriesLabelOf(dims: string[], values: Map<string, string | null>): string {
  const parts = dims
    .map((d) => [d, values.get(d) ?? null] as const)
    .filter(([, v]) => v !== null)
    .map(([d, v]) => (/^-?[0-9]+(\.[0-9]+)?$/.test(v!) ? `${d}=${v}` : v!));
  return parts.length ? parts.join(' · ') : 'all';
}

/** DuckDB's text order (bytes of UTF-8, as code points). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The records of several runs as one source, ordered, reconciled and keyed as the engine loads them. */
export function previewOfRuns(
  name: string,
  files: RunFile[],
  bytes: number,
  known = new Map<string, string>(),
): Preview | null {
  const ordered = orderRuns(files);
  const records = reconcileUnits(ordered.records, known);
  const dims: string[] = [];
  const metricInfo = new Map<string, { metric: string; unit: string; direction: Direction }>();
  for (const r of records) {
    for (const [d] of r.dims) if (!dims.includes(d)) dims.push(d);
    if (!metricInfo.has(r.metric)) metricInfo.set(r.metric, { metric: r.metric, unit: r.unit, direction: r.direction });
  }
  const built = seriesAndRows(records, dims);
  if (!built) return null;
  const { series, rows, context, count } = built;
  const metrics = [...metricInfo.values()];
  const formats = [...new Set(files.map((f) => f.run.format))].join(', ');
  const info: SourceInfo = {
    id: -1,
    name,
    url: null,
    format: 'json',
    schema: 'json-records',
    layout: `${formats} · preview from the file's own parse, shown while DuckDB starts`,
    rows: count,
    series: series.size,
    metrics: metricsWithRows(metrics, rows),
    dimensions: dims,
    rangeRead: false,
    bytes,
    notes: [...new Set([...files.flatMap((f) => f.run.notes), ...ordered.notes])],
    columns: null,
    mapping: null,
  };
  return { info, metrics, dims, series, rows, context };
}

/** A flat table larger than this is not previewed: typing and mapping it on the page's thread (a 500,000-row CSV
 *  of 18 MB) takes seconds, longer than DuckDB's start it would save. */
const FLAT_PREVIEW_MAX_BYTES = 4 * 2 ** 20;

/** A flat table's preview: the engine's mapping of it and the rows that mapping gives (preview-flat.ts). */
function previewOfTable(source: FlatSource, bytes: number): Preview | null {
  if (bytes > FLAT_PREVIEW_MAX_BYTES) return null;
  const table = source.table();
  const data = table && flatPreviewData(table);
  if (!data) return null;
  const dims = data.mapping.dimensions;
  const built = seriesAndRows(data.measurements, dims);
  if (!built) return null;
  const { series, rows, context, count } = built;
  const info: SourceInfo = {
    id: -1,
    name: source.name,
    url: null,
    format: source.format,
    schema: 'flat-table',
    layout: `flat table (${data.mapping.long ? 'long' : 'wide'} layout) · preview from the file's own parse, shown while DuckDB starts`,
    rows: count,
    series: series.size,
    metrics: metricsWithRows(data.metrics, rows),
    dimensions: dims,
    rangeRead: false,
    bytes,
    notes: data.notes,
    columns: null,
    mapping: null,
  };
  return { info, metrics: data.metrics, dims, series, rows, context };
}

/** The metrics that have rows, in DuckDB's text order. */
function metricsWithRows(metrics: { metric: string }[], rows: Preview['rows']): string[] {
  return metrics
    .map((m) => m.metric)
    .filter((metric) => [...rows.values()].some((b) => b.has(metric)))
    .sort(compareText);
}

type RecordLike = Pick<MeasurementRecord, 'ts' | 'dims' | 'metric' | 'value'> &
  Partial<
    Pick<
      MeasurementRecord,
      'samples' | 'spread' | 'commit' | 'versionTag' | 'runGroup' | 'commitUrl' | 'message' | 'author'
    >
  >;

/** Series (keyed and labelled as the engine keys them) and each one's rows per metric, in chart order. */
function seriesAndRows(records: RecordLike[], dims: string[]) {
  const series = new Map<string, PreviewSeries>();
  const rows = new Map<string, Map<string, PreviewRows>>();
  const context: Preview['context'] = new Map();
  const contextRuns = new Set<string>();
  const keyOf = new Map<RecordLike['dims'], string>();
  /** The same key for the same dimension values in another array (importers make one per record). */
  const keyOfValues = new Map<string, string>();
  for (const r of records) {
    // The first record of a run that carries any commit context speaks for the run.
    if (r.runGroup && !contextRuns.has(r.runGroup) && (r.commitUrl || r.message || r.author)) {
      contextRuns.add(r.runGroup);
      context.set(`${r.runGroup}\u0000${r.commit ?? ''}`, {
        commitUrl: r.commitUrl ?? null,
        message: r.message ?? null,
        author: r.author ?? null,
      });
    }
    // Measurements without a finite value or a time are not kept (source_measurements.sql).
    if (!Number.isFinite(r.value) || r.value === null || !Number.isFinite(r.ts)) continue;
    let key = keyOf.get(r.dims);
    if (key === undefined) {
      let raw = '';
      for (const [d, v] of r.dims) raw += `${d}\u0000${v === null ? '\u0001' : v}\u0000`;
      key = keyOfValues.get(raw);
      if (key === undefined) {
        const values = new Map<string, string | null>();
        for (const [d, v] of r.dims) if (!values.has(d)) values.set(d, v);
        key = seriesKeyOf(dims, values);
        keyOfValues.set(raw, key);
        if (!series.has(key))
          series.set(key, {
            key,
            label: seriesLabelOf(dims, values),
            dims: Object.fromEntries(dims.map((d) => [d, values.get(d) ?? null])),
          });
      }
      keyOf.set(r.dims, key);
    }
    const byMetric = rows.get(key) ?? rows.set(key, new Map()).get(key)!;
    let m = byMetric.get(r.metric);
    if (!m)
      byMetric.set(
        r.metric,
        (m = { ts: [], value: [], samples: [], spread: [], commit: [], versionTag: [], runGroup: [] }),
      );
    // TIMESTAMP keeps microseconds; the page reads whole milliseconds back (epoch_ms).
    m.ts.push(Math.floor(r.ts));
    m.value.push(r.value);
    m.samples.push(r.samples ?? null);
    m.spread.push(r.spread ?? null);
    m.commit.push(r.commit ?? null);
    m.versionTag.push(r.versionTag ?? null);
    m.runGroup.push(r.runGroup ?? null);
  }
  for (const byMetric of rows.values()) for (const [metric, m] of byMetric) byMetric.set(metric, sortRows(m));
  const count = [...rows.values()].reduce(
    (n, byMetric) => n + [...byMetric.values()].reduce((k, m) => k + m.ts.length, 0),
    0,
  );
  return count === 0 ? null : { series, rows, context, count };
}

/** Rows in the order series_points.sql numbers them: time, then run group, then value. */
function sortRows(m: PreviewRows): PreviewRows {
  const compare = (a: number, b: number) =>
    m.ts[a] - m.ts[b] || compareNullable(m.runGroup[a], m.runGroup[b]) || m.value[a] - m.value[b];
  // A history is mostly in order already: then it is kept as it is.
  let sorted = true;
  for (let i = 1; i < m.ts.length && sorted; i++) sorted = compare(i - 1, i) <= 0;
  if (sorted) return m;
  const order = m.ts.map((_, i) => i);
  order.sort(compare);
  const pick = <T>(xs: T[]) => order.map((i) => xs[i]);
  return {
    ts: pick(m.ts),
    value: pick(m.value),
    samples: pick(m.samples),
    spread: pick(m.spread),
    commit: pick(m.commit),
    versionTag: pick(m.versionTag),
    runGroup: pick(m.runGroup),
  };
}

/** ORDER BY's default: NULLs last. */
function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareText(a, b);
}

/** The per-series summary of a metric (series_summary). */
function summaryOf(m: PreviewRows) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of m.value) ((min = Math.min(min, v)), (max = Math.max(max, v)));
  // arg_max(value, ts): the last row of the newest time.
  return {
    points: m.ts.length,
    firstTs: m.ts[0],
    lastTs: m.ts[m.ts.length - 1],
    lastValue: m.value[m.value.length - 1],
    minValue: min,
    maxValue: max,
  };
}

export function previewCatalog(p: Preview): Catalog {
  const metrics = p.metrics
    .map((info) => {
      let rows = 0;
      let series = 0;
      for (const byMetric of p.rows.values()) {
        const m = byMetric.get(info.metric);
        if (m) ((rows += m.ts.length), series++);
      }
      return { metric: info.metric, unit: info.unit ?? '', direction: info.direction, rows, series };
    })
    .filter((m) => m.series > 0)
    .sort((a, b) => compareText(a.metric, b.metric));
  const dimensions = p.dims.map((name) => {
    const counts = new Map<string | null, number>();
    for (const s of p.series.values()) counts.set(s.dims[name], (counts.get(s.dims[name]) ?? 0) + 1);
    const values = [...counts].map(([value, series]) => ({ value, series }));
    values.sort((a, b) => compareNullable(a.value, b.value));
    return { name, values };
  });
  let first = Infinity;
  let last = -Infinity;
  for (const byMetric of p.rows.values())
    for (const m of byMetric.values())
      ((first = Math.min(first, m.ts[0])), (last = Math.max(last, m.ts[m.ts.length - 1])));
  return {
    metrics,
    dimensions,
    rows: p.info.rows,
    series: p.series.size,
    firstTs: p.info.rows ? first : null,
    lastTs: p.info.rows ? last : null,
  };
}

function matches(s: PreviewSeries, filter: DimensionFilter): boolean {
  for (const [dim, values] of Object.entries(filter)) {
    if (values.length === 0) continue;
    if (!Object.hasOwn(s.dims, dim) || !values.includes(s.dims[dim])) return false;
  }
  return true;
}

export function previewSeriesList(p: Preview, query: SeriesQuery): SeriesSummary[] {
  const search = query.search.trim().toLowerCase();
  const out: SeriesSummary[] = [];
  for (const s of p.series.values()) {
    const m = p.rows.get(s.key)?.get(query.metric);
    if (!m || !matches(s, query.filter) || (search && !s.label.toLowerCase().includes(search))) continue;
    out.push({ seriesKey: s.key, label: s.label, dims: { ...s.dims }, ...summaryOf(m) });
  }
  return out.sort((a, b) => compareText(a.label, b.label)).slice(0, query.limit);
}

/** One series and metric over time, averaged into at most maxPoints buckets (sql/query/series_points.sql). */
export function previewSeriesPoints(
  p: Preview,
  seriesKey: string,
  metric: string,
  options: { fromMs?: number | null; toMs?: number | null; maxPoints?: number } = {},
): SeriesPoints {
  const m = p.rows.get(seriesKey)?.get(metric);
  const rows: number[] = [];
  if (m)
    for (let i = 0; i < m.ts.length; i++)
      if ((options.fromMs == null || m.ts[i] >= options.fromMs) && (options.toMs == null || m.ts[i] <= options.toMs))
        rows.push(i);
  const max = options.maxPoints ?? DEFAULT_MAX_POINTS;
  const buckets = bucketRows(rows, max);
  const out = emptySeriesPoints(seriesKey, metric, rows.length > max);
  /** arg_max(x, ts): the value at the newest time among rows where it is not NULL. */
  const newest = (bucket: number[], xs: (string | null)[]) => {
    let best: number | null = null;
    for (const i of bucket) if (xs[i] !== null && (best === null || m!.ts[i] > m!.ts[best])) best = i;
    return best === null ? null : xs[best];
  };
  const spread: (number | null)[] = [];
  for (const bucket of buckets) {
    // avg(spread): the mean of the points that have one.
    const spreads = bucket.map((i) => m!.spread[i]).filter((v): v is number => v !== null);
    spread.push(spreads.length ? spreads.reduce((a, b) => a + b, 0) / spreads.length : null);
    let sum = 0;
    let low = Infinity;
    let high = -Infinity;
    let n: number | null = null;
    for (const i of bucket) {
      const v = m!.value[i];
      const samples = m!.samples[i];
      sum += v;
      low = Math.min(low, samples?.length ? Math.min(...samples) : v);
      high = Math.max(high, samples?.length ? Math.max(...samples) : v);
      if (samples) n = (n ?? 0) + samples.length;
    }
    out.ts.push(m!.ts[bucket[0]]);
    out.value.push(sum / bucket.length);
    out.low.push(low);
    out.high.push(high);
    out.nSamples.push(n);
    out.commit.push(newest(bucket, m!.commit));
    out.versionTag.push(newest(bucket, m!.versionTag));
    out.runGroup.push(newest(bucket, m!.runGroup));
  }
  if (p.context.size) {
    const found = out.runGroup.map((g, i) =>
      g === null ? undefined : p.context.get(`${g}\u0000${out.commit[i] ?? ''}`),
    );
    out.commitUrl = found.map((c) => c?.commitUrl ?? null);
    out.message = found.map((c) => c?.message ?? null);
    out.author = found.map((c) => c?.author ?? null);
  }
  if (spread.some((v) => v !== null)) out.spread = spread;
  return out;
}
