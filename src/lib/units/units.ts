// One unit model for every value perftrack reads or shows. A unit string as a tool writes it ("ns/iter",
// "MiB/s", "ops/sec", "B/op", "%", "cycles/iter") is parsed into a dimension, the base unit values of that
// dimension are stored in, and the factor from the written unit to the base:
//
//   time        base ns       ns µs us ms s sec seconds min h, also per operation: ns/iter ns/op s/op …
//   bytes       base B        B KB kB MB GB TB (SI, ×1000), KiB MiB GiB TiB (IEC, ×1024); B/op (per operation)
//   byte rate   base B/s      any bytes unit per any time unit: MB/s MiB/s GB/s bytes/sec …
//   rate        base ops/s    ops/s op/s ops/sec iter/s Hz calls/s …; items/s and elements/s are their own base items/s
//   count       base as named allocs/op → allocs; count, n, x → no unit
//   percent     base %
//   custom      anything else, kept exactly as written (factor 1)
//
// Stored values are in the base unit; formatValue() scales them back for reading ("497,725,839 ns" →
// "497.7 ms"). Units are case-sensitive where case changes the meaning: "MS/s" (megasamples) is not "ms",
// "Mb" (megabit) is not "MB". Bytes shown from a bare "B" or "B/s" use IEC prefixes (KiB, MiB, GiB): the
// convention of Google Benchmark, Criterion and most memory figures; a value written in an SI unit (MB,
// MB/s) keeps SI prefixes when formatted in that unit.

export type Dimension = 'time' | 'bytes' | 'byte rate' | 'rate' | 'count' | 'percent' | 'custom';

export interface Unit {
  /** The unit as written (trimmed). */
  text: string;
  dimension: Dimension;
  /** The unit values of this dimension are stored in: ns, B, B/s, ops/s, items/s, allocs, %, or the text itself. */
  base: string;
  /** Multiply a value in `text` by this to get it in `base`. */
  factor: number;
  /** Prefix family for bytes and byte rates: how a value in this unit is scaled for reading. */
  family?: 'si' | 'iec';
  /** The unit counts per operation (ns/iter, B/op, allocs/op). */
  perOperation: boolean;
}

const TIME_NS: Record<string, number> = {
  ps: 1e-3,
  picosecond: 1e-3,
  picoseconds: 1e-3,
  ns: 1,
  nsec: 1,
  nanosecond: 1,
  nanoseconds: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  usec: 1e3,
  microsecond: 1e3,
  microseconds: 1e3,
  ms: 1e6,
  msec: 1e6,
  millisecond: 1e6,
  milliseconds: 1e6,
  s: 1e9,
  sec: 1e9,
  secs: 1e9,
  second: 1e9,
  seconds: 1e9,
  min: 6e10,
  mins: 6e10,
  minute: 6e10,
  minutes: 6e10,
  h: 3.6e12,
  hr: 3.6e12,
  hour: 3.6e12,
  hours: 3.6e12,
};

/** Nanoseconds in one of a time unit, else null. "MS" and "S" are not times; "Ms", "Sec" and "Seconds" are. */
export function nanosecondsPer(unit: string): number | null {
  const text = unit.trim();
  if (TIME_NS[text] !== undefined) return TIME_NS[text];
  const lower = text.toLowerCase();
  // Only the case of a spelled-out word may differ (Seconds, MS is megasamples, S is siemens).
  return lower.length > 2 && TIME_NS[lower] !== undefined ? TIME_NS[lower] : null;
}

const BYTES: Record<string, [number, 'si' | 'iec']> = {
  B: [1, 'iec'],
  byte: [1, 'iec'],
  bytes: [1, 'iec'],
  Byte: [1, 'iec'],
  Bytes: [1, 'iec'],
  kB: [1e3, 'si'],
  KB: [1e3, 'si'],
  kb: [1e3, 'si'],
  MB: [1e6, 'si'],
  mb: [1e6, 'si'],
  GB: [1e9, 'si'],
  gb: [1e9, 'si'],
  TB: [1e12, 'si'],
  KiB: [1024, 'iec'],
  kiB: [1024, 'iec'],
  MiB: [1024 ** 2, 'iec'],
  GiB: [1024 ** 3, 'iec'],
  TiB: [1024 ** 4, 'iec'],
};

const BYTE_WORDS: Record<string, [number, 'si' | 'iec']> = {
  kilobyte: [1e3, 'si'],
  kilobytes: [1e3, 'si'],
  megabyte: [1e6, 'si'],
  megabytes: [1e6, 'si'],
  gigabyte: [1e9, 'si'],
  gigabytes: [1e9, 'si'],
  terabyte: [1e12, 'si'],
  terabytes: [1e12, 'si'],
  kibibyte: [1024, 'iec'],
  kibibytes: [1024, 'iec'],
  mebibyte: [1024 ** 2, 'iec'],
  mebibytes: [1024 ** 2, 'iec'],
  gibibyte: [1024 ** 3, 'iec'],
  gibibytes: [1024 ** 3, 'iec'],
};

/** Bytes in one of a bytes unit and its prefix family, else null. "b", "Mb" and "Gb" are bits and stay custom. */
export function bytesPer(unit: string): { factor: number; family: 'si' | 'iec' } | null {
  const text = unit.trim();
  const found = BYTES[text] ?? BYTE_WORDS[text.toLowerCase()];
  return found ? { factor: found[0], family: found[1] } : null;
}

const OPERATION =
  /^(op|ops|operation|operations|iter|iters|iteration|iterations|call|calls|run|runs|invocation|invocations|execution|executions|time|times|request|requests|req|reqs)$/i;
const ITEMS = /^(item|items|element|elements|elem|elems)$/i;
const ALLOCS = /^(alloc|allocs|allocation|allocations)$/i;
const COUNT = /^(|count|counts|n|x|times)$/i;
const PERCENT = /^(%|percent|pct)$/i;

function custom(text: string): Unit {
  return { text, dimension: 'custom', base: text, factor: 1, perOperation: false };
}

/** The unit a tool wrote, parsed. Never throws: what is not recognised is a custom unit kept as written. */
export function parseUnit(unit: string | null | undefined): Unit {
  const text = (unit ?? '').trim();
  if (PERCENT.test(text)) return { text, dimension: 'percent', base: '%', factor: 1, perOperation: false };
  if (COUNT.test(text)) return { text, dimension: 'count', base: '', factor: 1, perOperation: false };
  if (text.toLowerCase() === 'hz') return { text, dimension: 'rate', base: 'ops/s', factor: 1, perOperation: false };
  const time = nanosecondsPer(text);
  if (time !== null) return { text, dimension: 'time', base: 'ns', factor: time, perOperation: false };
  const bytes = bytesPer(text);
  if (bytes)
    return { text, dimension: 'bytes', base: 'B', factor: bytes.factor, family: bytes.family, perOperation: false };
  if (ALLOCS.test(text)) return { text, dimension: 'count', base: 'allocs', factor: 1, perOperation: false };

  const slash = /^(.+?)\s*\/\s*(.+)$/.exec(text);
  if (!slash) return custom(text);
  const what = slash[1].trim();
  const per = slash[2].trim();
  if (OPERATION.test(per)) {
    const t = nanosecondsPer(what);
    if (t !== null) return { text, dimension: 'time', base: 'ns', factor: t, perOperation: true };
    const b = bytesPer(what);
    if (b) return { text, dimension: 'bytes', base: 'B', factor: b.factor, family: b.family, perOperation: true };
    if (ALLOCS.test(what)) return { text, dimension: 'count', base: 'allocs', factor: 1, perOperation: true };
    return custom(text);
  }
  const perNs = nanosecondsPer(per);
  if (perNs === null) return custom(text);
  const b = bytesPer(what);
  if (b)
    return {
      text,
      dimension: 'byte rate',
      base: 'B/s',
      factor: (b.factor * 1e9) / perNs,
      family: b.family,
      perOperation: false,
    };
  if (OPERATION.test(what)) return { text, dimension: 'rate', base: 'ops/s', factor: 1e9 / perNs, perOperation: false };
  if (ITEMS.test(what)) return { text, dimension: 'rate', base: 'items/s', factor: 1e9 / perNs, perOperation: false };
  return custom(text);
}

/** A value in a written unit, converted to its base unit. */
export function toBase(value: number, unit: string | null | undefined): { value: number; unit: string } {
  const parsed = parseUnit(unit);
  return { value: value * parsed.factor, unit: parsed.base };
}

/** A unit to show values in: its label and how many base units one of it is. */
export interface DisplayUnit {
  label: string;
  /** Base units per display unit: shown value = base value / factor. */
  factor: number;
}

const TIME_STEPS: DisplayUnit[] = [
  { label: 'ns', factor: 1 },
  { label: 'µs', factor: 1e3 },
  { label: 'ms', factor: 1e6 },
  { label: 's', factor: 1e9 },
];

function byteSteps(family: 'si' | 'iec', suffix: string): DisplayUnit[] {
  const step = family === 'iec' ? 1024 : 1000;
  const names = family === 'iec' ? ['B', 'KiB', 'MiB', 'GiB', 'TiB'] : ['B', 'kB', 'MB', 'GB', 'TB'];
  return names.map((name, i) => ({ label: name + suffix, factor: step ** i }));
}

function rateSteps(base: string): DisplayUnit[] {
  return ['', 'k', 'M', 'G'].map((prefix, i) => ({ label: `${prefix}${prefix ? ' ' : ''}${base}`, factor: 1000 ** i }));
}

/** The ladder of display units for values in a written unit, smallest first, in base units. */
function ladder(parsed: Unit): DisplayUnit[] | null {
  switch (parsed.dimension) {
    case 'time':
      return TIME_STEPS;
    case 'bytes':
      return byteSteps(parsed.family ?? 'iec', '');
    case 'byte rate':
      return byteSteps(parsed.family ?? 'iec', '/s');
    case 'rate':
      return rateSteps(parsed.base);
    default:
      return null;
  }
}

/**
 * How to show values of magnitude `magnitude` (in the written unit `unit`): the largest display unit in which it is
 * at least 1. Units outside time, bytes and rates are shown as they are.
 */
export function displayUnit(magnitude: number, unit: string | null | undefined): DisplayUnit & { fromUnit: number } {
  const parsed = parseUnit(unit);
  const steps = ladder(parsed);
  if (!steps) return { label: parsed.text, factor: 1, fromUnit: 1 };
  const base = Math.abs(magnitude) * parsed.factor;
  let chosen = steps[0];
  for (const step of steps) if (base >= step.factor) chosen = step;
  // A value that is not finite or zero stays in the unit it was written in, when that unit is on the ladder.
  if (!Number.isFinite(base) || base === 0)
    chosen = steps.find((s) => Math.abs(s.factor - parsed.factor) < 1e-9 * s.factor) ?? steps[0];
  return { ...chosen, fromUnit: parsed.factor / chosen.factor };
}

/**
 * A unit as a picker names it: the display units its values are shown in on axes, tables and reports, so a select
 * says what the axis will say ("B/s" stored → "B/s, KiB/s, MiB/s, GiB/s"; "ns" → "ns, µs, ms, s"). Units outside
 * time, bytes and rates are named as written; no unit gives ''.
 */
export function unitFamilyLabel(unit: string | null | undefined): string {
  const parsed = parseUnit(unit);
  const steps = ladder(parsed);
  if (!steps) return parsed.text;
  // The largest rung (TiB, G ops/s) is rare; time keeps all four (ns … s).
  return (parsed.dimension === 'time' ? steps : steps.slice(0, -1)).map((s) => s.label).join(', ');
}

/**
 * A metric's name without the unit a reconciled name carries ("memory (MiB)", "throughput (ops/s)": the same name
 * already known in another unit) when its unit is named beside it anyway, as on axes and in selects.
 */
export function metricName(metric: string, unit: string | null | undefined): string {
  const suffix = /^(.+) \(([^()]+)\)$/.exec(metric);
  if (!suffix) return metric;
  const named = parseUnit(suffix[2]);
  const actual = parseUnit(unit);
  const same =
    named.dimension !== 'custom'
      ? named.dimension === actual.dimension && named.base === actual.base
      : named.text === actual.text;
  return same ? suffix[1] : metric;
}

/** A metric with its unit family, as selects list it: "memory (B, KiB, MiB, GiB)", "score (points)", "count". */
export function metricLabel(metric: string, unit: string | null | undefined): string {
  const family = unitFamilyLabel(unit);
  return family ? `${metricName(metric, unit)} (${family})` : metric;
}
