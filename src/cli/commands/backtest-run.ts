// perftrack backtest: how often the change-point detector would have alerted on this history at the chosen
// sensitivity (alpha), and what one step more sensitive (alpha × 10) would add and one step less (alpha / 10) would
// drop — so a team sets its alpha on its own history. Text for a person, --format json for a script. Also the
// per-series sensitivity lines `perftrack changes` prints.
import {
  backtestSentence,
  headlineShift,
  runBacktest,
  type Backtest,
  type BacktestAlert,
} from '../../lib/analysis/sensitivity.ts';
import type { AnalysisResult, SeriesSensitivity } from '../../lib/analysis/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/analysis/settings.ts';
import { formatPercent, formatTime, shortCommit } from '../../lib/format/format.ts';
import { openInputs } from '../inputs.ts';
import { number, outputFormat, TEXT_OR_JSON, UsageError } from '../options.ts';
import { table } from '../output.ts';
import type { CommandContext } from './command.ts';
import type { options } from './backtest.ts';

/** backtest: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run(context: CommandContext<typeof options>): Promise<number> {
  const { values, out } = context;
  const json = outputFormat(values, 'backtest', TEXT_OR_JSON) === 'json';
  const alpha = number(values, 'alpha', DEFAULT_SETTINGS.changepoint.alpha)!;
  if (!(alpha > 0 && alpha <= 0.5)) throw new UsageError(`--alpha must be above 0 and at most 0.5 (got ${alpha})`);
  const engine = await context.engine();
  const inputs = await openInputs(context, engine);
  if (!inputs) return 2;
  const result = await runBacktest(
    (settings) => engine.analyse({ settings, filter: inputs.filter, metric: values.metric }),
    { asOf: inputs.asOf, changepoint: { ...DEFAULT_SETTINGS.changepoint, alpha } },
  );
  if (json) out(JSON.stringify({ ...backtestJson(result), notes: inputs.notes }, null, 2));
  else for (const line of backtestText(result)) out(line);
  return 0;
}

function alertJson(a: BacktestAlert): Record<string, unknown> {
  return {
    fingerprint: a.fingerprint,
    series_label: a.label,
    metric: a.metric,
    commit: a.commit,
    ts: new Date(a.ts).toISOString(),
    change_pct: a.changePct,
    status: a.status,
  };
}

export function backtestJson(b: Backtest): Record<string, unknown> {
  return {
    alpha: b.alpha,
    alerts: b.alerts.map(alertJson),
    more_sensitive: { alpha: b.moreAlpha, more: b.more.map(alertJson) },
    less_sensitive: { alpha: b.lessAlpha, fewer: b.fewer.map(alertJson), new: b.lessOnly.map(alertJson) },
  };
}

/** The sentence, then each list as a table: when, commit, series · metric, change, status. */
export function backtestText(b: Backtest): string[] {
  const rows = (list: BacktestAlert[]) =>
    table(
      ['first bad run', 'commit', 'series · metric', 'change', 'now'],
      list.map((a) => [
        formatTime(a.ts),
        shortCommit(a.commit),
        `${a.label} · ${a.metric}`,
        formatPercent(a.changePct),
        a.status,
      ]),
    );
  const lines = [backtestSentence(b)];
  const part = (title: string, list: BacktestAlert[]) => {
    if (list.length) lines.push('', title, rows(list));
  };
  part(`Alerts at α ${b.alpha} (the whole history):`, b.alerts);
  part(`One step more sensitive (α ${b.moreAlpha}) would add:`, b.more);
  part(`One step less sensitive (α ${b.lessAlpha}) would drop:`, b.fewer);
  part(`One step less sensitive (α ${b.lessAlpha}) would place differently:`, b.lessOnly);
  return lines;
}

/** `perftrack changes`' sensitivity lines: per series, the smallest shift flagged after each k of new runs. */
export function sensitivityText(result: AnalysisResult): string[] {
  const list = [...(result.sensitivity ?? [])].sort(
    (a, b) => a.label.localeCompare(b.label) || a.metric.localeCompare(b.metric),
  );
  if (!list.length) return [];
  const ks = list[0].after.map((a) => a.runs).join(' / ');
  const lines = [`Smallest shift flagged, from each series' own noise (after ${ks} new runs on the new level):`];
  for (const s of list) {
    const shifts = s.after.map((a) => (a.pct === null ? '—' : `±${a.pct.toFixed(1)}%`)).join(' / ');
    const gate = headlineShift(s)?.gate;
    lines.push(
      `  ${s.label} · ${s.metric}: ${shifts}, noise ${Number.isFinite(s.noisePct) ? `${s.noisePct.toFixed(1)}%` : '—'}` +
        `${gate ? ` (set by the ${gate})` : ' (too few runs on the current level)'}${s.unstable ? ', unstable' : ''}`,
    );
  }
  return lines;
}

/** `perftrack changes --format json`'s `sensitivity` entries. */
export function sensitivityJson(s: SeriesSensitivity): Record<string, unknown> {
  return {
    series: s.seriesKey,
    series_label: s.label,
    metric: s.metric,
    unit: s.unit,
    level: s.level,
    runs_on_level: s.runsOnLevel,
    noise_pct: Number.isFinite(s.noisePct) ? s.noisePct : null,
    unstable: s.unstable,
    smallest_shift: s.after.map((a) => ({ after_runs: a.runs, shift: a.shift, pct: a.pct, gate: a.gate })),
  };
}
