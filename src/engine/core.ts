// What every part of the engine shares: the connection, the named SQL, the open sources and the queue that runs
// engine calls one at a time. The engine's modules are functions of this core; engine.ts is their facade.
import type { Table } from 'apache-arrow';
import { sourceFile } from './file-lock.ts';
import { findInHistory, type HistoryFindings, type SeriesHistory } from '../lib/analysis/detect.ts';
import type { AnalysisSettings } from '../lib/analysis/settings.ts';
import type { SourceInfo } from '../lib/model/api.ts';
import { explainFailure } from '../lib/sources/errors.ts';
import type { Direction } from '../lib/model/metrics.ts';
import type { Db } from './db/db.ts';
import type { PublishedState } from './published.ts';
import { tableRows } from './rows.ts';
import { bindParams, fillSlots, quoteIdent, type SqlLibrary } from './sql.ts';

/** What runs named SQL: the engine and its core both do (seed-table writers and file savers need no more). */
export interface SqlRunner {
  readonly db: Db;
  exec(name: string, params?: Record<string, unknown>, slots?: Record<string, string>): Promise<Table>;
  rows<T = Record<string, unknown>>(name: string, params?: Record<string, unknown>, slots?: Record<string, string>): Promise<T[]>;
}

/** The detector over many histories, in order: one after the other here; the CLI spreads them over threads. */
export type FindInHistories = (histories: SeriesHistory[], settings: AnalysisSettings, outliersAfter?: number) => Promise<HistoryFindings[]>;

export const findInHistoriesInTurn: FindInHistories = async (histories, settings, outliersAfter) => histories.map((h) => findInHistory(h, settings, outliersAfter));

export interface SourceState {
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

export class EngineCore implements SqlRunner {
  nextId = 1;
  readonly sources = new Map<number, SourceState>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: Db,
    readonly sql: SqlLibrary,
    readonly findInHistories: FindInHistories = findInHistoriesInTurn,
  ) {}

  /** Engine calls share one connection; run them one at a time so multi-statement work never interleaves. */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async exec(name: string, params: Record<string, unknown> = {}, slots: Record<string, string> = {}): Promise<Table> {
    const statement = this.sql[name];
    if (!statement) throw new Error(`unknown SQL file: ${name}`);
    const text = statement.slots.length ? fillSlots(statement, slots) : statement.text;
    return this.db.query(text, bindParams(statement, params));
  }

  async rows<T = Record<string, unknown>>(name: string, params: Record<string, unknown> = {}, slots: Record<string, string> = {}): Promise<T[]> {
    return tableRows(await this.exec(name, params, slots)) as T[];
  }

  newState(id: number, info: Omit<SourceInfo, 'id'>): SourceState {
    const state: SourceState = { info: { id, ...info }, views: [], tables: [], attached: null, files: [], rawTable: null, hasSamples: false };
    this.sources.set(id, state);
    return state;
  }

  /** Load a new source under a fresh id; on failure drop whatever it created, so data already loaded is untouched. */
  async withCleanup(name: string, load: (id: number) => Promise<SourceInfo>): Promise<SourceInfo> {
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

  async dropSource(id: number): Promise<void> {
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

  /** The views over all sources (measurements, samples, series dimensions, summaries), rebuilt when sources change. */
  async rebuildGlobalViews(): Promise<void> {
    const ids = [...this.sources.keys()].sort((a, b) => a - b);
    const union = (base: string, suffix: string, only = ids) =>
      [`SELECT * FROM ${base}`, ...only.map((id) => `SELECT * FROM ${quoteIdent(`src_${id}_${suffix}`)}`)].join(' UNION ALL BY NAME ');
    await this.exec('schema/measurements_view', {}, { union: union('canonical_measurements', 'm') });
    await this.exec('schema/samples_view', {}, { union: union('canonical_samples', 's', ids.filter((id) => this.sources.get(id)!.hasSamples)) });
    await this.exec('schema/series_dims_table', {}, { union: union('canonical_series_dims', 'sd') });
    await this.exec('schema/series_summary_view', {}, { union: union('canonical_summary', 'sum') });
    await this.exec('schema/series_table');
  }

  async metricInfo(): Promise<Map<string, { id: number; unit: string; direction: Direction }>> {
    const rows = tableRows(await this.db.query("SELECT metric, metric_id, coalesce(unit, '') AS unit, direction FROM metric_info")) as { metric: string; metric_id: number; unit: string; direction: Direction }[];
    return new Map(rows.map((r) => [r.metric, { id: r.metric_id, unit: r.unit, direction: r.direction }]));
  }
}
