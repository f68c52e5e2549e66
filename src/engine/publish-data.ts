// What `perftrack publish` reads from the engine: the catalog for the summary, each calendar period's rows and
// fingerprint, the regressions' sparklines, and (native DuckDB) a period copied straight to a Parquet file.
import type { Table } from 'apache-arrow';
import type { EngineCore } from './core.ts';
import type { NativeDb } from './db/native.ts';
import { bindParams, fillSlots, quoteLiteral } from './sql.ts';

/** A calendar period of the measurements, as period_fingerprints.sql gives it. */
export interface Period {
  period: string;
  rows: number;
  fingerprint: string;
  first_ts: number;
  last_ts: number;
  start_ms: number;
  end_ms: number;
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
  return core.exec('publish/period_rows', { start_ms: period.start_ms, end_ms: period.end_ms });
}

export function sparklineRows(core: EngineCore, pairs: string, maxPoints: number): Promise<Table> {
  return core.exec('publish/sparklines', { pairs, max_points: maxPoints });
}

/** Native DuckDB only: write a period's rows with DuckDB's own Parquet writer, on a connection beside the engine's
 *  (so several partitions are written while the engine goes on). */
export async function copyPeriod(core: EngineCore, period: Period, file: string, rowsPerGroup: number): Promise<void> {
  const statement = core.sql['publish/copy_period'];
  const text = fillSlots(statement, {
    file: quoteLiteral(file),
    row_group_size: String(rowsPerGroup),
    metadata: quoteLiteral(JSON.stringify({ period: period.period, rows: period.rows })),
  });
  await (core.db as NativeDb).queryAside(
    text,
    bindParams(statement, { start_ms: period.start_ms, end_ms: period.end_ms }),
  );
}
