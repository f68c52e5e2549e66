// Zooming a time-series chart: the time range a horizontal drag selects (on a time or a run-order axis), the range
// one step in or out or to the side (the +, −, ← and → keys), and the control a chart is given to change the range
// the page shows.

/** A time range in epoch ms; null is an open end (the start or the end of the data). */
export interface TimeRange {
  from: number | null;
  to: number | null;
}

/** The first and last time of the data: what an open end means. */
export interface TimeExtent {
  first: number;
  last: number;
}

/** A zoom step never goes below this width (a minute): narrower, most histories show no point at all. */
export const MIN_ZOOM_MS = 60_000;

/**
 * The range a drag from x value `a` to `b` selects. On a time axis the values are epoch ms; on a run-order axis
 * they are run numbers (1 = the first of `ts`), and the range runs from the first run inside the drag to the last.
 * Null when the drag holds no run, or is narrower than a millisecond.
 */
export function rangeFromDrag(a: number, b: number, xBy: 'time' | 'run', ts: readonly number[]): TimeRange | null {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  if (xBy === 'time') {
    const from = Math.round(low);
    const to = Math.round(high);
    return to > from ? { from, to } : null;
  }
  const first = Math.max(0, Math.ceil(low) - 1);
  const last = Math.min(ts.length - 1, Math.floor(high) - 1);
  if (last < first) return null;
  return { from: ts[first], to: ts[last] };
}

/** The range one zoom step shows: `factor` < 1 zooms in, > 1 out, about the middle; open ends where it reaches the
 *  data's ends. A step in that would be narrower than `minWidth` keeps the range. */
export function zoomStep(range: TimeRange, extent: TimeExtent, factor: number, minWidth = MIN_ZOOM_MS): TimeRange {
  if (!(factor > 0)) throw new Error(`zoomStep: factor must be positive, got ${factor}`);
  const from = range.from ?? extent.first;
  const to = range.to ?? extent.last;
  const width = (to - from) * factor;
  if (factor < 1 && width < minWidth) return range;
  const middle = (from + to) / 2;
  return clampRange(middle - width / 2, middle + width / 2, extent);
}

/** The range moved sideways by `fraction` of its width (negative: earlier), kept inside the data. */
export function panStep(range: TimeRange, extent: TimeExtent, fraction: number): TimeRange {
  if (range.from === null && range.to === null) return range;
  const from = range.from ?? extent.first;
  const to = range.to ?? extent.last;
  const shift = (to - from) * fraction;
  return clampRange(from + shift, to + shift, extent);
}

/** A range of the same width inside the extent (shifted in when it sticks out), with open ends at its ends. */
function clampRange(from: number, to: number, extent: TimeExtent): TimeRange {
  const width = to - from;
  if (width >= extent.last - extent.first) return { from: null, to: null };
  if (from < extent.first) [from, to] = [extent.first, extent.first + width];
  if (to > extent.last) [from, to] = [extent.last - width, extent.last];
  return {
    from: from <= extent.first ? null : Math.round(from),
    to: to >= extent.last ? null : Math.round(to),
  };
}

/** What a chart is given to zoom: a drag's ends (x values as numbers), the keys, Reset, and whether it is zoomed. */
export interface ZoomControl {
  zoomed: boolean;
  select(a: number, b: number): void;
  /** Handles +, −, 0, ← and →; false for any other key. */
  key(key: string): boolean;
  reset(): void;
}

/** The zoom of a page's shared time range (Explore's: every chart and the range controls show it). */
export function rangeZoom(
  target: { range: TimeRange; setRange(from: number | null, to: number | null): void },
  extent: TimeExtent | null,
  xBy: 'time' | 'run',
  ts: readonly number[],
): ZoomControl {
  const set = (r: TimeRange) => target.setRange(r.from, r.to);
  return {
    zoomed: target.range.from !== null || target.range.to !== null,
    select(a, b) {
      const range = rangeFromDrag(a, b, xBy, ts);
      if (range) set(range);
    },
    key(key) {
      if (key === '0') set({ from: null, to: null });
      else if (!extent) return false;
      else if (key === '+' || key === '=') set(zoomStep(target.range, extent, 0.5));
      else if (key === '-') set(zoomStep(target.range, extent, 2));
      else if (key === 'ArrowLeft') set(panStep(target.range, extent, -0.25));
      else if (key === 'ArrowRight') set(panStep(target.range, extent, 0.25));
      else return false;
      return true;
    },
    reset() {
      set({ from: null, to: null });
    },
  };
}
