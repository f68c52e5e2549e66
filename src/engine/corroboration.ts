// Cross-series evidence for the analysis: the runs at which the detector found shifts are matched across series by
// commit (where the data has commits) or else by time, and lib/analysis/corroborate.ts tests the other series there.
// Shifts it confirms are added to their series' change points, so regressions, incidents, charts and `changes`
// all carry them; what confirmed each is returned for the explanations.
import { corroborate, type Corroborated, type RunRef, type SharedRun } from '../lib/analysis/corroborate.ts';
import type { DetailLookup, HistoryFindings } from '../lib/analysis/detect.ts';
import type { AnalysisSettings } from '../lib/analysis/settings.ts';
import type { EngineCore } from './core.ts';
import { FILTER_SEP } from './filter.ts';

export interface Confirmation {
  seriesKey: string;
  metric: string;
  ts: number;
  /** Other series whose own shift the detector found at this run. */
  foundIn: number;
  tests: number;
  rawP: number;
  pValue: number;
  /** Set when the series' own shift was found this many runs away and is taken to be this one. */
  movedRuns?: number;
}

/** Index of the run at time `ts` in an ascending time array, or −1. */
function indexAt(ts: Float64Array, t: number): number {
  let lo = 0,
    hi = ts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] < t) lo = mid + 1;
    else if (ts[mid] > t) hi = mid - 1;
    else return mid;
  }
  return -1;
}

export async function corroborateFindings(
  core: EngineCore,
  findings: HistoryFindings[],
  settings: AnalysisSettings,
  lookup: DetailLookup,
  seriesKeyOf: Map<number, string>,
  metricOf: Map<number, string>,
): Promise<Confirmation[]> {
  const shared = new Map<string, SharedRun>();
  const runAt = (key: string) => {
    let run = shared.get(key);
    if (!run) shared.set(key, (run = { key, found: [], candidates: [] }));
    return run;
  };
  const commits = new Set<string>();
  findings.forEach((f, series) => {
    for (const c of f.changePoints) {
      if (c.index === 0) continue;
      const commit = lookup(f.history.seriesKey, f.history.metric, f.history.ts[c.index])?.commit;
      if (commit) commits.add(commit);
      runAt(commit ? `commit:${commit}` : `ts:${f.history.ts[c.index]}`).found.push({ series, index: c.index });
    }
  });
  if (shared.size === 0) return [];

  const position = new Map(findings.map((f, i) => [`${f.history.seriesKey}\u0000${f.history.metric}`, i]));
  if (commits.size > 0) {
    const rows = await core.rows<{ series_id: number; metric_id: number; git_commit: string; ts: number }>(
      'analysis/commit_runs',
      { commits: [...commits].join(FILTER_SEP) },
    );
    for (const r of rows) {
      const series = position.get(`${seriesKeyOf.get(r.series_id)}\u0000${metricOf.get(r.metric_id)}`);
      if (series === undefined) continue;
      const index = indexAt(findings[series].history.ts, r.ts);
      if (index > 0) runAt(`commit:${r.git_commit}`).candidates.push({ series, index });
    }
  }
  for (const run of shared.values()) {
    if (!run.key.startsWith('ts:')) continue;
    const t = Number(run.key.slice(3));
    findings.forEach((f, series) => {
      const index = indexAt(f.history.ts, t);
      if (index > 0) run.candidates.push({ series, index } satisfies RunRef);
    });
  }

  const cp = settings.changepoint;
  const found = corroborate(
    findings.map((f) => f.history.value),
    findings.map((f) => f.changePoints.map((c) => c.index)),
    [...shared.values()],
    cp,
  );
  return found.map((c: Corroborated) => {
    const f = findings[c.series];
    const kept = f.changePoints.filter((own) => own.index !== c.replaces);
    f.changePoints = [...kept, c.changePoint].sort((a, b) => a.index - b.index);
    return {
      seriesKey: f.history.seriesKey,
      metric: f.history.metric,
      ts: f.history.ts[c.changePoint.index],
      foundIn: c.foundIn,
      tests: c.tests,
      rawP: c.rawP,
      pValue: c.changePoint.pValue,
      ...(c.replaces !== undefined ? { movedRuns: c.changePoint.index - c.replaces } : {}),
    };
  });
}
