// The runs of a source of parsed records (one per imported file, or per commit of a history file): listing them
// and moving one to another time.
import type { RunInfo } from '../lib/sources/records.ts';
import { runTimeOrigin } from '../lib/sources/artifacts/common.ts';
import { SourceError } from '../lib/sources/errors.ts';
import type { EngineCore } from './core.ts';
import { commitContextOf } from './queries.ts';
import { quoteIdent } from './sql.ts';

/** The runs of a source of parsed records (one per imported file, or per commit of a history file), in time
 *  order: name, format, time now and at import, where that time came from, commit and size. */
export async function listRuns(core: EngineCore, sourceId: number): Promise<RunInfo[]> {
  const state = core.sources.get(sourceId);
  if (!state || state.info.schema !== 'json-records')
    throw new SourceError('Runs are listed only for sources opened from benchmark-tool files.');
  const rows = await core.rows<{
    run_group_id: string;
    ts: number;
    last_ts: number;
    measurements: number;
    series: number;
    git_commit: string | null;
    branch: string | null;
    imported_ts: number;
  }>(
    'query/list_runs',
    {},
    { measurements: quoteIdent(`src_${sourceId}_m`), staged: quoteIdent(`src_${sourceId}_staged`) },
  );
  const formats = state.info.layout.split(', ');
  const context = await commitContextOf(core, sourceId);
  return rows.map((r) => ({
    runGroup: r.run_group_id,
    format: formats.length === 1 ? formats[0] : null,
    ts: r.ts,
    lastTs: r.last_ts,
    importedTs: r.imported_ts,
    timeOrigin: runTimeOrigin(r.run_group_id, r.imported_ts, state.info.notes, performance.timeOrigin),
    corrected: r.ts !== r.imported_ts,
    commit: r.git_commit,
    branch: r.branch,
    commitUrl: context.get(r.run_group_id)?.commit_url ?? null,
    message: context.get(r.run_group_id)?.message ?? null,
    author: context.get(r.run_group_id)?.author ?? null,
    measurements: r.measurements,
    series: r.series,
  }));
}

/** Move one run of a source of parsed records to another time (epoch ms, UTC): its earliest measurement lands
 *  there, the rest keep their offsets. The views read the tables, so the next query sees the new order. */
export async function setRunTime(core: EngineCore, sourceId: number, runGroup: string, tsMs: number): Promise<void> {
  const state = core.sources.get(sourceId);
  if (!state || state.info.schema !== 'json-records')
    throw new SourceError('Only runs of sources opened from benchmark-tool files can be moved.');
  if (!Number.isFinite(tsMs) || tsMs < Date.UTC(1970, 0, 2) || tsMs > Date.UTC(2200, 0, 1)) {
    throw new SourceError(`${tsMs} is not a usable time for a run.`, 'Give a date between 1970 and 2200.');
  }
  const measured = quoteIdent(`src_${sourceId}_m`);
  const [found] = await core.rows<{ n: number }>(
    'ingest/run_rows',
    { run_group: runGroup },
    { measurements: measured },
  );
  if (!found.n) throw new SourceError(`${state.info.name} has no run "${runGroup}".`);
  try {
    await core.withTransaction(async () => {
      if (state.hasSamples) {
        await core.exec(
          'ingest/set_run_time_samples',
          { ts_ms: tsMs, run_group: runGroup },
          {
            samples: quoteIdent(`src_${sourceId}_s`),
            measurements: measured,
            keyed: quoteIdent(`src_${sourceId}_keyed`),
          },
        );
      }
      await core.exec('ingest/set_run_time', { ts_ms: tsMs, run_group: runGroup }, { table: measured });
      // The source's per-series summary (time span, newest value) is derived from its measurements: redo it.
      await core.exec(
        'ingest/source_summary',
        {},
        { target: quoteIdent(`src_${sourceId}_sum`), measurements: measured },
      );
    });
  } catch (error) {
    throw new SourceError(
      `The time of run "${runGroup}" could not be changed: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}`,
    );
  }
}
