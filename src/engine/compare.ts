// Engine queries for the Compare view (kept beside the engine: they only run named SQL through it).
import type { DimensionFilter } from '../lib/model/api.ts';
import { compareRows, type CompareGroupRow, type ComparisonRow } from '../lib/analysis/compare.ts';
import type { CompareSpec } from '../lib/model/api.ts';
import type { Engine } from './engine.ts';
import { encodeFilter } from './filter.ts';

export interface CompareValue {
  value: string;
  rows: number;
  firstTs: number;
  lastTs: number;
}

export function compareValues(engine: Engine, kind: 'version' | 'commit' | 'run'): Promise<CompareValue[]> {
  return engine.serial(async () => {
    await engine.loadPublishedData('all');
    const rows = await engine.rows<{ value: string; rows: number; first_ts: number; last_ts: number }>('query/compare_values', { kind });
    return rows.map((r) => ({ value: r.value, rows: r.rows, firstTs: r.first_ts, lastTs: r.last_ts }));
  });
}

export function compare(engine: Engine, spec: CompareSpec, filter: DimensionFilter = {}): Promise<ComparisonRow[]> {
  return engine.serial(async () => {
    await engine.loadPublishedData('all');
    await engine.exec('analysis/scope_series', { filters: encodeFilter(filter) });
    const rows = await engine.rows<CompareGroupRow>('query/compare_groups', { kind: spec.kind, a: spec.a, b: spec.b });
    return compareRows(rows);
  });
}
