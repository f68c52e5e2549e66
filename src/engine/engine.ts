// The engine: opens sources, normalises them into the canonical measurement table and answers the questions the
// UI and the CLI ask. It runs inside the browser worker and, unchanged, in Node. This class is the public face;
// the work is in the modules beside it (open, duckdb-source, flat, records, ingest, published-source, queries,
// analysis, runs), each a set of functions of the shared EngineCore. Every public call runs in the core's queue.
import type { Table } from 'apache-arrow';
import type { AnalysisSettings } from '../lib/analysis/settings.ts';
import type { AnalysisResult, Baseline, Regression, Trend } from '../lib/analysis/types.ts';
import type { Catalog, DimensionFilter, ProgressFn, QueryResult, SeriesPoints, SeriesQuery, SeriesSummary, SourceInfo } from '../lib/model/api.ts';
import type { FlatMapping } from '../lib/sources/mapping.ts';
import type { Direction } from '../lib/model/metrics.ts';
import type { RunInfo } from '../lib/sources/records.ts';
import * as analysis from './analysis.ts';
import { EngineCore, type FindInHistories, type SqlRunner } from './core.ts';
import type { Db } from './db/db.ts';
import { remapFlat } from './flat.ts';
import { openBytes, openFiles, openUrl, type OpenFileResult } from './open.ts';
import { adoptPublished, loadPublishedData } from './published-source.ts';
import type { PublishedState } from './published.ts';
import * as queries from './queries.ts';
import { openRemote, type RemoteFile } from './remote.ts';
import { listRuns, setRunTime } from './runs.ts';
import { writeSeedResults } from './seed-db.ts';
import type { SqlLibrary } from './sql.ts';

export type { OpenFileResult } from './open.ts';
export type { ProgressFn } from '../lib/model/api.ts';

type AnalysisOptions = { settings?: Partial<AnalysisSettings>; filter?: DimensionFilter; metric?: string };

export class Engine implements SqlRunner {
  readonly db: Db;
  readonly sql: SqlLibrary;

  private constructor(private readonly core: EngineCore) {
    this.db = core.db;
    this.sql = core.sql;
  }

  /** `findInHistories`: how the analysis runs the detector over the histories (default: one after the other). */
  static async create(db: Db, sql: SqlLibrary, options: { findInHistories?: FindInHistories } = {}): Promise<Engine> {
    const core = new EngineCore(db, sql, options.findInHistories);
    for (const name of ['schema/create_metric_info', 'schema/create_series_ids', 'schema/create_canonical_measurements', 'schema/create_canonical_samples', 'schema/create_canonical_series_dims', 'schema/create_canonical_summary']) {
      await core.exec(name);
    }
    await core.rebuildGlobalViews();
    return new Engine(core);
  }

  /** Engine calls share one connection; run them one at a time so multi-statement work never interleaves. */
  serial<T>(work: () => Promise<T>): Promise<T> {
    return this.core.serial(work);
  }

  exec(name: string, params: Record<string, unknown> = {}, slots: Record<string, string> = {}): Promise<Table> {
    return this.core.exec(name, params, slots);
  }

  rows<T = Record<string, unknown>>(name: string, params: Record<string, unknown> = {}, slots: Record<string, string> = {}): Promise<T[]> {
    return this.core.rows<T>(name, params, slots);
  }

  // ---- sources -----------------------------------------------------------------------------------

  listSources(): SourceInfo[] {
    return [...this.core.sources.values()].map((s) => s.info);
  }

  /** Open several files at once. Files holding parsed records (benchmark JSON) become one source;
   *  a file that fails is reported and the others still load. */
  openFiles(files: { name: string; bytes: Uint8Array; lastModified?: number }[], onProgress: ProgressFn = () => {}): Promise<OpenFileResult> {
    return this.core.serial(() => openFiles(this.core, files, onProgress));
  }

  openBytes(name: string, bytes: Uint8Array, onProgress: ProgressFn = () => {}): Promise<SourceInfo> {
    return this.core.serial(() => openBytes(this.core, name, bytes, onProgress));
  }

  /** Open a remote file. Small files are downloaded whole; larger databases and Parquet files are read with range
   *  requests when the server allows. `remote` may be a fetch already under way (the worker starts it while DuckDB
   *  is still loading). */
  openUrl(url: string, onProgress: ProgressFn = () => {}, remote: Promise<RemoteFile> = openRemote(url, onProgress)): Promise<SourceInfo> {
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

  seriesPoints(seriesKey: string, metric: string, options: { fromMs?: number | null; toMs?: number | null; maxPoints?: number } = {}): Promise<SeriesPoints> {
    return this.core.serial(() => queries.seriesPoints(this.core, seriesKey, metric, options));
  }

  /** Names behind a seed id (e.g. models.model_name of model_id 1) in every opened seed or base database. */
  seedNames(table: 'models' | 'hardware_platforms', column: 'model_name' | 'hardware_type', idColumn: 'model_id' | 'hardware_id', id: number): Promise<string[]> {
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

  /** Regressions (by the chosen method), outliers, change points and trends for every series in scope. */
  analyse(options: AnalysisOptions = {}): Promise<AnalysisResult> {
    return this.core.serial(() => analysis.analyse(this.core, options));
  }

  /** Write analysis results into the seed's tables of an attached, writable copy of a seed database
   *  (so the original project's Python side can read them). Returns how many rows each table got. */
  writeSeedResults(
    sourceId: number,
    alias: string,
    results: { baselines?: Baseline[]; regressions?: Regression[]; trends?: Trend[] },
  ): Promise<{ baselines: number; regressions: number; trends: number }> {
    return this.core.serial(() => writeSeedResults(this.core, sourceId, alias, results));
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
