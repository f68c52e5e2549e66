// Every series' points with the commit and branch of their runs: what `check --head --base` splits into the base
// branch's history and the pull request's runs.
import type { DimensionFilter } from '../lib/model/api.ts';
import type { Direction } from '../lib/model/metrics.ts';
import type { EngineCore } from './core.ts';
import { encodeFilter } from './filter.ts';
import { loadPublishedData } from './published-source.ts';
import { describeScope } from './queries.ts';

export interface BranchPoint {
  ts: number;
  value: number;
  commit: string | null;
  branch: string | null;
}

export interface BranchSeries {
  seriesKey: string;
  label: string;
  metric: string;
  unit: string;
  direction: Direction;
  /** In time order. */
  points: BranchPoint[];
}

export async function branchHistories(
  core: EngineCore,
  options: { filter?: DimensionFilter; metric?: string } = {},
): Promise<BranchSeries[]> {
  await loadPublishedData(core, 'all');
  await core.exec('analysis/scope_series', { filters: encodeFilter(options.filter ?? {}) });
  const described = await describeScope(core);
  const info = await core.metricInfo();
  const keyOf = new Map([...described].map(([key, d]) => [d.id, key]));
  const metricOf = new Map([...info].map(([metric, m]) => [m.id, metric]));
  const rows = await core.rows<{
    series_id: number;
    metric_id: number;
    ts: number;
    value: number;
    git_commit: string | null;
    branch: string | null;
  }>('analysis/branch_values');
  const out: BranchSeries[] = [];
  let current: BranchSeries | null = null;
  let currentIds = '';
  for (const r of rows) {
    const ids = `${r.series_id}:${r.metric_id}`;
    if (ids !== currentIds) {
      const seriesKey = keyOf.get(Number(r.series_id));
      const metric = metricOf.get(Number(r.metric_id));
      currentIds = ids;
      current = null;
      if (seriesKey === undefined || metric === undefined || (options.metric && metric !== options.metric)) continue;
      current = {
        seriesKey,
        label: described.get(seriesKey)!.label,
        metric,
        unit: info.get(metric)!.unit,
        direction: info.get(metric)!.direction,
        points: [],
      };
      out.push(current);
    }
    current?.points.push({ ts: r.ts, value: r.value, commit: r.git_commit, branch: r.branch });
  }
  return out;
}
