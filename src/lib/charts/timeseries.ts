// One series over time as an Observable Plot figure: line and points, the raw-sample range as a band
// where the source has samples, optional evidence (segment levels, change-point and outlier markers,
// a baseline band), and a hover tip with commit, version tag and run group.
import * as Plot from '@observablehq/plot';
import type { SeriesPoints } from '../db/api.ts';
import { commonDisplayUnit, formatTime, formatValue, shortCommit } from '../format/format.ts';

export interface ChartMarker {
  ts: number;
  kind: 'regression' | 'improvement' | 'outlier' | 'version';
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
  /** Needed outside a browser (Node tests, the CLI): a DOM document implementation. */
  document?: Document;
}

const MARKER_COLOURS = { regression: '#dc2626', improvement: '#16a34a', outlier: '#d97706', version: '#64748b' } as const;
const LEVEL_COLOURS = { before: '#64748b', after: '#dc2626', threshold: '#d97706' } as const;

export function timeSeriesChart(points: SeriesPoints, options: TimeSeriesOptions = {}): SVGSVGElement | HTMLElement {
  const n = points.ts.length;
  const index = Array.from({ length: n }, (_, i) => i);
  const x = points.ts.map((t) => new Date(t));
  const hasBand = points.low.some((low, i) => low !== null && points.high[i] !== null && (low !== points.value[i] || points.high[i] !== points.value[i]));
  const unit = options.unit ?? '';
  // The axis reads in one scaled unit (ms rather than millions of ns), chosen from the largest value drawn.
  const axis = commonDisplayUnit([...points.value, ...points.high, ...(options.levels ?? []).map((l) => l.value), options.band?.high], unit);
  const better = options.direction === 'higher' ? '↑ higher is better' : options.direction === 'lower' ? '↓ lower is better' : '';
  const markers = options.markers ?? [];
  const events = markers.filter((m) => m.kind !== 'version');
  const versions = markers.filter((m) => m.kind === 'version');
  const levels = options.levels ?? [];
  const tip = (i: number) =>
    [
      formatTime(points.ts[i]),
      `${points.metric}: ${formatValue(points.value[i], unit)}`,
      hasBand && points.low[i] !== null ? `samples: ${formatValue(points.low[i], unit)} – ${formatValue(points.high[i], unit)}${points.nSamples[i] ? ` (n=${points.nSamples[i]})` : ''}` : null,
      `commit: ${shortCommit(points.commit[i])}`,
      points.versionTag[i] ? `version: ${points.versionTag[i]}` : null,
      points.runGroup[i] ? `run: ${points.runGroup[i]}` : null,
    ].filter(Boolean).join('\n');

  // A label reads to the right of its rule, or to the left near the right edge (where it would be cut off).
  const first = Math.min(...points.ts, ...markers.map((m) => m.ts));
  const last = Math.max(...points.ts, ...markers.map((m) => m.ts));
  const nearRightEdge = (m: ChartMarker) => last > first && (m.ts - first) / (last - first) > 0.85;
  const labelMarks = (list: ChartMarker[], frameAnchor: 'top' | 'bottom', fill: (m: ChartMarker) => string) =>
    [list.filter((m) => !nearRightEdge(m)), list.filter(nearRightEdge)].map((group, right) =>
      group.length
        ? Plot.text(group, {
            x: (m: ChartMarker) => new Date(m.ts), frameAnchor, dy: frameAnchor === 'top' ? 4 : -4, dx: right ? -3 : 3,
            textAnchor: right ? 'end' : 'start', text: 'label', fill,
          })
        : null,
    );

  return Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    height: options.height ?? 220,
    marginLeft: 56,
    style: { background: 'transparent', fontSize: '11px' },
    x: { type: 'utc', label: null },
    y: { type: options.logScale ? 'log' : 'linear', label: `${points.metric}${axis.label ? ` (${axis.label})` : ''}${better ? ` — ${better}` : ''}`, grid: true, nice: true, transform: axis.scale },
    marks: [
      options.band
        ? Plot.rectY([options.band], { x1: (b) => new Date(b.from), x2: (b) => new Date(b.to), y1: 'low', y2: 'high', fill: '#64748b', fillOpacity: 0.12, title: 'label' })
        : null,
      hasBand ? Plot.areaY(index, { x, y1: points.low, y2: points.high, fill: 'currentColor', fillOpacity: 0.1 }) : null,
      Plot.lineY(index, { x, y: points.value, stroke: 'var(--accent, #2563eb)', strokeWidth: 1.5 }),
      n <= 400 ? Plot.dot(index, { x, y: points.value, r: 2, fill: 'var(--accent, #2563eb)' }) : null,
      levels.length
        ? Plot.link(levels, {
            x1: (l: ChartLevel) => new Date(l.from), x2: (l: ChartLevel) => new Date(l.to), y1: 'value', y2: 'value',
            stroke: (l: ChartLevel) => LEVEL_COLOURS[l.kind], strokeWidth: (l: ChartLevel) => (l.kind === 'threshold' ? 1 : 2), strokeDasharray: '4,3',
          })
        : null,
      events.length ? Plot.ruleX(events, { x: (m: ChartMarker) => new Date(m.ts), stroke: (m: ChartMarker) => MARKER_COLOURS[m.kind], strokeWidth: 1.5, strokeOpacity: 0.85 }) : null,
      ...labelMarks(events, 'top', (m) => MARKER_COLOURS[m.kind]),
      versions.length ? Plot.ruleX(versions, { x: (m: ChartMarker) => new Date(m.ts), stroke: MARKER_COLOURS.version, strokeOpacity: 0.5, strokeDasharray: '2,3' }) : null,
      ...labelMarks(versions, 'bottom', () => MARKER_COLOURS.version),
      // The tip's text is written when it is shown, not for every point up front (that was a third of drawing).
      Plot.tip(index, Plot.pointerX({ x, y: points.value, title: index, format: { title: (i: number) => tip(i) } })),
    ],
  });
}
