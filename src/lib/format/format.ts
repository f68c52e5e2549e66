// Number and time formatting shared by the UI, charts, reports, notifications and the CLI. Values are scaled
// for reading through the unit model (src/lib/units/units.ts): 497,725,839 ns → "497.7 ms".
import { displayUnit, type DisplayUnit } from '../units/units.ts';

// One formatter per number of decimals: toLocaleString with options builds a new formatter on every call, which
// dominates drawing a chart whose tips format thousands of values.
const NUMBER_FORMATS = [0, 1, 2, 3, 4].map(
  (digits) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
);

function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : abs >= 1 ? 3 : 4;
  return NUMBER_FORMATS[digits].format(value);
}

/** A value in `unit` (as stored or as a tool wrote it), scaled to the unit that reads best: 0.0125 s → "12.5 ms". */
export function formatValue(value: number | null | undefined, unit: string | null = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const shown = displayUnit(value, unit);
  const text = formatNumber(value * shown.fromUnit);
  return shown.label ? `${text} ${shown.label}` : text;
}

/**
 * One display unit for many values (a chart axis, a table column): chosen from the largest magnitude, so every
 * value reads in the same unit. `scale` turns a value in `unit` into the display unit.
 */
export function commonDisplayUnit(
  values: Iterable<number | null | undefined>,
  unit: string | null = '',
): DisplayUnit & { scale: (value: number) => number } {
  let largest = 0;
  for (const v of values)
    if (v !== null && v !== undefined && Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  const shown = displayUnit(largest, unit);
  return { label: shown.label, factor: shown.factor, scale: (value: number) => value * shown.fromUnit };
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value > 0 ? '+' : ''}${value.toFixed(digits)}%`;
}

/** A p-value: exponent notation when small; below what a double can tell from zero, say so. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 1e-300) return '< 1e-300';
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}

/** UTC time as 'YYYY-MM-DD HH:MM' (benchmark timestamps are stored as UTC). */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** A size in bytes, with IEC prefixes (1,536 → "1.5 KiB"). */
export function formatBytes(bytes: number): string {
  return formatValue(bytes, 'B');
}

export function shortCommit(commit: string | null | undefined): string {
  return commit ? commit.slice(0, 8) : '—';
}

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
