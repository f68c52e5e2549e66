// A sparkline's geometry: a polyline of (at most a few dozen) points scaled into a small box, with the first bad
// sample marked. Drawn by src/ui/SparkSvg.svelte.

/** A series' small history: at most a few dozen (averaged) points. */
export interface SparklinePoints {
  seriesKey: string;
  ts: number[];
  value: number[];
}

/** What a sparkline draws: the polyline's points and the mark's x; null when there are fewer than two values. */
export interface SparklineShape {
  points: string;
  markX: number | null;
}

export function sparklineShape(
  ts: number[],
  values: number[],
  options: { width: number; height: number; markTs?: number | null },
): SparklineShape | null {
  const { width, height } = options;
  if (values.length < 2) return null;
  const minT = ts[0];
  const spanT = ts[ts.length - 1] - minT || 1;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) ((min = Math.min(min, v)), (max = Math.max(max, v)));
  const spanV = max - min || 1;
  const x = (t: number) => ((t - minT) / spanT) * (width - 4) + 2;
  const y = (v: number) => height - 2 - ((v - min) / spanV) * (height - 4);
  const points = values.map((v, i) => `${x(ts[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const markTs = options.markTs;
  return { points, markX: markTs !== undefined && markTs !== null && markTs >= minT ? +x(markTs).toFixed(1) : null };
}
