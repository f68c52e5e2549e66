// Sensitivity you can see: the smallest step the change-point detector would flag in a series, given that
// series' own noise and history, and the backtest that counts the alerts a history would have raised at the chosen
// sensitivity and one step either side of it. Pure; the engine adds a SeriesSensitivity per series to its result
// and the CLI, the page and the reports show it.
//
// The figure mirrors the gates a confirmed level shift passes (header of changepoints.ts), for a step of size d
// that k new runs sit at, after the n0 runs of the current level (since the last change point):
//   • significance — the t statistic of the step, d / (s · √(1/n0 + 1/k)), with s the residual scale of the
//     winsorized values (as the detector computes it), must reach the Student t quantile of alpha divided by the
//     W − 2·minSegment + 1 places the split could have been (W = n0 + k; Bonferroni, as the detector adjusts);
//   • minimum change — d ≥ minRelativeChange × the level;
//   • noise multiple — d ≥ minNoiseMultiple × the robust noise (MAD of the residuals around the levels);
//   • agreement — minSegment of the k new runs must lie nearer the new level than the old one: the d at which
//     that happens in half the cases (each run is past the midpoint with probability Φ(d / 2σ)).
// The largest of the four is the figure, and the gate that sets it is named. When both sides have LONG_SIDE runs,
// the detector also accepts a lower noise multiple for a step clear at alpha² (after discounting the residuals'
// lag-1 autocorrelation); the figure is then the smaller of the two sets of gates. A level with no noise at all
// is exact evidence: any step is flagged (gate 'constant'). At that size a step is flagged about
// half the time (each gate is met on its expected value); tests/unit/sensitivity.test.ts injects steps into the
// series' own residual noise and checks that analyseSeries flags 1.3× the figure in most trials and 0.6× rarely.
//
// Which k: a step is confirmed at the earliest after minSegment runs, with the most evidence needed; after 10
// runs the figure is near its floor (√(1/k) has done most of its work), which is what a team watching a daily
// benchmark sees within two weeks. SENSITIVITY_HEADLINE_RUNS = 10 is the one the page and the reports quote;
// the CLI lists minSegment, 10 and 30.
import { robustNoise, rollingMedian, DEFAULT_CHANGE_POINT_OPTIONS, type ChangePointOptions } from './changepoints.ts';
import type { HistoryFindings } from './detect.ts';
import { analyseSeries } from './series-analysis.ts';
import { normaliseSettings, type AnalysisSettings } from './settings.ts';
import { logGamma, MAD_SCALE, medianInPlace, normalQuantile, twoSidedTP } from './stats.ts';
import type { AnalysisResult, Regression, SensitivityGate, SeriesSensitivity, ShiftAfterRuns } from './types.ts';

/** The k (new runs on the new level) the page and the reports quote. */
export const SENSITIVITY_HEADLINE_RUNS = 10;

/** The k listed: the earliest a step can be confirmed (minSegment), the headline, and a month of daily runs. */
export function sensitivityRuns(minSegment: number): number[] {
  const m = Math.max(1, Math.floor(minSegment));
  return [...new Set([m, Math.max(m, SENSITIVITY_HEADLINE_RUNS), Math.max(m, 30)])].sort((a, b) => a - b);
}

/** Fewest runs on the current level whose residuals alone give its noise; a shorter level pools all levels. */
const OWN_NOISE_MIN_RUNS = 10;

// The detector's cleaning (step 0 of changepoints.ts): each value winsorized to its 5-run rolling median ± 3 σ̂.
const CLEAN_HALF_WIDTH = 2;
const CLEAN_K = 3;

export interface Detectability {
  /** Median of the current level (the runs since the last change point). */
  level: number;
  /** Robust noise (MAD of the residuals around the levels), in the series' unit and as % of the level. */
  noise: number;
  noisePct: number;
  /** Runs on the current level: the side before a new step. */
  runsOnLevel: number;
  /** The smallest step flagged once k new runs are on the new level, for each k asked. */
  after: ShiftAfterRuns[];
}

/**
 * The smallest step (absolute, and as % of the current level) the detector would confirm after k new runs on a new
 * level, for each k of `runs` (default: minSegment, 10 and 30), from the series' own noise and length. `changePoints`
 * are the indices of the level shifts already found (every shift the detector keeps, mode switches included); when
 * not given, analyseSeries finds them. Values must be finite (a RangeError names the first that is not); with fewer
 * than two values there is no noise to measure (also a RangeError).
 */
export function detectableShift(
  values: ArrayLike<number>,
  options: Partial<ChangePointOptions> = {},
  changePoints?: readonly number[],
  runs?: readonly number[],
): Detectability {
  const o: ChangePointOptions = { ...DEFAULT_CHANGE_POINT_OPTIONS, ...options };
  const m = Math.max(1, Math.floor(o.minSegment));
  const x = Float64Array.from(values);
  const n = x.length;
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(x[i])) throw new RangeError(`detectableShift: value at index ${i} is ${x[i]}`);
  if (n < 2) throw new RangeError(`detectableShift: ${n} value${n === 1 ? '' : 's'}; the noise needs at least 2`);
  const found = changePoints ?? levelShiftIndices(x, o);
  const bounds = [0, ...[...new Set(found)].filter((i) => i > 0 && i < n).sort((a, b) => a - b), n];
  const start = bounds[bounds.length - 2];
  const runsOnLevel = n - start;
  const level = medianOf(x, start, n);

  const clean = winsorized(x);
  const own = runsOnLevel >= OWN_NOISE_MIN_RUNS;
  const segments: [number, number][] = own ? [[start, n]] : bounds.slice(1).map((e, j) => [bounds[j], e]);
  const { scale, noise, rho } = residualNoise(x, clean, segments);

  const after = (runs ?? sensitivityRuns(m)).map((k): ShiftAfterRuns => {
    if (runsOnLevel < m || k < m) return { runs: k, shift: null, pct: null, gate: 'too short' };
    // Two constant sides are exact evidence for the detector: a step of any size between them is flagged.
    if (noise === 0) return { runs: k, shift: 0, pct: 0, gate: 'constant' };
    const window = runsOnLevel + k;
    const candidates = Math.max(1, window - 2 * m + 1);
    const alpha = n + k <= SHORT_SERIES_SEGMENTS * m ? Math.min(Math.max(o.alpha, 0.01), 10 * o.alpha) : o.alpha;
    const df = Math.max(1, window - 2);
    const standardError = scale * Math.sqrt(1 / runsOnLevel + 1 / k);
    const common: [SensitivityGate, number][] = [
      ['minimum change', o.minRelativeChange * Math.abs(level)],
      ['agreement', 2 * noise * normalQuantile(agreeingShare(k, m))],
    ];
    const largest = (gates: [SensitivityGate, number][]) => gates.reduce((a, b) => (b[1] > a[1] ? b : a));
    let [gate, shift] = largest([
      ...common,
      ['significance', tQuantileTwoSided(alpha / candidates, df) * standardError],
      ['noise multiple', o.minNoiseMultiple * noise],
    ]);
    // Long sides: the detector lowers the noise multiple when the step is clear at alpha² even after discounting
    // the residuals' lag-1 autocorrelation (noiseMultiple in changepoints.ts).
    const shorter = Math.min(runsOnLevel, k);
    if (shorter >= LONG_SIDE && o.minNoiseMultiple > 0) {
      const [longGate, longShift] = largest([
        ...common,
        [
          'significance',
          (tQuantileTwoSided(alpha ** 2 / candidates, df) * standardError) / Math.sqrt((1 - rho) / (1 + rho)),
        ],
        ['noise multiple', o.minNoiseMultiple * Math.max(0.5, Math.sqrt(LONG_SIDE / shorter)) * noise],
      ]);
      if (longShift < shift) [gate, shift] = [longGate, longShift];
    }
    return { runs: k, shift, pct: level !== 0 ? (shift / Math.abs(level)) * 100 : null, gate };
  });
  return { level, noise, noisePct: level !== 0 ? (noise / Math.abs(level)) * 100 : NaN, runsOnLevel, after };
}

/** As LONG_SIDE in changepoints.ts: both sides this long let the noise multiple fall below minNoiseMultiple. */
const LONG_SIDE = 20;

/** As SHORT_SERIES_SEGMENTS in changepoints.ts: a history this many minSegments long has its own alpha. */
const SHORT_SERIES_SEGMENTS = 4;

/** Every level shift analyseSeries keeps, mode switches included (each starts a level the detector tests against). */
function levelShiftIndices(x: Float64Array, o: ChangePointOptions): number[] {
  const a = analyseSeries(x, o);
  return [...a.changePoints, ...a.modeSwitches].map((c) => c.index);
}

function medianOf(x: Float64Array, s: number, e: number): number {
  return medianInPlace(x.slice(s, e));
}

function winsorized(x: Float64Array): Float64Array {
  const sigma = robustNoise(x);
  const lim = CLEAN_K * (Number.isFinite(sigma) ? sigma : 0);
  const rm = rollingMedian(x, CLEAN_HALF_WIDTH);
  return x.map((v, i) => Math.min(rm[i] + lim, Math.max(rm[i] - lim, v)));
}

/**
 * The noise figures the detector's gates use, over the given segments: `scale`, the standard deviation of the
 * winsorized values around their segment means (the t-test's); `noise`, the MAD of the raw values around their
 * segment medians × 1.4826 (the noise gate's; the mean absolute residual × √(π/2) when quantised values make it 0);
 * and `rho`, the lag-1 autocorrelation of those residuals within segments, in [0, 0.99].
 */
function residualNoise(
  x: Float64Array,
  clean: Float64Array,
  segments: [number, number][],
): { scale: number; noise: number; rho: number } {
  let sse = 0,
    df = 0,
    lagged = 0,
    squares = 0;
  const resid: number[] = [];
  for (const [s, e] of segments) {
    if (e - s < 1) continue;
    let mean = 0;
    for (let i = s; i < e; i++) mean += clean[i];
    mean /= e - s;
    const med = medianOf(x, s, e);
    for (let i = s; i < e; i++) {
      sse += (clean[i] - mean) ** 2;
      const r = x[i] - med;
      resid.push(Math.abs(r));
      squares += r * r;
      if (i + 1 < e) lagged += r * (x[i + 1] - med);
    }
    df += e - s - 1;
  }
  const meanAbs = resid.reduce((a, v) => a + v, 0) / Math.max(1, resid.length);
  const mad = MAD_SCALE * medianInPlace(Float64Array.from(resid));
  const noise = mad > 0 ? mad : meanAbs * Math.sqrt(Math.PI / 2);
  const rho = squares > 0 ? Math.max(0, Math.min(0.99, lagged / squares)) : 0;
  return { scale: df > 0 ? Math.sqrt(sse / df) : noise, noise, rho };
}

/**
 * The t with 2 P(T > t) = p for Student's t with df degrees of freedom: Newton steps on the log of the tail (its
 * slope is −2 × the density / the tail), kept inside a bracket that starts at the normal quantile (t's tails are heavier).
 */
export function tQuantileTwoSided(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`tQuantileTwoSided: p ${p}, df ${df}`);
  let lo = normalQuantile(1 - p / 2);
  let hi = Math.max(1, 2 * lo);
  while (twoSidedTP(hi, df) > p) ((lo = hi), (hi *= 2));
  const logDensityScale = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  let t = lo;
  for (let i = 0; i < 100; i++) {
    const tail = twoSidedTP(t, df);
    if (tail > p) lo = t;
    else hi = t;
    const density = Math.exp(logDensityScale - ((df + 1) / 2) * Math.log1p((t * t) / df));
    let next = t + (Math.log(tail / p) * tail) / (2 * density);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-12 * t) return next;
    t = next;
  }
  return t;
}

/** The q at which P(at least m of k runs, each independently with probability q) is one half. */
function agreeingShare(k: number, m: number): number {
  const atLeast = (q: number) => {
    // P(Binomial(k, q) ≥ m), summed term by term.
    let term = (1 - q) ** k,
      below = 0;
    for (let j = 0; j < m; j++) {
      below += term;
      term *= ((k - j) / (j + 1)) * (q / (1 - q));
    }
    return 1 - below;
  };
  let lo = 0.5,
    hi = 1 - 1e-12;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (atLeast(mid) < 0.5) lo = mid;
    else hi = mid;
  }
  return Math.max(0.5, (lo + hi) / 2);
}

/** A series' sensitivity from what the analysis found in it (its level shifts and stability); null without an analysis. */
export function seriesSensitivity(
  findings: HistoryFindings,
  context: { label: string; unit: string },
  options: Partial<ChangePointOptions>,
): SeriesSensitivity | null {
  const a = findings.analysis;
  if (!a || findings.history.value.length < 2) return null;
  const shifts = [...a.changePoints, ...a.modeSwitches].map((c) => c.index);
  const d = detectableShift(findings.history.value, options, shifts);
  return {
    seriesKey: findings.history.seriesKey,
    label: context.label,
    metric: findings.history.metric,
    unit: context.unit,
    level: d.level,
    runsOnLevel: d.runsOnLevel,
    noisePct: d.noisePct,
    unstable: a.stability.unstable,
    after: d.after,
  };
}

/** Every analysed series' sensitivity (change-point method only: the percent method has its own thresholds). */
export function sensitivityOfFindings(
  findings: HistoryFindings[],
  context: (seriesKey: string, metric: string) => { label: string; unit: string },
  settings: AnalysisSettings,
): SeriesSensitivity[] | undefined {
  if (settings.method !== 'changepoint') return undefined;
  const out: SeriesSensitivity[] = [];
  for (const f of findings) {
    const s = seriesSensitivity(f, context(f.history.seriesKey, f.history.metric), settings.changepoint);
    if (s) out.push(s);
  }
  return out;
}

/** The figure a sentence quotes: the headline k's, else the largest k listed that has one. */
export function headlineShift(s: Pick<SeriesSensitivity, 'after'>): ShiftAfterRuns | null {
  const withShift = s.after.filter((a) => a.pct !== null);
  return withShift.find((a) => a.runs === SENSITIVITY_HEADLINE_RUNS) ?? withShift[withShift.length - 1] ?? null;
}

/** "would flag a new shift of ±4.1 % or more once 10 runs sit at the new level (…); noise 1.2 %" (or why none). */
export function sensitivitySentence(s: SeriesSensitivity): string {
  const h = headlineShift(s);
  const noise = Number.isFinite(s.noisePct) ? `; noise ${pct(s.noisePct)}` : '';
  if (!h) return `too few runs on the current level (${s.runsOnLevel}) to flag a shift yet${noise}`;
  const unstable = s.unstable ? ' (unstable: the visits to its other mode count as noise here)' : '';
  return `would flag a new shift of ±${pct(h.pct!)} or more once ${h.runs} runs sit at the new level (smaller ones need more runs; limited by the ${h.gate})${noise}${unstable}`;
}

function pct(value: number): string {
  return `${value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toPrecision(2)} %`;
}

// ---------------------------------------------------------------------------------------------
// Backtest: the alerts a history would have raised at three sensitivities

/** One step of sensitivity: alpha × 10 (more sensitive) or alpha / 10 (less). */
export const BACKTEST_STEP = 10;

export interface BacktestAlert {
  fingerprint: string;
  label: string;
  metric: string;
  commit: string | null;
  ts: number;
  changePct: number;
  status: Regression['status'];
}

export interface Backtest {
  alpha: number;
  moreAlpha: number;
  lessAlpha: number;
  /** The alerts at the chosen alpha, oldest first. */
  alerts: BacktestAlert[];
  /** Alerts one step more sensitive that the chosen alpha does not raise. */
  more: BacktestAlert[];
  /** Alerts of the chosen alpha that one step less sensitive no longer raises in their series and metric at all. */
  fewer: BacktestAlert[];
  /** Alerts one step less sensitive that the chosen alpha does not raise: the same series' step placed at another run
   *  (each pairs with one of the chosen alpha's alerts in that series and metric, which is then not counted as fewer). */
  lessOnly: BacktestAlert[];
}

function alertOf(r: Regression): BacktestAlert {
  return {
    fingerprint: r.fingerprint,
    label: r.label,
    metric: r.metric,
    commit: r.firstBad.commit,
    ts: r.firstBad.ts,
    changePct: r.changePct,
    status: r.status,
  };
}

/**
 * The chosen alpha's alerts (regressions: every worsening the history shows, whatever became of it), and what one
 * step either way adds or drops, matched by fingerprint (series, metric, method and first bad run).
 */
export function backtest(
  alpha: number,
  runs: { chosen: Regression[]; more: Regression[]; less: Regression[] },
): Backtest {
  const byTime = (a: BacktestAlert, b: BacktestAlert) =>
    a.ts - b.ts || a.label.localeCompare(b.label) || a.metric.localeCompare(b.metric);
  const ids = (list: Regression[]) => new Set(list.map((r) => r.fingerprint));
  const chosen = ids(runs.chosen),
    more = ids(runs.more),
    less = ids(runs.less);
  const lessOnly = runs.less.filter((r) => !chosen.has(r.fingerprint) && !more.has(r.fingerprint));
  // A chosen alert whose series and metric still alert one step less sensitive, at another run, has moved, not gone.
  const movedTo = new Map<string, number>();
  for (const r of lessOnly)
    movedTo.set(`${r.seriesKey}\u0000${r.metric}`, (movedTo.get(`${r.seriesKey}\u0000${r.metric}`) ?? 0) + 1);
  const gone = runs.chosen.filter((r) => {
    if (less.has(r.fingerprint)) return false;
    const key = `${r.seriesKey}\u0000${r.metric}`;
    const left = movedTo.get(key) ?? 0;
    if (left > 0) {
      movedTo.set(key, left - 1);
      return false;
    }
    return true;
  });
  return {
    alpha,
    moreAlpha: Math.min(0.5, alpha * BACKTEST_STEP),
    lessAlpha: alpha / BACKTEST_STEP,
    alerts: runs.chosen.map(alertOf).sort(byTime),
    more: runs.more
      .filter((r) => !chosen.has(r.fingerprint))
      .map(alertOf)
      .sort(byTime),
    fewer: gone.map(alertOf).sort(byTime),
    lessOnly: lessOnly.map(alertOf).sort(byTime),
  };
}

/**
 * The backtest of a history: the change-point analysis over the whole history at the settings' alpha, at one step
 * more sensitive and one less, each through `analyse` (the engine's, directly or through the page's worker), one
 * after the other. The other settings (minimum segment, change, noise multiple, reference time) are kept.
 */
export async function runBacktest(
  analyse: (settings: AnalysisSettings) => Promise<Pick<AnalysisResult, 'regressions'>>,
  settings: Partial<AnalysisSettings> = {},
): Promise<Backtest> {
  const base = normaliseSettings({ ...settings, method: 'changepoint', regressionDays: WHOLE_HISTORY_DAYS });
  const alpha = base.changepoint.alpha;
  const at = async (a: number) =>
    (await analyse({ ...base, changepoint: { ...base.changepoint, alpha: a } })).regressions;
  const chosen = await at(alpha);
  const more = await at(Math.min(0.5, alpha * BACKTEST_STEP));
  const less = await at(alpha / BACKTEST_STEP);
  return backtest(alpha, { chosen, more, less });
}

/** The longest detection window the settings take (normaliseSettings caps it): the whole history. */
const WHOLE_HISTORY_DAYS = 3650;

/** "At this sensitivity (α 0.001) your history would have alerted 4 times; one step more sensitive: 3 more; …". */
export function backtestSentence(b: Backtest): string {
  const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;
  return (
    `At this sensitivity (α ${b.alpha}) your whole history would have alerted ${times(b.alerts.length)}; ` +
    `one step more sensitive (α ${b.moreAlpha}): ${b.more.length} more; ` +
    `one step less (α ${b.lessAlpha}): ${b.fewer.length} fewer` +
    (b.lessOnly.length ? ` (and ${b.lessOnly.length} placed at another run).` : '.')
  );
}

// ---------------------------------------------------------------------------------------------
// Reports

export interface SensitivityTable {
  /** What the figures are, at which settings, in one sentence. */
  note: string;
  columns: string[];
  rows: string[][];
  /** Series left out past the report's row limit. */
  truncated: number;
}

/** The reports' "Sensitivity" section: per series, the smallest shift flagged after each k of new runs. */
export function sensitivityTable(analysis: AnalysisResult, limit: number): SensitivityTable | null {
  const list = [...(analysis.sensitivity ?? [])].sort(
    (a, b) => a.label.localeCompare(b.label) || a.metric.localeCompare(b.metric),
  );
  if (!list.length) return null;
  const cp = analysis.settings.changepoint;
  const shown = (value: number | null) => (value === null ? '—' : `±${pct(value)}`);
  return {
    note:
      `The smallest shift the change-point detector would flag in each series at these settings (α ${cp.alpha}, ` +
      `at least ${pct(cp.minRelativeChange * 100)} and ${cp.minNoiseMultiple}× the noise, ${cp.minSegment} runs agreeing), ` +
      'from its own noise and the runs on its current level, once that many new runs sit at the new level. ' +
      'A step of that size is flagged about half the time; 1.3× it nearly always.',
    columns: ['Series', 'Metric', 'Noise', ...list[0].after.map((a) => `After ${a.runs} runs`), 'Set by'],
    rows: list
      .slice(0, limit)
      .map((s) => [
        s.label + (s.unstable ? ' (unstable)' : ''),
        s.metric,
        Number.isFinite(s.noisePct) ? pct(s.noisePct) : '—',
        ...s.after.map((a) => shown(a.pct)),
        headlineShift(s)?.gate ?? 'too short',
      ]),
    truncated: Math.max(0, list.length - limit),
  };
}
