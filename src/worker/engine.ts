// The engine: opens sources, normalises them into the canonical measurement table and answers the
// questions the UI and the CLI ask. It runs inside the browser worker and, unchanged, in Node.
import type { Table } from 'apache-arrow';
import { InflateLimitError, MAX_INFLATED_BYTES, inflateBounded } from '../lib/sources/inflate.ts';
import { checkTextInput } from '../lib/sources/input-limits.ts';
import { explainLockedAccess, sourceFile } from './file-lock.ts';
import type {
  Catalog,
  DimensionFilter,
  DimensionSummary,
  LoadProgress,
  MetricSummary,
  QueryResult,
  SchemaKind,
  SeriesPoints,
  SeriesQuery,
  SeriesSummary,
  SourceInfo,
} from '../lib/db/api.ts';
import { changePointRegressions, classifyTrend, explainPercent, findInHistory, fingerprint, outlierDeviation, pointsToDescribe, seedTrendStats, type DetailLookup, type PointDetails, type SeriesContext, type SeriesHistory } from '../lib/analysis/detect.ts';
import { DEFAULT_SETTINGS, isWorse, normaliseSettings, severityClass, type AnalysisSettings } from '../lib/analysis/settings.ts';
import type { AnalysisResult, Baseline, ChangePointFinding, Dimensions, Outlier, Regression, SamplePoint, Trend } from '../lib/analysis/types.ts';
import { formatPercent, formatTime } from '../lib/format/format.ts';
import { checkDatabaseComplete, checkStorageVersion } from '../lib/sources/duckdb-file.ts';
import { SourceError, explainFailure } from '../lib/sources/errors.ts';
import { flattenRow, parseJsonDocument, recordsOf } from '../lib/sources/flat-json.ts';
import { findImporter } from '../lib/sources/artifacts/index.ts';
import { guessMapping, isNumericType, isTemporalType, mappingIsUsable, type ColumnProfile, type FlatMapping } from '../lib/sources/mapping.ts';
import { inferDirection, inferUnit, type Direction } from '../lib/sources/metrics.ts';
import type { MeasurementRecord, ParsedRun, RunInfo } from '../lib/sources/records.ts';
import { runTimeOrigin } from '../lib/sources/artifacts/common.ts';
import { isGzip, sniffFormat } from '../lib/sources/sniff.ts';
import { columnsToIPC, rowsToColumns, type ColumnValues } from './arrow-ipc.ts';
import type { Db } from './db.ts';
import { readParquet, type ByteSource } from './parquet.ts';
import { SEED_TABLES } from './seed-db.ts';
import { insertSummaryTables, loadPublishedAll, loadPublishedSeries, openPublished, publishedNotes, storedAnalysis, publishedSeriesPoints, type PublishedState } from './published.ts';
import { publishedSourceInfo } from '../lib/share/published-view.ts';
import { isManifest, type PublishedManifest } from '../lib/share/published.ts';
import { openRemote, type RemoteFile } from './remote.ts';
import { bindParams, fillSlots, quoteIdent, quoteLiteral, type SqlLibrary } from './sql.ts';

export type ProgressFn = (progress: LoadProgress) => void;

interface SourceState {
  info: SourceInfo;
  /** Objects to drop when the source is removed, most dependent first. */
  views: string[];
  tables: string[];
  attached: string | null;
  files: string[];
  rawTable: string | null;
  hasSamples: boolean;
  /** A published history: its measurements arrive per series, on demand. */
  published?: PublishedState;
}

export interface OpenFileResult {
  sources: SourceInfo[];
  failures: { name: string; message: string; hint: string }[];
  /** Recognised files that hold nothing to chart (e.g. a tool's metadata file beside its results). */
  skipped: { name: string; reason: string }[];
}

const SEED_RESULTS: [string, string][] = [
  ['id', 'BIGINT'], ['model_id', 'BIGINT'], ['hardware_id', 'BIGINT'], ['batch_size', 'BIGINT'], ['sequence_length', 'BIGINT'],
  ['precision', 'VARCHAR'], ['throughput_items_per_second', 'DOUBLE'], ['latency_ms', 'DOUBLE'], ['memory_mb', 'DOUBLE'],
  ['power_watts', 'DOUBLE'], ['timestamp', 'TIMESTAMP'], ['version_tag', 'VARCHAR'], ['git_commit_hash', 'VARCHAR'],
  ['environment_hash', 'VARCHAR'], ['run_group_id', 'VARCHAR'],
];
const BASE_RESULTS: [string, string][] = [
  ['result_id', 'BIGINT'], ['run_id', 'BIGINT'], ['model_id', 'BIGINT'], ['hardware_id', 'BIGINT'], ['test_case', 'VARCHAR'],
  ['batch_size', 'BIGINT'], ['precision', 'VARCHAR'], ['total_time_seconds', 'DOUBLE'], ['average_latency_ms', 'DOUBLE'],
  ['throughput_items_per_second', 'DOUBLE'], ['memory_peak_mb', 'DOUBLE'], ['iterations', 'BIGINT'], ['created_at', 'TIMESTAMP'],
];
const BASE_RUNS: [string, string][] = [['run_id', 'BIGINT'], ['git_commit', 'VARCHAR'], ['git_branch', 'VARCHAR'], ['started_at', 'TIMESTAMP'], ['created_at', 'TIMESTAMP']];
const MODELS: [string, string][] = [['model_id', 'BIGINT'], ['model_name', 'VARCHAR']];
const HARDWARE: [string, string][] = [['hardware_id', 'BIGINT'], ['hardware_type', 'VARCHAR'], ['device_name', 'VARCHAR']];

const SEED_METRICS: [string, string, Direction][] = [
  ['throughput', 'items/s', 'higher'], ['latency', 'ms', 'lower'], ['memory', 'MB', 'lower'], ['power', 'W', 'lower'],
];
const BASE_METRICS: [string, string, Direction][] = [
  ['throughput', 'items/s', 'higher'], ['latency', 'ms', 'lower'], ['memory', 'MB', 'lower'], ['total_time', 's', 'lower'],
];

/** Remote files up to this size are downloaded whole: on loopback the 1.8 MB demo took 1.1 s through DuckDB's
 *  range reads (8 synchronous requests) and less as one download. */
const WHOLE_DOWNLOAD_BYTES = 4 * 2 ** 20;

export const FILTER_PAIR = String.fromCharCode(31);
export const FILTER_SEP = String.fromCharCode(30);

export class Engine {
  private nextId = 1;
  private readonly sources = new Map<number, SourceState>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly db: Db,
    readonly sql: SqlLibrary,
  ) {}

  static async create(db: Db, sql: SqlLibrary): Promise<Engine> {
    const engine = new Engine(db, sql);
    for (const name of ['schema/create_metric_info', 'schema/create_series_ids', 'schema/create_canonical_measurements', 'schema/create_canonical_samples', 'schema/create_canonical_series_dims', 'schema/create_canonical_summary']) {
      await engine.exec(name);
    }
    await engine.rebuildGlobalViews();
    return engine;
  }

  /** Engine calls share one connection; run them one at a time so multi-statement work never interleaves. */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // ---- running named SQL -------------------------------------------------------------------------

  async exec(name: string, params: Record<string, unknown> = {}, slots: Record<string, string> = {}): Promise<Table> {
    const statement = this.sql[name];
    if (!statement) throw new Error(`unknown SQL file: ${name}`);
    const text = statement.slots.length ? fillSlots(statement, slots) : statement.text;
    return this.db.query(text, bindParams(statement, params));
  }

  async rows<T = Record<string, unknown>>(name: string, params: Record<string, unknown> = {}, slots: Record<string, string> = {}): Promise<T[]> {
    return tableRows(await this.exec(name, params, slots)) as T[];
  }

  // ---- sources -----------------------------------------------------------------------------------

  listSources(): SourceInfo[] {
    return [...this.sources.values()].map((s) => s.info);
  }

  /** Open several files at once. Files holding parsed records (benchmark JSON) become one source;
   *  a file that fails is reported and the others still load. */
  openFiles(files: { name: string; bytes: Uint8Array; lastModified?: number }[], onProgress: ProgressFn = () => {}): Promise<OpenFileResult> {
    return this.serial(async () => {
      const result: OpenFileResult = { sources: [], failures: [], skipped: [] };
      const batch: { run: ParsedRun; name: string; bytes: number }[] = [];
      for (const [index, file] of files.entries()) {
        onProgress({ stage: `Reading ${file.name}`, fraction: index / files.length });
        try {
          const opened = await this.openBytesUnqueued(file.name, file.bytes, null, onProgress, true, file.lastModified);
          if (!('run' in opened)) result.sources.push(opened);
          else if (opened.run.records.length > 0) batch.push({ run: opened.run, name: file.name, bytes: file.bytes.length });
          else result.skipped.push({ name: file.name, reason: `${opened.run.format} file without measurements${opened.run.notes.length ? ': ' + opened.run.notes.join(' ') : ''}` });
        } catch (error) {
          const failure = explainFailure(file.name, error);
          result.failures.push({ name: file.name, message: failure.message, hint: failure.hint });
        }
      }
      if (batch.length > 0) {
        const name = batch.length === 1 ? batch[0].name : `${batch.length} files (${[...new Set(batch.map((b) => b.run.format))].join(', ')})`;
        try {
          result.sources.push(await this.addRecordsSource(name, batch.map((b) => b.run), batch.reduce((n, b) => n + b.bytes, 0)));
        } catch (error) {
          const failure = explainFailure(name, error);
          result.failures.push({ name, message: failure.message, hint: failure.hint });
        }
      }
      onProgress({ stage: 'Done', fraction: 1 });
      return result;
    });
  }

  openBytes(name: string, bytes: Uint8Array, onProgress: ProgressFn = () => {}): Promise<SourceInfo> {
    return this.serial(async () => {
      const opened = await this.openBytesUnqueued(name, bytes, null, onProgress, false);
      if ('run' in opened) throw new Error('unreachable: records are loaded directly');
      return opened;
    });
  }

  /** Open a remote file. Databases and Parquet are read with range requests when the server allows. */
  /** Open a remote file. Small files are downloaded whole (one request beats many range requests); larger
   *  databases and Parquet files are read with range requests for the parts used, when the server allows.
   *  `remote` may be a fetch already under way (the worker starts it while DuckDB is still loading). */
  openUrl(url: string, onProgress: ProgressFn = () => {}, remote: Promise<RemoteFile> = openRemote(url, onProgress)): Promise<SourceInfo> {
    remote.catch(() => undefined); // handled below, inside the queue
    return this.serial(async () => {
      const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
      try {
        const file = await remote;
        const head = await file.read(0, Math.min(file.size ?? 65536, 65536));
        const format = sniffFormat(name, head);
        const ranged = file.rangeRequests && file.size !== null && file.size > WHOLE_DOWNLOAD_BYTES;
        if (format === 'duckdb' && ranged) {
          checkStorageVersion(name, head);
          checkDatabaseComplete(name, head, file.size!);
          return await this.withCleanup(name, (id) => this.loadDuckDb(id, name, { url }, file.size!, url));
        }
        if (format === 'parquet' && ranged) {
          return await this.withCleanup(name, (id) => this.loadParquet(id, name, file.source(), file.size!, url, true));
        }
        const bytes = await file.readAll(onProgress);
        if (format === 'json') {
          const manifest = parseManifest(bytes);
          if (manifest) {
            const published = await openPublished(url, manifest, file.rangeRequests);
            return await this.withCleanup(name, (id) => this.loadPublished(id, published));
          }
        }
        const opened = await this.openBytesUnqueued(name, bytes, url, onProgress, false);
        if ('run' in opened) throw new Error('unreachable: records are loaded directly');
        return opened;
      } catch (error) {
        throw explainFailure(name, error);
      }
    });
  }

  removeSource(id: number): Promise<void> {
    return this.serial(async () => {
      await this.dropSource(id);
      await this.rebuildGlobalViews();
    });
  }

  /** Re-map a flat table with the user's corrections. On failure the previous mapping stays. */
  setMapping(id: number, mapping: FlatMapping): Promise<SourceInfo> {
    return this.serial(async () => {
      const state = this.sources.get(id);
      if (!state || !state.rawTable || !state.info.columns) throw new SourceError('Only flat tables (CSV, Parquet, JSON records) have a column mapping.');
      const previous = state.info.mapping!;
      try {
        await this.applyFlatMapping(state, mapping);
      } catch (error) {
        await this.applyFlatMapping(state, previous);
        throw explainFailure(state.info.name, error);
      }
      await this.rebuildGlobalViews();
      return state.info;
    });
  }

  setDirection(metric: string, direction: Direction): Promise<void> {
    return this.serial(async () => {
      await this.exec('schema/set_metric_direction', { metric, direction });
    });
  }

  private async withCleanup(name: string, load: (id: number) => Promise<SourceInfo>): Promise<SourceInfo> {
    const id = this.nextId++;
    try {
      const info = await load(id);
      await this.rebuildGlobalViews();
      return info;
    } catch (error) {
      await this.dropSource(id).catch(() => undefined);
      await this.rebuildGlobalViews().catch(() => undefined);
      throw explainFailure(name, error);
    }
  }

  private async openBytesUnqueued(
    name: string,
    bytes: Uint8Array,
    url: string | null,
    onProgress: ProgressFn,
    deferRecords: boolean,
    lastModified?: number,
  ): Promise<SourceInfo | { run: ParsedRun }> {
    if (isGzip(bytes)) {
      try {
        bytes = inflateBounded(bytes, { format: 'gzip', limit: MAX_INFLATED_BYTES, name });
      } catch (error) {
        if (error instanceof InflateLimitError) throw error;
        throw new SourceError(`${name} is a damaged gzip file.`, 'Download it again.');
      }
      name = name.replace(/\.gz$/i, '');
    }
    const format = sniffFormat(name, bytes.subarray(0, 4096));
    onProgress({ stage: `Importing ${name}`, fraction: null, bytes: bytes.length });
    switch (format) {
      case 'duckdb':
        checkStorageVersion(name, bytes.subarray(0, 64));
        checkDatabaseComplete(name, bytes.subarray(0, 12288), bytes.length);
        return this.withCleanup(name, (id) => this.loadDuckDb(id, name, { bytes }, bytes.length, url));
      case 'parquet':
        return this.withCleanup(name, (id) => this.loadParquet(id, name, bytesSource(bytes), bytes.length, url, false));
    }
    // Text: a benchmark tool's output (recognised by content), else a flat table (CSV, JSON records).
    checkTextInput(name, bytes, format);
    const text = new TextDecoder().decode(bytes);
    let json: unknown = undefined;
    let ndjson: Record<string, unknown>[] | null = null;
    let jsonError: Error | null = null;
    if (format === 'json') {
      try {
        const parsed = parseJsonDocument(text);
        if ('doc' in parsed) json = parsed.doc;
        else ndjson = parsed.rows;
      } catch (error) {
        // Some tools write NaN/Infinity, which is not JSON; their importers read the text themselves.
        jsonError = error as Error;
      }
    }
    const input = { name, text, json, lastModified };
    const importer = findImporter(input);
    if (!importer && jsonError) {
      throw new SourceError(`${name} is not valid JSON: ${jsonError.message}.`, 'Check that the file is complete (a truncated download often ends mid-object).');
    }
    if (importer) {
      let run: ParsedRun;
      try {
        run = importer.parse(input);
      } catch (error) {
        throw new SourceError(`${name} looks like ${importer.format} output but could not be read: ${(error as Error).message}`);
      }
      if (deferRecords) return { run };
      if (run.records.length === 0) {
        throw new SourceError(`${name} is ${importer.format} output but holds no completed measurements.${run.notes.length ? ' ' + run.notes.join(' ') : ''}`);
      }
      return this.withCleanup(name, (id) => this.loadRecords(id, name, [run], bytes.length));
    }
    if (format === 'csv') return this.withCleanup(name, (id) => this.loadCsv(id, name, bytes, url));
    if (format === 'json') {
      const rows = ndjson ?? recordsOf(json);
      if (!rows) {
        throw new SourceError(
          `${name} is JSON, but neither a known benchmark format nor a table (an array of records).`,
          'Supported JSON: arrays of records, NDJSON, and the outputs of common benchmark tools.',
        );
      }
      return this.withCleanup(name, (id) => this.loadJsonRows(id, name, rows, bytes.length, url));
    }
    throw new SourceError(`${name} is not a format this page recognises.`, 'Supported: .duckdb/.db, .parquet, .csv/.tsv, .json/.ndjson and benchmark-tool outputs.');
  }

  private newState(id: number, info: Omit<SourceInfo, 'id'>): SourceState {
    const state: SourceState = { info: { id, ...info }, views: [], tables: [], attached: null, files: [], rawTable: null, hasSamples: false };
    this.sources.set(id, state);
    return state;
  }

  private async dropSource(id: number): Promise<void> {
    const state = this.sources.get(id);
    this.sources.delete(id);
    const prefix = `src_${id}_`;
    // Objects may exist without a state when loading failed half-way: drop by naming convention.
    const existing = await this.db.query(
      `SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = current_database() AND starts_with(table_name, ?)`,
      [prefix],
    );
    const objects = tableRows(existing) as { table_name: string; table_type: string }[];
    for (const view of objects.filter((o) => o.table_type === 'VIEW')) await this.db.query(`DROP VIEW IF EXISTS ${quoteIdent(view.table_name)}`);
    for (const table of objects.filter((o) => o.table_type !== 'VIEW')) await this.db.query(`DROP TABLE IF EXISTS ${quoteIdent(table.table_name)}`);
    const alias = `src_${id}`;
    const attached = tableRows(await this.db.query('SELECT database_name FROM duckdb_databases() WHERE database_name = ?', [alias]));
    if (attached.length) await this.db.query(`DETACH ${quoteIdent(alias)}`);
    for (const file of state?.files ?? [sourceFile(`src_${id}.duckdb`)]) await this.db.dropFile(file).catch(() => undefined);
  }

  private async rebuildGlobalViews(): Promise<void> {
    const ids = [...this.sources.keys()].sort((a, b) => a - b);
    const union = (base: string, suffix: string, only = ids) =>
      [`SELECT * FROM ${base}`, ...only.map((id) => `SELECT * FROM ${quoteIdent(`src_${id}_${suffix}`)}`)].join(' UNION ALL BY NAME ');
    await this.exec('schema/measurements_view', {}, { union: union('canonical_measurements', 'm') });
    await this.exec('schema/samples_view', {}, { union: union('canonical_samples', 's', ids.filter((id) => this.sources.get(id)!.hasSamples)) });
    await this.exec('schema/series_dims_table', {}, { union: union('canonical_series_dims', 'sd') });
    await this.exec('schema/series_summary_view', {}, { union: union('canonical_summary', 'sum') });
    await this.exec('schema/series_table');
  }

  // ---- DuckDB databases --------------------------------------------------------------------------

  private async loadDuckDb(id: number, name: string, from: { bytes?: Uint8Array; url?: string }, size: number, url: string | null): Promise<SourceInfo> {
    const alias = `src_${id}`;
    const file = sourceFile(`${alias}.duckdb`);
    if (from.bytes) await this.db.registerBuffer(file, from.bytes);
    else await this.db.registerUrl(file, from.url!);
    await this.db.query(`ATTACH ${quoteLiteral(file)} AS ${quoteIdent(alias)} (READ_ONLY)`);
    const columns = await this.rows<{ table_name: string; column_name: string }>('query/table_columns', { database: alias });
    const tables = new Map<string, Set<string>>();
    for (const c of columns) (tables.get(c.table_name) ?? tables.set(c.table_name, new Set()).get(c.table_name)!).add(c.column_name);
    const results = tables.get('performance_results');
    const rangeRead = !from.bytes;
    const base = { name, url, format: 'duckdb' as const, rangeRead, bytes: size, columns: null, mapping: null };

    const state = this.newState(id, { ...base, schema: 'flat-table', layout: '', rows: 0, series: 0, metrics: [], dimensions: [], notes: [] });
    state.attached = alias;
    state.files = [file];
    const table = (t: string) => `${quoteIdent(alias)}.${quoteIdent(t)}`;

    if (results && results.has('model_id') && results.has('hardware_id') && (results.has('latency_ms') || results.has('memory_mb') || results.has('power_watts'))) {
      await this.requireRows(alias, name, 'seed time-series');
      const views = {
        results: await this.compatView(state, 'results', table('performance_results'), results, SEED_RESULTS),
        models: await this.compatView(state, 'models', tables.has('models') ? table('models') : null, tables.get('models'), MODELS),
        hardware: await this.compatView(state, 'hardware', tables.has('hardware_platforms') ? table('hardware_platforms') : null, tables.get('hardware_platforms'), HARDWARE),
      };
      const dims = ['model', 'hardware', 'device', 'batch_size', 'sequence_length', 'precision'];
      const wide = await this.wideRows(state, 'ingest/seed_timeseries', views, dims, SEED_METRICS);
      return this.finishSource(state, 'seed-timeseries', 'seed time-series schema', dims, SEED_METRICS, { wide });
    }
    if (results && (results.has('average_latency_ms') || results.has('memory_peak_mb') || results.has('run_id'))) {
      await this.requireRows(alias, name, 'base benchmark');
      const views = {
        results: await this.compatView(state, 'results', table('performance_results'), results, BASE_RESULTS),
        runs: await this.compatView(state, 'runs', tables.has('test_runs') ? table('test_runs') : null, tables.get('test_runs'), BASE_RUNS),
        models: await this.compatView(state, 'models', tables.has('models') ? table('models') : null, tables.get('models'), MODELS),
        hardware: await this.compatView(state, 'hardware', tables.has('hardware_platforms') ? table('hardware_platforms') : null, tables.get('hardware_platforms'), HARDWARE),
      };
      const dims = ['model', 'hardware', 'device', 'test_case', 'batch_size', 'precision'];
      const wide = await this.wideRows(state, 'ingest/base_schema', views, dims, BASE_METRICS);
      return this.finishSource(state, 'base-schema', 'base benchmark schema', dims, BASE_METRICS, { wide });
    }
    // Any other database: treat its largest table as a flat table.
    const sizes = await this.rows<{ table_name: string; rows: number }>('query/table_sizes', { database: alias });
    const candidate = sizes.find((t) => t.rows > 0);
    if (!candidate) {
      const list = sizes.map((t) => t.table_name).join(', ') || 'none';
      throw new SourceError(`${name} is a DuckDB database, but none of its tables has rows (tables: ${list}).`, 'Open a database that holds benchmark results.');
    }
    state.info.notes.push(`Read table "${candidate.table_name}" (the largest of ${sizes.length}); its columns are mapped below.`);
    return this.loadFlat(state, table(candidate.table_name));
  }

  /** A schema with one row per result and a column per metric: its wide view (with series ids), and the
   *  canonical rows unpivoted from it. Returns the wide view's name. */
  private async wideRows(state: SourceState, ingest: string, views: Record<string, string>, dims: string[], metrics: [string, string, Direction][]): Promise<string> {
    const wide = quoteIdent(`src_${state.info.id}_wide`);
    await this.exec(ingest, {}, { ...views, wide, series_id: seriesIdExpression(dims) });
    const metricColumns = metrics.map(([metric]) => quoteIdent(metric)).join(', ');
    await this.exec('ingest/unpivot_metrics', {}, { rows: quoteIdent(`src_${state.info.id}_rows`), wide, metric_columns: metricColumns });
    return wide;
  }

  /** Refuse a database whose results table is empty, naming what it does hold. */
  private async requireRows(alias: string, name: string, schema: string): Promise<void> {
    const counts = tableRows(
      await this.db.query(`SELECT table_name, estimated_size AS n FROM duckdb_tables() WHERE database_name = ? AND table_name IN ('performance_results', 'models', 'hardware_platforms')`, [alias]),
    ) as { table_name: string; n: number }[];
    const count = (t: string) => counts.find((c) => c.table_name === t)?.n ?? 0;
    if (count('performance_results') > 0) return;
    const exact = tableRows(await this.db.query(`SELECT count(*) AS n FROM ${quoteIdent(alias)}.performance_results`))[0] as { n: number };
    if (exact.n > 0) return;
    throw new SourceError(
      `${name} is a ${schema} database with ${count('models')} models and ${count('hardware_platforms')} hardware platforms, but its performance_results table is empty: there are no measurements to chart.`,
      'Record results into it first (perftrack record … or the benchmark runner), or open a database that has results.',
    );
  }

  private async compatView(state: SourceState, role: string, source: string | null, present: Set<string> | undefined, expected: [string, string][]): Promise<string> {
    const view = quoteIdent(`src_${state.info.id}_${role}`);
    const columns = expected.map(([column, type]) => (present?.has(column) && source ? quoteIdent(column) : `NULL::${type} AS ${quoteIdent(column)}`)).join(', ');
    const from = source ?? '(SELECT 1 WHERE false)';
    await this.exec('ingest/compat_view', {}, { view, columns, table: from });
    return view;
  }

  // ---- published histories ------------------------------------------------------------------------

  private async loadPublished(id: number, published: PublishedState): Promise<SourceInfo> {
    const { summary, manifest, manifestUrl } = published;
    for (const m of summary.metrics) await this.exec('schema/upsert_metric_info', { metric: m.metric, unit: m.unit, direction: m.direction });
    const info = await this.metricInfo();
    published.metricIds = new Map(summary.metrics.map((m) => [m.id, info.get(m.metric)!.id]));
    await insertSummaryTables(this.db, id, summary, published.metricIds);
    const sourceInfo = publishedSourceInfo(id, manifestUrl, manifest, summary, publishedNotes(published));
    const state = this.newState(id, { ...sourceInfo });
    state.published = published;
    // Rows fetched before DuckDB was ready go in now.
    await loadPublishedSeries(this.db, id, published, [...published.rows.keys()]);
    return state.info;
  }

  /** Take in a published history opened (and perhaps partly fetched) before the engine was ready. */
  adoptPublished(published: PublishedState): Promise<SourceInfo> {
    return this.serial(() => this.withCleanup(published.manifest.title, (id) => this.loadPublished(id, published)));
  }

  /** Fetch what published histories have not fetched yet: these series, or everything. */
  async loadPublishedData(seriesKeys: string[] | 'all'): Promise<void> {
    const published = [...this.sources.entries()].filter(([, s]) => s.published && !s.published.complete);
    if (published.length === 0) return;
    if (seriesKeys === 'all') {
      for (const [id, s] of published) await loadPublishedAll(this.db, id, s.published!);
      return;
    }
    const rows = tableRows(await this.db.query(`SELECT series_id FROM series_ids WHERE list_contains(string_split(?, chr(30)), series_key)`, [seriesKeys.join(FILTER_SEP)])) as { series_id: number }[];
    for (const [id, s] of published) await loadPublishedSeries(this.db, id, s.published!, rows.map((r) => r.series_id));
  }

  // ---- flat tables (CSV, Parquet, JSON records, other databases) ---------------------------------

  private async loadCsv(id: number, name: string, bytes: Uint8Array, url: string | null): Promise<SourceInfo> {
    const file = sourceFile(`src_${id}.csv`);
    const size = bytes.length; // registerBuffer transfers (empties) the buffer
    await this.db.registerBuffer(file, bytes);
    const state = this.newState(id, flatInfo(name, url, 'csv', size));
    state.files = [file];
    const raw = quoteIdent(`src_${id}_raw`);
    await this.exec('ingest/csv_raw', {}, { table: raw, file: quoteLiteral(file) });
    return this.loadFlat(state, raw);
  }

  private async loadParquet(id: number, name: string, source: ByteSource, size: number, url: string | null, rangeRead: boolean): Promise<SourceInfo> {
    // Parquet starts and ends with PAR1; a file that starts with it but does not end with it was cut short.
    if (size < 12 || new TextDecoder().decode(await source.read(size - 4, size)) !== 'PAR1') {
      throw new SourceError(`${name} is a Parquet file that is cut short: its footer is missing (${size.toLocaleString('en-US')} bytes).`, 'It was probably truncated while downloading or copying; fetch or export it again.');
    }
    const { columns, rowCount } = await readParquet(source);
    if (rowCount === 0) throw new SourceError(`${name} is a Parquet file with no rows.`);
    const state = this.newState(id, { ...flatInfo(name, url, 'parquet', size), rangeRead });
    const raw = `src_${id}_raw`;
    await this.db.insertArrowIPC(raw, columnsToIPC(columns));
    return this.loadFlat(state, quoteIdent(raw));
  }

  private async loadJsonRows(id: number, name: string, rows: Record<string, unknown>[], size: number, url: string | null): Promise<SourceInfo> {
    const state = this.newState(id, flatInfo(name, url, 'json', size));
    const raw = `src_${id}_raw`;
    await this.db.insertArrowIPC(raw, columnsToIPC(rowsToColumns(rows.map((row) => flattenRow(row)))));
    return this.loadFlat(state, quoteIdent(raw));
  }

  private async loadFlat(state: SourceState, rawTable: string): Promise<SourceInfo> {
    state.rawTable = rawTable;
    const profile = await this.rows<{ column_name: string; column_type: string; approx_unique: number; count: number; null_percentage: number }>(
      'query/table_profile', {}, { table: rawTable },
    );
    const total = (tableRows(await this.db.query(`SELECT count(*) AS n FROM ${rawTable}`))[0] as { n: number }).n;
    if (total === 0) throw new SourceError(`${state.info.name} has a header but no rows.`);
    const sample = tableRows(await this.db.query(`SELECT * FROM ${rawTable} LIMIT 5`));
    const columns: ColumnProfile[] = profile.map((p) => ({
      name: p.column_name,
      type: p.column_type,
      distinct: Number(p.approx_unique),
      nonNull: Math.round(Number(p.count) * (1 - Number(p.null_percentage) / 100)),
      samples: sample.map((row) => row[p.column_name]).filter((v) => v !== null && v !== undefined).map((v) => String(v)),
    }));
    const mapping = guessMapping(columns, Math.min(total, 20000));
    const problem = mappingIsUsable(mapping);
    if (problem) {
      const list = columns.map((c) => `${c.name} (${c.type})`).join(', ');
      throw new SourceError(`${state.info.name} has ${problem}. Columns: ${list}.`, 'A benchmark table needs at least one numeric column (a time, a latency, a throughput…).');
    }
    state.info.columns = columns;
    await this.applyFlatMapping(state, mapping);
    return state.info;
  }

  private async applyFlatMapping(state: SourceState, mapping: FlatMapping): Promise<void> {
    const columns = state.info.columns!;
    const known = new Map(columns.map((c) => [c.name, c]));
    const check = (name: string | null) => {
      if (name !== null && !known.has(name)) throw new SourceError(`The mapping names a column "${name}" that ${state.info.name} does not have.`);
    };
    [mapping.time, mapping.commit, mapping.branch, mapping.versionTag, mapping.runGroup, mapping.environment, ...mapping.dimensions].forEach(check);
    mapping.metrics.forEach((m) => check(m.column));
    if (mapping.long) [mapping.long.metricColumn, mapping.long.valueColumn, mapping.long.unitColumn].forEach(check);
    const problem = mappingIsUsable(mapping);
    if (problem) throw new SourceError(`This mapping has ${problem}.`);

    const id = state.info.id;
    const raw = state.rawTable!;
    const ident = quoteIdent;
    const text = (column: string | null) => (column ? `${ident(column)}::VARCHAR` : 'NULL::VARCHAR');
    const attribution = [
      `${text(mapping.commit)} AS git_commit`, `${text(mapping.branch)} AS branch`, `${text(mapping.versionTag)} AS version_tag`,
      `${text(mapping.environment)} AS environment_hash`, `${text(mapping.runGroup)} AS run_group_id`,
    ].join(', ');
    const dims = mapping.dimensions.map((d) => `${ident(d)}::VARCHAR AS ${ident('d:' + d)},`).join(' ');
    const ts = timeExpression(mapping.time ? known.get(mapping.time)! : null);
    if (!mapping.time) state.info.notes = [...state.info.notes.filter((n) => !n.startsWith('No time column')), 'No time column: rows are placed one day apart in file order, starting 2000-01-01.'];
    const numbered = `(SELECT *, rowid AS __row FROM ${raw})`;
    let from: string;
    let metric: string;
    let value: string;
    if (mapping.long) {
      from = numbered;
      metric = `${ident(mapping.long.metricColumn)}::VARCHAR`;
      value = `TRY_CAST(${ident(mapping.long.valueColumn)} AS DOUBLE)`;
    } else {
      // One projection per metric column (UNPIVOT cost three times a plain copy of 1 M rows in DuckDB-WASM).
      from = `(${mapping.metrics.map((m) => `SELECT *, ${quoteLiteral(m.column)} AS __metric, TRY_CAST(${ident(m.column)} AS DOUBLE) AS __value FROM ${numbered}`).join(' UNION ALL ')})`;
      metric = '__metric';
      value = '__value';
    }
    await this.exec('ingest/flat_table', {}, { rows: ident(`src_${id}_rows`), ts, attribution, dims, metric, value, from });

    let metrics: [string, string, Direction][];
    if (mapping.long) {
      const unitExpr = mapping.long.unitColumn ? `any_value(${ident(mapping.long.unitColumn)}::VARCHAR)` : `''`;
      const found = tableRows(await this.db.query(`SELECT ${ident(mapping.long.metricColumn)}::VARCHAR AS metric, ${unitExpr} AS unit FROM ${raw} GROUP BY 1 ORDER BY 1`)) as { metric: string; unit: string | null }[];
      metrics = found.filter((f) => f.metric !== null).map((f) => {
        const unit = f.unit || inferUnit(f.metric);
        return [f.metric, unit, inferDirection(f.metric, unit)];
      });
    } else {
      metrics = mapping.metrics.map((m) => [m.column, m.unit, m.direction]);
    }
    state.info.mapping = mapping;
    await this.finishSource(state, 'flat-table', `flat table (${mapping.long ? 'long' : 'wide'} layout)`, mapping.dimensions, metrics, { replace: true });
  }

  // ---- parsed records (benchmark JSON, CI artifacts) ---------------------------------------------

  private addRecordsSource(name: string, runs: ParsedRun[], size: number): Promise<SourceInfo> {
    return this.withCleanup(name, (id) => this.loadRecords(id, name, runs, size));
  }

  private async loadRecords(id: number, name: string, runs: ParsedRun[], size: number): Promise<SourceInfo> {
    const records = runs.flatMap((r) => r.records);
    const formats = [...new Set(runs.map((r) => r.format))];
    const state = this.newState(id, {
      name, url: null, format: 'json', schema: 'json-records', layout: formats.join(', '), rows: 0, series: 0, metrics: [], dimensions: [],
      rangeRead: false, bytes: size, notes: [...new Set(runs.flatMap((r) => r.notes))], columns: null, mapping: null,
    });
    const { columns, dims, metrics } = recordColumns(records);
    state.hasSamples = records.some((r) => r.samples && r.samples.length > 0);
    const staged = `src_${id}_staged`;
    await this.db.insertArrowIPC(staged, columnsToIPC(columns));
    const dimSelect = dims.map((d) => `${quoteIdent('d:' + d)}`).join(', ');
    await this.exec('ingest/records', {}, { rows: quoteIdent(`src_${id}_rows`), staged: quoteIdent(staged), dims: dimSelect || 'NULL AS "d:"' });
    return this.finishSource(state, 'json-records', formats.join(', '), dims, metrics);
  }

  // ---- shared tail of every load -----------------------------------------------------------------

  private async finishSource(
    state: SourceState,
    schema: SchemaKind,
    layout: string,
    dims: string[],
    metrics: [string, string, Direction][],
    options: { replace?: boolean; wide?: string } = {},
  ): Promise<SourceInfo> {
    const id = state.info.id;
    const rows = quoteIdent(`src_${id}_rows`);
    // Rows unpivoted from a wide view already carry their series id.
    const keyed = options.wide ? rows : quoteIdent(`src_${id}_keyed`);
    if (!options.wide) await this.exec('ingest/keyed_rows', {}, { keyed, rows, series_id: seriesIdExpression(dims) });
    for (const [metric, unit, direction] of metrics) await this.exec('schema/upsert_metric_info', { metric, unit, direction });
    const measurements = quoteIdent(`src_${id}_m`);
    const seriesDims = quoteIdent(`src_${id}_sd`);
    await this.exec('ingest/source_measurements', {}, { target: measurements, source_id: String(id), keyed });
    if (state.hasSamples) await this.exec('ingest/source_samples', {}, { target: quoteIdent(`src_${id}_s`), keyed });
    if (dims.length) {
      const dimColumns = dims.map((d) => quoteIdent('d:' + d)).join(', ');
      const dimNames = `[${dims.map(quoteLiteral).join(', ')}]`;
      await this.exec('ingest/source_series_dims', {}, {
        target: seriesDims, series_rows: options.wide ?? rows, measurements, series_id: seriesIdExpression(dims), series_key: seriesKeyExpression(dims), dim_columns: dimColumns, dim_names: dimNames,
      });
    } else {
      await this.exec('ingest/source_series_no_dims', {}, { target: seriesDims, measurements });
    }
    await this.exec('ingest/register_series', {}, { series_dims: seriesDims });
    await this.exec('ingest/source_summary', {}, { target: quoteIdent(`src_${id}_sum`), measurements });

    const measured = tableRows(
      await this.db.query(`SELECT coalesce(sum(s.points), 0) AS n, list(DISTINCT i.metric ORDER BY i.metric) FILTER (WHERE i.metric IS NOT NULL) AS metrics FROM ${quoteIdent(`src_${id}_sum`)} s LEFT JOIN metric_info i USING (metric_id)`),
    )[0] as { n: number; metrics: string[] | null };
    const series = tableRows(await this.db.query(`SELECT count(DISTINCT series_id) AS n FROM ${quoteIdent(`src_${id}_sd`)}`))[0] as { n: number };
    if (!measured.metrics) measured.metrics = [];
    if (measured.n === 0) {
      if (options.replace) throw new SourceError('This mapping leaves no measurements: every value or timestamp is empty or not a number.');
      throw new SourceError(`${state.info.name} has no usable measurements: every metric value or timestamp is empty.`);
    }
    Object.assign(state.info, { schema, layout, dimensions: dims, metrics: measured.metrics, rows: measured.n, series: series.n });
    return state.info;
  }

  // ---- exploring ---------------------------------------------------------------------------------

  catalog(): Promise<Catalog> {
    return this.serial(async () => {
      const metrics = (await this.rows<{ metric: string; unit: string; direction: Direction; rows: number; series: number }>('query/metric_summary')).map(
        (m): MetricSummary => ({ metric: m.metric, unit: m.unit, direction: m.direction, rows: m.rows, series: m.series }),
      );
      const values = await this.rows<{ dim: string; value: string | null; series: number }>('query/dimension_values');
      const dimensions: DimensionSummary[] = [];
      for (const v of values) {
        let dim = dimensions[dimensions.length - 1];
        if (!dim || dim.name !== v.dim) dimensions.push((dim = { name: v.dim, values: [] }));
        dim.values.push({ value: v.value, series: v.series });
      }
      const extent = (await this.rows<{ rows: number; series: number; first_ts: number | null; last_ts: number | null }>('query/data_extent'))[0];
      return { metrics, dimensions, rows: extent.rows, series: extent.series, firstTs: extent.first_ts, lastTs: extent.last_ts };
    });
  }

  listSeries(query: SeriesQuery): Promise<SeriesSummary[]> {
    return this.serial(async () => {
      await this.exec('analysis/scope_series', { filters: encodeFilter(query.filter) });
      const rows = await this.rows<{ series_key: string; label: string; points: number; first_ts: number; last_ts: number; last_value: number; min_value: number; max_value: number }>(
        'query/series_list',
        { metric: query.metric, search: query.search.trim(), limit: query.limit },
      );
      const described = await this.describeScope();
      return rows.map((r) => ({
        seriesKey: r.series_key, label: r.label, dims: described.get(r.series_key)?.series ?? {}, points: r.points,
        firstTs: r.first_ts, lastTs: r.last_ts, lastValue: r.last_value, minValue: r.min_value, maxValue: r.max_value,
      }));
    });
  }

  /** Id, label and dimension values of every series in the current analysis scope, by series key. */
  private async describeScope(): Promise<Map<string, { id: number; label: string; series: Dimensions }>> {
    const rows = await this.rows<{ series_id: number; series_key: string; label: string; dim: string | null; value: string | null }>('query/series_descriptions');
    const out = new Map<string, { id: number; label: string; series: Dimensions }>();
    for (const r of rows) {
      let entry = out.get(r.series_key);
      if (!entry) out.set(r.series_key, (entry = { id: r.series_id, label: r.label, series: {} }));
      if (r.dim !== null) entry.series[r.dim] = r.value;
    }
    return out;
  }

  private async metricInfo(): Promise<Map<string, { id: number; unit: string; direction: Direction }>> {
    const rows = tableRows(await this.db.query("SELECT metric, metric_id, coalesce(unit, '') AS unit, direction FROM metric_info")) as { metric: string; metric_id: number; unit: string; direction: Direction }[];
    return new Map(rows.map((r) => [r.metric, { id: r.metric_id, unit: r.unit, direction: r.direction }]));
  }

  private async referenceTime(settings: AnalysisSettings): Promise<number> {
    const [row] = await this.rows<{ ref_ms: number | null }>('analysis/reference_time', { as_of_ms: settings.asOf });
    if (row.ref_ms === null) throw new SourceError('There are no measurements to analyse yet.', 'Open a benchmark file first.');
    return row.ref_ms;
  }

  // ---- analysis ----------------------------------------------------------------------------------

  /** The seed's baselines (plus median, stddev, MAD) for every series and metric in scope. */
  baselines(options: { settings?: Partial<AnalysisSettings>; filter?: DimensionFilter; metric?: string } = {}): Promise<{ referenceTs: number; baselines: Baseline[] }> {
    return this.serial(async () => {
      await this.loadPublishedData('all');
      const settings = normaliseSettings({ ...DEFAULT_SETTINGS, ...options.settings });
      await this.exec('analysis/scope_series', { filters: encodeFilter(options.filter ?? {}) });
      const referenceTs = await this.referenceTime(settings);
      const [described, info] = [await this.describeScope(), await this.metricInfo()];
      const rows = await this.rows<{ series_key: string; metric: string; n: number; mean: number; median: number; stddev: number | null; mad: number; last_ts: number; version_tag: string | null; git_commit: string | null; window_start: number; window_end: number }>(
        'analysis/baselines', { ref_ms: referenceTs, end_offset_days: 0, days: settings.baselineDays, min_samples: settings.minSamples },
      );
      const baselines = rows
        .filter((r) => !options.metric || r.metric === options.metric)
        .map((r): Baseline => ({
          seriesKey: r.series_key, series: described.get(r.series_key)?.series ?? {}, label: described.get(r.series_key)?.label ?? r.series_key,
          metric: r.metric, unit: info.get(r.metric)?.unit ?? '', direction: info.get(r.metric)?.direction ?? 'lower',
          count: r.n, mean: r.mean, median: r.median, stddev: r.stddev, mad: r.mad, lastTs: r.last_ts,
          versionTag: r.version_tag, commit: r.git_commit, windowStart: r.window_start, windowEnd: r.window_end,
        }));
      return { referenceTs, baselines };
    });
  }

  /** Regressions (by the chosen method), outliers, change points and trends for every series in scope. */
  analyze(options: { settings?: Partial<AnalysisSettings>; filter?: DimensionFilter; metric?: string } = {}): Promise<AnalysisResult> {
    return this.serial(async () => {
      const started = performance.now();
      const settings = normaliseSettings({ ...DEFAULT_SETTINGS, ...options.settings });
      const sources = [...this.sources.values()];
      if (sources.length === 1 && sources[0].published && !sources[0].published.complete && !options.metric && Object.keys(options.filter ?? {}).length === 0) {
        const stored = storedAnalysis(sources[0].published, JSON.stringify(settings));
        if (stored) return stored;
      }
      await this.loadPublishedData('all');
      await this.exec('analysis/scope_series', { filters: encodeFilter(options.filter ?? {}) });
      const referenceTs = await this.referenceTime(settings);
      const described = await this.describeScope();
      const info = await this.metricInfo();
      const context = (seriesKey: string, metric: string): SeriesContext => ({
        label: described.get(seriesKey)?.label ?? seriesKey,
        series: described.get(seriesKey)?.series ?? {},
        unit: info.get(metric)?.unit ?? '',
        direction: info.get(metric)?.direction ?? 'lower',
      });
      const wanted = (metric: string) => !options.metric || metric === options.metric;

      // Histories: what the change-point detector, the outlier finder and the trend statistics read.
      const historyDays = Math.max(settings.historyDays, settings.trendDays, settings.regressionDays + settings.baselineDays);
      const keyOf = new Map([...described].map(([key, d]) => [d.id, key]));
      const metricOf = new Map([...info].map(([metric, m]) => [m.id, metric]));
      const values = await this.exec('analysis/history_values', { ref_ms: referenceTs, days: historyDays });
      const histories = sliceHistories(values, keyOf, metricOf).filter((h) => wanted(h.metric));
      const findings = histories.map((h) => findInHistory(h, settings));

      // Attribution and raw samples of the points the evidence cites.
      const windowStart = referenceTs - settings.regressionDays * 86_400_000;
      const detailKey = (seriesKey: string, metric: string, ts: number) => `${described.get(seriesKey)?.id}${FILTER_PAIR}${info.get(metric)?.id}${FILTER_PAIR}${ts}`;
      const points: string[] = [];
      for (const f of findings) {
        for (const i of pointsToDescribe(f, settings.changepoint.minSegment)) points.push(detailKey(f.history.seriesKey, f.history.metric, f.history.ts[i]));
      }
      const details = new Map<string, PointDetails>();
      for (let i = 0; i < points.length; i += 2000) {
        const rows = await this.rows<{ series_id: number; metric_id: number; ts: number; git_commit: string | null; version_tag: string | null; run_group_id: string | null; result_id: number | null; samples: number[] | null }>(
          'analysis/point_details', { points: points.slice(i, i + 2000).join(FILTER_SEP) },
        );
        for (const r of rows) {
          details.set(`${r.series_id}${FILTER_PAIR}${r.metric_id}${FILTER_PAIR}${r.ts}`, {
            commit: r.git_commit, versionTag: r.version_tag, runGroup: r.run_group_id, resultId: r.result_id, samples: r.samples && r.samples.length ? r.samples : null,
          });
        }
      }
      const lookup: DetailLookup = (seriesKey, metric, ts) => details.get(detailKey(seriesKey, metric, ts));

      const changePoints: ChangePointFinding[] = [];
      const outliers: Outlier[] = [];
      for (const f of findings) {
        const ctx = context(f.history.seriesKey, f.history.metric);
        for (const c of f.changePoints) {
          if (c.index === 0) continue;
          changePoints.push({
            seriesKey: f.history.seriesKey, metric: f.history.metric, index: c.index, changePct: c.changePct, worse: isWorse(c.changePct, ctx.direction),
            pValue: c.pValue, firstBad: pointAt(f.history, c.index, lookup), lastGood: pointAt(f.history, c.index - 1, lookup), before: c.beforeMedian, after: c.afterMedian,
          });
        }
        for (const i of f.outliers) {
          if (f.history.ts[i] <= windowStart) continue;
          const deviationPct = outlierDeviation(f.history, i);
          const point = pointAt(f.history, i, lookup);
          outliers.push({
            seriesKey: f.history.seriesKey, label: ctx.label, metric: f.history.metric, point, deviationPct,
            explanation: `${f.history.metric} ${formatPercent(deviationPct)} away from its neighbours at ${formatTime(point.ts)}; the following samples are back at the usual level, so this is a spike, not a regression.`,
          });
        }
      }

      let regressions: Regression[];
      if (settings.method === 'changepoint') {
        regressions = findings.flatMap((f) => changePointRegressions(f, context(f.history.seriesKey, f.history.metric), settings, referenceTs, lookup));
      } else {
        const thresholds = Object.entries(settings.thresholds).map(([metric, pct]) => `${metric}${FILTER_PAIR}${pct}`).join(FILTER_SEP);
        const rows = await this.rows<PercentRow>('analysis/regressions_percent', {
          ref_ms: referenceTs, regression_days: settings.regressionDays, baseline_days: settings.baselineDays, min_samples: settings.minSamples,
          thresholds, default_threshold: settings.defaultThreshold,
        });
        regressions = rows.filter((r) => wanted(r.metric)).map((r) => percentRegression(r, context(r.series_key, r.metric)));
      }
      regressions.sort((a, b) => Math.abs(b.changePct) - Math.abs(a.changePct) || a.label.localeCompare(b.label));

      const trendStart = referenceTs - settings.trendDays * 86_400_000;
      const trends: Trend[] = [];
      for (const h of histories) {
        const stats = seedTrendStats(h, trendStart);
        if (stats && stats.n >= settings.trendMinSamples) trends.push(classifyTrend(stats, context(h.seriesKey, h.metric), bucketMedians(h, trendStart, 120)));
      }

      const tooShort = settings.method === 'changepoint' ? histories.filter((h) => h.ts.length < 2 * settings.changepoint.minSegment).length : 0;
      return { referenceTs, settings, regressions, outliers, trends, changePoints, seriesAnalysed: histories.length, tooShort, elapsedMs: performance.now() - started };
    });
  }

  seriesPoints(seriesKey: string, metric: string, options: { fromMs?: number | null; toMs?: number | null; maxPoints?: number } = {}): Promise<SeriesPoints> {
    return this.serial(async () => {
      const sources = [...this.sources.values()];
      if (sources.length === 1 && sources[0].published && !sources[0].published.complete) return publishedSeriesPoints(sources[0].published, seriesKey, metric, options);
      await this.loadPublishedData([seriesKey]);
      const table = await this.exec('query/series_points', {
        series_key: seriesKey, metric, from_ms: options.fromMs ?? null, to_ms: options.toMs ?? null, max_points: options.maxPoints ?? 2000,
      });
      const col = <T>(name: string) => columnArray<T>(table, name);
      const downsampled = col<boolean>('downsampled');
      return {
        seriesKey, metric,
        ts: col<number>('ts'), value: col<number>('value'), low: col('low'), high: col('high'), nSamples: col('n_samples'),
        commit: col('git_commit'), versionTag: col('version_tag'), runGroup: col('run_group_id'),
        downsampled: downsampled.some(Boolean),
      };
    });
  }

  /** Names behind a seed id (e.g. models.model_name of model_id 1) in every opened seed or base database. */
  seedNames(table: 'models' | 'hardware_platforms', column: 'model_name' | 'hardware_type', idColumn: 'model_id' | 'hardware_id', id: number): Promise<string[]> {
    return this.serial(async () => {
      const names = new Set<string>();
      for (const state of this.sources.values()) {
        if (!state.attached || (state.info.schema !== 'seed-timeseries' && state.info.schema !== 'base-schema')) continue;
        const rows = await this.db
          .query(`SELECT ${quoteIdent(column)} AS name FROM ${quoteIdent(state.attached)}.${quoteIdent(table)} WHERE ${quoteIdent(idColumn)} = ?::BIGINT`, [id])
          .then(tableRows)
          .catch(() => []);
        for (const r of rows) if (typeof r.name === 'string') names.add(r.name);
      }
      return [...names];
    });
  }

  /** Write analysis results into the seed's tables of an attached, writable copy of a seed database
   *  (so the original project's Python side can read them). Returns how many rows each table got. */
  writeSeedResults(
    sourceId: number,
    alias: string,
    results: { baselines?: Baseline[]; regressions?: Regression[]; trends?: Trend[] },
  ): Promise<{ baselines: number; regressions: number; trends: number }> {
    return this.serial(async () => {
      const state = this.sources.get(sourceId);
      if (!state || state.info.schema !== 'seed-timeseries') {
        throw new SourceError('Results can be written back only into a database in the seed time-series schema.');
      }
      const db = quoteIdent(alias);
      for (const table of SEED_TABLES) await this.exec(`seed/${table}`, {}, { db });
      await this.exec('seed/series_ids', {}, { db, source: quoteIdent(`src_${sourceId}_m`) });
      const count = async (table: string) => (tableRows(await this.db.query(`SELECT count(*) AS n FROM ${db}.${quoteIdent(table)}`))[0] as { n: number }).n;
      const written = { baselines: 0, regressions: 0, trends: 0 };
      const stageAndRun = async (rows: Record<string, unknown>[], statements: string[], table: string) => {
        if (rows.length === 0) return 0;
        const staged = quoteIdent(`seed_write_${table}`);
        await this.db.query(`DROP TABLE IF EXISTS ${staged}`);
        await this.db.insertArrowIPC(`seed_write_${table}`, columnsToIPC(rowsToColumns(rows)));
        const before = await count(table);
        for (const statement of statements) await this.exec(statement, {}, { db, staged });
        await this.db.query(`DROP TABLE ${staged}`);
        return (await count(table)) - before;
      };
      written.baselines = await stageAndRun(
        (results.baselines ?? []).map((b) => ({ series_key: b.seriesKey, metric: b.metric, mean: b.mean, count: b.count, last_ts: b.lastTs, version_tag: b.versionTag, git_commit: b.commit })),
        ['seed/delete_baselines', 'seed/write_baselines'],
        'performance_baselines',
      );
      written.regressions = await stageAndRun(
        (results.regressions ?? []).map((r) => ({ series_key: r.seriesKey, metric: r.metric, result_id: r.firstBad.resultId, change_pct: r.changePct, notes: `${r.method}: ${r.explanation}` })),
        ['seed/write_regressions'],
        'performance_regressions',
      );
      written.trends = await stageAndRun(
        (results.trends ?? []).map((t) => ({
          series_key: t.seriesKey, metric: t.metric, trend: t.trend, magnitude: t.magnitudePct, confidence: t.confidence, start_ts: t.startTs, end_ts: t.endTs,
          notes: `${t.label}; Theil–Sen ${t.theilSenPctPerWeek?.toFixed(2) ?? '—'} %/week; Mann–Kendall p ${t.mannKendallP?.toPrecision(2) ?? '—'}`,
        })),
        ['seed/write_trends'],
        'performance_trends',
      );
      return written;
    });
  }

  /** The SQL console: one read-only query, wrapped so only a query (not a command) can run. */
  runReadOnlySql(text: string, limit = 1000): Promise<QueryResult> {
    return this.serial(async () => {
      await this.loadPublishedData('all');
      const statement = text.trim().replace(/;\s*$/, '');
      const first = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([a-z]+)/i.exec(statement)?.[1]?.toUpperCase() ?? '';
      if (!['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SUMMARIZE', 'SHOW', 'PIVOT', 'UNPIVOT', '('].includes(first)) {
        throw new SourceError(
          `The SQL console is read-only: "${first || statement.slice(0, 20)}" statements are not run here.`,
          'Use SELECT, WITH, FROM, DESCRIBE, SHOW or SUMMARIZE. Tables: measurements, series, series_dims, metric_info, and src_N.* for opened databases.',
        );
      }
      const started = performance.now();
      let table: Table;
      try {
        table = await this.db.query(`SELECT * FROM (\n${statement}\n) LIMIT ${Math.max(1, Math.floor(limit)) + 1}`);
      } catch (error) {
        const message = (error as Error).message.split('\n')[0];
        if (/syntax error at or near ";"/.test(message)) throw new SourceError('Only one statement can run at a time.', 'Remove the extra statements after the first ";".');
        const locked = explainLockedAccess(message);
        if (locked) throw new SourceError(locked, 'Tables: measurements, series, series_dims, metric_info, and src_N.* for opened databases.');
        throw new SourceError(message);
      }
      const elapsedMs = performance.now() - started;
      const columns = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
      const all = tableRowArrays(table);
      return { columns, rows: all.slice(0, limit), rowCount: Math.min(all.length, limit), truncated: all.length > limit, elapsedMs };
    });
  }

  // ---- runs of sources opened from benchmark-tool files ------------------------------------------

  /** The runs of a source of parsed records (one per imported file, or per commit of a history file), in time
   *  order: name, format, time now and at import, where that time came from, commit and size. */
  listRuns(sourceId: number): Promise<RunInfo[]> {
    return this.serial(async () => {
      const state = this.sources.get(sourceId);
      if (!state || state.info.schema !== 'json-records') throw new SourceError('Runs are listed only for sources opened from benchmark-tool files.');
      const rows = await this.rows<{ run_group_id: string; ts: number; last_ts: number; measurements: number; series: number; git_commit: string | null; branch: string | null; imported_ts: number }>(
        'query/list_runs', {}, { measurements: quoteIdent(`src_${sourceId}_m`), staged: quoteIdent(`src_${sourceId}_staged`) },
      );
      const formats = state.info.layout.split(', ');
      return rows.map((r) => ({
        runGroup: r.run_group_id, format: formats.length === 1 ? formats[0] : null, ts: r.ts, lastTs: r.last_ts, importedTs: r.imported_ts,
        timeOrigin: runTimeOrigin(r.run_group_id, r.imported_ts, state.info.notes, performance.timeOrigin),
        corrected: r.ts !== r.imported_ts, commit: r.git_commit, branch: r.branch, measurements: r.measurements, series: r.series,
      }));
    });
  }

  /** Move one run of a source of parsed records to another time (epoch ms, UTC): its earliest measurement lands
   *  there, the rest keep their offsets. The views read the tables, so the next query sees the new order. */
  setRunTime(sourceId: number, runGroup: string, tsMs: number): Promise<void> {
    return this.serial(async () => {
      const state = this.sources.get(sourceId);
      if (!state || state.info.schema !== 'json-records') throw new SourceError('Only runs of sources opened from benchmark-tool files can be moved.');
      if (!Number.isFinite(tsMs) || tsMs < Date.UTC(1970, 0, 2) || tsMs > Date.UTC(2200, 0, 1)) {
        throw new SourceError(`${tsMs} is not a usable time for a run.`, 'Give a date between 1970 and 2200.');
      }
      const measured = quoteIdent(`src_${sourceId}_m`);
      const [found] = tableRows(await this.db.query(`SELECT count(*) AS n FROM ${measured} WHERE run_group_id = ?`, [runGroup])) as { n: number }[];
      if (!found.n) throw new SourceError(`${state.info.name} has no run "${runGroup}".`);
      await this.db.query('BEGIN TRANSACTION');
      try {
        if (state.hasSamples) {
          await this.exec('ingest/set_run_time_samples', { ts_ms: tsMs, run_group: runGroup }, {
            samples: quoteIdent(`src_${sourceId}_s`), measurements: measured, keyed: quoteIdent(`src_${sourceId}_keyed`),
          });
        }
        await this.exec('ingest/set_run_time', { ts_ms: tsMs, run_group: runGroup }, { table: measured });
        // The source's per-series summary (time span, newest value) is derived from its measurements: redo it.
        await this.exec('ingest/source_summary', {}, { target: quoteIdent(`src_${sourceId}_sum`), measurements: measured });
        await this.db.query('COMMIT');
      } catch (error) {
        await this.db.query('ROLLBACK').catch(() => undefined);
        throw new SourceError(`The time of run "${runGroup}" could not be changed: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}`);
      }
    });
  }
}

// ---- helpers ------------------------------------------------------------------------------------

interface PercentRow {
  series_key: string; metric: string; ts: number; value: number; git_commit: string | null; version_tag: string | null; run_group_id: string | null;
  result_id: number | null; recent_n: number; baseline: number; baseline_n: number; good_ts: number; good_value: number; good_commit: string | null;
  good_version: string | null; good_run: string | null; good_result: number | null; threshold: number; change_pct: number;
}

function percentRegression(r: PercentRow, context: SeriesContext): Regression {
  const firstBad: SamplePoint = { ts: r.ts, value: r.value, commit: r.git_commit, versionTag: r.version_tag, runGroup: r.run_group_id, resultId: r.result_id };
  const lastGood: SamplePoint = { ts: r.good_ts, value: r.good_value, commit: r.good_commit, versionTag: r.good_version, runGroup: r.good_run, resultId: r.good_result };
  const regression: Regression = {
    fingerprint: fingerprint(r.series_key, r.metric, 'percent', firstBad),
    method: 'percent', seriesKey: r.series_key, series: context.series, label: context.label, metric: r.metric, unit: context.unit, direction: context.direction,
    changePct: r.change_pct, severity: severityClass(r.change_pct), before: r.baseline, after: r.value, pValue: null, samplesTest: null, noisePct: null,
    nBefore: r.baseline_n, nAfter: 1, firstBad, lastGood, status: 'active', explanation: '',
  };
  regression.explanation = explainPercent(regression, r.threshold, r.baseline_n);
  return regression;
}

function pointAt(history: SeriesHistory, index: number, lookup: DetailLookup): SamplePoint {
  const d = lookup(history.seriesKey, history.metric, history.ts[index]);
  return { ts: history.ts[index], value: history.value[index], commit: d?.commit ?? null, versionTag: d?.versionTag ?? null, runGroup: d?.runGroup ?? null, resultId: d?.resultId ?? null };
}

/** The values of a history after `from`, as at most `buckets` bucket medians (keeps robust statistics cheap). */
function bucketMedians(history: SeriesHistory, from: number, buckets: number): number[] {
  let start = 0;
  while (start < history.ts.length && history.ts[start] <= from) start++;
  const values = Array.from(history.value.subarray(start));
  if (values.length <= buckets) return values;
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const part = values.slice(Math.floor((b * values.length) / buckets), Math.floor(((b + 1) * values.length) / buckets)).sort((x, y) => x - y);
    out.push(part[Math.floor(part.length / 2)]);
  }
  return out;
}

/** Unordered rows of (series_id, metric_id, ts, value) → one history per series and metric, ordered by time. */
function sliceHistories(table: Table, keyOf: Map<number, string>, metricOf: Map<number, string>): SeriesHistory[] {
  const seriesIds = columnFloat64(table, 'series_id');
  const metricIds = columnFloat64(table, 'metric_id');
  const ts = columnFloat64(table, 'ts');
  const value = columnFloat64(table, 'value');
  // Counting sort by group, then each group by time (usually already in order: sources append in time).
  const groupOf = new Map<string, number>();
  const groups: { seriesId: number; metricId: number; count: number; start: number }[] = [];
  const rowGroup = new Int32Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const key = `${seriesIds[i]}:${metricIds[i]}`;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = groups.length;
      groupOf.set(key, g);
      groups.push({ seriesId: seriesIds[i], metricId: metricIds[i], count: 0, start: 0 });
    }
    groups[g].count++;
    rowGroup[i] = g;
  }
  let offset = 0;
  for (const g of groups) (g.start = offset), (offset += g.count);
  const fill = groups.map((g) => g.start);
  const sortedTs = new Float64Array(ts.length);
  const sortedValue = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const at = fill[rowGroup[i]]++;
    sortedTs[at] = ts[i];
    sortedValue[at] = value[i];
  }
  const out: SeriesHistory[] = [];
  for (const g of groups) {
    const seriesKey = keyOf.get(g.seriesId);
    const metric = metricOf.get(g.metricId);
    if (seriesKey === undefined || metric === undefined) continue;
    const t = sortedTs.subarray(g.start, g.start + g.count);
    const v = sortedValue.subarray(g.start, g.start + g.count);
    let ordered = true;
    for (let i = 1; i < t.length && ordered; i++) ordered = t[i - 1] <= t[i];
    if (!ordered) {
      const order = Array.from(t.keys()).sort((a, b) => t[a] - t[b]);
      const ct = Float64Array.from(order, (i) => t[i]);
      const cv = Float64Array.from(order, (i) => v[i]);
      t.set(ct);
      v.set(cv);
    }
    out.push({ seriesKey, metric, ts: t, value: v });
  }
  return out.sort((a, b) => (a.seriesKey < b.seriesKey ? -1 : a.seriesKey > b.seriesKey ? 1 : a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
}

function columnFloat64(table: Table, name: string): Float64Array {
  const column = table.getChild(name);
  if (!column) return new Float64Array(0);
  const array = column.toArray();
  return array instanceof Float64Array ? array : Float64Array.from(array as ArrayLike<number>);
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

/**
 * The series id of a row: a 53-bit hash of its dimension names and values, taken in name order, so the same
 * dimensions in two files give the same id whatever their column order, and rows carry an integer rather than the
 * key text (sorting and grouping by text is several times slower in DuckDB-WASM; hashing the columns costs a tenth
 * of building the key string for every row). The key text is built once per series (seriesKeyExpression).
 */
function seriesIdExpression(dims: string[]): string {
  const hash = dims.length ? `hash(${[...dims].sort().map((d) => `${quoteLiteral(d)}, ${quoteIdent('d:' + d)}`).join(', ')})` : `hash('')`;
  return `(${hash} >> 11)::BIGINT`;
}

/**
 * The series key: `name=value` pairs in name order, joined by `|`. It tells apart what the id tells apart: `\`, `|`
 * and `=` in names and values are escaped with `\`, and a missing value is the name alone (an empty one is `name=`).
 */
function seriesKeyExpression(dims: string[]): string {
  if (!dims.length) return `''`;
  const escapeText = (text: string) => text.replace(/[\\|=]/g, (ch) => `\\${ch}`);
  const escapeSql = (column: string) => `replace(replace(replace(${column}, '\\', '\\\\'), '|', '\\|'), '=', '\\=')`;
  const pairs = [...dims].sort().map((d) => {
    const column = quoteIdent('d:' + d);
    return `CASE WHEN ${column} IS NULL THEN ${quoteLiteral(escapeText(d))} ELSE ${quoteLiteral(escapeText(d) + '=')} || ${escapeSql(column)} END`;
  });
  return `concat_ws('|', ${pairs.join(', ')})`;
}

function flatInfo(name: string, url: string | null, format: SourceInfo['format'], bytes: number): Omit<SourceInfo, 'id'> {
  return { name, url, format, schema: 'flat-table', layout: 'flat table', rows: 0, series: 0, metrics: [], dimensions: [], rangeRead: false, bytes, notes: [], columns: null, mapping: null };
}

function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (start, end) => bytes.subarray(start, end) };
}

/** SQL expression turning the mapped time column (or row order) into a TIMESTAMP. */
function timeExpression(column: ColumnProfile | null): string {
  if (!column) return `TIMESTAMP '2000-01-01' + to_days(__row::INTEGER)`;
  const c = quoteIdent(column.name);
  if (isTemporalType(column.type)) return `${c}::TIMESTAMP`;
  if (isNumericType(column.type)) {
    // The unit from the magnitude (dates after 1973): nanoseconds, microseconds, milliseconds or seconds.
    const sample = Math.abs(Number(column.samples[0] ?? 0));
    if (sample > 1e17) return `epoch_ms((${c} // 1000000)::BIGINT)`;
    if (sample > 1e14) return `epoch_ms((${c} // 1000)::BIGINT)`;
    return sample > 1e11 ? `epoch_ms(${c}::BIGINT)` : `epoch_ms((${c} * 1000)::BIGINT)`;
  }
  return `coalesce(TRY_CAST(${c} AS TIMESTAMP), try_strptime(${c}::VARCHAR, '%Y%m%d_%H%M%S'), TRY_CAST(TRY_CAST(${c} AS TIMESTAMPTZ) AS TIMESTAMP))`;
}

export function encodeFilter(filter: DimensionFilter): string {
  const pairs: string[] = [];
  for (const [dim, values] of Object.entries(filter)) {
    for (const value of values) pairs.push(value === null ? `${dim}${FILTER_PAIR}${FILTER_PAIR}null` : `${dim}${FILTER_PAIR}${value}${FILTER_PAIR}`);
  }
  return pairs.join(FILTER_SEP);
}

function recordColumns(records: MeasurementRecord[]): { columns: ColumnValues[]; dims: string[]; metrics: [string, string, Direction][] } {
  const dims: string[] = [];
  const seenDims = new Set<string>();
  const metricInfo = new Map<string, [string, string, Direction]>();
  for (const r of records) {
    for (const [d] of r.dims) if (!seenDims.has(d)) seenDims.add(d), dims.push(d);
    if (!metricInfo.has(r.metric)) metricInfo.set(r.metric, [r.metric, r.unit, r.direction]);
  }
  const pick = <T>(f: (r: MeasurementRecord) => T) => records.map(f);
  const columns: ColumnValues[] = [
    { name: 'ts', values: pick((r) => r.ts), kind: 'time' },
    { name: 'metric', values: pick((r) => r.metric), kind: 'text' },
    { name: 'value', values: pick((r) => r.value), kind: 'number' },
    { name: 'samples', values: pick((r) => r.samples ?? null), kind: 'numbers' },
    { name: 'git_commit', values: pick((r) => r.commit ?? null), kind: 'text' },
    { name: 'branch', values: pick((r) => r.branch ?? null), kind: 'text' },
    { name: 'version_tag', values: pick((r) => r.versionTag ?? null), kind: 'text' },
    { name: 'environment_hash', values: pick((r) => r.environment ?? null), kind: 'text' },
    { name: 'run_group_id', values: pick((r) => r.runGroup ?? null), kind: 'text' },
    ...dims.map((d): ColumnValues => ({ name: 'd:' + d, values: pick((r) => r.dims.find(([n]) => n === d)?.[1] ?? null), kind: 'text' })),
  ];
  return { columns, dims, metrics: [...metricInfo.values()] };
}

export function tableRows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((row) => plain(row.toJSON()) as Record<string, unknown>);
}

function tableRowArrays(table: Table): unknown[][] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name)!);
  const isTime = fields.map((f) => /Timestamp|Date/.test(String(f.type)));
  const out: unknown[][] = [];
  for (let i = 0; i < table.numRows; i++) {
    out.push(columns.map((c, j) => {
      const v = plain(c.get(i));
      return isTime[j] && typeof v === 'number' ? new Date(v).toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '') : v;
    }));
  }
  return out;
}

function columnArray<T>(table: Table, name: string): T[] {
  const column = table.getChild(name);
  if (!column) return [];
  const out: T[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) out[i] = plain(column.get(i)) as T;
  return out;
}

/** Arrow values → plain JS (numbers, strings, arrays, objects) that cross postMessage and JSON. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => (typeof v === 'bigint' ? Number(v) : v));
  if (Array.isArray(value)) return value.map(plain);
  const candidate = value as { toArray?: () => unknown; toJSON?: () => unknown };
  if (typeof candidate.toArray === 'function' && !(value instanceof Date)) return plain(Array.from(candidate.toArray() as ArrayLike<unknown>));
  if (value instanceof Date) return value.getTime();
  const json = (typeof candidate.toJSON === 'function' ? candidate.toJSON() : value) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, plain(v)]));
}
