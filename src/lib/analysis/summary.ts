// What an analysis says across series, beyond each series' own regressions: incidents (one commit,
// many series), unstable series, the newest runs out of line, and what a detection window hides.
import { formatPercent, formatTime, formatValue, shortCommit } from '../format/format.ts';
import {
  allChangePointRegressions,
  samplePoint,
  type DetailLookup,
  type HistoryFindings,
  type SeriesContext,
} from './detect.ts';
import { compareRegressions } from './regression-order.ts';
import { isWorse, type AnalysisSettings } from './settings.ts';
import type { AnalysisResult, Incident, LatestRun, Regression, UnstableSeries } from './types.ts';

type Extras = Pick<
  AnalysisResult,
  'incidents' | 'unstable' | 'latest' | 'latestChecked' | 'hiddenOlderChanges' | 'shortReasons'
>;

/** Regressions sharing the commit of their first bad run (else its run group, else its time): one incident each,
 *  those with an active regression first. */
export function groupIncidents(regressions: Regression[]): Incident[] {
  const groups = new Map<string, Regression[]>();
  for (const r of regressions) {
    const key = r.firstBad.commit ?? r.firstBad.runGroup ?? `t${r.firstBad.ts}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const incidents: Incident[] = [];
  for (const [key, rs] of groups) {
    rs.sort(compareRegressions);
    incidents.push({
      key,
      commit: rs[0].firstBad.commit,
      ts: Math.min(...rs.map((r) => r.firstBad.ts)),
      regressions: rs.map((r) => r.fingerprint),
      series: new Set(rs.map((r) => r.seriesKey)).size,
      worstPct: rs[0].changePct,
      worstLabel: rs[0].label,
      worstMetric: rs[0].metric,
      worstStatus: rs[0].status,
      active: rs.filter((r) => r.status === 'active').length,
    });
  }
  // What is still wrong first: incidents with an active regression, then the most regressions, then the newest.
  return incidents.sort(
    (a, b) => Number(b.active > 0) - Number(a.active > 0) || b.regressions.length - a.regressions.length || b.ts - a.ts,
  );
}

function latestRun(f: HistoryFindings, ctx: SeriesContext, details: DetailLookup): LatestRun | null {
  const l = f.analysis?.latest;
  if (!l || !l.outOfLine) return null;
  const p = samplePoint(f.history, l.index, details);
  const first = samplePoint(f.history, l.firstIndex, details);
  const runsOut = l.index - l.firstIndex + 1;
  const worse = isWorse(l.deviationPct, ctx.direction);
  return {
    seriesKey: f.history.seriesKey,
    series: ctx.series,
    label: ctx.label,
    metric: f.history.metric,
    unit: ctx.unit,
    direction: ctx.direction,
    point: p,
    firstOut: first,
    runsOut,
    level: l.level,
    deviationPct: l.deviationPct,
    robustZ: l.robustZ,
    referenceCount: l.referenceCount,
    worse,
    status: 'unconfirmed',
    explanation:
      `The newest ${runsOut === 1 ? 'run' : `${runsOut} runs`} (${formatValue(p.value, ctx.unit)} at ${formatTime(p.ts)}${p.commit ? `, commit ${shortCommit(p.commit)}` : ''}) ` +
      `${runsOut === 1 ? 'is' : 'are'} ${formatPercent(l.deviationPct)} against the current level ${formatValue(l.level, ctx.unit)} ` +
      `(robust z ${l.robustZ.toFixed(1)}, outside all ${l.referenceCount} runs since the last change): ${worse ? 'worse' : 'better'}, unconfirmed until more runs agree.`,
  };
}

/** Everything the result adds to the per-series regressions (change-point method). */
export function summariseFindings(
  findings: HistoryFindings[],
  context: (seriesKey: string, metric: string) => SeriesContext,
  settings: AnalysisSettings,
  referenceTs: number,
  details: DetailLookup,
  regressions: Regression[],
): Extras {
  if (settings.method !== 'changepoint') return {};
  const windowStart = referenceTs - settings.regressionDays * 86_400_000;
  let hiddenOlderChanges = 0;
  const unstable: UnstableSeries[] = [];
  const latest: LatestRun[] = [];
  let latestChecked = 0;
  const reasons = new Map<string, number>();
  for (const f of findings) {
    const ctx = context(f.history.seriesKey, f.history.metric);
    hiddenOlderChanges += allChangePointRegressions(f, ctx, settings, details).filter(
      (r) => r.firstBad.ts <= windowStart,
    ).length;
    const a = f.analysis;
    if (!a) continue;
    if (a.stability.unstable) {
      unstable.push({
        seriesKey: f.history.seriesKey,
        series: ctx.series,
        label: ctx.label,
        metric: f.history.metric,
        unit: ctx.unit,
        direction: ctx.direction,
        reason: a.stability.reason ?? '',
        modeSwitches: a.modeSwitches.length,
      });
    }
    if (a.latest) latestChecked++;
    const run = latestRun(f, ctx, details);
    if (run) latest.push(run);
    if (a.shortReason) {
      const general = a.shortReason.replace(/^\d+ runs/, 'n runs').replace(/only -?[\d.]+ %/, 'only a small change');
      reasons.set(general, (reasons.get(general) ?? 0) + 1);
    }
  }
  latest.sort((a, b) => Number(b.worse) - Number(a.worse) || Math.abs(b.deviationPct) - Math.abs(a.deviationPct));
  return {
    incidents: groupIncidents(regressions),
    unstable,
    latest,
    latestChecked,
    hiddenOlderChanges,
    shortReasons: [...reasons].map(([reason, count]) => ({ reason, count })),
  };
}
