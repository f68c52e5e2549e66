// Flat tables (CSV, Parquet, JSON records, a database's largest table): a raw table, a guessed (or the user's)
// column mapping, and the canonical rows that mapping gives.
import { sourceFile } from './file-lock.ts';
import type { SourceInfo } from '../lib/model/api.ts';
import { SourceError, explainFailure } from '../lib/sources/errors.ts';
import { flattenRow } from '../lib/sources/flat-json.ts';
import {
  TEXT_TIME_PATTERN,
  guessMapping,
  isNumericType,
  isTemporalType,
  mappingIsUsable,
  type ColumnProfile,
  type FlatMapping,
} from '../lib/sources/mapping.ts';
import { inferDirection, inferUnit, type Direction } from '../lib/model/metrics.ts';
import { columnsToIPC, rowsToColumns } from './arrow-ipc.ts';
import type { EngineCore, SourceState } from './core.ts';
import { finishSource } from './ingest.ts';
import { readParquet, type ByteSource } from './parquet.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';

export async function loadCsv(
  core: EngineCore,
  id: number,
  name: string,
  bytes: Uint8Array,
  url: string | null,
): Promise<SourceInfo> {
  const file = sourceFile(`src_${id}.csv`);
  const size = bytes.length; // registerBuffer transfers (empties) the buffer
  const registered = await core.db.registerBuffer(file, bytes);
  const state = core.newState(id, flatInfo(name, url, 'csv', size));
  state.files = [file];
  const raw = quoteIdent(`src_${id}_raw`);
  await core.exec('ingest/csv_raw', {}, { table: raw, file: quoteLiteral(registered) });
  return loadFlat(core, state, raw);
}

export async function loadParquet(
  core: EngineCore,
  id: number,
  name: string,
  source: ByteSource,
  size: number,
  url: string | null,
  rangeRead: boolean,
): Promise<SourceInfo> {
  // Parquet starts and ends with PAR1; a file that starts with it but does not end with it was cut short.
  if (size < 12 || new TextDecoder().decode(await source.read(size - 4, size)) !== 'PAR1') {
    throw new SourceError(
      `${name} is a Parquet file that is cut short: its footer is missing (${size.toLocaleString('en-US')} bytes).`,
      'It was probably truncated while downloading or copying; fetch or export it again.',
    );
  }
  const { columns, rowCount } = await readParquet(source);
  if (rowCount === 0) throw new SourceError(`${name} is a Parquet file with no rows.`);
  const state = core.newState(id, { ...flatInfo(name, url, 'parquet', size), rangeRead });
  const raw = `src_${id}_raw`;
  await core.db.insertArrowIPC(raw, columnsToIPC(columns));
  return loadFlat(core, state, quoteIdent(raw));
}

export async function loadJsonRows(
  core: EngineCore,
  id: number,
  name: string,
  rows: Record<string, unknown>[],
  size: number,
  url: string | null,
): Promise<SourceInfo> {
  const state = core.newState(id, flatInfo(name, url, 'json', size));
  const raw = `src_${id}_raw`;
  await core.db.insertArrowIPC(raw, columnsToIPC(rowsToColumns(rows.map((row) => flattenRow(row)))));
  return loadFlat(core, state, quoteIdent(raw));
}

/** Rows up to which a flat table's columns are profiled whole, not on a sample (one scan of the table). */
const PROFILE_WHOLE_ROWS = 2_000_000;

export async function loadFlat(core: EngineCore, state: SourceState, rawTable: string): Promise<SourceInfo> {
  const total = Number((await core.rows<{ n: number }>('engine/count_rows', {}, { table: rawTable }))[0].n);
  if (total === 0) throw new SourceError(`${state.info.name} has a header but no rows.`);
  rawTable = await cleanNumericText(core, state, rawTable);
  state.rawTable = rawTable;
  const described = await core.rows<{ column_name: string; column_type: string }>(
    'query/table_describe',
    {},
    { table: rawTable },
  );
  const aggregates = described
    .map(
      (c, i) =>
        `count(DISTINCT ${quoteIdent(c.column_name)}) AS "d${i}", count(${quoteIdent(c.column_name)}) AS "n${i}"`,
    )
    .join(', ');
  // Profiled whole when it is not huge: in a sample much smaller than the table, a name column of many series looks
  // like free text (each name seen once), and the series would be merged. Distinct values are counted exactly:
  // approx_count_distinct counted 4 values as 2 (and others up to 1.77× too many), so a table's mapping depended
  // on its values' hashes
  // (exact costs ≈ 1 s more on 2 M rows in DuckDB-WASM).
  const whole = total <= PROFILE_WHOLE_ROWS;
  const [stats] = await core.rows<Record<string, number>>(
    whole ? 'query/table_profile' : 'query/table_profile_sample',
    {},
    { table: rawTable, aggregates },
  );
  const sample = await core.rows('ingest/flat_sample', {}, { table: rawTable });
  const columns: ColumnProfile[] = described.map((c, i) => ({
    name: c.column_name,
    type: c.column_type,
    distinct: Number(stats[`d${i}`]),
    nonNull: Number(stats[`n${i}`]),
    samples: sample
      .map((row) => row[c.column_name])
      .filter((v) => v !== null && v !== undefined)
      .map((v) => String(v)),
  }));
  const mapping = guessMapping(columns, whole ? total : Math.min(total, 20000));
  const problem = mappingIsUsable(mapping);
  if (problem) {
    const list = columns.map((c) => `${c.name} (${c.type})`).join(', ');
    throw new SourceError(
      `${state.info.name} has ${problem}. Columns: ${list}.`,
      'A benchmark table needs at least one numeric column (a time, a latency, a throughput…).',
    );
  }
  state.info.columns = columns;
  await applyFlatMapping(core, state, mapping, { guessed: true });
  return state.info;
}

const NUMBER_TEXT = String.raw`^\s*[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$`;
const MISSING_TEXT = String.raw`^\s*(?:|nan|[+-]?inf(?:inity)?|-|n/?a|null|none)\s*$`;
const THOUSANDS = String.raw`\d,\d{3}`;

/**
 * Text columns that hold numbers written with thousands separators ("1,234.5") or beside written-out missing
 * values (NaN, Infinity, "", "-", "n/a", out of DOUBLE range) become DOUBLE columns, those values missing (NULL or
 * not finite; they are left out of the measurements). Returns the table to read: the raw one, or a cleaned copy.
 */
async function cleanNumericText(core: EngineCore, state: SourceState, rawTable: string): Promise<string> {
  const described = await core.rows<{ column_name: string; column_type: string }>(
    'query/table_describe',
    {},
    { table: rawTable },
  );
  const text = described.filter((c) => c.column_type === 'VARCHAR');
  if (text.length === 0) return rawTable;
  const aggregates = text
    .map((c, i) => {
      const col = `${quoteIdent(c.column_name)}`;
      return [
        `count(${col}) AS "n${i}"`,
        `count(*) FILTER (WHERE regexp_matches(${col}, ${quoteLiteral(NUMBER_TEXT)}) AND regexp_matches(${col}, '\\d')) AS "num${i}"`,
        `count(*) FILTER (WHERE regexp_matches(lower(${col}), ${quoteLiteral(MISSING_TEXT)})) AS "miss${i}"`,
        `count(*) FILTER (WHERE regexp_matches(${col}, ${quoteLiteral(THOUSANDS)})) AS "sep${i}"`,
      ].join(', ');
    })
    .join(', ');
  const [counts] = await core.rows<Record<string, number>>(
    'query/numeric_text_columns',
    {},
    { table: rawTable, aggregates },
  );
  // Numbers only, beside missing values or written with separators: a text column only because of those.
  const numeric = text.filter(
    (_, i) =>
      counts[`num${i}`] > 0 &&
      counts[`num${i}`] + counts[`miss${i}`] >= counts[`n${i}`] &&
      (counts[`miss${i}`] > 0 || counts[`sep${i}`] > 0),
  );
  if (numeric.length === 0) return rawTable;
  const replacements = numeric
    .map(
      (c) => `TRY_CAST(replace(trim(${quoteIdent(c.column_name)}), ',', '') AS DOUBLE) AS ${quoteIdent(c.column_name)}`,
    )
    .join(', ');
  const cleaned = quoteIdent(`src_${state.info.id}_clean`);
  await core.exec('ingest/clean_numeric_text', {}, { target: cleaned, source: rawTable, replacements });
  state.info.notes.push(
    `Read ${numeric.map((c) => `"${c.column_name}"`).join(', ')} as numbers (thousands separators removed; NaN, Infinity, empty and out-of-range values are missing).`,
  );
  return cleaned;
}

export async function applyFlatMapping(
  core: EngineCore,
  state: SourceState,
  mapping: FlatMapping,
  options: { guessed?: boolean } = {},
): Promise<void> {
  const columns = state.info.columns!;
  const known = new Map(columns.map((c) => [c.name, c]));
  const check = (name: string | null) => {
    if (name !== null && !known.has(name))
      throw new SourceError(`The mapping names a column "${name}" that ${state.info.name} does not have.`);
  };
  [
    mapping.time,
    mapping.commit,
    mapping.branch,
    mapping.versionTag,
    mapping.runGroup,
    mapping.environment,
    ...mapping.dimensions,
  ].forEach(check);
  mapping.metrics.forEach((m) => check(m.column));
  if (mapping.long) [mapping.long.metricColumn, mapping.long.valueColumn, mapping.long.unitColumn].forEach(check);
  const problem = mappingIsUsable(mapping);
  if (problem) throw new SourceError(`This mapping has ${problem}.`);

  const id = state.info.id;
  const raw = state.rawTable!;
  const ident = quoteIdent;
  const text = (column: string | null) => (column ? `${ident(column)}::VARCHAR` : 'NULL::VARCHAR');
  const attribution = [
    `${text(mapping.commit)} AS git_commit`,
    `${text(mapping.branch)} AS branch`,
    `${text(mapping.versionTag)} AS version_tag`,
    `${text(mapping.environment)} AS environment_hash`,
    `${text(mapping.runGroup)} AS run_group_id`,
  ].join(', ');
  const dims = mapping.dimensions.map((d) => `${ident(d)}::VARCHAR AS ${ident('d:' + d)},`).join(' ');
  const numbered = `(SELECT *, rowid AS __row FROM ${raw})`;
  state.info.notes = state.info.notes.filter(
    (n) => !n.startsWith('No time column') && !n.startsWith('The time column'),
  );
  if (mapping.time) {
    const problem = await unreadTimes(core, known.get(mapping.time)!, numbered);
    if (problem?.none && !options.guessed) throw new SourceError(problem.message, TIME_FORMATS);
    if (problem?.none) mapping = { ...mapping, time: null };
    if (problem) state.info.notes.push(problem.message);
  }
  const ts = timeExpression(mapping.time ? known.get(mapping.time)! : null);
  const timeColumn = mapping.time ? known.get(mapping.time) : undefined;
  if (timeColumn && isNumericType(timeColumn.type) && Math.abs(Number(timeColumn.samples[0] ?? 0)) < 1e8)
    state.info.notes.push(
      `The time column "${timeColumn.name}" holds small numbers, not epoch times: read as the run order, step k placed k days after 2000-01-01.`,
    );
  if (!mapping.time)
    state.info.notes.push('No time column: rows are placed one day apart in file order, starting 2000-01-01.');
  let from: string;
  let metric: string;
  let value: string;
  if (mapping.long) {
    from = numbered;
    metric = `${ident(mapping.long.metricColumn)}::VARCHAR`;
    value = `TRY_CAST(${ident(mapping.long.valueColumn)} AS DOUBLE)`;
  } else {
    // One projection per metric column (UNPIVOT cost three times a plain copy of 1 M rows in DuckDB-WASM).
    from = `(${mapping.metrics.map((m) => `SELECT *, ${quoteLiteral(m.column)} AS __metric, TRY_CAST(${ident(m.column)} AS DOUBLE) AS __value FROM ${numbered}`).join(' UNION ALL ')})`;
    metric = '__metric';
    value = '__value';
  }
  await core.exec(
    'ingest/flat_table',
    {},
    { rows: ident(`src_${id}_rows`), ts, attribution, dims, metric, value, from },
  );
  const [missing] = await core.rows<{ missing: number; total: number }>(
    'ingest/flat_missing_values',
    {},
    { rows: ident(`src_${id}_rows`) },
  );
  state.info.notes = state.info.notes.filter((n) => !/^\d+ of \d+ metric values/.test(n));
  if (missing.missing > 0 && missing.missing < missing.total) {
    state.info.notes.push(
      `${missing.missing} of ${missing.total} metric values are empty or not a finite number (NaN, Infinity, out of range): left out as missing.`,
    );
  }

  let metrics: [string, string, Direction][];
  if (mapping.long) {
    const unit = mapping.long.unitColumn ? ident(mapping.long.unitColumn) : `''`;
    const found = await core.rows<{ metric: string; unit: string | null }>(
      'ingest/flat_long_metrics',
      {},
      { raw, metric: ident(mapping.long.metricColumn), unit },
    );
    metrics = found
      .filter((f) => f.metric !== null)
      .map((f) => {
        const unit = f.unit || inferUnit(f.metric);
        return [f.metric, unit, inferDirection(f.metric, unit)];
      });
  } else {
    metrics = mapping.metrics.map((m) => [m.column, m.unit, m.direction]);
  }
  state.info.mapping = mapping;
  await finishSource(
    core,
    state,
    'flat-table',
    `flat table (${mapping.long ? 'long' : 'wide'} layout)`,
    mapping.dimensions,
    metrics,
    { replace: true },
  );
}

/** Re-map a flat table with the user's corrections. On failure the previous mapping stays. */
export async function remapFlat(core: EngineCore, id: number, mapping: FlatMapping): Promise<SourceInfo> {
  const state = core.sources.get(id);
  if (!state || !state.rawTable || !state.info.columns)
    throw new SourceError('Only flat tables (CSV, Parquet, JSON records) have a column mapping.');
  const previous = state.info.mapping!;
  try {
    await applyFlatMapping(core, state, mapping);
  } catch (error) {
    await applyFlatMapping(core, state, previous);
    throw explainFailure(state.info.name, error);
  }
  await core.rebuildGlobalViews();
  return state.info;
}

function flatInfo(
  name: string,
  url: string | null,
  format: SourceInfo['format'],
  bytes: number,
): Omit<SourceInfo, 'id'> {
  return {
    name,
    url,
    format,
    schema: 'flat-table',
    layout: 'flat table',
    rows: 0,
    series: 0,
    metrics: [],
    dimensions: [],
    rangeRead: false,
    bytes,
    notes: [],
    columns: null,
    mapping: null,
  };
}

/** 2000-01-01 in epoch ms: where rows without times, or with a run order instead, are placed. */
const RUN_ORDER_ORIGIN_MS = 946_684_800_000;

/** SQL expression turning the mapped time column (or row order) into a TIMESTAMP. */
function timeExpression(column: ColumnProfile | null): string {
  if (!column) return `TIMESTAMP '2000-01-01' + to_days(__row::INTEGER)`;
  const c = quoteIdent(column.name);
  if (isTemporalType(column.type)) return `${c}::TIMESTAMP`;
  if (isNumericType(column.type)) {
    const sample = Math.abs(Number(column.samples[0] ?? 0));
    // Below epoch times: a run order (0, 1, 2 … or years), one day per step from 2000-01-01.
    if (sample < 1e8) return `epoch_ms((${RUN_ORDER_ORIGIN_MS} + ${c}::DOUBLE * 86400000)::BIGINT)`;
    // The unit from the magnitude (dates after 1973): nanoseconds, microseconds, milliseconds or seconds.
    if (sample > 1e17) return `epoch_ms((${c} // 1000000)::BIGINT)`;
    if (sample > 1e14) return `epoch_ms((${c} // 1000)::BIGINT)`;
    return sample > 1e11 ? `epoch_ms(${c}::BIGINT)` : `epoch_ms((${c} * 1000)::BIGINT)`;
  }
  return `coalesce(TRY_CAST(${c} AS TIMESTAMP), try_strptime(${c}::VARCHAR, '%Y%m%d_%H%M%S'), TRY_CAST(TRY_CAST(${c} AS TIMESTAMPTZ) AS TIMESTAMP), ${textTimeExpression(c)})`;
}

/** Dates with dots or slashes, a one-digit hour, an offset like +0100 (Otava writes `2024.01.01 3:00:00 +0100`):
 *  the parts matched by TEXT_TIME_PATTERN, made into a UTC TIMESTAMP; NULL when the text is no such time. */
function textTimeExpression(column: string): string {
  const parts = `regexp_extract(${column}::VARCHAR, ${quoteLiteral('(?i)' + TEXT_TIME_PATTERN)}, ['y', 'mo', 'd', 'h', 'mi', 's', 'tz'])`;
  const int = (part: string) => `coalesce(nullif(p.${part}, '')::BIGINT, 0)`;
  const offsetMinutes = `CASE WHEN regexp_matches(p.tz, '^[+-]') THEN (CASE WHEN p.tz[1] = '-' THEN -1 ELSE 1 END) * (p.tz[2:3]::BIGINT * 60 + right(p.tz, 2)::BIGINT) ELSE 0 END`;
  const made = `make_timestamp(p.y::BIGINT, p.mo::BIGINT, p.d::BIGINT, ${int('h')}, ${int('mi')}, coalesce(nullif(p.s, '')::DOUBLE, 0))`;
  return `list_transform([${parts}], p -> try(${made} - to_minutes(${offsetMinutes})))[1]`;
}

const TIME_FORMATS =
  'Readable times: 2024-01-31 12:00:00 (with T, seconds, fractions or an offset), 2024.01.31 3:00:00 +0100, 2024/01/31, 20240131_120000, and epoch seconds, milliseconds, microseconds or nanoseconds.';

/** Whether the time column's values are read: null when all are; else a message naming a value that is not. */
async function unreadTimes(
  core: EngineCore,
  column: ColumnProfile,
  numbered: string,
): Promise<{ none: boolean; message: string } | null> {
  const [check] = await core.rows<{ present: number; parsed: number; example: string | null }>(
    'ingest/flat_time_check',
    {},
    {
      column: quoteIdent(column.name),
      ts: timeExpression(column),
      from: numbered,
    },
  );
  if (check.present === 0 || check.parsed === check.present) return null;
  const example = JSON.stringify(check.example ?? '');
  if (check.parsed === 0) {
    return {
      none: true,
      message: `The time column "${column.name}" holds times in a format this page does not read (e.g. ${example}), so its rows have no time.`,
    };
  }
  return {
    none: false,
    message: `The time column "${column.name}" has ${check.present - check.parsed} value(s) that are not a readable time (e.g. ${example}): those rows are left out.`,
  };
}
