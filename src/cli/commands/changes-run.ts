// perftrack changes: every level shift in the whole history, both directions — what changed, where, by how much
// and how sure — plus the series too unstable for shifts to mean much. The answer to "what changed in this
// history?", for a person (text) or a script (json, with each shift's run index in its series).
import { DEFAULT_CHANGE_POINT_OPTIONS } from '../../lib/analysis/changepoints.ts';
import type { AnalysisResult, ChangePointFinding } from '../../lib/analysis/types.ts';
import { formatP, formatPercent, formatTime, formatValue, shortCommit } from '../../lib/format/format.ts';
import type { DimensionFilter } from '../../lib/model/api.ts';
import type { Engine } from '../../engine/engine.ts';
import { openInputs, type InputNote } from '../inputs.ts';
import { sensitivityJson, sensitivityText } from './backtest-run.ts';
import { outputFormat, TEXT_OR_JSON } from '../options.ts';
import type { CommandContext } from './command.ts';
import type { options } from './changes.ts';

/** changes: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run(context: CommandContext<typeof options>): Promise<number> {
  const { values, out } = context;
  const json = outputFormat(values, 'changes', TEXT_OR_JSON) === 'json';
  const engine = await context.engine();
  const inputs = await openInputs(context, engine);
  if (!inputs) return 2;
  return await runChanges(
    engine,
    { filter: inputs.filter, asOf: inputs.asOf, metric: values.metric, json, notes: inputs.notes },
    out,
  );
}

export interface ChangesOptions {
  filter: DimensionFilter;
  asOf: number | null;
  metric?: string;
  json: boolean;
  /** What the inputs' opening noted, carried in the JSON output. */
  notes: InputNote[];
}

export function changeJson(c: ChangePointFinding): Record<string, unknown> {
  return {
    series: c.seriesKey,
    series_label: c.label,
    metric: c.metric,
    unit: c.unit,
    index: c.index,
    change_pct: c.changePct,
    direction: c.worse ? 'worse' : 'better',
    before: c.before,
    after: c.after,
    p_value: c.pValue,
    corroboration: c.corroboration
      ? { found_in: c.corroboration.foundIn, raw_p: c.corroboration.rawP, tests: c.corroboration.tests }
      : null,
    first_run: { ts: new Date(c.firstBad.ts).toISOString(), value: c.firstBad.value, commit: c.firstBad.commit },
    last_run_before: c.lastGood
      ? { ts: new Date(c.lastGood.ts).toISOString(), value: c.lastGood.value, commit: c.lastGood.commit }
      : null,
  };
}

/** Text lines: one per shift, grouped by series in history order, then the unstable series. */
export function changesText(result: AnalysisResult): string[] {
  const shifts = [...result.changePoints].sort(
    (a, b) => a.label.localeCompare(b.label) || a.metric.localeCompare(b.metric) || a.index - b.index,
  );
  const series = new Set(shifts.map((c) => `${c.seriesKey}\u0000${c.metric}`)).size;
  const worse = shifts.filter((c) => c.worse).length;
  const lines = [
    `${shifts.length} level shifts in ${series} of ${result.seriesAnalysed} series and metrics (${worse} worse, ${shifts.length - worse} better), whole history`,
  ];
  let current = '';
  for (const c of shifts) {
    const key = `${c.label} · ${c.metric}`;
    if (key !== current) lines.push(`${(current = key)}`);
    const where = `run ${c.index + 1}, ${formatTime(c.firstBad.ts)}${c.firstBad.commit ? ` (${shortCommit(c.firstBad.commit)})` : ''}`;
    lines.push(
      `  ${c.worse ? 'worse ' : 'better'} ${formatPercent(c.changePct).padStart(8)}  level median ${formatValue(c.before, c.unit)} → ${formatValue(c.after, c.unit)}  from ${where}, p ${formatP(c.pValue)}${c.corroboration ? `, with ${c.corroboration.foundIn} other series at this run` : ''}`,
    );
  }
  for (const o of result.omittedChanges ?? [])
    lines.push(
      `not listed: ${o.count} more level shift${o.count === 1 ? '' : 's'} in ${o.label} · ${o.metric} (the ${DEFAULT_CHANGE_POINT_OPTIONS.maxChangePoints} listed are the largest and most significant)`,
    );
  for (const u of result.unstable ?? []) lines.push(`unstable: ${u.label} · ${u.metric}: ${u.reason}`);
  lines.push(...sensitivityText(result));
  return lines;
}

export async function runChanges(
  engine: Engine,
  options: ChangesOptions,
  out: (text: string) => void,
): Promise<number> {
  const result = await engine.analyse({
    settings: { method: 'changepoint', asOf: options.asOf },
    filter: options.filter,
    metric: options.metric,
  });
  if (options.json) {
    out(
      JSON.stringify(
        {
          series: result.seriesAnalysed,
          changes: result.changePoints.map(changeJson),
          unstable: (result.unstable ?? []).map((u) => ({
            series: u.seriesKey,
            series_label: u.label,
            metric: u.metric,
            reason: u.reason,
          })),
          not_listed: (result.omittedChanges ?? []).map((o) => ({
            series: o.seriesKey,
            series_label: o.label,
            metric: o.metric,
            count: o.count,
          })),
          sensitivity: (result.sensitivity ?? []).map(sensitivityJson),
          notes: options.notes,
        },
        null,
        2,
      ),
    );
  } else for (const line of changesText(result)) out(line);
  return 0;
}
