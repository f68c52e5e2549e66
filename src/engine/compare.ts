// The Compare view's queries: the values two groups can be picked from, and the comparison of two groups.
import type { DimensionFilter } from '../lib/model/api.ts';
import { compareRows, type CompareGroupRow, type ComparisonRow } from '../lib/analysis/compare.ts';
import type { CompareSpec } from '../lib/model/api.ts';
import type { EngineCore } from './core.ts';
import { loadPublishedData } from './published-source.ts';
import { encodeFilter } from './filter.ts';

export interface CompareValue {
  value: string;
  rows: number;
  firstTs: number;
  lastTs: number;
}

export async function compareValues(core: EngineCore, kind: 'version' | 'commit' | 'run'): Promise<CompareValue[]> {
  await loadPublishedData(core, 'all');
  const rows = await core.rows<{ value: string; rows: number; first_ts: number; last_ts: number }>(
    'query/compare_values',
    { kind },
  );
  return rows.map((r) => ({ value: r.value, rows: r.rows, firstTs: r.first_ts, lastTs: r.last_ts }));
}

export async function compare(
  core: EngineCore,
  spec: CompareSpec,
  filter: DimensionFilter = {},
): Promise<ComparisonRow[]> {
  await loadPublishedData(core, 'all');
  await core.exec('analysis/scope_series', { filters: encodeFilter(filter) });
  const rows = await core.rows<CompareGroupRow>('query/compare_groups', { kind: spec.kind, a: spec.a, b: spec.b });
  return compareRows(rows);
}
