// What every analysing verb starts with: the --db inputs opened on the engine (what was opened, skipped or failed
// said on stderr, with the notes the page shows), the seed API over them, and the series filter and as-of time of the
// common options.
import type { DimensionFilter, SourceInfo } from '../lib/model/api.ts';
import { TimeSeriesPerformance, type TimeSeriesPerformanceOptions } from '../lib/api/time-series-performance.ts';
import { SEED_THRESHOLDS } from '../lib/analysis/settings.ts';
import type { Engine } from '../engine/engine.ts';
import { nodePlatform } from '../node/platform.ts';
import { describeSource, openSources } from '../node/sources.ts';
import type { CommandContext, Values } from './commands/command.ts';
import { cliText } from './messages.ts';
import { asOf, COMMON_OPTIONS, dbPaths, integer, SERIES_OPTIONS, UsageError } from './options.ts';

/** A note the page shows about an opened input (values left out, runs renamed or moved, files skipped, …): the
 *  source it is about, or null for the inputs as a whole. */
export interface InputNote {
  source: string | null;
  note: string;
}

export interface Inputs {
  api: TimeSeriesPerformance;
  filter: DimensionFilter;
  asOf: number | null;
  /** The seed-schema source among the inputs, if any. */
  seedSource: SourceInfo | null;
  /** The local .duckdb file a single-database --db named (results can be written back into it). */
  databaseFile: string | null;
  /** Also on stderr; a verb whose JSON output is an object carries them as its `notes`. */
  notes: InputNote[];
}

/**
 * Null when nothing could be opened (the reasons are on stderr; the verb exits 2). `apiOptions` is asked for once the
 * inputs are open, so a bad option of the verb is reported after a missing input, as it always was.
 */
export async function openInputs(
  { values, err }: CommandContext<typeof COMMON_OPTIONS>,
  engine: Engine,
  {
    listOpened = true,
    apiOptions = () => ({}),
  }: { listOpened?: boolean; apiOptions?: () => TimeSeriesPerformanceOptions } = {},
): Promise<Inputs | null> {
  const json = values.format === 'json';
  const dbs = dbPaths(values);
  const stage = (text: string) => err(`perftrack: ${text}`);
  const opened = await openSources(engine, dbs, json ? undefined : stage);
  // With --format json a note is a JSON line, so that a script finds it even where stdout is a JSON array.
  const notes: InputNote[] = [];
  const note = (source: string | null, text: string) => {
    const item = { source, note: cliText(text) };
    notes.push(item);
    err(json ? JSON.stringify(item) : `perftrack: ${source === null ? '' : `${source}: `}${item.note}`);
  };
  for (const f of opened.failures) err(`perftrack: ${cliText(f.message)}${f.hint ? `\n  ${cliText(f.hint)}` : ''}`);
  if (opened.skippedSummary) note(null, opened.skippedSummary);
  if (opened.sources.length === 0) {
    if (opened.failures.length === 0) err(`perftrack: nothing to analyse in ${dbs.join(', ')}`);
    return null;
  }
  for (const s of opened.sources) {
    if (!json && listOpened) err(`opened ${describeSource(s)}`);
    for (const text of s.notes) note(s.name, text);
  }
  const measurements = opened.sources.reduce((n, s) => n + s.rows, 0);
  if (!json && measurements >= 1_000_000) stage(`analysing ${measurements.toLocaleString('en-US')} measurements…`);
  const seedSource = opened.sources.find((s) => s.schema === 'seed-timeseries') ?? null;
  const platform = nodePlatform(engine, {
    databaseFile: opened.databaseFile,
    seedSourceId: seedSource?.id ?? null,
    write: !values['no-write'],
  });
  const options = apiOptions();
  const api = new TimeSeriesPerformance(engine, platform, {
    ...options,
    regressionThresholds: { ...SEED_THRESHOLDS, ...options.regressionThresholds },
  });
  return {
    api,
    filter: await seriesFilter(engine, values),
    asOf: asOf(values),
    seedSource,
    databaseFile: opened.databaseFile,
    notes,
  };
}

/** Seed ids (--model-id, --hardware-id) become names through the opened databases' own tables. */
async function seriesFilter(engine: Engine, values: Values<typeof SERIES_OPTIONS>): Promise<DimensionFilter> {
  const filter: DimensionFilter = {};
  const add = (dim: string, value: string | null) => (filter[dim] = [...(filter[dim] ?? []), value]);
  for (const [option, dim, table, column, idColumn] of [
    ['model-id', 'model', 'models', 'model_name', 'model_id'],
    ['hardware-id', 'hardware', 'hardware_platforms', 'hardware_type', 'hardware_id'],
  ] as const) {
    const id = integer(values, option);
    if (id === undefined) continue;
    const names = await engine.seedNames(table, column, idColumn, id);
    if (names.length === 0) throw new UsageError(`--${option} ${id}: no such id in the opened database(s)`);
    for (const name of names) add(dim, name);
  }
  if (values.model) add('model', values.model);
  if (values.hardware) add('hardware', values.hardware);
  if (values['batch-size'] !== undefined) add('batch_size', String(integer(values, 'batch-size')));
  if (values['sequence-length'] !== undefined) add('sequence_length', String(integer(values, 'sequence-length')));
  if (values.precision) add('precision', values.precision);
  for (const item of values.filter ?? []) {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`--filter expects dimension=value (got "${item}")`);
    add(item.slice(0, i), item.slice(i + 1));
  }
  return filter;
}
