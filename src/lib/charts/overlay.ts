// Several series overlaid in one chart, each divided by its own baseline (the median of its first level shown) and
// drawn as % of it: series of very different sizes (tokio's ping_pong beside a spawn of thousands of tasks) share
// one axis instead of the small ones lying flat near zero.
import * as Plot from '@observablehq/plot';
import { median } from '../analysis/stats.ts';
import type { SeriesPoints } from '../model/api.ts';
import { formatTime, formatValue, shortCommit } from '../format/format.ts';
import { axisFormat } from './timeseries.ts';

export interface OverlayInput {
  label: string;
  points: SeriesPoints;
  /** The times of the series' change points (the analysis' level shifts), in any order. */
  changeTs?: readonly number[];
}

export interface NormalisedSeries {
  label: string;
  /** The baseline: median of the points before the first change point after the first point shown (all points
   *  when there is none). */
  baseline: number;
  /** How many points the baseline is the median of. */
  baselinePoints: number;
  /** Each point as % of the baseline (100 = the baseline). */
  pct: number[];
  points: SeriesPoints;
}

export interface Normalised {
  series: NormalisedSeries[];
  /** Series that cannot be divided by their baseline, with why. */
  skipped: { label: string; reason: string }[];
}

/** The number of leading points on the first level: those before the first change point after the first point. */
export function firstLevelLength(ts: readonly number[], changeTs: readonly number[] = []): number {
  if (ts.length === 0) return 0;
  const after = changeTs.filter((t) => t > ts[0]);
  if (after.length === 0) return ts.length;
  const end = Math.min(...after);
  let n = 0;
  while (n < ts.length && ts[n] < end) n++;
  return n;
}

/** Each series as % of its own first-level median; a series with no points or a baseline of zero or below (a %
 *  of it means nothing) is skipped and named. */
export function normaliseSeries(inputs: readonly OverlayInput[]): Normalised {
  const series: NormalisedSeries[] = [];
  const skipped: Normalised['skipped'] = [];
  for (const input of inputs) {
    const { ts, value } = input.points;
    if (ts.length === 0) {
      skipped.push({ label: input.label, reason: 'no points in the range shown' });
      continue;
    }
    const n = firstLevelLength(ts, input.changeTs);
    const baseline = median(value.slice(0, n));
    if (!(baseline > 0)) {
      skipped.push({ label: input.label, reason: `its baseline is ${baseline}: a percentage of it means nothing` });
      continue;
    }
    series.push({
      label: input.label,
      baseline,
      baselinePoints: n,
      pct: value.map((v) => (v / baseline) * 100),
      points: input.points,
    });
  }
  return { series, skipped };
}

interface Row {
  label: string;
  x: Date | number;
  pct: number;
  i: number;
  s: NormalisedSeries;
}

/** The overlay: one line per series in % of its baseline, a rule at 100 %, a colour legend and a tip per point. */
export function overlayChart(
  normalised: Normalised,
  options: {
    width?: number;
    height?: number;
    unit?: string;
    logScale?: boolean;
    xBy?: 'time' | 'run';
    document?: Document;
  } = {},
): SVGSVGElement | HTMLElement {
  const byRun = options.xBy === 'run';
  const rows: Row[] = normalised.series.flatMap((s) =>
    s.pct.map((pct, i) => ({ label: s.label, x: byRun ? i + 1 : new Date(s.points.ts[i]), pct, i, s })),
  );
  const tickFormat = axisFormat(rows.map((r) => r.pct));
  const tip = (r: Row) =>
    [
      r.label,
      formatTime(r.s.points.ts[r.i]),
      `${Math.round(r.pct * 10) / 10} % of baseline (${formatValue(r.s.points.value[r.i], options.unit ?? '')} against ${formatValue(r.s.baseline, options.unit ?? '')})`,
      `commit: ${shortCommit(r.s.points.commit[r.i])}`,
    ].join('\n');
  return Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    height: options.height ?? 260,
    marginLeft: 48,
    marginRight: 20,
    style: { background: 'transparent', fontSize: '11px' },
    x: byRun ? { type: 'linear', label: 'run →', labelAnchor: 'right', tickFormat: 'd' } : { type: 'utc', label: null },
    y: {
      type: options.logScale ? 'log' : 'linear',
      label: '% of its baseline (median of the first level shown)',
      grid: true,
      nice: true,
      tickFormat,
    },
    color: { legend: true },
    marks: [
      Plot.ruleY([100], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '4,3' }),
      Plot.lineY(rows, { x: 'x', y: 'pct', z: 'label', stroke: 'label', strokeWidth: 1.4 }),
      rows.length <= 600 ? Plot.dot(rows, { x: 'x', y: 'pct', fill: 'label', r: 1.8 }) : null,
      Plot.tip(rows, Plot.pointer({ x: 'x', y: 'pct', title: tip })),
    ],
  });
}
