// One series over time as an Observable Plot figure: line and points, each point's range (the ± the data reports,
// else its raw samples' min–max) as error bars or a band, optional evidence (segment levels, change-point and
// outlier markers, a baseline band), and a hover tip with commit, version tag and run group.
import { firstLine } from '../format/commit-link.ts';
import * as Plot from '@observablehq/plot';
import type { SeriesPoints } from '../model/api.ts';
import { commonDisplayUnit, formatTime, formatValue, shortCommit } from '../format/format.ts';
import { labelRows, textWidth } from './label-rows.ts';
import { utcTickFormat } from './time-axis.ts';
import { metricName } from '../units/units.ts';
import { ERROR_BAR_POINTS, pointRanges, rangeTip, type RangedPoints } from './ranges.ts';

export interface ChartMarker {
  ts: number;
  /** `reference`: a neutral mark such as side A of a comparison. */
  kind: 'regression' | 'improvement' | 'outlier' | 'version' | 'reference';
  label: string;
}

export interface ChartLevel {
  from: number;
  to: number;
  value: number;
  kind: 'before' | 'after' | 'threshold';
}

export interface TimeSeriesOptions {
  width?: number;
  height?: number;
  unit?: string;
  direction?: 'higher' | 'lower';
  logScale?: boolean;
  markers?: ChartMarker[];
  levels?: ChartLevel[];
  band?: { from: number; to: number; low: number; high: number; label: string } | null;
  /** The x axis: time (default), or run order (the n-th result), as asv and github-action-benchmark draw it. */
  xBy?: 'time' | 'run';
  /** A last line for every tip (e.g. what a click does). */
  tipNote?: string;
  /** A per-point range the data reports (± half-width in the series' unit), else the points' own `spread`; drawn
   *  instead of the samples' min–max. */
  spread?: RangedPoints['spread'];
  /** Needed outside a browser (Node tests, the CLI): a DOM document implementation. */
  document?: Document;
}

const MARKER_COLOURS = {
  regression: '#dc2626',
  improvement: '#16a34a',
  outlier: '#d97706',
  version: '#64748b',
  reference: '#64748b',
} as const;
const LEVEL_COLOURS = { before: '#64748b', after: '#dc2626', threshold: '#d97706' } as const;

/**
 * The x axis's label ("run →", "UTC") sits on a line of its own below the tick labels (two lines where a tick names
 * its date), so it never touches the last tick.
 */
export const X_AXIS = {
  marginBottom: 48,
  label: { labelAnchor: 'right', labelOffset: 45, labelArrow: 'none' },
} as const;

export function timeSeriesChart(points: SeriesPoints, options: TimeSeriesOptions = {}): SVGSVGElement | HTMLElement {
  const n = points.ts.length;
  const index = Array.from({ length: n }, (_, i) => i);
  const byRun = options.xBy === 'run';
  // Where a time falls on the x axis: itself, or the number of the first run at or after it.
  const position = (ts: number): Date | number => (byRun ? firstAtOrAfter(points.ts, ts) + 1 : new Date(ts));
  const x = byRun ? index.map((i) => i + 1) : points.ts.map((t) => new Date(t));
  const unit = options.unit ?? '';
  // A series that never goes below zero (times, sizes, rates) keeps its evidence at or above zero: a baseline band
  // of median − 3·MAD under zero drew the axis down to −1 s for a series of positive times.
  const nonNegative = [...points.value, ...points.low].every((v) => v === null || v >= 0);
  const floor = (v: number) => (nonNegative ? Math.max(0, v) : v);
  // Each point's range (reported, else the samples' min–max): error bars on a short history, a band on a long one.
  const ranged = { ...points, spread: options.spread ?? points.spread };
  const ranges = pointRanges(ranged);
  const hasBand = ranges !== null;
  const low = ranges ? ranges.low.map((v) => (v === null ? null : floor(v))) : points.low;
  const high = ranges?.high ?? points.high;
  options = {
    ...options,
    band: options.band ? { ...options.band, low: floor(options.band.low) } : options.band,
    levels: options.levels?.map((l) => ({ ...l, value: floor(l.value) })),
  };
  // The axis reads in one scaled unit (ms rather than millions of ns), chosen from the largest value drawn.
  const axis = commonDisplayUnit(
    [...points.value, ...high, ...(options.levels ?? []).map((l) => l.value), options.band?.high],
    unit,
  );
  const better =
    options.direction === 'higher' ? '↑ higher is better' : options.direction === 'lower' ? '↓ lower is better' : '';
  const markers = options.markers ?? [];
  const events = markers.filter((m) => m.kind !== 'version' && m.kind !== 'outlier');
  // Outliers are ringed where they are, not labelled: their labels crowded out the changes'.
  const outliers = markers
    .filter((m) => m.kind === 'outlier')
    .map((m) => firstAtOrAfter(points.ts, m.ts))
    .filter((i) => i < n);
  const versions = markers.filter((m) => m.kind === 'version');
  const levels = options.levels ?? [];
  const tip = (i: number) =>
    [
      `${formatTime(points.ts[i])} UTC`,
      `${points.metric}: ${formatValue(points.value[i], unit)}`,
      rangeTip(ranged, ranges, i, unit),
      `commit: ${shortCommit(points.commit[i])}`,
      points.versionTag[i] ? `version: ${points.versionTag[i]}` : null,
      points.runGroup[i] ? `run: ${points.runGroup[i]}` : null,
      commitAbout(points.message?.[i], points.author?.[i]),
      options.tipNote ?? null,
    ]
      .filter(Boolean)
      .join('\n');

  const width = options.width ?? 640;
  const yValues = [
    ...points.value,
    ...low,
    ...high,
    ...levels.map((l) => l.value),
    ...(options.band ? [options.band.low, options.band.high] : []),
  ]
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .map(axis.scale);
  const tickFormat = axisFormat(yValues);
  // Every tick label fits in the left margin (long numbers were cut off at a fixed 56 px).
  const marginLeft = Math.max(
    40,
    ...[Math.min(...yValues), Math.max(...yValues)].filter(Number.isFinite).map((v) => textWidth(tickFormat(v)) + 16),
  );
  const marginRight = 20;

  // A label reads to the right of its rule, or to the left near the right edge (where it would be cut off); labels
  // that would overlap go to further rows.
  const first = byRun ? 1 : Math.min(...points.ts, ...markers.map((m) => m.ts));
  const last = byRun ? n : Math.max(...points.ts, ...markers.map((m) => m.ts));
  const xPixel = (ts: number) =>
    marginLeft +
    (last > first ? (Number(position(ts)) - first) / (last - first) : 0.5) * (width - marginLeft - marginRight);
  const labelMarks = (list: ChartMarker[], frameAnchor: 'top' | 'bottom', fill: (m: ChartMarker) => string) => {
    const placed = list.map((m) => ({
      x: xPixel(m.ts),
      width: textWidth(m.label),
      side: xPixel(m.ts) + textWidth(m.label) > width - marginRight ? ('left' as const) : ('right' as const),
    }));
    const rows = labelRows(placed);
    const groups = new Map<string, ChartMarker[]>();
    list.forEach((m, i) => {
      const key = `${rows[i]}|${placed[i].side}`;
      groups.set(key, [...(groups.get(key) ?? []), m]);
    });
    return [...groups].map(([key, group]) => {
      const [row, side] = key.split('|');
      const offset = 4 + Number(row) * 13;
      return Plot.text(group, {
        x: (m: ChartMarker) => position(m.ts),
        frameAnchor,
        dy: frameAnchor === 'top' ? offset : -offset,
        dx: side === 'left' ? -3 : 3,
        textAnchor: side === 'left' ? 'end' : 'start',
        text: 'label',
        fill,
      });
    });
  };

  return Plot.plot({
    document: options.document,
    width,
    height: options.height ?? 220,
    marginLeft,
    marginRight,
    marginBottom: X_AXIS.marginBottom,
    style: { background: 'transparent', fontSize: '11px' },
    x: byRun
      ? { type: 'linear', label: 'run →', tickFormat: 'd', ...X_AXIS.label }
      : { type: 'utc', label: 'UTC', tickFormat: utcTickFormat, ...X_AXIS.label },
    y: {
      type: options.logScale ? 'log' : 'linear',
      label: `${axis.label ? `${metricName(points.metric, unit)} (${axis.label})` : points.metric}${better ? ` — ${better}` : ''}`,
      grid: true,
      nice: true,
      transform: axis.scale,
      tickFormat,
    },
    marks: [
      options.band
        ? Plot.rectY([options.band], {
            x1: (b) => position(b.from),
            x2: (b) => position(b.to),
            y1: 'low',
            y2: 'high',
            fill: '#64748b',
            fillOpacity: 0.12,
            title: 'label',
          })
        : null,
      hasBand && n > ERROR_BAR_POINTS
        ? Plot.areaY(index, { x, y1: low, y2: high, fill: 'currentColor', fillOpacity: 0.1 })
        : null,
      hasBand && n <= ERROR_BAR_POINTS
        ? Plot.ruleX(
            index.filter((i) => low[i] !== null && high[i] !== null),
            {
              x: (i: number) => x[i],
              y1: (i: number) => low[i],
              y2: (i: number) => high[i],
              stroke: 'currentColor',
              strokeOpacity: 0.45,
            },
          )
        : null,
      Plot.lineY(index, { x, y: points.value, stroke: 'var(--accent, #2563eb)', strokeWidth: 1.5 }),
      n <= 400 ? Plot.dot(index, { x, y: points.value, r: 2, fill: 'var(--accent, #2563eb)' }) : null,
      levels.length
        ? Plot.link(levels, {
            x1: (l: ChartLevel) => position(l.from),
            x2: (l: ChartLevel) => position(l.to),
            y1: 'value',
            y2: 'value',
            stroke: (l: ChartLevel) => LEVEL_COLOURS[l.kind],
            strokeWidth: (l: ChartLevel) => (l.kind === 'threshold' ? 1 : 2),
            strokeDasharray: '4,3',
          })
        : null,
      outliers.length
        ? Plot.dot(outliers, {
            x: (i: number) => x[i],
            y: (i: number) => points.value[i],
            r: 5,
            stroke: MARKER_COLOURS.outlier,
            strokeWidth: 1.5,
            fill: 'none',
          })
        : null,
      events.length
        ? Plot.ruleX(events, {
            x: (m: ChartMarker) => position(m.ts),
            stroke: (m: ChartMarker) => MARKER_COLOURS[m.kind],
            strokeWidth: 1.5,
            strokeOpacity: 0.85,
          })
        : null,
      ...labelMarks(events, 'top', (m) => MARKER_COLOURS[m.kind]),
      versions.length
        ? Plot.ruleX(versions, {
            x: (m: ChartMarker) => position(m.ts),
            stroke: MARKER_COLOURS.version,
            strokeOpacity: 0.5,
            strokeDasharray: '2,3',
          })
        : null,
      ...labelMarks(versions, 'bottom', () => MARKER_COLOURS.version),
      // The tip's text is written when it is shown, not for every point up front (that was a third of drawing).
      Plot.tip(index, Plot.pointerX({ x, y: points.value, title: index, format: { title: (i: number) => tip(i) } })),
    ],
  });
}

/** Index of the first time at or after `ts` in ascending `times` (times.length when none is). */
export function firstAtOrAfter(times: readonly number[], ts: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid] < ts) low = mid + 1;
    else high = mid;
  }
  return low;
}

const PLAIN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/** Tick labels: plain numbers, compact (125K, 2.3M) once they would be long. */
export function axisFormat(values: number[]): (value: number) => string {
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return largest >= 100_000 ? (v) => COMPACT.format(v) : (v) => PLAIN.format(v);
}

/** A commit's message (its first line) and author, as the data gives them, for a point's tip. */
function commitAbout(message: string | null | undefined, author: string | null | undefined): string | null {
  const first = firstLine(message);
  const about = [first && `“${first}”`, author && `by ${author}`].filter(Boolean).join(' ');
  return about || null;
}
