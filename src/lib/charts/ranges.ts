// Each point's range as charts draw it (a band, or error bars on a short history): a range the data reports beside
// its value where it carries one, else the raw samples' min–max; and what a point's tip says of it.
import { formatValue } from '../format/format.ts';
import type { SeriesPoints } from '../model/api.ts';

/**
 * The points a range is read from. `spread`: a per-point range the data reports (e.g. github-action-benchmark's
 * `± 1.2%`), the half-width in the series' own unit, null where a point has none (SeriesPoints carries it).
 */
export type RangedPoints = Pick<SeriesPoints, 'value' | 'low' | 'high' | 'nSamples'> & {
  spread?: readonly (number | null)[];
};

export interface PointRanges {
  low: (number | null)[];
  high: (number | null)[];
  /** What the range is, for the tip and the legend. */
  what: 'reported ± range' | 'samples min–max';
}

/** The points' ranges, or null when no point has one wider than its value. A series with any reported range draws
 *  those (points without one get none); otherwise the samples' min–max. */
export function pointRanges(points: RangedPoints): PointRanges | null {
  const n = points.value.length;
  if (points.spread?.some((s) => s !== null && Number.isFinite(s) && s > 0)) {
    const spread = points.spread;
    const low = points.value.map((v, i) => (spread[i] === null ? null : v - Math.abs(spread[i]!)));
    const high = points.value.map((v, i) => (spread[i] === null ? null : v + Math.abs(spread[i]!)));
    return { low, high, what: 'reported ± range' };
  }
  let wider = false;
  for (let i = 0; i < n && !wider; i++) wider = hasSamplesRange(points, i);
  return wider ? { low: [...points.low], high: [...points.high], what: 'samples min–max' } : null;
}

function hasSamplesRange(points: RangedPoints, i: number): boolean {
  const low = points.low[i];
  const high = points.high[i];
  return low !== null && high !== null && (low !== points.value[i] || high !== points.value[i]);
}

/**
 * A point's range for its tip, in the series' unit: "± 41 ns (reported range)", or the samples' min–max. Where a
 * point has both, both are named and the tip says which one is drawn.
 */
export function rangeTip(points: RangedPoints, ranges: PointRanges | null, i: number, unit: string): string | null {
  if (!ranges) return null;
  const spread = points.spread?.[i];
  const samples = hasSamplesRange(points, i)
    ? `samples min–max: ${formatValue(points.low[i], unit)} – ${formatValue(points.high[i], unit)}${points.nSamples[i] ? ` (n=${points.nSamples[i]})` : ''}`
    : null;
  if (ranges.what === 'samples min–max') return samples;
  const reported = spread !== null && spread !== undefined ? `± ${formatValue(Math.abs(spread), unit)}` : null;
  if (reported && samples) return `${reported} (reported range, drawn)\n${samples}, not drawn`;
  if (reported) return `${reported} (reported range)`;
  return samples ? `${samples}, not drawn (the chart draws reported ranges)` : null;
}

/** Up to this many points a range is drawn as an error bar per point; beyond, as a band (bars would merge). */
export const ERROR_BAR_POINTS = 80;

/** What a chart's bars or band are, in a line under it (null when it draws none). */
export function rangeLegend(points: RangedPoints): string | null {
  const ranges = pointRanges(points);
  if (!ranges) return null;
  const drawn = points.value.length <= ERROR_BAR_POINTS ? 'Error bars' : 'Band';
  return ranges.what === 'reported ± range'
    ? `${drawn}: the ± range the data reports for each point.`
    : `${drawn}: each point's raw samples, smallest to largest.`;
}
