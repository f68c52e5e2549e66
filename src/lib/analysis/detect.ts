// Turning series histories and SQL statistics into verdicts users can act on: regressions with their
// evidence, and outliers (trends are trends.ts). Pure functions; the engine feeds them columns fetched from DuckDB.
import type { Direction } from '../model/metrics.ts';
import { formatP, formatPercent, formatTime, formatValue, shortCommit } from '../format/format.ts';
import { compareSamples, findOutliers, type ChangePoint } from './changepoints.ts';
import { analyseSeries, type SeriesAnalysis } from './series-analysis.ts';
import { isWorse, LOW_CONFIDENCE_P, severityClass, thresholdFor, type AnalysisSettings } from './settings.ts';
import { median } from './stats.ts';
import type { Dimensions, Regression, SamplePoint } from './types.ts';

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
  /** The history analysed: the input without repeated rows (same time and value). */
  history: SeriesHistory;
  changePoints: ChangePoint[];
  outliers: number[];
  /** Change-point method: the whole per-series analysis (stability, newest run, short history). */
  analysis: SeriesAnalysis | null;
}

/**
 * The same row loaded twice (two copies of one file, a re-run export) is one measurement: repeated
 * (time, value) pairs are kept once, so they neither fake a level nor multiply outlier flags.
 */
export function withoutRepeatedRows(history: SeriesHistory): SeriesHistory {
  const n = history.ts.length;
  let repeated = 0;
  for (let i = 1; i < n; i++)
    if (history.ts[i] === history.ts[i - 1] && history.value[i] === history.value[i - 1]) repeated++;
  if (repeated === 0) return history;
  const ts = new Float64Array(n - repeated),
    value = new Float64Array(n - repeated);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && history.ts[i] === history.ts[i - 1] && history.value[i] === history.value[i - 1]) continue;
    ts[k] = history.ts[i];
    value[k++] = history.value[i];
  }
  return { ...history, ts, value };
}

/** Change points (only for the change-point method: the percent method does not need them) and the outliers after
 *  `outliersAfter` (a time; the analysis lists those of its regression window). */
export function findInHistory(
  input: SeriesHistory,
  settings: AnalysisSettings,
  outliersAfter = -Infinity,
): HistoryFindings {
  const history = withoutRepeatedRows(input);
  const cp = settings.changepoint;
  const analysis =
    settings.method === 'changepoint' && history.value.length >= 2 ? analyseSeries(history.value, cp) : null;
  if (history.value.length < 2 * cp.minSegment) return { history, changePoints: [], outliers: [], analysis };
  // An unstable series' wild runs are its modes or its tail, said once in its label, not listed one by one.
  let from = 0;
  while (from < history.ts.length && history.ts[from] <= outliersAfter) from++;
  const outliers = analysis?.stability.unstable ? [] : findOutliers(history.value, undefined, from);
  // The first runs of a series that starts at another level are that level, not outliers.
  const edge = analysis?.changePoints.find((c) => c.beforeStart === 0 && c.index < cp.minSegment);
  const shown = edge ? outliers.filter((i) => i >= edge.index) : outliers;
  return { history, changePoints: analysis?.changePoints ?? [], outliers: shown, analysis };
}

export interface PointDetails {
  commit: string | null;
  versionTag: string | null;
  runGroup: string | null;
  resultId: number | null;
  samples: number[] | null;
}

export type DetailLookup = (seriesKey: string, metric: string, ts: number) => PointDetails | undefined;

/** The point at `index` of the history, with its commit, version, run group and result id where `details` has them. */
export function samplePoint(history: SeriesHistory, index: number, details: DetailLookup): SamplePoint {
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
    for (let i = Math.max(0, c.index - minSegment); i < Math.min(findings.history.ts.length, c.index + minSegment); i++)
      wanted.add(i);
    if (c.lastGoodIndex !== undefined) wanted.add(c.lastGoodIndex);
  }
  for (const i of findings.outliers) wanted.add(i);
  const a = findings.analysis;
  const n = findings.history.ts.length;
  if (a?.latest?.outOfLine) for (let i = Math.max(0, a.latest.firstIndex - 1); i < n; i++) wanted.add(i);
  if (a?.shortHistory) for (let i = 0; i < n; i++) wanted.add(i);
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
 * Change-point regressions of one series whose first bad sample lies in the detection window
 * (see allChangePointRegressions for what counts and its status).
 */
export function changePointRegressions(
  findings: HistoryFindings,
  context: SeriesContext,
  settings: AnalysisSettings,
  referenceTs: number,
  details: DetailLookup,
): Regression[] {
  const windowStart = referenceTs - settings.regressionDays * 86_400_000;
  return allChangePointRegressions(findings, context, settings, details).filter((r) => r.firstBad.ts > windowStart);
}

/**
 * Every change-point regression of one series, whatever its date: each shift to a worse level,
 * except the end of an improvement (a shift back to no worse than the level before it). Status,
 * from the newest level N (SeriesAnalysis.newestLevel: where the series is now) against the level B
 * before the change and A after it:
 *   superseded — N is better than B by at least minRelativeChange (a later improvement outdid it);
 *   recovered  — N is back within half of the shift (|N − B| < |A − B| / 2);
 *   active     — otherwise.
 * A short history without a change point but strictly monotone the worse way is one regression
 * from its first to its newest run, with its exact p.
 */
export function allChangePointRegressions(
  findings: HistoryFindings,
  context: SeriesContext,
  settings: AnalysisSettings,
  details: DetailLookup,
): Regression[] {
  const { history } = findings;
  const n = history.value.length;
  const out: Regression[] = [];
  const cps = findings.changePoints;
  const levels = [0, ...cps.map((c) => c.index), n]
    .slice(0, -1)
    .map((s, i, starts) => median(history.value.subarray(s, i + 1 < starts.length ? starts[i + 1] : n)));
  // Where the series is now (a last segment that drifts back is judged by where it has got to).
  const newestLevel = findings.analysis?.newestLevel ?? levels[levels.length - 1];
  const minRel = settings.changepoint.minRelativeChange;
  cps.forEach((c, j) => {
    if (!Number.isFinite(c.changePct) || !isWorse(c.changePct, context.direction)) return;
    const before = c.beforeMedian;
    const after = c.afterMedian;
    // The end of an improvement: the level before that improvement is no better than where this shift lands.
    if (j > 0 && !isWorse(cps[j - 1].changePct, context.direction)) {
      const earlier = levels[j - 1];
      const landed = (after / earlier - 1) * 100;
      if (!isWorse(landed, context.direction) || Math.abs(landed) < Math.max(minRel * 100, Math.abs(c.changePct) / 2))
        return;
    }
    const firstBad = samplePoint(history, c.index, details);
    const lastGood = c.index > 0 ? samplePoint(history, c.lastGoodIndex ?? c.index - 1, details) : null;
    const nowPct = (newestLevel / before - 1) * 100;
    const status: Regression['status'] =
      !isWorse(nowPct, context.direction) && Math.abs(nowPct) >= minRel * 100
        ? 'superseded'
        : Math.abs(newestLevel - before) < Math.abs(after - before) / 2
          ? 'recovered'
          : 'active';
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
      severity: severityClass(c.changePct, c.pValue),
      before,
      after,
      pValue: c.pValue,
      samplesTest,
      noisePct: c.noisePct,
      nBefore: c.nBefore,
      nAfter: c.nAfter,
      firstBad,
      lastGood,
      status,
      explanation: '',
    };
    regression.explanation = explainChangePoint(regression, c, n, nowPct);
    out.push(regression);
  });
  const short = findings.analysis?.shortHistory;
  if (short && isWorse(short.changePct, context.direction)) {
    const firstBad = samplePoint(history, 1, details);
    const regression: Regression = {
      fingerprint: fingerprint(history.seriesKey, history.metric, 'changepoint', firstBad),
      method: 'changepoint',
      seriesKey: history.seriesKey,
      series: context.series,
      label: context.label,
      metric: history.metric,
      unit: context.unit,
      direction: context.direction,
      changePct: short.changePct,
      severity: severityClass(short.changePct, short.pValue),
      before: history.value[0],
      after: history.value[n - 1],
      pValue: short.pValue,
      samplesTest: null,
      noisePct: null,
      nBefore: 1,
      nAfter: n - 1,
      firstBad,
      lastGood: samplePoint(history, 0, details),
      status: 'active',
      explanation: '',
    };
    const worse = context.direction === 'higher' ? 'fell' : 'rose';
    regression.explanation =
      `${history.metric} ${worse} in every one of ${n} runs, ${formatValue(regression.before, context.unit)} → ${formatValue(regression.after, context.unit)} ` +
      `(${formatPercent(short.changePct)}). Too few runs for a change point; ${n} runs in order happen by chance with p = ${formatP(short.pValue)} ` +
      `(exact, two-sided): ${short.pValue <= LOW_CONFIDENCE_P ? 'fair' : 'low'} confidence, more runs will tell.`;
    out.push(regression);
  }
  return out;
}

function rawSampleTest(
  history: SeriesHistory,
  c: ChangePoint,
  k: number,
  details: DetailLookup,
): Regression['samplesTest'] {
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

function explainChangePoint(r: Regression, c: ChangePoint, n: number, nowPct: number): string {
  const worse = r.direction === 'higher' ? 'fell' : 'rose';
  const shift = Math.abs(r.changePct) / Math.max(c.noisePct, 1e-9);
  const parts = [
    `${r.metric} ${worse} ${formatPercent(r.changePct)} (median ${formatValue(r.before, r.unit)} → ${formatValue(r.after, r.unit)})`,
    `from ${formatTime(r.firstBad.ts)}${r.firstBad.commit ? `, commit ${shortCommit(r.firstBad.commit)}` : ''}${r.firstBad.versionTag ? ` (${r.firstBad.versionTag})` : ''}` +
      ` (first bad run ${formatValue(r.firstBad.value, r.unit)}${r.lastGood ? `, last good ${formatValue(r.lastGood.value, r.unit)}${r.lastGood.commit ? ` at ${shortCommit(r.lastGood.commit)}` : ''}` : ''})`,
  ];
  const evidence = [
    `${c.nBefore} samples before, ${c.nAfter} after`,
    c.noisePct < 0.005
      ? 'noise below 0.01 % (a steady series)'
      : `noise ${c.noisePct.toFixed(2)} %, shift ${shift.toFixed(1)}× noise`,
    `p = ${formatP(c.pValue)} (level test, adjusted for ${n} positions)`,
  ];
  if (r.samplesTest)
    evidence.push(
      `raw samples: Mann–Whitney p = ${formatP(r.samplesTest.pMannWhitney)} (${r.samplesTest.nBefore} vs ${r.samplesTest.nAfter})`,
    );
  if (r.status === 'recovered') evidence.push('the newest level is back near the old one');
  if (r.status === 'superseded')
    evidence.push(
      `superseded: the newest level is ${formatPercent(nowPct)} against the level before the change, better than it was`,
    );
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

export { thresholdFor };
