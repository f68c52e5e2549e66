// What `perftrack publish` reads from the engine: the catalog for the summary, each calendar period's rows and
// fingerprints, the regressions' sparklines, and (native DuckDB) a period's range of series copied straight to a
// Parquet file.
import type { Table } from 'apache-arrow';
import type { EngineCore } from './core.ts';
import type { NativeDb } from './db/native.ts';
import { bindParams, fillSlots, quoteLiteral } from './sql.ts';

/** The measurements of a calendar period whose series ids lie in [series_min, series_max]: a slice of series as
 *  period_fingerprints.sql gives it, or the file publish makes of neighbouring slices. */
export interface Period {
  period: string;
  /** The first slice (0–1023: the series id's top 10 of 53 bits). */
  slice: number;
  rows: number;
  fingerprint: string;
  first_ts: number;
  last_ts: number;
  start_ms: number;
  end_ms: number;
  series_min: number;
  series_max: number;
  /** Set by publish when the period is written as several files: sorted once (stage_period.sql) for all of them,
   *  and freed after the one marked `lastOfStage`. */
  staged?: boolean;
  lastOfStage?: boolean;
}

export interface PublishCatalog {
  series: { series_id: number; series_key: string; label: string }[];
  dims: { series_id: number; dim: string; ordinal: number; value: string | null }[];
  metrics: { metric: string; metric_id: number; unit: string | null; direction: 'higher' | 'lower' }[];
  summary: {
    series_id: number;
    metric_id: number;
    points: number;
    first_ts: number;
    last_ts: number;
    last_value: number;
    min_value: number;
    max_value: number;
  }[];
}

export async function publishCatalog(core: EngineCore): Promise<PublishCatalog> {
  return {
    series: await core.rows('publish/series'),
    dims: await core.rows('publish/series_dims'),
    metrics: await core.rows('publish/metrics'),
    summary: await core.rows('publish/summary'),
  };
}

export function periodFingerprints(core: EngineCore, granularity: string): Promise<Period[]> {
  return core.rows<Period>('publish/period_fingerprints', { granularity });
}

export function periodRows(core: EngineCore, period: Period): Promise<Table> {
  return core.exec('publish/period_rows', {
    start_ms: period.start_ms,
    end_ms: period.end_ms,
    series_min: period.series_min,
    series_max: period.series_max,
  });
}

export function sparklineRows(core: EngineCore, pairs: string, maxPoints: number): Promise<Table> {
  return core.exec('publish/sparklines', { pairs, max_points: maxPoints });
}

/** The period the aside connection holds in its temporary table (stage_period.sql), per engine. */
const stagedPeriods = new WeakMap<EngineCore, number>();

/** Native DuckDB only: write a period's rows (of a range of series) with DuckDB's own Parquet writer, on a
 *  connection beside the engine's (so partitions are written while the engine goes on). A period written as several
 *  files is staged (sorted) once and each file copied from it in order. */
export async function copyPeriod(core: EngineCore, period: Period, file: string, rowsPerGroup: number): Promise<void> {
  const db = core.db as NativeDb;
  const bounds = { start_ms: period.start_ms, end_ms: period.end_ms };
  const series = { series_min: period.series_min, series_max: period.series_max };
  const slots = {
    file: quoteLiteral(file),
    row_group_size: String(rowsPerGroup),
    metadata: quoteLiteral(JSON.stringify({ period: period.period, rows: period.rows })),
  };
  if (!period.staged) {
    const statement = core.sql['publish/copy_period'];
    await db.queryAside(fillSlots(statement, slots), bindParams(statement, { ...bounds, ...series }));
    return;
  }
  if (stagedPeriods.get(core) !== period.start_ms) {
    stagedPeriods.delete(core);
    const stage = core.sql['publish/stage_period'];
    await db.queryAside(stage.text, bindParams(stage, bounds));
    stagedPeriods.set(core, period.start_ms);
  }
  const statement = core.sql['publish/copy_staged'];
  try {
    await db.queryAside(fillSlots(statement, slots), bindParams(statement, series));
  } finally {
    if (period.lastOfStage) {
      stagedPeriods.delete(core);
      await db.queryAside(core.sql['publish/drop_staged_period'].text, []);
    }
  }
}
