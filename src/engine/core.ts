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
import { columnsToIPC, type ColumnValues } from './arrow-ipc.ts';
import type { SqlName } from './sql-names.ts';
import { bindParams, fillSlots, quoteIdent, type SqlLibrary } from './sql.ts';

/** The detector over many histories, in order: one after the other here; the CLI spreads them over threads. */
export type FindInHistories = (
  histories: SeriesHistory[],
  settings: AnalysisSettings,
  outliersAfter?: number,
) => Promise<HistoryFindings[]>;

export const findInHistoriesInTurn: FindInHistories = async (histories, settings, outliersAfter) =>
  histories.map((h) => findInHistory(h, settings, outliersAfter));

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

export class EngineCore {
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

  /** Run a named statement of sql/ (the only way the engine's modules run SQL). */
  /** Run a named statement of sql/ (the only way the engine's modules run SQL). Names are checked by the type
   *  checker (sql-names.ts); parameters and slots by bindParams / fillSlots and by tests/unit/sql-names.test.ts. */
  async exec(name: SqlName, params: Record<string, unknown> = {}, slots: Record<string, string> = {}): Promise<Table> {
    const statement = this.sql[name];
    if (!statement) throw new Error(`unknown SQL file: ${name}`);
    const text = statement.slots.length ? fillSlots(statement, slots) : statement.text;
    return this.db.query(text, bindParams(statement, params));
  }

  async rows<T = Record<string, unknown>>(
    name: SqlName,
    params: Record<string, unknown> = {},
    slots: Record<string, string> = {},
  ): Promise<T[]> {
    return tableRows(await this.exec(name, params, slots)) as T[];
  }

  /** Run `work` in one transaction: committed when it returns, rolled back when it throws. */
  async withTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.exec('engine/begin');
    try {
      const result = await work();
      await this.exec('engine/commit');
      return result;
    } catch (error) {
      await this.exec('engine/rollback').catch(() => undefined);
      throw error;
    }
  }

  /** Columns staged as an in-memory table (from Arrow) for `work`, then dropped; `work` gets its quoted name. */
  async withStaged<T>(name: string, columns: ColumnValues[], work: (staged: string) => Promise<T>): Promise<T> {
    const staged = quoteIdent(name);
    await this.dropTable(staged);
    await this.db.insertArrowIPC(name, columnsToIPC(columns));
    try {
      return await work(staged);
    } finally {
      await this.dropTable(staged);
    }
  }

  dropTable(quoted: string): Promise<Table> {
    return this.exec('engine/drop_table', {}, { table: quoted });
  }

  newState(id: number, info: Omit<SourceInfo, 'id'>): SourceState {
    const state: SourceState = {
      info: { id, ...info },
      views: [],
      tables: [],
      attached: null,
      files: [],
      rawTable: null,
      hasSamples: false,
    };
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
    const objects = await this.rows<{ table_name: string; table_type: string }>('engine/source_objects', { prefix });
    for (const view of objects.filter((o) => o.table_type === 'VIEW'))
      await this.exec('engine/drop_view', {}, { view: quoteIdent(view.table_name) });
    for (const table of objects.filter((o) => o.table_type !== 'VIEW'))
      await this.dropTable(quoteIdent(table.table_name));
    const alias = `src_${id}`;
    if ((await this.rows('engine/is_attached', { alias })).length)
      await this.exec('engine/detach', {}, { alias: quoteIdent(alias) });
    for (const file of state?.files ?? [sourceFile(`src_${id}.duckdb`)])
      await this.db.dropFile(file).catch(() => undefined);
  }

  /** The views over all sources (measurements, samples, series dimensions, summaries), rebuilt when sources change. */
  async rebuildGlobalViews(): Promise<void> {
    const ids = [...this.sources.keys()].sort((a, b) => a - b);
    const union = (base: string, suffix: string, only = ids) =>
      [`SELECT * FROM ${base}`, ...only.map((id) => `SELECT * FROM ${quoteIdent(`src_${id}_${suffix}`)}`)].join(
        ' UNION ALL BY NAME ',
      );
    await this.exec('schema/measurements_view', {}, { union: union('canonical_measurements', 'm') });
    await this.exec(
      'schema/samples_view',
      {},
      {
        union: union(
          'canonical_samples',
          's',
          ids.filter((id) => this.sources.get(id)!.hasSamples),
        ),
      },
    );
    await this.exec('schema/series_dims_table', {}, { union: union('canonical_series_dims', 'sd') });
    await this.exec('schema/series_summary_view', {}, { union: union('canonical_summary', 'sum') });
    await this.exec('schema/series_table');
  }

  async metricInfo(): Promise<Map<string, { id: number; unit: string; direction: Direction }>> {
    const rows = await this.rows<{ metric: string; metric_id: number; unit: string; direction: Direction }>(
      'engine/metric_info',
    );
    return new Map(rows.map((r) => [r.metric, { id: r.metric_id, unit: r.unit, direction: r.direction }]));
  }
}
