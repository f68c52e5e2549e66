// Flat tables (CSV, Parquet, JSON records, a database's largest table): a raw table, a guessed (or the user's)
// column mapping, and the canonical rows that mapping gives.
import type { SourceInfo } from '../lib/db/api.ts';
import { SourceError, explainFailure } from '../lib/sources/errors.ts';
import { flattenRow } from '../lib/sources/flat-json.ts';
import { guessMapping, isNumericType, isTemporalType, mappingIsUsable, type ColumnProfile, type FlatMapping } from '../lib/sources/mapping.ts';
import { inferDirection, inferUnit, type Direction } from '../lib/sources/metrics.ts';
import { columnsToIPC, rowsToColumns } from './arrow-ipc.ts';
import type { EngineCore, SourceState } from './context.ts';
import { finishSource } from './ingest.ts';
import { readParquet, type ByteSource } from './parquet.ts';
import { tableRows } from './rows.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';

export async function loadCsv(core: EngineCore, id: number, name: string, bytes: Uint8Array, url: string | null): Promise<SourceInfo> {
  const file = `src_${id}.csv`;
  const size = bytes.length; // registerBuffer transfers (empties) the buffer
  await core.db.registerBuffer(file, bytes);
  const state = core.newState(id, flatInfo(name, url, 'csv', size));
  state.files = [file];
  const raw = quoteIdent(`src_${id}_raw`);
  await core.exec('ingest/csv_raw', {}, { table: raw, file: quoteLiteral(file) });
  return loadFlat(core, state, raw);
}

export async function loadParquet(core: EngineCore, id: number, name: string, source: ByteSource, size: number, url: string | null, rangeRead: boolean): Promise<SourceInfo> {
  // Parquet starts and ends with PAR1; a file that starts with it but does not end with it was cut short.
  if (size < 12 || new TextDecoder().decode(await source.read(size - 4, size)) !== 'PAR1') {
    throw new SourceError(`${name} is a Parquet file that is cut short: its footer is missing (${size.toLocaleString('en-US')} bytes).`, 'It was probably truncated while downloading or copying; fetch or export it again.');
  }
  const { columns, rowCount } = await readParquet(source);
  if (rowCount === 0) throw new SourceError(`${name} is a Parquet file with no rows.`);
  const state = core.newState(id, { ...flatInfo(name, url, 'parquet', size), rangeRead });
  const raw = `src_${id}_raw`;
  await core.db.insertArrowIPC(raw, columnsToIPC(columns));
  return loadFlat(core, state, quoteIdent(raw));
}

export async function loadJsonRows(core: EngineCore, id: number, name: string, rows: Record<string, unknown>[], size: number, url: string | null): Promise<SourceInfo> {
  const state = core.newState(id, flatInfo(name, url, 'json', size));
  const raw = `src_${id}_raw`;
  await core.db.insertArrowIPC(raw, columnsToIPC(rowsToColumns(rows.map((row) => flattenRow(row)))));
  return loadFlat(core, state, quoteIdent(raw));
}

export async function loadFlat(core: EngineCore, state: SourceState, rawTable: string): Promise<SourceInfo> {
  state.rawTable = rawTable;
  const profile = await core.rows<{ column_name: string; column_type: string; approx_unique: number; count: number; null_percentage: number }>(
    'query/table_profile', {}, { table: rawTable },
  );
  const total = (tableRows(await core.db.query(`SELECT count(*) AS n FROM ${rawTable}`))[0] as { n: number }).n;
  if (total === 0) throw new SourceError(`${state.info.name} has a header but no rows.`);
  const sample = tableRows(await core.db.query(`SELECT * FROM ${rawTable} LIMIT 5`));
  const columns: ColumnProfile[] = profile.map((p) => ({
    name: p.column_name,
    type: p.column_type,
    distinct: Number(p.approx_unique),
    nonNull: Math.round(Number(p.count) * (1 - Number(p.null_percentage) / 100)),
    samples: sample.map((row) => row[p.column_name]).filter((v) => v !== null && v !== undefined).map((v) => String(v)),
  }));
  const mapping = guessMapping(columns, Math.min(total, 20000));
  const problem = mappingIsUsable(mapping);
  if (problem) {
    const list = columns.map((c) => `${c.name} (${c.type})`).join(', ');
    throw new SourceError(`${state.info.name} has ${problem}. Columns: ${list}.`, 'A benchmark table needs at least one numeric column (a time, a latency, a throughput…).');
  }
  state.info.columns = columns;
  await applyFlatMapping(core, state, mapping);
  return state.info;
}

export async function applyFlatMapping(core: EngineCore, state: SourceState, mapping: FlatMapping): Promise<void> {
  const columns = state.info.columns!;
  const known = new Map(columns.map((c) => [c.name, c]));
  const check = (name: string | null) => {
    if (name !== null && !known.has(name)) throw new SourceError(`The mapping names a column "${name}" that ${state.info.name} does not have.`);
  };
  [mapping.time, mapping.commit, mapping.branch, mapping.versionTag, mapping.runGroup, mapping.environment, ...mapping.dimensions].forEach(check);
  mapping.metrics.forEach((m) => check(m.column));
  if (mapping.long) [mapping.long.metricColumn, mapping.long.valueColumn, mapping.long.unitColumn].forEach(check);
  const problem = mappingIsUsable(mapping);
  if (problem) throw new SourceError(`This mapping has ${problem}.`);

  const id = state.info.id;
  const raw = state.rawTable!;
  const ident = quoteIdent;
  const text = (column: string | null) => (column ? `${ident(column)}::VARCHAR` : 'NULL::VARCHAR');
  const attribution = [
    `${text(mapping.commit)} AS git_commit`, `${text(mapping.branch)} AS branch`, `${text(mapping.versionTag)} AS version_tag`,
    `${text(mapping.environment)} AS environment_hash`, `${text(mapping.runGroup)} AS run_group_id`,
  ].join(', ');
  const dims = mapping.dimensions.map((d) => `${ident(d)}::VARCHAR AS ${ident('d:' + d)},`).join(' ');
  const ts = timeExpression(mapping.time ? known.get(mapping.time)! : null);
  if (!mapping.time) state.info.notes = [...state.info.notes.filter((n) => !n.startsWith('No time column')), 'No time column: rows are placed one day apart in file order, starting 2000-01-01.'];
  const numbered = `(SELECT *, rowid AS __row FROM ${raw})`;
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
  await core.exec('ingest/flat_table', {}, { rows: ident(`src_${id}_rows`), ts, attribution, dims, metric, value, from });

  let metrics: [string, string, Direction][];
  if (mapping.long) {
    const unitExpr = mapping.long.unitColumn ? `any_value(${ident(mapping.long.unitColumn)}::VARCHAR)` : `''`;
    const found = tableRows(await core.db.query(`SELECT ${ident(mapping.long.metricColumn)}::VARCHAR AS metric, ${unitExpr} AS unit FROM ${raw} GROUP BY 1 ORDER BY 1`)) as { metric: string; unit: string | null }[];
    metrics = found.filter((f) => f.metric !== null).map((f) => {
      const unit = f.unit || inferUnit(f.metric);
      return [f.metric, unit, inferDirection(f.metric, unit)];
    });
  } else {
    metrics = mapping.metrics.map((m) => [m.column, m.unit, m.direction]);
  }
  state.info.mapping = mapping;
  await finishSource(core, state, 'flat-table', `flat table (${mapping.long ? 'long' : 'wide'} layout)`, mapping.dimensions, metrics, { replace: true });
}

/** Re-map a flat table with the user's corrections. On failure the previous mapping stays. */
export async function remapFlat(core: EngineCore, id: number, mapping: FlatMapping): Promise<SourceInfo> {
  const state = core.sources.get(id);
  if (!state || !state.rawTable || !state.info.columns) throw new SourceError('Only flat tables (CSV, Parquet, JSON records) have a column mapping.');
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

function flatInfo(name: string, url: string | null, format: SourceInfo['format'], bytes: number): Omit<SourceInfo, 'id'> {
  return { name, url, format, schema: 'flat-table', layout: 'flat table', rows: 0, series: 0, metrics: [], dimensions: [], rangeRead: false, bytes, notes: [], columns: null, mapping: null };
}

/** SQL expression turning the mapped time column (or row order) into a TIMESTAMP. */
function timeExpression(column: ColumnProfile | null): string {
  if (!column) return `TIMESTAMP '2000-01-01' + to_days(__row::INTEGER)`;
  const c = quoteIdent(column.name);
  if (isTemporalType(column.type)) return `${c}::TIMESTAMP`;
  if (isNumericType(column.type)) {
    // The unit from the magnitude (dates after 1973): nanoseconds, microseconds, milliseconds or seconds.
    const sample = Math.abs(Number(column.samples[0] ?? 0));
    if (sample > 1e17) return `epoch_ms((${c} // 1000000)::BIGINT)`;
    if (sample > 1e14) return `epoch_ms((${c} // 1000)::BIGINT)`;
    return sample > 1e11 ? `epoch_ms(${c}::BIGINT)` : `epoch_ms((${c} * 1000)::BIGINT)`;
  }
  return `coalesce(TRY_CAST(${c} AS TIMESTAMP), try_strptime(${c}::VARCHAR, '%Y%m%d_%H%M%S'), TRY_CAST(TRY_CAST(${c} AS TIMESTAMPTZ) AS TIMESTAMP))`;
}
