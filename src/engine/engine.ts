// The engine: opens sources, normalises them into the canonical measurement table and answers the questions the
// UI and the CLI ask. It runs inside the browser worker and, unchanged, in Node. This class is the public face;
// the work is in the modules beside it (open, duckdb-source, flat, records, ingest, published-source, queries,
// analysis, runs), each a set of functions of the shared EngineCore. Every public call runs in the core's queue.
import type { Table } from 'apache-arrow';
import type { AnalysisSettings } from '../lib/analysis/settings.ts';
import type { AnalysisResult, Baseline, Regression, Trend } from '../lib/analysis/types.ts';
import type {
  Catalog,
  DimensionFilter,
  ProgressFn,
  QueryResult,
  SeriesPoints,
  SeriesQuery,
  SeriesSummary,
  SourceInfo,
} from '../lib/model/api.ts';
import type { FlatMapping } from '../lib/sources/mapping.ts';
import type { Direction } from '../lib/model/metrics.ts';
import type { RunInfo } from '../lib/sources/records.ts';
import type { ComparisonRow } from '../lib/analysis/compare.ts';
import type { CompareSpec } from '../lib/model/api.ts';
import type { SparklinePoints } from '../lib/charts/sparkline.ts';
import * as analysis from './analysis.ts';
import { branchHistories, type BranchSeries } from './branch-history.ts';
import { compare, compareValues, type CompareValue } from './compare.ts';
import { EngineCore, type FindInHistories } from './core.ts';
import type { Db } from './db/db.ts';
import type { WriteOptions } from './db/file-writer.ts';
import { remapFlat } from './flat.ts';
import { openBytes, openFiles, openUrl, type OpenFileResult } from './open.ts';
import { adoptPublished, loadPublishedData } from './published-source.ts';
import type { PublishedState } from './published.ts';
import * as queries from './queries.ts';
import { openRemote, type RemoteFile } from './remote.ts';
import { listRuns, setRunTime } from './runs.ts';
import {
  copyPeriod,
  periodFingerprints,
  periodRows,
  publishCatalog,
  sparklineRows,
  type Period,
  type PublishCatalog,
} from './publish-data.ts';
import { seriesSparklines } from './sparklines.ts';
import { recordResult, recordRun, writeNotifications, writeSeedHistory, writeSeedResults } from './seed-db.ts';
import type { SqlLibrary } from './sql.ts';

export type { OpenFileResult } from './open.ts';
export type { FindInHistories } from './core.ts';
export type { WriteOptions } from './db/file-writer.ts';
export type { Period } from './publish-data.ts';
export type { ProgressFn } from '../lib/model/api.ts';

type AnalysisOptions = { settings?: Partial<AnalysisSettings>; filter?: DimensionFilter; metric?: string };

export class Engine {
  private constructor(private readonly core: EngineCore) {}

  /** `findInHistories`: how the analysis runs the detector over the histories (default: one after the other). */
  static async create(db: Db, sql: SqlLibrary, options: { findInHistories?: FindInHistories } = {}): Promise<Engine> {
    const core = new EngineCore(db, sql, options.findInHistories);
    for (const name of [
      'schema/create_metric_info',
      'schema/create_series_ids',
      'schema/create_canonical_measurements',
      'schema/create_canonical_samples',
      'schema/create_canonical_series_dims',
      'schema/create_canonical_summary',
    ] as const) {
      await core.exec(name);
    }
    await core.rebuildGlobalViews();
    return new Engine(core);
  }

  /** DuckDB's version string. */
  version(): Promise<string> {
    return this.core.serial(() => this.core.db.version());
  }

  /** True for native DuckDB, which writes .duckdb and Parquet files in place (the CLI); false for DuckDB-WASM. */
  get writesFilesInPlace(): boolean {
    return this.core.db.writesInPlace === true;
  }

  // ---- sources -----------------------------------------------------------------------------------

  listSources(): SourceInfo[] {
    return [...this.core.sources.values()].map((s) => s.info);
  }

  /** Open several files at once. Files holding parsed records (benchmark JSON) become one source;
   *  a file that fails is reported and the others still load. */
  openFiles(
    files: { name: string; bytes: Uint8Array; lastModified?: number }[],
    onProgress: ProgressFn = () => {},
  ): Promise<OpenFileResult> {
    return this.core.serial(() => openFiles(this.core, files, onProgress));
  }

  openBytes(name: string, bytes: Uint8Array, onProgress: ProgressFn = () => {}): Promise<SourceInfo> {
    return this.core.serial(() => openBytes(this.core, name, bytes, onProgress));
  }

  /** Open a remote file. Small files are downloaded whole; larger databases and Parquet files are read with range
   *  requests when the server allows. `remote` may be a fetch already under way (the worker starts it while DuckDB
   *  is still loading). */
  openUrl(
    url: string,
    onProgress: ProgressFn = () => {},
    remote: Promise<RemoteFile> = openRemote(url, onProgress),
  ): Promise<SourceInfo> {
    remote.catch(() => undefined); // handled inside the queue
    return this.core.serial(() => openUrl(this.core, url, onProgress, remote));
  }

  removeSource(id: number): Promise<void> {
    return this.core.serial(async () => {
      await this.core.dropSource(id);
      await this.core.rebuildGlobalViews();
    });
  }

  /** Re-map a flat table with the user's corrections. On failure the previous mapping stays. */
  setMapping(id: number, mapping: FlatMapping): Promise<SourceInfo> {
    return this.core.serial(() => remapFlat(this.core, id, mapping));
  }

  setDirection(metric: string, direction: Direction): Promise<void> {
    return this.core.serial(async () => {
      await this.core.exec('schema/set_metric_direction', { metric, direction });
    });
  }

  /** Take in a published history opened (and perhaps partly fetched) before the engine was ready. */
  adoptPublished(published: PublishedState): Promise<SourceInfo> {
    return this.core.serial(() => adoptPublished(this.core, published));
  }

  /** Fetch what published histories have not fetched yet: these series, or everything. (Not queued: callers run
   *  it inside their own queued work.) */
  loadPublishedData(seriesKeys: string[] | 'all'): Promise<void> {
    return loadPublishedData(this.core, seriesKeys);
  }

  // ---- exploring ---------------------------------------------------------------------------------

  catalog(): Promise<Catalog> {
    return this.core.serial(() => queries.catalog(this.core));
  }

  listSeries(query: SeriesQuery): Promise<SeriesSummary[]> {
    return this.core.serial(() => queries.listSeries(this.core, query));
  }

  seriesPoints(
    seriesKey: string,
    metric: string,
    options: { fromMs?: number | null; toMs?: number | null; maxPoints?: number } = {},
  ): Promise<SeriesPoints> {
    return this.core.serial(() => queries.seriesPoints(this.core, seriesKey, metric, options));
  }

  /** Names behind a seed id (e.g. models.model_name of model_id 1) in every opened seed or base database. */
  seedNames(
    table: 'models' | 'hardware_platforms',
    column: 'model_name' | 'hardware_type',
    idColumn: 'model_id' | 'hardware_id',
    id: number,
  ): Promise<string[]> {
    return this.core.serial(() => queries.seedNames(this.core, table, column, idColumn, id));
  }

  /** The SQL console: one read-only query, wrapped so only a query (not a command) can run. */
  runReadOnlySql(text: string, limit = 1000): Promise<QueryResult> {
    return this.core.serial(() => queries.runReadOnlySql(this.core, text, limit));
  }

  // ---- analysis ----------------------------------------------------------------------------------

  /** The seed's baselines (plus median, stddev, MAD) for every series and metric in scope. */
  baselines(options: AnalysisOptions = {}): Promise<{ referenceTs: number; baselines: Baseline[] }> {
    return this.core.serial(() => analysis.baselines(this.core, options));
  }

  /** Regressions (by the chosen method), outliers, change points and trends for every series in scope. `newestOnly`:
   *  only what `check` reports (no trends, corroboration or sensitivity; a third of its analysis on tokio's data.js). */
  analyse(options: AnalysisOptions & { newestOnly?: boolean } = {}): Promise<AnalysisResult> {
    return this.core.serial(() => analysis.analyse(this.core, options));
  }

  /** Every series' points with their runs' commits and branches (`check --head --base`). */
  branchHistories(options: { filter?: DimensionFilter; metric?: string } = {}): Promise<BranchSeries[]> {
    return this.core.serial(() => branchHistories(this.core, options));
  }

  /** The version tags, commits or run groups two groups of a comparison can be picked from. */
  compareValues(kind: 'version' | 'commit' | 'run'): Promise<CompareValue[]> {
    return this.core.serial(() => compareValues(this.core, kind));
  }

  compare(spec: CompareSpec, filter: DimensionFilter = {}): Promise<ComparisonRow[]> {
    return this.core.serial(() => compare(this.core, spec, filter));
  }

  // ---- writing .duckdb files (Node) ----------------------------------------------------------------

  /** Write analysis results into the seed's tables of a database file in the seed schema, opened as source
   *  `sourceId` (so the original project's Python side can read them). Returns how many rows each table got. */
  writeSeedResults(
    sourceId: number,
    file: string,
    results: { baselines?: Baseline[]; regressions?: Regression[]; trends?: Trend[] },
    options: WriteOptions = {},
  ): Promise<{ baselines: number; regressions: number; trends: number }> {
    return this.core.serial(() => writeSeedResults(this.core, sourceId, file, results, options));
  }

  /** Write a generated history (models, hardware, results) into a seed database file, created when missing. */
  writeSeedHistory(
    file: string,
    history: { models: object[]; hardware: object[]; results: object[] },
    options: WriteOptions = {},
  ): Promise<void> {
    return this.core.serial(() => writeSeedHistory(this.core, file, history, options));
  }

  /** Append one result to a seed database file, in one transaction; returns the id it got. */
  recordResult(file: string, row: Record<string, unknown>, options: WriteOptions = {}): Promise<number> {
    return this.core.serial(() => recordResult(this.core, file, row, options));
  }

  /** One run of benchmark tool outputs (a run file's text) appended to the database's perftrack_runs table. */
  recordRun(file: string, name: string, run: string, options: WriteOptions = {}): Promise<void> {
    return this.core.serial(() => recordRun(this.core, file, name, run, options));
  }

  /** Append notification deliveries to a seed database's regression_notifications; returns how many. */
  writeNotifications(file: string, rows: Record<string, unknown>[], options: WriteOptions = {}): Promise<number> {
    return this.core.serial(() => writeNotifications(this.core, file, rows, options));
  }

  // ---- what publish reads --------------------------------------------------------------------------

  publishCatalog(): Promise<PublishCatalog> {
    return this.core.serial(() => publishCatalog(this.core));
  }

  periodFingerprints(granularity: string): Promise<Period[]> {
    return this.core.serial(() => periodFingerprints(this.core, granularity));
  }

  periodRows(period: Period): Promise<Table> {
    return this.core.serial(() => periodRows(this.core, period));
  }

  sparklineRows(pairs: string, maxPoints: number): Promise<Table> {
    return this.core.serial(() => sparklineRows(this.core, pairs, maxPoints));
  }

  /** The sparklines of several series of one metric in one query (the page's window of grid cells). */
  sparklines(seriesKeys: string[], metric: string, maxPoints: number): Promise<SparklinePoints[]> {
    return this.core.serial(() => seriesSparklines(this.core, seriesKeys, metric, maxPoints));
  }

  /** Native DuckDB: a period straight to a Parquet file, beside the engine's queue (see publish-data.ts). */
  copyPeriod(period: Period, file: string, rowsPerGroup: number): Promise<void> {
    return copyPeriod(this.core, period, file, rowsPerGroup);
  }

  // ---- runs of sources opened from benchmark-tool files ------------------------------------------

  /** The runs of a source of parsed records, in time order (see runs.ts). */
  listRuns(sourceId: number): Promise<RunInfo[]> {
    return this.core.serial(() => listRuns(this.core, sourceId));
  }

  /** Move one run of a source of parsed records to another time (epoch ms, UTC). */
  setRunTime(sourceId: number, runGroup: string, tsMs: number): Promise<void> {
    return this.core.serial(() => setRunTime(this.core, sourceId, runGroup, tsMs));
  }
}
