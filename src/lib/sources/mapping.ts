// Guessing how a flat table (CSV, Parquet, JSON records) maps onto the canonical measurement shape.
// The guess is only a starting point: the user corrects it in the mapping form.
import { inferDirection, inferUnit, type Direction } from '../model/metrics.ts';

export interface ColumnProfile {
  name: string;
  /** DuckDB type name, e.g. VARCHAR, DOUBLE, BIGINT, TIMESTAMP. */
  type: string;
  distinct: number;
  nonNull: number;
  /** A few non-null values, as text. */
  samples: string[];
}

export interface MetricMapping {
  column: string;
  unit: string;
  direction: Direction;
}

export interface FlatMapping {
  time: string | null;
  dimensions: string[];
  /** Wide layout: one column per metric. */
  metrics: MetricMapping[];
  /** Long layout: a column naming the metric and a column holding the value. */
  long: { metricColumn: string; valueColumn: string; unitColumn: string | null } | null;
  commit: string | null;
  branch: string | null;
  versionTag: string | null;
  runGroup: string | null;
  environment: string | null;
}

const TIME_NAME =
  /^(ts|time|timestamp|date|datetime|created(_at)?|started(_at)?|run_?(date|time)|recorded(_at)?|measured(_at)?|commit_?(date|time)|when)$/i;
const TIME_HINT = /(time|date|_at$|timestamp)/i;
/** Whole numbers counting runs (an index, a step, t): the run order, when no column holds times. */
const ORDER_NAME = /^(index|idx|t|step|iteration|iter|run|run_?(index|number|no)|seq|sequence|position|pos|year)$/i;
/** A number column named like a time with a unit (time_ns, ts_ms, epoch_s): a time if its values are epoch-like. */
const EPOCH_NAME = /^(ts|time|timestamp|epoch|date)_?(s|secs?|seconds|ms|millis|us|micros|ns|nanos)?$/i;
const COMMIT_NAME = /^(git_?)?(commit|sha|revision|rev|hash)(_?(hash|id|sha))?$|^git_commit_hash$/i;
const BRANCH_NAME = /^(git_?)?(branch|ref)(_?name)?$/i;
const VERSION_NAME = /^(version(_?tag)?|tag|release)$/i;
const RUN_NAME = /^(run_?(group)?_?(id)?|build(_?(id|number))?|job_?id|pipeline_?id)$/i;
// A machine or host column is a dimension (each machine has its own history), not the environment fingerprint.
const ENV_NAME = /^env(ironment)?(_?hash)?$/i;
const METRIC_NAME = /^(metric|metric_?name|measure(ment)?|benchmark_?metric|stat)$/i;
const VALUE_NAME = /^(value|val|result|measurement|amount|mean)$/i;
const UNIT_NAME = /^(unit|units)$/i;
const NOTE_NAME = /^(notes?|comments?|remarks?|description|message|annotations?|details?|log)$/i;
/** A text column naming the benchmark: each value a series, however many there are and however often each is seen. */
const SERIES_NAME =
  /^(bench(mark)?|test|case|scenario|workload|suite|series|query|function|op(eration)?)?_?name$|^(bench(mark)?|test|case|scenario|workload|series)$/i;
const ID_NAME = /(^id$|_id$|^uuid$|^pk$|^row_?(id|num)$|^index$|^result_?id$)/i;
const CONFIG_NAME =
  /(batch|seq|size|len|threads?|workers?|iter|warmup|shape|dim|level|(^|_)n(_|$)|count$|param|concurrency|precision|dtype|procs|cores)/i;
const MEASURE_NAME =
  /(time|latency|duration|elapsed|bytes|mem|rss|heap|throughput|ops|per_?s|rate|speed|power|energy|score|cycles|instructions|allocs?\b|_ms$|_us$|_ns$|_s$|_mb$|_kb$|_gb$)/i;

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/i;
const TEMPORAL = /^(TIMESTAMP.*|DATE|TIMESTAMP WITH TIME ZONE)$/i;

export function isNumericType(type: string): boolean {
  return NUMERIC.test(type);
}

export function isTemporalType(type: string): boolean {
  return TEMPORAL.test(type);
}

export function guessMapping(columns: ColumnProfile[], rowCount: number): FlatMapping {
  const used = new Set<string>();
  const pick = (test: (c: ColumnProfile) => boolean): string | null => {
    const found = columns.find((c) => !used.has(c.name) && test(c));
    if (found) used.add(found.name);
    return found?.name ?? null;
  };

  const time =
    pick((c) => isTemporalType(c.type) && TIME_NAME.test(c.name)) ??
    pick((c) => isTemporalType(c.type)) ??
    pick((c) => TIME_NAME.test(c.name) && (c.type === 'VARCHAR' ? c.samples.some(looksLikeTime) : isEpochLike(c))) ??
    pick(
      (c) => TIME_HINT.test(c.name) && c.type === 'VARCHAR' && c.samples.length > 0 && c.samples.every(looksLikeTime),
    ) ??
    pick((c) => EPOCH_NAME.test(c.name) && isEpochLike(c)) ??
    pick((c) => (TIME_NAME.test(c.name) || ORDER_NAME.test(c.name)) && isRunOrder(c, rowCount));
  const commit = pick((c) => COMMIT_NAME.test(c.name) && !isNumericType(c.type));
  const branch = pick((c) => BRANCH_NAME.test(c.name));
  const versionTag = pick((c) => VERSION_NAME.test(c.name));
  const runGroup = pick((c) => RUN_NAME.test(c.name));
  const environment = pick((c) => ENV_NAME.test(c.name));

  const metricColumn = columns.find((c) => !used.has(c.name) && METRIC_NAME.test(c.name) && c.type === 'VARCHAR');
  const valueColumn = columns.find((c) => !used.has(c.name) && VALUE_NAME.test(c.name) && isNumericType(c.type));
  let long: FlatMapping['long'] = null;
  if (metricColumn && valueColumn) {
    used.add(metricColumn.name).add(valueColumn.name);
    const unitColumn = pick((c) => UNIT_NAME.test(c.name) && c.type === 'VARCHAR');
    long = { metricColumn: metricColumn.name, valueColumn: valueColumn.name, unitColumn };
  }

  // Each branch is a history of its own (as Otava and Bencher keep them): a branch column holding several branches
  // is a dimension too, besides the run's branch.
  const branchColumn = columns.find((c) => c.name === branch);
  const dimensions: string[] = branchColumn && branchColumn.distinct > 1 ? [branchColumn.name] : [];
  const metrics: MetricMapping[] = [];
  for (const column of columns) {
    if (used.has(column.name)) continue;
    const role = columnRole(column, rowCount);
    if (role === 'dimension') dimensions.push(column.name);
    else if (role === 'metric' && !long) {
      const unit = inferUnit(column.name);
      metrics.push({ column: column.name, unit, direction: inferDirection(column.name, unit) });
    }
  }
  return { time, dimensions, metrics, long, commit, branch, versionTag, runGroup, environment };
}

function columnRole(column: ColumnProfile, rowCount: number): 'dimension' | 'metric' | 'ignore' {
  if (column.nonNull === 0) return 'ignore';
  const unique = rowCount > 1 && column.distinct >= rowCount * (rowCount > 20 ? 0.9 : 1);
  if (ID_NAME.test(column.name)) return unique ? 'ignore' : 'dimension';
  if (column.samples.some((s) => /^\s*[[{]/.test(s))) return 'ignore';
  if (NOTE_NAME.test(column.name)) return 'ignore'; // free text: its values would split a history
  if (column.type === 'BOOLEAN') return 'dimension';
  if (isTemporalType(column.type)) return 'ignore';
  if (!isNumericType(column.type)) {
    if (SERIES_NAME.test(column.name)) return 'dimension';
    if (unique && column.samples.every((s) => s.length > 40)) return 'ignore';
    return column.distinct <= Math.max(50, rowCount * 0.5) ? 'dimension' : 'ignore';
  }
  if (
    INTEGER.test(column.type) &&
    CONFIG_NAME.test(column.name) &&
    !MEASURE_NAME.test(column.name) &&
    column.distinct <= 64
  )
    return 'dimension';
  return 'metric';
}

/**
 * A date and time as text, with `-`, `.` or `/` between year, month and day (2024-01-31, 2024.01.01 3:00:00 +0100,
 * 2024/01/31T12:00:00.5Z): year, month, day, hour, minute, second and offset as groups. Written for both JS and
 * DuckDB's RE2, which reads the text columns of flat tables with it.
 */
export const TEXT_TIME_PATTERN = String.raw`^\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$`;
const TEXT_TIME = new RegExp(TEXT_TIME_PATTERN, 'i');

export function looksLikeTime(text: string): boolean {
  const m = TEXT_TIME.exec(text);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31;
  return /^\d{8}_\d{6}$/.test(text.trim());
}

/** Whole numbers below epoch times, (nearly) all distinct, ascending in the first rows: 0, 1, 2 … or 1960, 1961 … */
function isRunOrder(column: ColumnProfile, rowCount: number): boolean {
  if (!INTEGER.test(column.type) || isEpochLike(column) || column.samples.length < 2) return false;
  const values = column.samples.map(Number);
  return column.distinct >= rowCount * 0.9 && values.every((v, i) => i === 0 || v > values[i - 1]);
}

function isEpochLike(column: ColumnProfile): boolean {
  if (!isNumericType(column.type)) return false;
  return column.samples.every((s) => {
    const n = Number(s);
    return n > 1e8 && n < 1e20; // epoch seconds, milliseconds, microseconds or nanoseconds
  });
}

/** Columns a user can pick for each role in the mapping form. */
export function mappingIsUsable(mapping: FlatMapping): string | null {
  if (!mapping.long && mapping.metrics.length === 0) return 'no numeric column that could be used as a metric';
  return null;
}
