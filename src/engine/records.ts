// Sources of parsed records (benchmark-tool outputs, CI artifacts): the records become a staged table of
// typed columns, then canonical rows.
import type { SourceInfo } from '../lib/model/api.ts';
import type { Direction } from '../lib/model/metrics.ts';
import type { MeasurementRecord } from '../lib/sources/records.ts';
import { orderRuns, type RunFile } from '../lib/sources/run-order.ts';
import { reconcileUnits } from '../lib/units/reconcile.ts';
import { columnsToIPC, type ColumnValues } from './arrow-ipc.ts';
import type { EngineCore } from './core.ts';
import { finishSource } from './ingest.ts';
import { quoteIdent } from './sql.ts';

export function addRecordsSource(core: EngineCore, name: string, files: RunFile[], size: number): Promise<SourceInfo> {
  return core.withCleanup(name, (id) => loadRecords(core, id, name, files, size));
}

/** The files' records as one source, each run in its place (see orderRuns). */
export async function loadRecords(
  core: EngineCore,
  id: number,
  name: string,
  files: RunFile[],
  size: number,
  url: string | null = null,
): Promise<SourceInfo> {
  const ordered = orderRuns(files);
  const notes = ordered.notes;
  // The units of metrics still in an open source (a metric of a source since removed, like the demo's, is not known).
  const open = new Set([...core.sources.values()].flatMap((s) => s.info.metrics));
  const known = new Map(
    [...(await core.metricInfo())].filter(([metric]) => open.has(metric)).map(([metric, info]) => [metric, info.unit]),
  );
  const records = reconcileUnits(ordered.records, known);
  const formats = [...new Set(files.map((f) => f.run.format))];
  const state = core.newState(id, {
    name,
    url,
    format: 'json',
    schema: 'json-records',
    layout: formats.join(', '),
    rows: 0,
    series: 0,
    metrics: [],
    dimensions: [],
    rangeRead: false,
    bytes: size,
    notes: [...new Set([...files.flatMap((f) => f.run.notes), ...notes])],
    columns: null,
    mapping: null,
  });
  const { columns, dims, metrics } = recordColumns(records);
  state.hasSamples = records.some((r) => r.samples && r.samples.length > 0);
  const staged = `src_${id}_staged`;
  await core.db.insertArrowIPC(staged, columnsToIPC(columns));
  const dimSelect = dims.map((d) => `${quoteIdent('d:' + d)}`).join(', ');
  await core.exec(
    'ingest/records',
    {},
    { rows: quoteIdent(`src_${id}_rows`), staged: quoteIdent(staged), dims: dimSelect || 'NULL AS "d:"' },
  );
  await writeCommitContext(core, id, records);
  const info = await finishSource(core, state, 'json-records', formats.join(', '), dims, metrics);
  // Reported ± spreads join the measurements only where the data has them (the shared ingest keeps every source's
  // columns alike; the measurements view gives other sources NULL).
  if (records.some((r) => r.spread !== null && r.spread !== undefined)) {
    const measurements = quoteIdent(`src_${id}_m`);
    await core.exec('ingest/records_spread', {}, { measurements, keyed: quoteIdent(`src_${id}_keyed`) });
  }
  return info;
}

/** The source's commit context table (`src_N_commits`): per run, the commit URL, message and author its records
 *  carry (the first record of a run that has any), kept once per run rather than on every measurement. */
async function writeCommitContext(core: EngineCore, id: number, records: MeasurementRecord[]): Promise<void> {
  const byRun = new Map<string, MeasurementRecord>();
  for (const r of records)
    if (r.runGroup && !byRun.has(r.runGroup) && (r.commitUrl || r.message || r.author)) byRun.set(r.runGroup, r);
  const runs = [...byRun.values()];
  const target = quoteIdent(`src_${id}_commits`);
  // DuckDB-WASM refuses an Arrow stream of no rows with dictionary (text) columns.
  if (!runs.length) return void (await core.exec('ingest/commit_context_empty', {}, { target }));
  const text = (name: string, f: (r: MeasurementRecord) => string | null | undefined): ColumnValues => ({
    name,
    values: runs.map((r) => f(r) ?? null),
    kind: 'text',
  });
  await core.withStaged(
    `src_${id}_commits_staged`,
    [
      text('run_group_id', (r) => r.runGroup),
      text('git_commit', (r) => r.commit),
      text('commit_url', (r) => r.commitUrl),
      text('message', (r) => r.message),
      text('author', (r) => r.author),
    ],
    (staged) => core.exec('ingest/commit_context', {}, { target, staged }),
  );
}

function recordColumns(records: MeasurementRecord[]): {
  columns: ColumnValues[];
  dims: string[];
  metrics: [string, string, Direction][];
} {
  const dims: string[] = [];
  const seenDims = new Set<string>();
  const metricInfo = new Map<string, [string, string, Direction]>();
  for (const r of records) {
    for (const [d] of r.dims) if (!seenDims.has(d)) (seenDims.add(d), dims.push(d));
    if (!metricInfo.has(r.metric)) metricInfo.set(r.metric, [r.metric, r.unit, r.direction]);
  }
  const pick = <T>(f: (r: MeasurementRecord) => T) => records.map(f);
  const columns: ColumnValues[] = [
    { name: 'ts', values: pick((r) => r.ts), kind: 'time' },
    { name: 'metric', values: pick((r) => r.metric), kind: 'text' },
    { name: 'value', values: pick((r) => r.value), kind: 'number' },
    { name: 'samples', values: pick((r) => r.samples ?? null), kind: 'numbers' },
    { name: 'spread', values: pick((r) => r.spread ?? null), kind: 'number' },
    { name: 'git_commit', values: pick((r) => r.commit ?? null), kind: 'text' },
    { name: 'branch', values: pick((r) => r.branch ?? null), kind: 'text' },
    { name: 'version_tag', values: pick((r) => r.versionTag ?? null), kind: 'text' },
    { name: 'environment_hash', values: pick((r) => r.environment ?? null), kind: 'text' },
    { name: 'run_group_id', values: pick((r) => r.runGroup ?? null), kind: 'text' },
    ...dims.map((d): ColumnValues => ({
      name: 'd:' + d,
      values: pick((r) => r.dims.find(([n]) => n === d)?.[1] ?? null),
      kind: 'text',
    })),
  ];
  return { columns, dims, metrics: [...metricInfo.values()] };
}
