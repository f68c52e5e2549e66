// Helpers shared by the benchmark-tool importers: a tolerant JSON reader (NaN, Infinity, JS object
// literals), number and unit handling, run times from content / file name / mtime, and a builder that
// keeps non-finite values out of the records. Everything here is pure: no I/O, no module state.
import { inferDirection, type Direction } from '../../model/metrics.ts';
import { bytesPer, nanosecondsPer, parseUnit } from '../../units/units.ts';
import {
  isObject,
  parseTimestamp,
  type ArtifactInput,
  type MeasurementRecord,
  type ParsedRun,
  type TimeOrigin,
} from '../records.ts';

export type Dims = [string, string | null][];

/** A finite number from a number or a numeric string; null otherwise (NaN, Infinity, text, objects). */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) return null;
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A non-empty string (trimmed), else null. */
export function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text ? text : null;
}

/** Parameter value as dimension text: strings as they are, numbers and booleans printed, others as JSON. */
export function dimText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function obj(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

export function mean(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Finite numbers of a list, each multiplied by factor; undefined when none survive. */
export function samplesOf(list: unknown, factor = 1): number[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: number[] = [];
  for (const v of list) {
    const n = num(v);
    if (n === null) continue;
    const scaled = n * factor;
    if (Number.isFinite(scaled)) out.push(scaled);
  }
  return out.length ? out : undefined;
}

export function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

export function pathParts(path: string): string[] {
  return path.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
}

// ---- JSON ------------------------------------------------------------------------------------------

/** The document: input.json when the engine parsed it, else a tolerant parse of the text (undefined on failure). */
export function readJson(input: ArtifactInput): unknown {
  if (input.json !== undefined) return input.json;
  const start = /^\uFEFF?\s*/.exec(input.text.slice(0, 4096))?.[0].length ?? 0;
  const first = input.text[start];
  if (first !== '{' && first !== '[') return undefined;
  return parseLenientJson(input.text.slice(start));
}

/**
 * JSON plus what benchmark tools actually write: NaN / Infinity / -Infinity (Python's json, Google
 * Benchmark) read as null, and JS object literals (unquoted keys, single quotes, trailing commas,
 * comments). Returns undefined when the text is not such a document. Nesting is limited to 200 levels.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the tolerant reader
  }
  const FAIL = Symbol('fail');
  let i = 0;
  const n = text.length;
  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
      else if (c === 47 && text[i + 1] === '/') {
        const end = text.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c === 47 && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      } else break;
    }
  };
  const readString = (): string | typeof FAIL => {
    const quote = text[i++];
    let out = '';
    while (i < n) {
      const c = text[i++];
      if (c === quote) return out;
      if (c === '\\') {
        const e = text[i++];
        if (e === 'n') out += '\n';
        else if (e === 't') out += '\t';
        else if (e === 'r') out += '\r';
        else if (e === 'b') out += '\b';
        else if (e === 'f') out += '\f';
        else if (e === 'u') {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return FAIL;
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
        } else if (e === undefined) return FAIL;
        else out += e;
      } else if (c === '\n') return FAIL;
      else out += c;
    }
    return FAIL;
  };
  const readValue = (depth: number): unknown => {
    if (depth > 200) return FAIL;
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      for (;;) {
        skipSpace();
        if (text[i] === '}') {
          i++;
          return out;
        }
        let key: string | typeof FAIL;
        if (text[i] === '"' || text[i] === "'") key = readString();
        else {
          const m = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 256));
          if (!m) return FAIL;
          key = m[0];
          i += key.length;
        }
        if (key === FAIL) return FAIL;
        skipSpace();
        if (text[i] !== ':') return FAIL;
        i++;
        const value = readValue(depth + 1);
        if (value === FAIL) return FAIL;
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        skipSpace();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') return FAIL;
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      for (;;) {
        skipSpace();
        if (text[i] === ']') {
          i++;
          return out;
        }
        const value = readValue(depth + 1);
        if (value === FAIL) return FAIL;
        out.push(value);
        skipSpace();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') return FAIL;
      }
    }
    if (c === '"' || c === "'") return readString();
    const word = /^(?:-?Infinity|NaN|true|false|null|undefined|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)/.exec(
      text.slice(i, i + 64),
    );
    if (!word) return FAIL;
    i += word[0].length;
    switch (word[0]) {
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
      case 'undefined':
      case 'NaN':
      case 'Infinity':
      case '-Infinity':
        return null;
      default:
        return Number(word[0]);
    }
  };
  const value = readValue(0);
  if (value === FAIL) return undefined;
  skipSpace();
  if (text[i] === ';') i++;
  skipSpace();
  return i >= n ? value : undefined;
}

// ---- times -------------------------------------------------------------------------------------------

const MIN_TS = Date.UTC(1970, 0, 2);
const MAX_TS = Date.UTC(2200, 0, 1);

/** A plausible epoch-ms time (1970…2200), else null. */
export function plausibleTs(ms: number | null | undefined): number | null {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= MIN_TS && ms <= MAX_TS ? ms : null;
}

/** Epoch ms from content: epoch s/ms numbers, ISO text (no offset = UTC), 'YYYY/MM/DD-HH:MM:SS'. */
export function contentTime(value: unknown): number | null {
  if (typeof value === 'string') {
    const slashed = /^(\d{4})\/(\d{2})\/(\d{2})[-T ](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
    if (slashed) return utc(slashed.slice(1).map(Number));
    if (!/\d{4}-\d{2}-\d{2}|^\d{8}_\d{6}$/.test(value.trim())) return null;
  } else if (typeof value !== 'number') return null;
  return plausibleTs(parseTimestamp(value));
}

function utc([y, mo, d, h = 0, mi = 0, s = 0]: number[]): number | null {
  if (y < 1990 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  return plausibleTs(Date.UTC(y, mo - 1, d, h, mi, s));
}

/** A date/time written in a file name or path: 20250303_050235, 2025-03-03T05-02-35, 2025-03-03, 1741000000. */
export function timeInText(text: string): number | null {
  const compact = /(?<!\d)(\d{4})(\d{2})(\d{2})[_T-](\d{2})(\d{2})(\d{2})(?!\d)/.exec(text);
  if (compact) {
    const t = utc(compact.slice(1).map(Number));
    if (t !== null) return t;
  }
  const iso = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T_ ](\d{2})[-:.](\d{2})[-:.](\d{2}))?(?!\d)/.exec(text);
  if (iso) {
    const t = utc(iso.slice(1).map((v) => (v === undefined ? 0 : Number(v))));
    if (t !== null) return t;
  }
  const epoch = /(?<![0-9A-Za-z])(1\d{9}|1\d{12})(?![0-9A-Za-z])/.exec(text);
  if (epoch) return plausibleTs(epoch[1].length === 10 ? Number(epoch[1]) * 1000 : Number(epoch[1]));
  return null;
}

/** The note resolveTs leaves for each fallback, by where the time came from instead. */
export const TIME_NOTES: Record<Exclude<TimeOrigin, 'content'>, string> = {
  'file name': 'No time in the file: used the date and time in its name.',
  'modification time': "No time in the file: used the file's modification time.",
  'import time': 'No time in the file: used the time of import.',
};

/** The run time: from the content when known, else the file name/path, else the mtime, else now (with a note). */
export function resolveTs(fromContent: number | null, input: ArtifactInput, notes: string[]): number {
  const content = plausibleTs(fromContent);
  if (content !== null) return content;
  const fromName = timeInText(basename(input.name)) ?? timeInText(input.name);
  if (fromName !== null) {
    notes.push(TIME_NOTES['file name']);
    return fromName;
  }
  const mtime = plausibleTs(input.lastModified);
  if (mtime !== null) {
    notes.push(TIME_NOTES['modification time']);
    return mtime;
  }
  notes.push(TIME_NOTES['import time']);
  return Date.now();
}

/**
 * Where resolveTs found the time `ts` of a run named `name`, worked back afterwards from the notes of the batch
 * it was imported with (a source keeps its files' notes merged, not each file's). A date in the name settles it:
 * resolveTs used it unless the content had a time. Without one, a run takes its batch's fallback (the time of
 * import when `ts` is not before `sessionStart`, the epoch ms when this page or process started), or the content
 * when no file of the batch fell back. The one case this gets wrong: a batch mixing files with and without a time
 * in their content, where a file with one and no date in its name is reported as using the fallback.
 */
export function runTimeOrigin(name: string, ts: number, notes: readonly string[], sessionStart = 0): TimeOrigin {
  const fellBack = (origin: Exclude<TimeOrigin, 'content'>) => notes.includes(TIME_NOTES[origin]);
  const fromName = timeInText(basename(name)) ?? timeInText(name);
  if (fromName !== null) return fromName === ts && fellBack('file name') ? 'file name' : 'content';
  if (fellBack('import time') && ts >= sessionStart) return 'import time';
  if (fellBack('modification time')) return 'modification time';
  return 'content';
}

// ---- units ---------------------------------------------------------------------------------------------
// The unit model is src/lib/units/units.ts; these helpers keep the importers' questions short.

/** Nanoseconds per unit for a time unit (ns, us, µs, ms, s, seconds …), else null. */
export function timeFactor(unit: string): number | null {
  return nanosecondsPer(unit);
}

/** Nanoseconds per unit for a time or time-per-operation unit (ns/op, us/iter, ms, s/op …), else null. */
export function perOpTimeFactor(unit: string): number | null {
  const parsed = parseUnit(unit);
  return parsed.dimension === 'time' ? parsed.factor : null;
}

/** Factor to operations per second for an operations-per-time unit (ops/s, ops/ms, iter/sec, Hz …), else null. */
export function opsPerSecondFactor(unit: string): number | null {
  const parsed = parseUnit(unit);
  return parsed.dimension === 'rate' && parsed.base === 'ops/s' ? parsed.factor : null;
}

/** Bytes per unit (B, bytes, KB, MiB …), else null. */
export function bytesFactor(unit: string): number | null {
  return bytesPer(unit)?.factor ?? null;
}

export interface MetricKind {
  metric: string;
  unit: string;
  direction: Direction;
  /** Multiply the source value by this to get the value in `unit`. */
  factor: number;
}

/**
 * The canonical metric for a value in a tool's unit, stored in the unit's base: time (per op) → time [ns];
 * ops per time → throughput [ops/s]; bytes per time → bytes_per_second [B/s]; items per time → items_per_second
 * [items/s]; B/op → bytes_allocated [B]; allocs/op → allocs; plain bytes → memory [B]. Null for other units.
 */
export function canonicalMetric(unit: string): MetricKind | null {
  const u = parseUnit(unit);
  switch (u.dimension) {
    case 'time':
      return { metric: 'time', unit: 'ns', direction: 'lower', factor: u.factor };
    case 'rate':
      return u.base === 'ops/s'
        ? { metric: 'throughput', unit: 'ops/s', direction: 'higher', factor: u.factor }
        : { metric: 'items_per_second', unit: 'items/s', direction: 'higher', factor: u.factor };
    case 'byte rate':
      return { metric: 'bytes_per_second', unit: 'B/s', direction: 'higher', factor: u.factor };
    case 'bytes':
      return { metric: u.perOperation ? 'bytes_allocated' : 'memory', unit: 'B', direction: 'lower', factor: u.factor };
    case 'count':
      return u.base === 'allocs' ? { metric: 'allocs', unit: 'allocs', direction: 'lower', factor: 1 } : null;
    default:
      return null;
  }
}

// ---- building a run ----------------------------------------------------------------------------------

/** Collects records, dropping any whose value or time is not finite, and the notes of one parse. */
export class RunBuilder {
  readonly records: MeasurementRecord[] = [];
  readonly notes: string[] = [];
  private nonFinite = 0;

  constructor(readonly format: string) {}

  add(record: MeasurementRecord): void {
    if (!Number.isFinite(record.value) || !Number.isFinite(record.ts) || !record.metric) {
      this.nonFinite++;
      return;
    }
    const samples = record.samples?.filter((v) => Number.isFinite(v));
    const out: MeasurementRecord = {
      ...record,
      dims: record.dims.map(([k, v]) => [String(k), v === null ? null : String(v)]),
    };
    if (samples && samples.length) out.samples = samples;
    else delete out.samples;
    this.records.push(out);
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  finish(): ParsedRun {
    if (this.nonFinite > 0)
      this.note(
        `${this.nonFinite} value(s) that were not finite numbers (NaN, Infinity or out of range) were skipped.`,
      );
    return { format: this.format, records: this.records, notes: this.notes };
  }
}

/** Throw a recognised-but-malformed error. */
export function malformed(message: string): never {
  throw new Error(message);
}

/** "3 benchmark(s)" style count text. */
export function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  return `${n} ${/[^aeiou]y$/.test(word) ? word.slice(0, -1) + 'ies' : word + 's'}`;
}

const RESERVED_DIMS = new Set(['benchmark', 'machine']);

/** A parameter's dimension name, renamed when it would clash with the benchmark/machine dimensions. */
export function paramName(name: string): string {
  const text = name.trim() || 'param';
  return RESERVED_DIMS.has(text) ? `param_${text}` : text;
}

/** Dims in canonical order: benchmark, parameters, then extra dims (machine last). */
export function buildDims(
  benchmark: string,
  params: [string, string | null][],
  machine: string | null,
  extra: [string, string | null][] = [],
): Dims {
  const dims: Dims = [['benchmark', benchmark]];
  const seen = new Set(['benchmark']);
  for (const [k, v] of [...params.map(([k, v]): [string, string | null] => [paramName(k), v]), ...extra]) {
    if (seen.has(k)) continue;
    seen.add(k);
    dims.push([k, v]);
  }
  if (machine) dims.push(['machine', machine]);
  return dims;
}

/** Which way is better for a metric the tool does not describe (custom counters), from its name and unit. */
export function inferDirectionFor(name: string, unit = ''): Direction {
  return inferDirection(name, unit);
}
