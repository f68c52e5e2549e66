// A value's spread as a tool wrote it ("± 1,234", "+/- 35", "±1.93%", "± 2 ms", "stddev: 2.1e-7") read as a
// number: the half-width of an error bar, in the unit the value itself is written in. Forms seen in
// github-action-benchmark histories and its extractors:
//   cargo, benchmarkdotnet, custom tools   "± 41", "+/- 2,802" (thousands separators), "±3": the value's own unit
//   benchmark.js                           "±1.93%", "0.42%": relative to the value
//   pytest-benchmark                       "stddev: 2.04e-5": seconds of the mean time per round, while the value is
//                                          iter/sec; carried over as the same relative spread of the rate
//   catch2                                 "± 526": the extractor drops the std dev's own unit (ns beside a value in
//                                          µs), so the number cannot be placed: none
// A unit in the text ("± 2 ms") is converted into the value's unit when both are of one dimension. Anything else —
// a min–max pair, words, a negative or non-finite number, a unit of another kind — gives null: no bar rather than a
// wrong one.
import { nanosecondsPer, parseUnit } from './units.ts';

/** What else the data says about the value: the tool that wrote it, and its `extra` text (pytest's mean). */
export interface RangeContext {
  tool?: string | null;
  extra?: string | null;
}

// 2,802 · 1.70 · 2.04e-5 · .5
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)`;
const PLUS_MINUS = new RegExp(String.raw`^(?:±|\+\s*/\s*-|\+-)?\s*${NUMBER}\s*(%|[A-Za-zµμ][\w/µμ]*)?$`);
const STDDEV = new RegExp(String.raw`^std\s*dev(?:iation)?\s*[:=]\s*${NUMBER}\s*([A-Za-zµμ][\w/µμ]*)?$`, 'i');
const MEAN = new RegExp(String.raw`(?:^|\n)\s*mean:\s*${NUMBER}\s*([A-Za-zµμ]+)?`, 'i');

/** Tools whose range number is in an unknown unit (see the header). */
const UNITLESS_RANGE_TOOLS = new Set(['catch2']);

function numberOf(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** `amount` written in `from`, in `to` (same dimension and base), else null. */
function convert(amount: number, from: string, to: string): number | null {
  if (from === to) return amount;
  const a = parseUnit(from);
  const b = parseUnit(to);
  if (a.dimension === 'custom' || a.dimension !== b.dimension || a.base !== b.base) return null;
  return (amount * a.factor) / b.factor;
}

/**
 * The half-width a range text gives for `value` written in `unit`, in that same unit; null when the text is
 * missing or cannot be read without guessing.
 */
export function parseRange(
  text: string | null | undefined,
  value: number,
  unit: string,
  context: RangeContext = {},
): number | null {
  if (typeof text !== 'string' || !Number.isFinite(value)) return null;
  const trimmed = text.trim();
  const stddev = STDDEV.exec(trimmed);
  const half = stddev
    ? stddevHalfWidth(stddev, value, unit, context)
    : plusMinusHalfWidth(trimmed, value, unit, context);
  return half !== null && Number.isFinite(half) && half >= 0 ? half : null;
}

function plusMinusHalfWidth(text: string, value: number, unit: string, context: RangeContext): number | null {
  const m = PLUS_MINUS.exec(text);
  if (!m) return null;
  const amount = numberOf(m[1]);
  const written = m[2];
  if (written === '%') return (Math.abs(value) * amount) / 100;
  if (written) return convert(amount, written, unit);
  return UNITLESS_RANGE_TOOLS.has(context.tool ?? '') ? null : amount;
}

/** pytest-benchmark's stddev is in seconds of the time per round; a custom tool's "stddev: x" is in its value's unit. */
function stddevHalfWidth(m: RegExpExecArray, value: number, unit: string, context: RangeContext): number | null {
  const amount = numberOf(m[1]);
  if (m[2]) return convert(amount, m[2], unit);
  const target = parseUnit(unit);
  const pytest = context.tool === 'pytest' || (!context.tool && target.dimension === 'rate');
  if (!pytest) return amount;
  if (target.dimension === 'time') return convert(amount, 's', unit);
  if (target.dimension !== 'rate' || !(value > 0)) return null;
  // The rate is 1 / mean time, so the time's relative spread is the rate's (to first order).
  const meanSeconds = meanSecondsOf(context.extra) ?? 1 / (value * target.factor);
  if (!(meanSeconds > 0)) return null;
  return (value * amount) / meanSeconds;
}

/** pytest's extra text "mean: 20.68 usec\nrounds: 28249" → the mean in seconds. */
function meanSecondsOf(extra: string | null | undefined): number | null {
  const m = typeof extra === 'string' ? MEAN.exec(extra) : null;
  if (!m) return null;
  const ns = nanosecondsPer(m[2] ?? 'sec');
  return ns === null ? null : (numberOf(m[1]) * ns) / 1e9;
}
