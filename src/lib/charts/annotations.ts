// What a series chart shows besides the data: the baseline band (median ± 3·MAD of the baseline window), the
// percent method's threshold, change points (worse in red, better in green), the regression's levels before
// and after, outliers, and where the version tag changes.
import { formatPercent } from '../format/format.ts';
import { WHOLE_HISTORY_DAYS } from '../analysis/overview-text.ts';
import type { AnalysisResult } from '../analysis/types.ts';
import { thresholdFor } from '../analysis/settings.ts';
import { mad, median } from '../analysis/stats.ts';
import type { SeriesPoints } from '../model/api.ts';
import type { ChartLevel, ChartMarker, TimeSeriesOptions } from './timeseries.ts';

const DAY = 86_400_000;

export function chartAnnotations(
  points: SeriesPoints,
  analysis: AnalysisResult | null,
  direction: 'higher' | 'lower',
): Pick<TimeSeriesOptions, 'markers' | 'levels' | 'band'> {
  const markers: ChartMarker[] = [];
  const levels: ChartLevel[] = [];
  let band: TimeSeriesOptions['band'] = null;
  if (points.ts.length === 0) return { markers, levels, band };
  const first = points.ts[0];
  const last = points.ts[points.ts.length - 1];

  for (let i = 1; i < points.versionTag.length; i++) {
    const tag = points.versionTag[i];
    if (tag && tag !== points.versionTag[i - 1]) markers.push({ ts: points.ts[i], kind: 'version', label: tag });
  }
  if (!analysis) return { markers, levels, band };

  const settings = analysis.settings;
  // A detection window over the whole history has no baseline before it: the band is then the newest baseline window.
  const windowEnd =
    analysis.referenceTs - (settings.regressionDays >= WHOLE_HISTORY_DAYS ? 0 : settings.regressionDays) * DAY;
  const windowStart = windowEnd - settings.baselineDays * DAY;
  const baseline = points.value.filter((_, i) => points.ts[i] > windowStart && points.ts[i] <= windowEnd);
  if (baseline.length >= settings.minSamples) {
    const m = median(baseline);
    const spread = 3 * mad(baseline);
    band = {
      from: Math.max(windowStart, first),
      to: last,
      low: m - spread,
      high: m + spread,
      label: `baseline: median ± 3·MAD of ${baseline.length} results`,
    };
    if (settings.method === 'percent') {
      const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
      const pct = thresholdFor(settings, points.metric) / 100;
      levels.push({
        from: windowEnd,
        to: last,
        value: mean * (direction === 'higher' ? 1 - pct : 1 + pct),
        kind: 'threshold',
      });
    }
  }
  for (const c of analysis.changePoints) {
    if (c.seriesKey !== points.seriesKey || c.metric !== points.metric || c.firstBad.ts < first || c.firstBad.ts > last)
      continue;
    markers.push({
      ts: c.firstBad.ts,
      kind: c.worse ? 'regression' : 'improvement',
      label: formatPercent(c.changePct),
    });
  }
  // A level is drawn over its own segment only: from the change before it (or the start) to the change after it
  // (or the end), so a later return is not hidden under the "after" line.
  const changeTimes = analysis.changePoints
    .filter((c) => c.seriesKey === points.seriesKey && c.metric === points.metric)
    .map((c) => ({ firstBad: c.firstBad.ts, lastGood: c.lastGood.ts }))
    .sort((a, b) => a.firstBad - b.firstBad);
  for (const r of analysis.regressions) {
    if (r.seriesKey !== points.seriesKey || r.metric !== points.metric) continue;
    if (r.method === 'percent')
      markers.push({
        ts: r.firstBad.ts,
        kind: 'regression',
        label: formatPercent(r.changePct),
      });
    else {
      const previous = changeTimes.filter((c) => c.firstBad < r.firstBad.ts).pop();
      const next = changeTimes.find((c) => c.firstBad > r.firstBad.ts);
      levels.push({
        from: previous?.firstBad ?? first,
        to: r.lastGood?.ts ?? r.firstBad.ts,
        value: r.before,
        kind: 'before',
      });
      levels.push({ from: r.firstBad.ts, to: next?.lastGood ?? last, value: r.after, kind: 'after' });
    }
  }
  for (const o of analysis.outliers) {
    if (o.seriesKey === points.seriesKey && o.metric === points.metric)
      markers.push({ ts: o.point.ts, kind: 'outlier', label: 'outlier' });
  }
  return { markers, levels, band };
}
