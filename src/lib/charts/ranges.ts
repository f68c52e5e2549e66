// Each point's range as charts draw it (a band, or error bars on a short history): a range the data reports beside
// its value where it carries one, else the raw samples' min–max.
import type { SeriesPoints } from '../model/api.ts';

/**
 * The points a range is read from. `spread` is the hook for a per-point range the data reports (e.g.
 * github-action-benchmark's `± 1.2%`): the half-width in the series' own unit, null where a point has none. When
 * SeriesPoints carries such a field, pass it as `spread`.
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

/** The points' ranges, or null when no point has one wider than its value. */
export function pointRanges(points: RangedPoints): PointRanges | null {
  const n = points.value.length;
  if (points.spread?.some((s) => s !== null && Number.isFinite(s) && s > 0)) {
    const spread = points.spread;
    const low = points.value.map((v, i) => (spread[i] === null ? null : v - Math.abs(spread[i]!)));
    const high = points.value.map((v, i) => (spread[i] === null ? null : v + Math.abs(spread[i]!)));
    return { low, high, what: 'reported ± range' };
  }
  let wider = false;
  for (let i = 0; i < n && !wider; i++) {
    const low = points.low[i];
    const high = points.high[i];
    wider = low !== null && high !== null && (low !== points.value[i] || high !== points.value[i]);
  }
  return wider ? { low: [...points.low], high: [...points.high], what: 'samples min–max' } : null;
}

/** Up to this many points a range is drawn as an error bar per point; beyond, as a band (bars would merge). */
export const ERROR_BAR_POINTS = 80;
