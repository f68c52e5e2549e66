// Trends of a series over the trend window. The trend is that of its main level: the runs off it (a runner's
// second mode, spikes) are left out, and the detector's level shifts split the window into segments, so a step
// is a change, not a trend. Each segment gets its own Theil–Sen line, and one Mann–Kendall test is stratified by
// segment; the change over the window is reported apart, as its steps (where one segment's line ends and the next
// starts) and its drift (along the lines). The seed's label (first → last sample, r² < 0.5 → volatile) stays
// beside it for parity with the guide.
import type { Direction } from '../model/metrics.ts';
import { rollingMedian } from './changepoints.ts';
import { WHOLE_HISTORY_DAYS } from './overview-text.ts';
import { isWorse, type AnalysisSettings } from './settings.ts';
import { linearRegression, MAD_SCALE, mannKendall, median, medianInPlace, twoSidedNormalP } from './stats.ts';
import type { AnalysisResult, Dimensions, SeedTrendLabel, Trend, TrendDirection } from './types.ts';

const DAY_MS = 86_400_000;

/** Significance a trend needs (Mann–Kendall p). */
export const TREND_ALPHA = 0.01;
/** Half-width of the rolling median that stands for the main level within a segment (61 runs): wider than
 *  the longest visit to another mode the detector allows (21 runs), so such a visit is off the level, not it. */
const TREND_LEVEL_HALF_WIDTH = 30;
/** A run this many robust sigmas (and 2 × minRelativeChange) from its segment's main level is off it. */
const OFF_LEVEL_K = 3;
/** Above this many runs on the main level, consecutive runs of a segment are merged into their medians,
 *  so a trend costs at most ~125,000 pairs whatever the history's length. */
export const TREND_MAX_POINTS = 500;

export interface TrendHistory {
  seriesKey: string;
  metric: string;
  ts: ArrayLike<number>;
  value: ArrayLike<number>;
}

export interface TrendContext {
  label: string;
  series: Dimensions;
  unit: string;
  direction: Direction;
}

/** The robust trend of the main level (see the file's header). */
export interface MainLevelTrend {
  label: TrendDirection;
  /** Runs in the window, and those on the main level (the runs the trend is fitted on). */
  runs: number;
  used: number;
  /** The drift (Theil–Sen within segments) per week of the window, %. */
  slopePctPerWeek: number | null;
  /** Mann–Kendall p, stratified by segment (null with fewer than 3 runs in every segment). */
  mannKendallP: number | null;
  /** Change of the fitted level from the window's first run to its last, in %: the steps' and the drift's
   *  ratios multiplied (positive values; the sum of their % of the starting level otherwise). */
  changePct: number | null;
  stepsPct: number | null;
  driftPct: number | null;
  /** Level shifts of the detector inside the window. */
  steps: number;
  startLevel: number | null;
  endLevel: number | null;
}

export interface MainLevelTrendOptions {
  /** The window: runs with ts > fromTs. */
  fromTs: number;
  /** Indices (into the history) of the first run of each level shift the detector confirmed. */
  changePoints: readonly number[];
  direction: Direction;
  /** Smallest drift over the window, in %, that is a trend. */
  minChangePct: number;
  /** The detector's minimum relative change: a run off its level by less than twice it is on it. */
  minRelativeChange: number;
  alpha?: number;
}

/**
 * The trend of a history's main level in the window (runs with ts > fromTs); null when the window holds no run.
 * Label: improving / degrading when the drift over the window is at least minChangePct and Mann–Kendall p < α;
 * stable when the drift is smaller than minChangePct; no clear trend when it is larger but not significant.
 */
export function mainLevelTrend(history: TrendHistory, options: MainLevelTrendOptions): MainLevelTrend | null {
  const alpha = options.alpha ?? TREND_ALPHA;
  const n = history.ts.length;
  let start = 0;
  while (start < n && history.ts[start] <= options.fromTs) start++;
  const runs = n - start;
  if (runs === 0) return null;
  // The slope is per run (x = the run's position in the window), as the charts and the seed's fit count runs: a
  // history with a few runs a year ago and many since is not extrapolated across the empty months.
  const spanRuns = runs - 1;
  const weeks = (history.ts[n - 1] - history.ts[start]) / (7 * DAY_MS);
  // Levels compound: on positive values the fit is of log values, so a step or a drift is a ratio, the same at any
  // level; otherwise of the values, in % of the starting level.
  let positive = true;
  for (let i = start; i < n && positive; i++) positive = history.value[i] > 0;
  // Segments inside the window: [bounds[k], bounds[k + 1]).
  const bounds = [start, ...options.changePoints.filter((i) => i > start && i < n), n];
  const steps = bounds.length - 2;
  const segments: { from: number; t: Float64Array; v: Float64Array }[] = [];
  let used = 0;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k];
    const t = Float64Array.from({ length: bounds[k + 1] - from }, (_, i) => from + i - start);
    const v = Float64Array.from(t, (_, i) => history.value[from + i]);
    const off = offLevelRuns(v, options.minRelativeChange);
    const kept = { from: from - start, t: t.filter((_, i) => !off[i]), v: v.filter((_, i) => !off[i]) };
    if (positive) kept.v = kept.v.map(Math.log);
    segments.push(kept);
    used += kept.v.length;
  }
  const empty: MainLevelTrend = {
    label: 'no clear trend',
    runs,
    used,
    slopePctPerWeek: null,
    mannKendallP: null,
    changePct: null,
    stepsPct: null,
    driftPct: null,
    steps,
    startLevel: null,
    endLevel: null,
  };
  const group = Math.ceil(used / TREND_MAX_POINTS);
  const parts = segments
    .map((q) => (group > 1 ? { from: q.from, ...mergedRuns(q, group) } : q))
    .filter((q) => q.v.length > 0);
  if (parts.length === 0 || used < 3) return empty;

  let s = 0,
    varS = 0;
  for (const q of parts) {
    if (q.v.length < 3) continue;
    const mk = mannKendall(q.v);
    s += mk.s;
    varS += mk.varS;
  }
  if (!(varS > 0)) return empty;
  const z = s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0;
  const p = twoSidedNormalP(z);

  // Each segment's line: its own Theil–Sen slope (0 for a single run) and the median of its runs with it taken
  // out. Its drift runs from its first run to the next segment's; a step is where one line ends and the next
  // starts, so the change over the window is exactly the drifts and the steps together.
  const lines = parts.map((q) => {
    const slope = q.v.length > 1 ? medianInPlace(pairwiseSlopes(q)) : 0;
    return { ...q, slope, intercept: median(Float64Array.from(q.v, (v, i) => v - slope * q.t[i])) };
  });
  const fitted = (k: number, x: number) => lines[k].intercept + lines[k].slope * x;
  let drift = 0,
    stepSum = 0;
  for (let k = 0; k < lines.length; k++) {
    const to = k + 1 < lines.length ? lines[k + 1].from : spanRuns;
    drift += lines[k].slope * (to - lines[k].from);
    if (k + 1 < lines.length) stepSum += fitted(k + 1, to) - fitted(k, to);
  }
  const first = fitted(0, 0);
  const last = fitted(lines.length - 1, spanRuns);
  if (!Number.isFinite(drift) || (!positive && !(Math.abs(first) > 0))) return empty;
  // A difference of fitted (log) levels as a percent change.
  const pct = (d: number) => (positive ? Math.expm1(d) : d / Math.abs(first)) * 100;
  const level = (x: number) => (positive ? Math.exp(x) : x);
  const driftPct = pct(drift);
  const min = options.minChangePct;
  // A trend needs the test and the drift to agree on its direction.
  const label: TrendDirection =
    Math.abs(driftPct) >= min && p < alpha && Math.sign(s) === Math.sign(drift)
      ? isWorse(driftPct, options.direction)
        ? 'degrading'
        : 'improving'
      : Math.abs(driftPct) < min
        ? 'stable'
        : 'no clear trend';
  return {
    ...empty,
    label,
    slopePctPerWeek: weeks > 0 ? pct(drift / weeks) : null,
    mannKendallP: p,
    changePct: pct(last - first),
    stepsPct: pct(stepSum),
    driftPct,
    startLevel: level(first),
    endLevel: level(last),
  };
}

/**
 * Runs off a segment's main level: further than OFF_LEVEL_K robust sigmas and 2 × minRelativeChange from the
 * rolling median of the 61 runs around them. The segment's drift is taken out first (a resistant line through
 * the medians of its first and last thirds), or the runs at either end of a drifting segment, where the window
 * stops sliding, would be off the level. The sigma is the MAD of the runs around that median, not the
 * run-to-run noise: a runner that alternates between two modes makes every other difference a jump.
 */
export function offLevelRuns(values: Float64Array, minRelativeChange: number): Uint8Array {
  const n = values.length;
  const off = new Uint8Array(n);
  if (n < 3) return off;
  const third = Math.max(1, Math.floor(n / 3));
  const slope = n >= 6 ? (median(values.subarray(n - third)) - median(values.subarray(0, third))) / (n - third) : 0;
  const flat = Float64Array.from(values, (v, i) => v - slope * i);
  const level = rollingMedian(flat, TREND_LEVEL_HALF_WIDTH);
  const away = Float64Array.from(flat, (v, i) => Math.abs(v - level[i]));
  const sigma = MAD_SCALE * medianInPlace(away.slice());
  for (let i = 0; i < n; i++)
    if (away[i] > OFF_LEVEL_K * sigma && away[i] >= 2 * minRelativeChange * Math.abs(level[i] + slope * i)) off[i] = 1;
  return off;
}

/** Consecutive runs of a segment merged `group` at a time into (median position, median value). */
function mergedRuns(s: { t: Float64Array; v: Float64Array }, group: number): { t: Float64Array; v: Float64Array } {
  const m = Math.ceil(s.v.length / group);
  const t = new Float64Array(m),
    v = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    t[k] = median(s.t.subarray(k * group, (k + 1) * group));
    v[k] = median(s.v.subarray(k * group, (k + 1) * group));
  }
  return { t, v };
}

/** Slopes (per run) of every pair of runs of a segment. */
function pairwiseSlopes({ t, v }: { t: Float64Array; v: Float64Array }): Float64Array {
  const out = new Float64Array((v.length * (v.length - 1)) / 2);
  let k = 0;
  for (let i = 0; i < v.length; i++) for (let j = i + 1; j < v.length; j++) out[k++] = (v[j] - v[i]) / (t[j] - t[i]);
  return out;
}

// ---- the seed's trend --------------------------------------------------------------------------

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

/** The seed's trend statistics of the part of a history after `from`: least squares on the sample index. */
export function seedTrendStats(history: TrendHistory, from: number): TrendStats | null {
  let start = 0;
  while (start < history.ts.length && history.ts[start] <= from) start++;
  const values = Float64Array.from({ length: history.value.length - start }, (_, i) => history.value[start + i]);
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

/**
 * The seed's verdict: CV < 0.01 → stable (magnitude 0, confidence 1); else the total change first → last
 * sample, ±1 % decides improving / degrading by the metric's direction, r² < 0.5 → volatile,
 * confidence = min(1, r²).
 */
export function seedTrendLabel(
  stats: TrendStats,
  direction: Direction,
): { trend: SeedTrendLabel; magnitudePct: number; confidence: number; cv: number } {
  const cv = stats.stddev !== null && stats.mean !== 0 ? Math.abs(stats.stddev / stats.mean) : 0;
  if (cv < 0.01) return { trend: 'stable', magnitudePct: 0, confidence: 1, cv };
  const r2 = stats.r2 === null || !Number.isFinite(stats.r2) ? 0 : stats.r2;
  const magnitudePct = stats.firstValue !== 0 ? (stats.lastValue / stats.firstValue - 1) * 100 : 0;
  const up = magnitudePct > 1;
  const down = magnitudePct < -1;
  let trend: SeedTrendLabel = !up && !down ? 'stable' : up === (direction === 'higher') ? 'improving' : 'degrading';
  if (r2 < 0.5) trend = 'volatile';
  return { trend, magnitudePct, confidence: Math.min(1, r2), cv };
}

// ---- one series ---------------------------------------------------------------------------------

/**
 * The trend of one series and metric in the window of the settings (runs after referenceTs − trendDays), or
 * null when it has fewer than trendMinSamples runs there. `changePoints`: the detector's level shifts
 * (indices into the history), none for the percent method; `stepPcts`, when given, their sizes (changePct), so that
 * a step reads the same here as everywhere else: the steps in the window compound from them, and the change of the
 * main level is those steps and the drift together.
 */
export function seriesTrend(
  history: TrendHistory,
  changePoints: readonly number[],
  context: TrendContext,
  settings: AnalysisSettings,
  referenceTs: number,
  stepPcts?: readonly number[],
): Trend | null {
  const fromTs = referenceTs - settings.trendDays * DAY_MS;
  const stats = seedTrendStats(history, fromTs);
  if (!stats || stats.n < settings.trendMinSamples) return null;
  const seed = seedTrendLabel(stats, context.direction);
  const main = mainLevelTrend(history, {
    fromTs,
    changePoints,
    direction: context.direction,
    minChangePct: settings.trendMinChangePct,
    minRelativeChange: settings.changepoint.minRelativeChange,
  })!;
  if (stepPcts && main.steps > 0 && main.driftPct !== null) {
    let first = 0;
    while (first < history.ts.length && history.ts[first] <= fromTs) first++;
    const ratio = changePoints.reduce(
      (r, index, k) => (index > first && Number.isFinite(stepPcts[k]) ? r * (1 + stepPcts[k] / 100) : r),
      1,
    );
    main.stepsPct = (ratio - 1) * 100;
    main.changePct = (ratio * (1 + main.driftPct / 100) - 1) * 100;
  }
  return {
    seriesKey: history.seriesKey,
    series: context.series,
    label: context.label,
    metric: history.metric,
    unit: context.unit,
    direction: context.direction,
    trend: main.label,
    theilSenPctPerWeek: main.slopePctPerWeek,
    mannKendallP: main.mannKendallP,
    changePct: main.changePct,
    stepsPct: main.stepsPct,
    driftPct: main.driftPct,
    steps: main.steps,
    count: stats.n,
    used: main.used,
    startLevel: main.startLevel,
    endLevel: main.endLevel,
    seedTrend: seed.trend,
    magnitudePct: seed.magnitudePct,
    confidence: seed.confidence,
    cv: seed.cv,
    r2: stats.r2,
    startTs: stats.firstTs,
    endTs: stats.lastTs,
  };
}

// ---- what views say -----------------------------------------------------------------------------

export const TREND_LABELS: readonly TrendDirection[] = ['degrading', 'improving', 'no clear trend', 'stable'];

/** How many trends of each label, counting those a published summary counts without listing them. */
export function trendCounts(
  analysis: Pick<AnalysisResult, 'trends' | 'omittedTrends'>,
): Record<TrendDirection, number> {
  const counts: Record<TrendDirection, number> = {
    degrading: 0,
    improving: 0,
    'no clear trend': 0,
    stable: analysis.omittedTrends?.stable ?? 0,
  };
  // A published summary lists improving and degrading trends and counts the others.
  counts['no clear trend'] += analysis.omittedTrends?.unclear ?? 0;
  // A summary published before these labels has trends labelled by the seed's rule: not counted here.
  for (const t of analysis.trends) if (t.trend in counts) counts[t.trend]++;
  return counts;
}

/** "in the whole history" or "in the last 30 days": the window every view of the trends names. */
export function trendWindowPhrase(settings: Pick<AnalysisSettings, 'trendDays'>): string {
  return settings.trendDays >= WHOLE_HISTORY_DAYS ? 'in the whole history' : `in the last ${settings.trendDays} days`;
}

/** Worst first: degrading, then improving, no clear trend, stable; larger drifts first within each. */
export function trendOrder(a: Trend, b: Trend): number {
  return (
    TREND_LABELS.indexOf(a.trend) - TREND_LABELS.indexOf(b.trend) ||
    Math.abs(b.driftPct ?? 0) - Math.abs(a.driftPct ?? 0) ||
    a.label.localeCompare(b.label)
  );
}

/** "−8.8 % (1 step −18.0 %, drift +11.2 %)": the change of the main level over the window, split. */
export function trendChangeText(t: Trend, format: (pct: number) => string): string {
  if (t.changePct == null || t.stepsPct == null || t.driftPct == null) return '—';
  if (t.steps === 0) return `${format(t.changePct)} (drift)`;
  return `${format(t.changePct)} (${t.steps} step${t.steps === 1 ? '' : 's'} ${format(t.stepsPct)}, drift ${format(t.driftPct)})`;
}

/** What the trends are, in one sentence every view shows under them (the window named first). */
export function trendNote(settings: Pick<AnalysisSettings, 'trendDays' | 'trendMinChangePct'>): string {
  return (
    `Trends ${trendWindowPhrase(settings)}: the drift of each series' main level between its level shifts (runs off ` +
    `the main level left out; a shift counts in the change, not in the trend), a trend when it is at least ` +
    `${settings.trendMinChangePct} % over the window with Mann–Kendall p below ${TREND_ALPHA}. ` +
    `The seed's label (first → last run; volatile when r² is under 0.5) is beside it.`
  );
}
