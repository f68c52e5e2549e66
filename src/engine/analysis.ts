// The analysis: baselines (SQL), and for every series in scope its history read as numeric columns and run
// through the change-point detector, the outlier finder and the trend statistics (lib/analysis), plus the percent
// method (SQL). Only the points the evidence cites are looked up for their commit, version, run and samples.
import type { Table } from 'apache-arrow';
import {
  changePointRegressions,
  explainPercent,
  fingerprint,
  outlierDeviation,
  pointsToDescribe,
  samplePoint,
  type DetailLookup,
  type PointDetails,
  type SeriesContext,
  type SeriesHistory,
} from '../lib/analysis/detect.ts';
import { summariseFindings } from '../lib/analysis/summary.ts';
import { seriesTrend } from '../lib/analysis/trends.ts';
import { sensitivityOfFindings } from '../lib/analysis/sensitivity.ts';
import { compareRegressions } from '../lib/analysis/regression-order.ts';
import { corroborateFindings, type Confirmation } from './corroboration.ts';
import {
  DEFAULT_SETTINGS,
  isWorse,
  normaliseSettings,
  severityClass,
  type AnalysisSettings,
} from '../lib/analysis/settings.ts';
import type {
  AnalysisResult,
  Baseline,
  ChangePointFinding,
  OmittedChanges,
  Outlier,
  Regression,
  SamplePoint,
  Trend,
} from '../lib/analysis/types.ts';
import type { DimensionFilter } from '../lib/model/api.ts';
import { formatP, formatPercent, formatTime } from '../lib/format/format.ts';
import { SourceError } from '../lib/sources/errors.ts';
import type { EngineCore } from './core.ts';
import { FILTER_PAIR, FILTER_SEP, encodeFilter } from './filter.ts';
import { loadPublishedData } from './published-source.ts';
import { storedAnalysis } from './published.ts';
import { describeScope } from './queries.ts';
import { columnFloat64 } from './rows.ts';

/** The seed's baselines (plus median, stddev, MAD) for every series and metric in scope. */
export async function baselines(
  core: EngineCore,
  options: { settings?: Partial<AnalysisSettings>; filter?: DimensionFilter; metric?: string } = {},
): Promise<{ referenceTs: number; baselines: Baseline[] }> {
  await loadPublishedData(core, 'all');
  const settings = normaliseSettings({ ...DEFAULT_SETTINGS, ...options.settings });
  await core.exec('analysis/scope_series', { filters: encodeFilter(options.filter ?? {}) });
  const referenceTs = await referenceTime(core, settings);
  const [described, info] = [await describeScope(core), await core.metricInfo()];
  const rows = await core.rows<{
    series_key: string;
    metric: string;
    n: number;
    mean: number;
    median: number;
    stddev: number | null;
    mad: number;
    last_ts: number;
    version_tag: string | null;
    git_commit: string | null;
    window_start: number;
    window_end: number;
  }>('analysis/baselines', {
    ref_ms: referenceTs,
    end_offset_days: 0,
    days: settings.baselineDays,
    min_samples: settings.minSamples,
  });
  const baselines = rows
    .filter((r) => !options.metric || r.metric === options.metric)
    .map((r): Baseline => ({
      seriesKey: r.series_key,
      series: described.get(r.series_key)?.series ?? {},
      label: described.get(r.series_key)?.label ?? r.series_key,
      metric: r.metric,
      unit: info.get(r.metric)?.unit ?? '',
      direction: info.get(r.metric)?.direction ?? 'lower',
      count: r.n,
      mean: r.mean,
      median: r.median,
      stddev: r.stddev,
      mad: r.mad,
      lastTs: r.last_ts,
      versionTag: r.version_tag,
      commit: r.git_commit,
      windowStart: r.window_start,
      windowEnd: r.window_end,
    }));
  return { referenceTs, baselines };
}

/** Regressions (by the chosen method), outliers, change points and trends for every series in scope. `newestOnly`:
 *  what `check` reports (each series' newest run against its level), without trends, corroboration or sensitivity. */
export async function analyse(
  core: EngineCore,
  options: {
    settings?: Partial<AnalysisSettings>;
    filter?: DimensionFilter;
    metric?: string;
    newestOnly?: boolean;
  } = {},
): Promise<AnalysisResult> {
  const started = performance.now();
  const settings = normaliseSettings({ ...DEFAULT_SETTINGS, ...options.settings });
  const sources = [...core.sources.values()];
  if (
    sources.length === 1 &&
    sources[0].published &&
    !sources[0].published.complete &&
    !options.metric &&
    Object.keys(options.filter ?? {}).length === 0
  ) {
    const stored = storedAnalysis(sources[0].published, JSON.stringify(settings));
    if (stored) return stored;
  }
  await loadPublishedData(core, 'all');
  await core.exec('analysis/scope_series', { filters: encodeFilter(options.filter ?? {}) });
  const referenceTs = await referenceTime(core, settings);
  const described = await describeScope(core);
  const info = await core.metricInfo();
  const context = (seriesKey: string, metric: string): SeriesContext => ({
    label: described.get(seriesKey)?.label ?? seriesKey,
    series: described.get(seriesKey)?.series ?? {},
    unit: info.get(metric)?.unit ?? '',
    direction: info.get(metric)?.direction ?? 'lower',
  });
  const wanted = (metric: string) => !options.metric || metric === options.metric;

  // Histories: what the change-point detector, the outlier finder and the trend statistics read.
  const historyDays = Math.max(
    settings.historyDays,
    settings.trendDays,
    settings.regressionDays + settings.baselineDays,
  );
  const keyOf = new Map([...described].map(([key, d]) => [d.id, key]));
  const metricOf = new Map([...info].map(([metric, m]) => [m.id, metric]));
  // The query's table is not kept: the histories are copies of it (at 10 M points, 280 MB less while they are analysed).
  // Read in parts of about HISTORY_BATCH_ROWS rows, so neither DuckDB's result nor its Arrow copy ever holds them all.
  const measurementRows = [...core.sources.values()].reduce((n, s) => n + s.info.rows, 0);
  const batches = Math.max(1, Math.ceil(measurementRows / HISTORY_BATCH_ROWS));
  const histories: SeriesHistory[] = [];
  for (let batch = 0; batch < batches; batch++) {
    const table = await core.exec('analysis/history_values', {
      ref_ms: referenceTs,
      days: historyDays,
      batches,
      batch,
    });
    for (const h of sliceHistories(table, keyOf, metricOf)) if (wanted(h.metric)) histories.push(h);
  }
  // Outliers are listed for the regression window only.
  const windowStart = referenceTs - settings.regressionDays * 86_400_000;
  const findings = await core.findInHistories(histories, settings, windowStart);

  // Attribution and raw samples of the points the evidence cites.
  const detailKey = (seriesKey: string, metric: string, ts: number) =>
    `${described.get(seriesKey)?.id}${FILTER_PAIR}${info.get(metric)?.id}${FILTER_PAIR}${ts}`;
  const details = new Map<string, PointDetails>();
  const describe = async () => {
    const points = new Set<string>();
    for (const f of findings) {
      for (const i of pointsToDescribe(f, settings.changepoint.minSegment)) {
        const key = detailKey(f.history.seriesKey, f.history.metric, f.history.ts[i]);
        if (!details.has(key)) points.add(key);
      }
    }
    const wanted = [...points];
    for (let i = 0; i < wanted.length; i += 2000) {
      const rows = await core.rows<{
        series_id: number;
        metric_id: number;
        ts: number;
        git_commit: string | null;
        version_tag: string | null;
        run_group_id: string | null;
        result_id: number | null;
        samples: number[] | null;
      }>('analysis/point_details', { points: wanted.slice(i, i + 2000).join(FILTER_SEP) });
      for (const r of rows) {
        details.set(`${r.series_id}${FILTER_PAIR}${r.metric_id}${FILTER_PAIR}${r.ts}`, {
          commit: r.git_commit,
          versionTag: r.version_tag,
          runGroup: r.run_group_id,
          resultId: r.result_id,
          samples: r.samples && r.samples.length ? r.samples : null,
        });
      }
    }
  };
  await describe();
  const lookup: DetailLookup = (seriesKey, metric, ts) => details.get(detailKey(seriesKey, metric, ts));
  const corroborated =
    settings.method === 'changepoint' && !options.newestOnly
      ? await corroborateFindings(core, findings, settings, lookup, keyOf, metricOf)
      : [];
  if (corroborated.length) await describe();
  const confirmations = new Map(corroborated.map((c) => [confirmationKey(c.seriesKey, c.metric, c.ts), c]));
  const confirmationAt = (seriesKey: string, metric: string, ts: number) => {
    const c = confirmations.get(confirmationKey(seriesKey, metric, ts));
    return c ? { corroboration: { foundIn: c.foundIn, rawP: c.rawP, tests: c.tests } } : {};
  };

  const changePoints: ChangePointFinding[] = [];
  const outliers: Outlier[] = [];
  const omittedChanges: OmittedChanges[] = [];
  for (const f of findings) {
    const ctx = context(f.history.seriesKey, f.history.metric);
    const omitted = f.analysis?.omittedChanges ?? 0;
    if (omitted > 0)
      omittedChanges.push({
        seriesKey: f.history.seriesKey,
        label: ctx.label,
        metric: f.history.metric,
        count: omitted,
      });
    for (const c of f.changePoints) {
      if (c.index === 0) continue;
      changePoints.push({
        seriesKey: f.history.seriesKey,
        label: ctx.label,
        metric: f.history.metric,
        unit: ctx.unit,
        index: c.index,
        changePct: c.changePct,
        worse: isWorse(c.changePct, ctx.direction),
        pValue: c.pValue,
        firstBad: samplePoint(f.history, c.index, lookup),
        lastGood: samplePoint(f.history, c.lastGoodIndex ?? c.index - 1, lookup),
        before: c.beforeMedian,
        after: c.afterMedian,
        ...confirmationAt(f.history.seriesKey, f.history.metric, f.history.ts[c.index]),
      });
    }
    for (const i of f.outliers) {
      const deviationPct = outlierDeviation(f.history, i);
      const point = samplePoint(f.history, i, lookup);
      outliers.push({
        seriesKey: f.history.seriesKey,
        label: ctx.label,
        metric: f.history.metric,
        point,
        deviationPct,
        explanation: `${f.history.metric} ${formatPercent(deviationPct)} away from its neighbours at ${formatTime(point.ts)}; the following samples are back at the usual level, so this is a spike, not a regression.`,
      });
    }
  }

  let regressions: Regression[];
  let percentWindowDays: number | undefined;
  if (settings.method === 'changepoint') {
    regressions = findings.flatMap((f) =>
      changePointRegressions(f, context(f.history.seriesKey, f.history.metric), settings, referenceTs, lookup),
    );
    for (const r of regressions) {
      const c = confirmations.get(confirmationKey(r.seriesKey, r.metric, r.firstBad.ts));
      if (c) {
        r.corroboration = { foundIn: c.foundIn, rawP: c.rawP, tests: c.tests };
        r.explanation += ` ${confirmationSentence(c)}`;
      }
    }
  } else {
    const thresholds = Object.entries(settings.thresholds)
      .map(([metric, pct]) => `${metric}${FILTER_PAIR}${pct}`)
      .join(FILTER_SEP);
    percentWindowDays = percentDetectionDays(settings, referenceTs, histories);
    const rows = await core.rows<PercentRow>('analysis/regressions_percent', {
      ref_ms: referenceTs,
      regression_days: percentWindowDays,
      baseline_days: settings.baselineDays,
      min_samples: settings.minSamples,
      thresholds,
      default_threshold: settings.defaultThreshold,
    });
    regressions = rows
      .filter((r) => wanted(r.metric))
      .map((r) => percentRegression(r, context(r.series_key, r.metric)));
  }
  regressions.sort(compareRegressions);

  // Trends of the main level, the detector's level shifts counted as steps (none for the percent method).
  const trends: Trend[] = [];
  for (const f of options.newestOnly ? [] : findings) {
    const cps = f.changePoints.map((c) => c.index);
    const steps = f.changePoints.map((c) => c.changePct);
    const ctx = context(f.history.seriesKey, f.history.metric);
    const t = seriesTrend(f.history, cps, ctx, settings, referenceTs, steps);
    if (t) trends.push(t);
  }

  const tooShort =
    settings.method === 'changepoint'
      ? histories.filter((h) => h.ts.length < 2 * settings.changepoint.minSegment).length
      : 0;
  const extras = summariseFindings(findings, context, settings, referenceTs, lookup, regressions);
  const percentWindow =
    percentWindowDays !== undefined && percentWindowDays !== settings.regressionDays ? { percentWindowDays } : {};
  return {
    referenceTs,
    settings,
    regressions,
    outliers,
    trends,
    changePoints,
    ...(omittedChanges.length ? { omittedChanges } : {}),
    seriesAnalysed: histories.length,
    tooShort,
    ...extras,
    ...percentWindow,
    ...(options.newestOnly ? {} : { sensitivity: sensitivityOfFindings(findings, context, settings) }),
    elapsedMs: performance.now() - started,
  };
}

/**
 * The percent method compares the detection window with the baseline before it. A window that holds the
 * whole history leaves no baseline, so there it judges the newest run: the window starts 1 ms after the
 * newest time before the reference, and the baseline is the baselineDays before that.
 */
export function percentDetectionDays(
  settings: AnalysisSettings,
  referenceTs: number,
  histories: { ts: Float64Array }[],
): number {
  let first = Infinity,
    previous = -Infinity;
  for (const h of histories) {
    for (const t of h.ts) {
      if (t < first) first = t;
      if (t < referenceTs && t > previous) previous = t;
    }
  }
  if (referenceTs - settings.regressionDays * DAY_MS > first || !Number.isFinite(previous))
    return settings.regressionDays;
  return (referenceTs - previous - 1) / DAY_MS;
}

const DAY_MS = 86_400_000;

async function referenceTime(core: EngineCore, settings: AnalysisSettings): Promise<number> {
  const [row] = await core.rows<{ ref_ms: number | null }>('analysis/reference_time', { as_of_ms: settings.asOf });
  if (row.ref_ms === null)
    throw new SourceError('There are no measurements to analyse yet.', 'Open a benchmark file first.');
  return row.ref_ms;
}

interface PercentRow {
  series_key: string;
  metric: string;
  ts: number;
  value: number;
  git_commit: string | null;
  version_tag: string | null;
  run_group_id: string | null;
  result_id: number | null;
  recent_n: number;
  baseline: number;
  baseline_n: number;
  good_ts: number;
  good_value: number;
  good_commit: string | null;
  good_version: string | null;
  good_run: string | null;
  good_result: number | null;
  threshold: number;
  change_pct: number;
}

function percentRegression(r: PercentRow, context: SeriesContext): Regression {
  const firstBad: SamplePoint = {
    ts: r.ts,
    value: r.value,
    commit: r.git_commit,
    versionTag: r.version_tag,
    runGroup: r.run_group_id,
    resultId: r.result_id,
  };
  const lastGood: SamplePoint = {
    ts: r.good_ts,
    value: r.good_value,
    commit: r.good_commit,
    versionTag: r.good_version,
    runGroup: r.good_run,
    resultId: r.good_result,
  };
  const regression: Regression = {
    fingerprint: fingerprint(r.series_key, r.metric, 'percent', firstBad),
    method: 'percent',
    seriesKey: r.series_key,
    series: context.series,
    label: context.label,
    metric: r.metric,
    unit: context.unit,
    direction: context.direction,
    changePct: r.change_pct,
    severity: severityClass(r.change_pct),
    before: r.baseline,
    after: r.value,
    pValue: null,
    samplesTest: null,
    noisePct: null,
    nBefore: r.baseline_n,
    nAfter: 1,
    firstBad,
    lastGood,
    status: 'active',
    explanation: '',
  };
  regression.explanation = explainPercent(regression, r.threshold, r.baseline_n);
  return regression;
}

/** Rows of history read at once: 4 M rows are ~100 MB in DuckDB's result and as much again in Arrow. */
const HISTORY_BATCH_ROWS = 4_000_000;

/** Unordered rows of (series_id, metric_id, ts, value) → one history per series and metric, ordered by time. */
function sliceHistories(table: Table, keyOf: Map<number, string>, metricOf: Map<number, string>): SeriesHistory[] {
  const seriesIds = columnFloat64(table, 'series_id');
  const metricIds = columnFloat64(table, 'metric_id');
  const ts = columnFloat64(table, 'ts');
  const value = columnFloat64(table, 'value');
  // Counting sort by group, then each group by time (usually already in order: sources append in time).
  const groupOf = new Map<number, Map<number, number>>();
  const groups: { seriesId: number; metricId: number; count: number; start: number }[] = [];
  const rowGroup = new Int32Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    let ofSeries = groupOf.get(seriesIds[i]);
    if (!ofSeries) groupOf.set(seriesIds[i], (ofSeries = new Map()));
    let g = ofSeries.get(metricIds[i]);
    if (g === undefined) {
      g = groups.length;
      ofSeries.set(metricIds[i], g);
      groups.push({ seriesId: seriesIds[i], metricId: metricIds[i], count: 0, start: 0 });
    }
    groups[g].count++;
    rowGroup[i] = g;
  }
  let offset = 0;
  for (const g of groups) ((g.start = offset), (offset += g.count));
  const fill = groups.map((g) => g.start);
  const sortedTs = new Float64Array(ts.length);
  const sortedValue = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const at = fill[rowGroup[i]]++;
    sortedTs[at] = ts[i];
    sortedValue[at] = value[i];
  }
  const out: SeriesHistory[] = [];
  for (const g of groups) {
    const seriesKey = keyOf.get(g.seriesId);
    const metric = metricOf.get(g.metricId);
    if (seriesKey === undefined || metric === undefined) continue;
    const t = sortedTs.subarray(g.start, g.start + g.count);
    const v = sortedValue.subarray(g.start, g.start + g.count);
    sortByTime(t, v);
    out.push({ seriesKey, metric, ts: t, value: v });
  }
  return out.sort((a, b) =>
    a.seriesKey < b.seriesKey
      ? -1
      : a.seriesKey > b.seriesKey
        ? 1
        : a.metric < b.metric
          ? -1
          : a.metric > b.metric
            ? 1
            : 0,
  );
}

/**
 * Orders a history by time in place, keeping rows of equal time in the order they came. DuckDB's parallel scan
 * hands a history over as a few runs already in order, so runs are merged pairwise (a natural merge sort).
 */
export function sortByTime(ts: Float64Array, value: Float64Array): void {
  const n = ts.length;
  const starts: number[] = [0];
  for (let i = 1; i < n; i++) if (ts[i] < ts[i - 1]) starts.push(i);
  if (starts.length === 1) return;
  let fromTs: Float64Array = ts,
    fromValue: Float64Array = value;
  let toTs: Float64Array = new Float64Array(n),
    toValue: Float64Array = new Float64Array(n);
  let runs = [...starts, n];
  while (runs.length > 2) {
    const merged: number[] = [];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const lo = runs[r],
        mid = runs[r + 1],
        hi = r + 2 < runs.length ? runs[r + 2] : mid;
      let i = lo,
        j = mid,
        k = lo;
      while (i < mid && j < hi) {
        if (fromTs[j] < fromTs[i]) ((toTs[k] = fromTs[j]), (toValue[k++] = fromValue[j++]));
        else ((toTs[k] = fromTs[i]), (toValue[k++] = fromValue[i++]));
      }
      for (; i < mid; i++) ((toTs[k] = fromTs[i]), (toValue[k++] = fromValue[i]));
      for (; j < hi; j++) ((toTs[k] = fromTs[j]), (toValue[k++] = fromValue[j]));
      merged.push(lo);
    }
    runs = [...merged, n];
    [fromTs, toTs] = [toTs, fromTs];
    [fromValue, toValue] = [toValue, fromValue];
  }
  if (fromTs !== ts) {
    ts.set(fromTs);
    value.set(fromValue);
  }
}

function confirmationKey(seriesKey: string, metric: string, ts: number): string {
  return `${seriesKey}\u0000${metric}\u0000${ts}`;
}

/** Why a shift below the detector's bar on its own is reported. */
export function confirmationSentence(c: Confirmation): string {
  const others = `${c.foundIn} other series shifted at the same run`;
  const moved = c.movedRuns
    ? ` Its own runs put the shift ${Math.abs(c.movedRuns)} run${Math.abs(c.movedRuns) === 1 ? '' : 's'} ${c.movedRuns > 0 ? 'earlier' : 'later'}, and fit this run about as well.`
    : '';
  return `Found with other series' evidence: ${others}; tested at that run alone, its runs before and after differ with p = ${formatP(c.rawP)} (Mann–Whitney), ${formatP(c.pValue)} after Bonferroni over the ${c.tests} such tests in this analysis.${moved}`;
}
