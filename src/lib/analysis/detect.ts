// Turning series histories and SQL statistics into verdicts users can act on: regressions with their
// evidence, outliers, and trends. Pure functions; the engine feeds them columns fetched from DuckDB.
import type { Direction } from '../sources/metrics.ts';
import { formatP, formatPercent, formatTime, formatValue, shortCommit } from '../format/format.ts';
import { compareSamples, detectChangePoints, findOutliers, type ChangePoint } from './changepoints.ts';
import { isWorse, severityClass, thresholdFor, type AnalysisSettings } from './settings.ts';
import { coefficientOfVariation, linearRegression, mannKendall, median, theilSen } from './stats.ts';
import type { Dimensions, Regression, SamplePoint, Trend, TrendDirection } from './types.ts';

export interface SeriesHistory {
  seriesKey: string;
  metric: string;
  ts: Float64Array;
  value: Float64Array;
}

export interface SeriesContext {
  label: string;
  series: Dimensions;
  unit: string;
  direction: Direction;
}

/** Where in a history the detector found something; attribution is looked up afterwards. */
export interface HistoryFindings {
  history: SeriesHistory;
  changePoints: ChangePoint[];
  outliers: number[];
}

/** Change points (only for the change-point method: the percent method does not need them) and outliers. */
export function findInHistory(history: SeriesHistory, settings: AnalysisSettings): HistoryFindings {
  const cp = settings.changepoint;
  if (history.value.length < 2 * cp.minSegment) return { history, changePoints: [], outliers: [] };
  return {
    history,
    changePoints: settings.method === 'changepoint' ? detectChangePoints(history.value, cp) : [],
    outliers: findOutliers(history.value),
  };
}

export interface PointDetails {
  commit: string | null;
  versionTag: string | null;
  runGroup: string | null;
  resultId: number | null;
  samples: number[] | null;
}

export type DetailLookup = (seriesKey: string, metric: string, ts: number) => PointDetails | undefined;

function samplePoint(history: SeriesHistory, index: number, details: DetailLookup): SamplePoint {
  const d = details(history.seriesKey, history.metric, history.ts[index]);
  return {
    ts: history.ts[index],
    value: history.value[index],
    commit: d?.commit ?? null,
    versionTag: d?.versionTag ?? null,
    runGroup: d?.runGroup ?? null,
    resultId: d?.resultId ?? null,
  };
}

/** Points whose attribution (and raw samples) a change point's evidence needs. */
export function pointsToDescribe(findings: HistoryFindings, minSegment: number): number[] {
  const wanted = new Set<number>();
  for (const c of findings.changePoints) {
    for (let i = Math.max(0, c.index - minSegment); i < Math.min(findings.history.ts.length, c.index + minSegment); i++) wanted.add(i);
  }
  for (const i of findings.outliers) wanted.add(i);
  return [...wanted].sort((a, b) => a - b);
}

export function fingerprint(seriesKey: string, metric: string, method: string, firstBad: SamplePoint): string {
  const text = `${seriesKey}|${metric}|${method}|${firstBad.commit ?? firstBad.ts}`;
  // FNV-1a, 32-bit, twice with different seeds: short, stable, no crypto needed for an identity.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * Change-point regressions of one series: every shift to a worse level whose first bad sample lies in
 * the detection window. A shift later undone (the newest level is back within half of it) is kept but
 * marked recovered.
 */
export function changePointRegressions(
  findings: HistoryFindings,
  context: SeriesContext,
  settings: AnalysisSettings,
  referenceTs: number,
  details: DetailLookup,
): Regression[] {
  const { history } = findings;
  const windowStart = referenceTs - settings.regressionDays * 86_400_000;
  const n = history.value.length;
  const out: Regression[] = [];
  const last = findings.changePoints.length ? findings.changePoints[findings.changePoints.length - 1] : null;
  const newestLevel = last ? last.afterMedian : null;
  for (const c of findings.changePoints) {
    if (!Number.isFinite(c.changePct) || !isWorse(c.changePct, context.direction)) continue;
    if (history.ts[c.index] <= windowStart) continue;
    const firstBad = samplePoint(history, c.index, details);
    const lastGood = c.index > 0 ? samplePoint(history, c.index - 1, details) : null;
    const before = c.beforeMedian;
    const after = c.afterMedian;
    const recovered = newestLevel !== null && Math.abs(newestLevel - before) < Math.abs(after - before) / 2;
    const samplesTest = rawSampleTest(history, c, settings.changepoint.minSegment, details);
    const regression: Regression = {
      fingerprint: fingerprint(history.seriesKey, history.metric, 'changepoint', firstBad),
      method: 'changepoint',
      seriesKey: history.seriesKey,
      series: context.series,
      label: context.label,
      metric: history.metric,
      unit: context.unit,
      direction: context.direction,
      changePct: c.changePct,
      severity: severityClass(c.changePct),
      before,
      after,
      pValue: c.pValue,
      samplesTest,
      noisePct: c.noisePct,
      nBefore: c.nBefore,
      nAfter: c.nAfter,
      firstBad,
      lastGood,
      status: recovered ? 'recovered' : 'active',
      explanation: '',
    };
    regression.explanation = explainChangePoint(regression, c, n);
    out.push(regression);
  }
  return out;
}

function rawSampleTest(history: SeriesHistory, c: ChangePoint, k: number, details: DetailLookup): Regression['samplesTest'] {
  const collect = (from: number, to: number) => {
    const all: number[] = [];
    for (let i = Math.max(0, from); i < Math.min(history.ts.length, to); i++) {
      const s = details(history.seriesKey, history.metric, history.ts[i])?.samples;
      if (s) all.push(...s);
    }
    return all;
  };
  const before = collect(c.index - k, c.index);
  const after = collect(c.index, c.index + k);
  if (before.length < 5 || after.length < 5) return null;
  const test = compareSamples(before, after);
  return { pMannWhitney: test.pMannWhitney, pWelch: test.pWelch, nBefore: before.length, nAfter: after.length };
}


function explainChangePoint(r: Regression, c: ChangePoint, n: number): string {
  const worse = r.direction === 'higher' ? 'fell' : 'rose';
  const shift = Math.abs(r.changePct) / Math.max(c.noisePct, 1e-9);
  const parts = [
    `${r.metric} ${worse} ${formatPercent(r.changePct)} (median ${formatValue(r.before, r.unit)} → ${formatValue(r.after, r.unit)})`,
    `from ${formatTime(r.firstBad.ts)}${r.firstBad.commit ? `, commit ${shortCommit(r.firstBad.commit)}` : ''}${r.firstBad.versionTag ? ` (${r.firstBad.versionTag})` : ''}`,
  ];
  const evidence = [
    `${c.nBefore} samples before, ${c.nAfter} after`,
    c.noisePct < 0.005 ? 'noise below 0.01 % (a steady series)' : `noise ${c.noisePct.toFixed(2)} %, shift ${shift.toFixed(1)}× noise`,
    `p = ${formatP(c.pValue)} (level test, adjusted for ${n} positions)`,
  ];
  if (r.samplesTest) evidence.push(`raw samples: Mann–Whitney p = ${formatP(r.samplesTest.pMannWhitney)} (${r.samplesTest.nBefore} vs ${r.samplesTest.nAfter})`);
  if (r.status === 'recovered') evidence.push('the newest level is back near the old one');
  return `${parts.join(' ')}. ${evidence.join('; ')}.`;
}

export function explainPercent(r: Regression, threshold: number, baselineN: number): string {
  const worse = r.direction === 'higher' ? 'below' : 'above';
  return (
    `${r.metric} ${formatValue(r.after, r.unit)} at ${formatTime(r.firstBad.ts)}${r.firstBad.commit ? ` (commit ${shortCommit(r.firstBad.commit)})` : ''} is ` +
    `${formatPercent(r.changePct)} vs the baseline mean ${formatValue(r.before, r.unit)} of ${baselineN} results: ${worse} the ${threshold} % threshold. ` +
    'One result: no significance test (percent method).'
  );
}

export function outlierDeviation(history: SeriesHistory, index: number): number {
  const from = Math.max(0, index - 5);
  const to = Math.min(history.value.length, index + 6);
  const neighbours: number[] = [];
  for (let i = from; i < to; i++) if (i !== index) neighbours.push(history.value[i]);
  const level = median(neighbours);
  return (history.value[index] / level - 1) * 100;
}

// ---- trends -------------------------------------------------------------------------------------

export interface TrendStats {
  seriesKey: string;
  metric: string;
  n: number;
  mean: number;
  stddev: number | null;
  slope: number | null;
  r2: number | null;
  firstValue: number;
  lastValue: number;
  firstTs: number;
  lastTs: number;
}

/**
 * The seed's trend verdict: CV < 0.01 → stable (magnitude 0, confidence 1); else total change first → last
 * sample, ±1 % decides improving / degrading by the metric's direction, r² < 0.5 → volatile,
 * confidence = min(1, r²). Plus a robust slope (Theil–Sen, % of the median level per week) and the
 * Mann–Kendall p-value, from the raw values of the window when given.
 */
export function classifyTrend(stats: TrendStats, context: SeriesContext, values?: ArrayLike<number>): Trend {
  const cv = stats.stddev !== null && stats.mean !== 0 ? Math.abs(stats.stddev / stats.mean) : values ? coefficientOfVariation(values) : 0;
  let trend: TrendDirection;
  let magnitudePct = 0;
  let confidence = 1;
  const r2 = stats.r2 === null || !Number.isFinite(stats.r2) ? 0 : stats.r2;
  if (cv < 0.01) {
    trend = 'stable';
  } else {
    magnitudePct = stats.firstValue !== 0 ? (stats.lastValue / stats.firstValue - 1) * 100 : 0;
    const up = magnitudePct > 1;
    const down = magnitudePct < -1;
    trend = !up && !down ? 'stable' : (up === (context.direction === 'higher')) ? 'improving' : 'degrading';
    if (r2 < 0.5) trend = 'volatile';
    confidence = Math.min(1, r2);
  }
  let theilSenPctPerWeek: number | null = null;
  let mannKendallP: number | null = null;
  if (values && values.length >= 3) {
    const spanDays = (stats.lastTs - stats.firstTs) / 86_400_000;
    const level = median(values);
    const ts = theilSen(values);
    if (spanDays > 0 && level !== 0 && Number.isFinite(ts.slope)) {
      const samplesPerWeek = ((values.length - 1) / spanDays) * 7;
      theilSenPctPerWeek = ((ts.slope * samplesPerWeek) / Math.abs(level)) * 100;
    }
    const mk = mannKendall(values);
    mannKendallP = Number.isFinite(mk.pValue) ? mk.pValue : null;
  }
  return {
    seriesKey: stats.seriesKey,
    series: context.series,
    label: context.label,
    metric: stats.metric,
    unit: context.unit,
    direction: context.direction,
    trend,
    magnitudePct,
    confidence,
    count: stats.n,
    cv,
    r2: stats.r2,
    theilSenPctPerWeek,
    mannKendallP,
    startTs: stats.firstTs,
    endTs: stats.lastTs,
  };
}

export { thresholdFor };

/** The seed's trend statistics of the part of a history after `from`: least squares on the sample index. */
export function seedTrendStats(history: SeriesHistory, from: number): TrendStats | null {
  let start = 0;
  while (start < history.ts.length && history.ts[start] <= from) start++;
  const values = history.value.subarray(start);
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const fit = n >= 2 ? linearRegression(values) : null;
  return {
    seriesKey: history.seriesKey,
    metric: history.metric,
    n,
    mean,
    stddev: n >= 2 ? Math.sqrt(ss / (n - 1)) : null,
    slope: fit && Number.isFinite(fit.slope) ? fit.slope : null,
    r2: fit && Number.isFinite(fit.r2) ? fit.r2 : null,
    firstValue: values[0],
    lastValue: values[n - 1],
    firstTs: history.ts[start],
    lastTs: history.ts[history.ts.length - 1],
  };
}
