// The preview of a flat table (CSV, JSON records) while DuckDB starts: the table typed as the engine's load types it
// (DuckDB's CSV sniffer for CSV, arrow-ipc.ts's column kinds for JSON), profiled, and mapped by the engine's own
// guessMapping (mapping.ts); rows then made as src/engine/flat.ts makes them. Where the typing or the mapping could
// come out otherwise in DuckDB (a date format it sniffs, numbers written as text), there is no preview: the engine's answer is then the only one.
import type { Direction } from '../model/metrics.ts';
import { inferDirection, inferUnit } from '../model/metrics.ts';
import { isManifest } from '../share/published.ts';
import { flattenRow, type FlatRow } from './flat-json.ts';
import {
  TEXT_TIME_PATTERN,
  guessMapping,
  isNumericType,
  isTemporalType,
  mappingIsUsable,
  type ColumnProfile,
  type FlatMapping,
} from './mapping.ts';

/** A column as DuckDB holds it: its type and each row's value (numbers, text, booleans; times as their text). */
export interface TypedColumn {
  name: string;
  type: string;
  values: (number | string | boolean | null)[];
  /** A time-like text column DuckDB may type as a date or timestamp: the mapping must not depend on which. */
  maybeTemporal?: boolean;
}

export interface FlatTable {
  columns: TypedColumn[];
  rows: number;
}

/** One measurement as flat.ts's view gives it. */
export interface FlatMeasurement {
  ts: number;
  dims: [string, string | null][];
  metric: string;
  value: number;
  commit: string | null;
  versionTag: string | null;
  runGroup: string | null;
}

export interface FlatPreviewData {
  mapping: FlatMapping;
  measurements: FlatMeasurement[];
  metrics: { metric: string; unit: string; direction: Direction }[];
  notes: string[];
}

/** Rows up to which the engine profiles a table whole (flat.ts PROFILE_WHOLE_ROWS); a larger one is not previewed. */
const PROFILE_WHOLE_ROWS = 2_000_000;
/** read_csv's sample_size (sql/ingest/csv_raw.sql): DuckDB types the columns from this many rows. */
const CSV_SAMPLE_ROWS = 20_480;

// ---------------------------------------------------------------------------------------------------------------
// Typing

const INT_TEXT = /^-?(0|[1-9]\d*)$/;
const DOUBLE_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** Text DuckDB may read as a number in ways not modelled here (a leading +, zeros, NaN, a bare dot). */
const ODD_NUMBER = /^[+-]?(\d*\.?\d*([eE][+-]?\d+)?|nan|inf(inity)?)$/i;
const BOOL_TEXT = /^(true|false)$/i;
const ODD_BOOL = /^(t|f|y|n|yes|no|on|off)$/i;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const TIMESTAMPTZ_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
/** Dates or times in any layout: DuckDB's sniffer may find a format for them. */
const TIME_LIKE = /^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?|\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)$/;

/** The type DuckDB's CSV sniffer gives a column of these texts (null: not sure). */
function csvType(texts: string[]): { type: string; maybeTemporal: boolean } | null {
  const present = texts.filter((t) => t !== '');
  if (present.length === 0) return { type: 'VARCHAR', maybeTemporal: false };
  if (present.every((t) => INT_TEXT.test(t))) {
    // Past a double's exact integers (nanosecond epochs) the values would need BigInt here: not previewed.
    const tooBig = present.some((t) => Math.abs(Number(t)) > Number.MAX_SAFE_INTEGER);
    return tooBig ? null : { type: 'BIGINT', maybeTemporal: false };
  }
  if (present.every((t) => DOUBLE_TEXT.test(t))) return { type: 'DOUBLE', maybeTemporal: false };
  if (present.every((t) => DOUBLE_TEXT.test(t) || ODD_NUMBER.test(t))) return null;
  if (present.every((t) => BOOL_TEXT.test(t))) return { type: 'BOOLEAN', maybeTemporal: false };
  if (present.every((t) => BOOL_TEXT.test(t) || ODD_BOOL.test(t))) return null;
  if (present.every((t) => TIME_LIKE.test(t))) {
    // A time-like column: previewed only when every value is a time read the same way as a temporal type and as
    // the engine's text-time expression.
    if (!present.every((t) => textTime(t) !== null)) return null;
    const type = present.every((t) => DATE_TEXT.test(t))
      ? 'DATE'
      : present.every((t) => TIMESTAMP_TEXT.test(t) || DATE_TEXT.test(t))
        ? 'TIMESTAMP'
        : present.every((t) => TIMESTAMPTZ_TEXT.test(t))
          ? 'TIMESTAMP WITH TIME ZONE'
          : 'VARCHAR';
    return { type, maybeTemporal: true };
  }
  return { type: 'VARCHAR', maybeTemporal: false };
}

function csvValue(text: string, type: string): number | string | boolean | null {
  if (text === '') return null;
  if (type === 'BIGINT' || type === 'DOUBLE') return Number(text);
  if (type === 'BOOLEAN') return text.toLowerCase() === 'true';
  return text; // times stay text: read by rowTimes, whichever type DuckDB gives them
}

/** The delimiters DuckDB's sniffer tries. */
const DELIMITERS = [',', ';', '\t', '|'];

/**
 * A CSV text typed as read_csv (auto_detect, sample_size 20480) types it, or null when that is not sure: quotes,
 * comments, ragged rows, more than one possible delimiter, a header that could be data, or a column typed otherwise
 * in DuckDB's sample than in the whole file.
 */
export function csvTable(text: string): FlatTable | null {
  if (text.includes('"') || text.includes("'")) return null;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 2 || lines.some((l) => l === '' || l.startsWith('#'))) return null;
  const fits = DELIMITERS.filter((d) => {
    const n = lines[0].split(d).length;
    return n > 1 && lines.every((l) => l.split(d).length === n);
  });
  if (fits.length !== 1) return null;
  const delimiter = fits[0];
  const header = lines[0].split(delimiter);
  if (header.some((h) => h === '' || h.trim() !== h) || new Set(header).size !== header.length) return null;
  const cells = lines.slice(1).map((l) => l.split(delimiter));
  if (cells.some((row) => row.some((c) => c.trim() !== c))) return null;
  const columns: TypedColumn[] = [];
  for (let c = 0; c < header.length; c++) {
    const texts = cells.map((row) => row[c]);
    const typed = csvType(texts);
    if (!typed) return null;
    if (texts.length > CSV_SAMPLE_ROWS && csvType(texts.slice(0, CSV_SAMPLE_ROWS))?.type !== typed.type) return null;
    columns.push({
      name: header[c],
      type: typed.type,
      values: texts.map((t) => csvValue(t, typed.type)),
      maybeTemporal: typed.maybeTemporal,
    });
  }
  // The header is told from the data by its types: a header row that would fit every typed column could be data.
  const headerIsData = columns.every(
    (col, c) =>
      col.type === 'VARCHAR' || (csvType([header[c], ...cells.slice(0, 20).map((r) => r[c])])?.type ?? '') === col.type,
  );
  if (headerIsData) return null;
  return { columns, rows: cells.length };
}

/** The kind arrow-ipc.ts's inferKind gives a JSON column (src/engine/arrow-ipc.ts), as a DuckDB type. */
function jsonType(values: unknown[]): string {
  let kind: string | null = null;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const k =
      typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2 ** 31)
        ? 'BIGINT'
        : typeof v === 'number'
          ? 'DOUBLE'
          : typeof v === 'boolean'
            ? 'BOOLEAN'
            : Array.isArray(v) && v.every((x) => typeof x === 'number')
              ? 'DOUBLE[]'
              : 'VARCHAR';
    if (kind === null) kind = k;
    else if ((kind === 'BIGINT' && k === 'DOUBLE') || (kind === 'DOUBLE' && k === 'BIGINT')) kind = 'DOUBLE';
    else if (kind !== k) return 'VARCHAR';
  }
  return kind ?? 'VARCHAR';
}

/** JSON records as loadJsonRows inserts them: flattened, columns in first-seen order, typed by their values. */
export function jsonTable(doc: unknown, records: FlatRow[]): FlatTable | null {
  if (isManifest(doc)) return null;
  const rows = records.map((row) => flattenRow(row));
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (!seen.has(key)) (seen.add(key), names.push(key));
  const columns: TypedColumn[] = [];
  for (const name of names) {
    const raw = rows.map((row) => row[name] ?? null);
    const type = jsonType(raw);
    // Lists of numbers (DOUBLE[]) and numbers past a double's exact integers: not modelled here.
    if (type === 'DOUBLE[]') return null;
    if (raw.some((v) => typeof v === 'bigint' || (typeof v === 'number' && Math.abs(v) > Number.MAX_SAFE_INTEGER)))
      return null;
    const values = raw.map((v) => {
      if (v === null || v === undefined) return null;
      if (type === 'BIGINT') return v === '' ? null : Math.trunc(Number(v));
      if (type === 'DOUBLE') return v === '' || !Number.isFinite(Number(v)) ? null : Number(v);
      if (type === 'BOOLEAN') return Boolean(v);
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    columns.push({ name, type, values });
  }
  return { columns, rows: rows.length };
}

// ---------------------------------------------------------------------------------------------------------------
// Times, as flat.ts's timeExpression reads them

const TEXT_TIME = new RegExp(TEXT_TIME_PATTERN, 'i');
const DAY_MS = 86_400_000;
/** 2000-01-01: where rows without times, or with a run order instead, are placed (flat.ts). */
const RUN_ORDER_ORIGIN_MS = 946_684_800_000;

/** A time written as text → epoch ms (whole ms, as the page reads TIMESTAMPs back), or null. */
export function textTime(text: string): number | null {
  const compact = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})$/.exec(text.trim());
  if (compact) {
    const [y, mo, d, h, mi, s] = compact.slice(1).map(Number);
    return validUtc(y, mo, d, h, mi, s, 0, 0);
  }
  const m = TEXT_TIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, tz] = m;
  let offset = 0;
  if (tz && /^[+-]/.test(tz)) {
    const digits = tz.replace(':', '');
    offset = (tz[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const [whole, fraction = ''] = (s ?? '0').split('.');
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  return validUtc(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(whole), ms, offset);
}

function validUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number) {
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (new Date(t).getUTCDate() !== d || y < 1000) return null;
  return t - offsetMin * 60_000;
}

/** Each row's time in epoch ms (null: not read) for the mapped time column, or the row order without one. */
function rowTimes(column: TypedColumn | null, profile: ColumnProfile | null, rows: number): (number | null)[] {
  if (!column || !profile) return Array.from({ length: rows }, (_, i) => RUN_ORDER_ORIGIN_MS + i * DAY_MS);
  if (isNumericType(column.type)) {
    const sample = Math.abs(Number(profile.samples[0] ?? 0));
    return column.values.map((v) => {
      if (v === null) return null;
      const n = v as number;
      if (sample < 1e8) return Math.round(RUN_ORDER_ORIGIN_MS + n * DAY_MS);
      if (sample > 1e17) return Math.floor(n / 1e6);
      if (sample > 1e14) return Math.floor(n / 1e3);
      return sample > 1e11 ? Math.round(n) : Math.round(n * 1000);
    });
  }
  return column.values.map((v) => (v === null ? null : textTime(String(v))));
}

// ---------------------------------------------------------------------------------------------------------------
// Profile, mapping and rows

/** Each column's non-null and distinct counts (the same whichever type DuckDB gives it). */
function countsOf(table: FlatTable): Map<string, { nonNull: number; distinct: number }> {
  return new Map(
    table.columns.map((c) => {
      const present = c.values.filter((v) => v !== null);
      return [c.name, { nonNull: present.length, distinct: new Set(present).size }];
    }),
  );
}

function profileOf(
  table: FlatTable,
  counts: ReturnType<typeof countsOf>,
  typeOf: (c: TypedColumn) => string,
): ColumnProfile[] {
  return table.columns.map((c) => {
    const { nonNull, distinct } = counts.get(c.name)!;
    const temporal = isTemporalType(typeOf(c));
    const sampleText = (v: number | string | boolean) =>
      temporal && typeof v === 'string' ? String(textTime(v)) : String(v);
    const samples = c.values
      .slice(0, 5)
      .filter((v) => v !== null)
      .map((v) => sampleText(v!));
    return {
      name: c.name,
      type: typeOf(c),
      distinct,
      nonNull,
      samples,
    };
  });
}

const NUMBER_TEXT = /^\s*[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$/;
const MISSING_TEXT = /^\s*(?:|nan|[+-]?inf(?:inity)?|-|n\/?a|null|none)\s*$/;

/** Whether flat.ts's cleanNumericText would make this text column a number column (then no preview). */
function numbersAsText(column: TypedColumn): boolean {
  if (column.type !== 'VARCHAR') return false;
  let num = 0;
  let missing = 0;
  let separated = 0;
  let present = 0;
  for (const v of column.values) {
    if (v === null) continue;
    const text = String(v);
    present++;
    if (NUMBER_TEXT.test(text) && /\d/.test(text)) num++;
    if (MISSING_TEXT.test(text.toLowerCase())) missing++;
    if (/\d,\d{3}/.test(text)) separated++;
  }
  return num > 0 && num + missing >= present && (missing > 0 || separated > 0);
}

/**
 * The engine's mapping of a typed table and the measurements it gives, or null when they could come out otherwise
 * in DuckDB (a column DuckDB could type otherwise must not change it).
 */
export function flatPreviewData(table: FlatTable): FlatPreviewData | null {
  if (table.rows === 0 || table.rows > PROFILE_WHOLE_ROWS) return null;
  if (table.columns.some(numbersAsText)) return null;
  const counts = countsOf(table);
  const guess = (typeOf: (c: TypedColumn) => string) => {
    const profile = profileOf(table, counts, typeOf);
    return { profile, mapping: guessMapping(profile, table.rows) };
  };
  const asTyped = (c: TypedColumn) => c.type;
  const { profile, mapping } = guess(asTyped);
  const same = JSON.stringify(mapping);
  const asText = (c: TypedColumn) => (c.maybeTemporal ? 'VARCHAR' : c.type);
  const asTemporal = (c: TypedColumn) => (c.maybeTemporal && c.type === 'VARCHAR' ? 'TIMESTAMP' : c.type);
  for (const typeOf of [asText, asTemporal]) if (JSON.stringify(guess(typeOf).mapping) !== same) return null;
  if (mappingIsUsable(mapping)) return null;

  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const profiles = new Map(profile.map((p) => [p.name, p]));
  // Columns read as text (::VARCHAR) must print as DuckDB prints them: text, whole numbers and booleans do.
  const asVarchar = [
    mapping.commit,
    mapping.branch,
    mapping.versionTag,
    mapping.runGroup,
    mapping.environment,
    ...mapping.dimensions,
  ];
  for (const name of asVarchar) {
    const type = name ? byName.get(name)!.type : 'VARCHAR';
    if (!['VARCHAR', 'BIGINT', 'BOOLEAN'].includes(type)) return null;
  }
  const timeColumn = mapping.time ? byName.get(mapping.time)! : null;
  const times = rowTimes(timeColumn, mapping.time ? profiles.get(mapping.time)! : null, table.rows);
  // Unread times: the engine notes them and drops their rows (or the column); not modelled here.
  if (timeColumn && times.some((t, i) => t === null && timeColumn.values[i] !== null)) return null;

  const text = (name: string | null, i: number): string | null => {
    const v = name ? byName.get(name)!.values[i] : null;
    return v === null ? null : String(v);
  };
  const dims = mapping.dimensions.map((d) => byName.get(d)!);
  const measurements: FlatMeasurement[] = [];
  const push = (i: number, metric: string, value: unknown) => {
    const ts = times[i];
    if (ts === null || typeof value !== 'number' || !Number.isFinite(value)) return;
    measurements.push({
      ts,
      dims: dims.map((d) => [d.name, d.values[i] === null ? null : String(d.values[i])]),
      metric,
      value,
      commit: text(mapping.commit, i),
      versionTag: text(mapping.versionTag, i),
      runGroup: text(mapping.runGroup, i),
    });
  };
  let metrics: FlatPreviewData['metrics'];
  if (mapping.long) {
    const metricColumn = byName.get(mapping.long.metricColumn)!;
    const valueColumn = byName.get(mapping.long.valueColumn)!;
    const unitColumn = mapping.long.unitColumn ? byName.get(mapping.long.unitColumn)! : null;
    const units = new Map<string, Set<string>>();
    for (let i = 0; i < table.rows; i++) {
      const metric = metricColumn.values[i];
      if (metric === null) continue;
      const set = units.get(String(metric)) ?? units.set(String(metric), new Set()).get(String(metric))!;
      const unit = unitColumn?.values[i];
      if (unit !== null && unit !== undefined) set.add(String(unit));
      push(i, String(metric), valueColumn.values[i]);
    }
    // any_value(unit) picks one of a metric's units: several are not sure.
    if ([...units.values()].some((s) => s.size > 1)) return null;
    metrics = [...units].map(([metric, set]) => {
      const unit = [...set][0] || inferUnit(metric);
      return { metric, unit, direction: inferDirection(metric, unit) };
    });
  } else {
    metrics = mapping.metrics.map((m) => ({ metric: m.column, unit: m.unit, direction: m.direction }));
    for (const m of mapping.metrics) {
      const column = byName.get(m.column)!;
      for (let i = 0; i < table.rows; i++) push(i, m.column, column.values[i]);
    }
  }
  if (measurements.length === 0) return null;
  const notes: string[] = [];
  if (
    timeColumn &&
    isNumericType(timeColumn.type) &&
    Math.abs(Number(profiles.get(timeColumn.name)!.samples[0] ?? 0)) < 1e8
  )
    notes.push(
      `The time column "${timeColumn.name}" holds small numbers, not epoch times: read as the run order, step k placed k days after 2000-01-01.`,
    );
  if (!timeColumn) notes.push('No time column: rows are placed one day apart in file order, starting 2000-01-01.');
  return { mapping, measurements, metrics, notes };
}
