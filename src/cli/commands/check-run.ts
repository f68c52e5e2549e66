// perftrack check: with --head FILE… --base BRANCH, a pull request's results judged against its base branch's
// history (check-pr-run.ts, loaded only then). Without --head, is the newest run of each series out of line with its
// history? Exit 1 with --fail-on-regression for a confirmed worse (or a newest run worse than its history allows),
// 0 otherwise, 2 for usage and input errors.
import type { AnalysisResult, LatestRun } from '../../lib/analysis/types.ts';
import { formatPercent, formatTime, formatValue, shortCommit } from '../../lib/format/format.ts';
import type { DimensionFilter } from '../../lib/model/api.ts';
import type { Engine } from '../../engine/engine.ts';
import { openInputs, type InputNote, type Inputs } from '../inputs.ts';
import { outputFormat, TEXT_OR_JSON } from '../options.ts';
import type { CommandContext } from './command.ts';
import type { options } from './check.ts';

/** check: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run(context: CommandContext<typeof options>): Promise<number> {
  const { values, out } = context;
  if (values.head?.length || values.base !== undefined)
    return await (await import('./check-pr-run.ts')).runPullRequestCheck(context);
  const json = outputFormat(values, 'check', TEXT_OR_JSON) === 'json';
  const engine = await context.engine();
  const inputs = await openInputs(context, engine);
  if (!inputs) return 2;
  return await runCheck(engine, checkOptions(inputs, values, json), out);
}

export interface CheckOptions {
  filter: DimensionFilter;
  asOf: number | null;
  metric?: string;
  json: boolean;
  failOnRegression: boolean;
  /** What the inputs' opening noted, carried in the JSON output. */
  notes: InputNote[];
}

/** The options of `check` and `regression --latest`, from the opened inputs and the verb's own options. */
export function checkOptions(
  inputs: Inputs,
  values: { metric?: string; 'fail-on-regression'?: boolean },
  json: boolean,
): CheckOptions {
  return {
    filter: inputs.filter,
    asOf: inputs.asOf,
    metric: values.metric,
    json,
    failOnRegression: !!values['fail-on-regression'],
    notes: inputs.notes,
  };
}

export function latestJson(l: LatestRun): Record<string, unknown> {
  return {
    series: l.series,
    series_label: l.label,
    metric: l.metric,
    unit: l.unit,
    direction: l.direction,
    value: l.point.value,
    ts: new Date(l.point.ts).toISOString(),
    commit: l.point.commit,
    version_tag: l.point.versionTag,
    level: l.level,
    deviation_pct: l.deviationPct,
    robust_z: l.robustZ,
    runs_out_of_line: l.runsOut,
    reference_runs: l.referenceCount,
    worse: l.worse,
    status: l.status,
    explanation: l.explanation,
  };
}

/** Text lines for a check result (also used by tests). */
export function checkText(result: AnalysisResult): string[] {
  const latest = result.latest ?? [];
  const worse = latest.filter((l) => l.worse);
  // A different question from `regression`: one newest run against the median of its current level (the runs
  // since the last change), not a change of level; the percent says so.
  const lines = [
    `newest run checked in ${result.latestChecked ?? 0} of ${result.seriesAnalysed} series and metrics, each against the median of its level since the last change: ` +
      `${worse.length} worse than their history, ${latest.length - worse.length} better, the rest in line`,
  ];
  for (const l of latest) {
    lines.push(
      `- ${l.worse ? 'WORSE ' : 'better'} ${formatPercent(l.deviationPct)} ${l.metric} of ${l.label}: newest run ${formatValue(l.point.value, l.unit)} vs level median ${formatValue(l.level, l.unit)} ` +
        `at ${formatTime(l.point.ts)}${l.point.commit ? ` (${shortCommit(l.point.commit)})` : ''}, robust z ${l.robustZ.toFixed(1)}, unconfirmed`,
    );
  }
  const tooShort = result.shortReasons ?? [];
  for (const r of tooShort) lines.push(`(${r.count} series and metrics without a verdict: ${r.reason})`);
  return lines;
}

export async function runCheck(engine: Engine, options: CheckOptions, out: (text: string) => void): Promise<number> {
  const result = await engine.analyse({
    settings: { method: 'changepoint', asOf: options.asOf },
    filter: options.filter,
    metric: options.metric,
    newestOnly: true,
  });
  if (options.json)
    out(
      JSON.stringify(
        {
          checked: result.latestChecked ?? 0,
          series: result.seriesAnalysed,
          out_of_line: (result.latest ?? []).map(latestJson),
          notes: options.notes,
        },
        null,
        2,
      ),
    );
  else for (const line of checkText(result)) out(line);
  return options.failOnRegression && (result.latest ?? []).some((l) => l.worse) ? 1 : 0;
}
