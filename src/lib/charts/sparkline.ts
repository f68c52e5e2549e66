// A sparkline as SVG text: a polyline of (at most a few dozen) points, with the first bad sample marked.
import { escapeHtml } from '../format/format.ts';

/** A series' small history: at most a few dozen (averaged) points. */
export interface SparklinePoints {
  seriesKey: string;
  ts: number[];
  value: number[];
}

export function sparklineSvg(
  ts: number[],
  values: number[],
  options: { width?: number; height?: number; markTs?: number | null; label?: string } = {},
): string {
  const width = options.width ?? 120;
  const height = options.height ?? 28;
  if (values.length < 2)
    return `<svg width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.label ?? 'no history')}"></svg>`;
  const minT = ts[0];
  const spanT = ts[ts.length - 1] - minT || 1;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) ((min = Math.min(min, v)), (max = Math.max(max, v)));
  const spanV = max - min || 1;
  const x = (t: number) => ((t - minT) / spanT) * (width - 4) + 2;
  const y = (v: number) => height - 2 - ((v - min) / spanV) * (height - 4);
  const points = values.map((v, i) => `${x(ts[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const mark =
    options.markTs !== undefined && options.markTs !== null && options.markTs >= minT
      ? `<line x1="${x(options.markTs).toFixed(1)}" x2="${x(options.markTs).toFixed(1)}" y1="0" y2="${height}" stroke="#dc2626" stroke-width="1"/>`
      : '';
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.label ?? 'history')}">${mark}<polyline points="${points}" fill="none" stroke="currentColor" stroke-width="1.2"/></svg>`;
}
