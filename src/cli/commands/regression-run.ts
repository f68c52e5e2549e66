// perftrack regression: regressions in the last --days, by the change-point method (default) or the seed's percent
// thresholds; --notify sends them through the configured channels; --latest is `check`.
import { regressionsSentence, windowWords } from '../../lib/analysis/overview-text.ts';
import { sortRegressions } from '../../lib/analysis/regression-order.ts';
import { METHODS, type DetectionMethod } from '../../lib/analysis/settings.ts';
import type { Regression } from '../../lib/analysis/types.ts';
import { formatP, formatPercent, formatTime, shortCommit } from '../../lib/format/format.ts';
import { regressionCompare } from '../../lib/notify/payloads.ts';
import { commitTemplate } from '../commit-pages.ts';
import { openInputs } from '../inputs.ts';
import { loadNotificationConfig, notifyFromCli } from '../notify.ts';
import { integer, number, outputFormat, parseThresholds, TEXT_OR_JSON, UsageError } from '../options.ts';
import { table } from '../output.ts';
import { checkOptions, runCheck } from './check-run.ts';
import type { CommandContext } from './command.ts';
import type { options } from './regression.ts';

/** regression: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run(context: CommandContext<typeof options>): Promise<number> {
  const { values, out, err } = context;
  const json = outputFormat(values, 'regression', TEXT_OR_JSON) === 'json';
  const engine = await context.engine();
  const inputs = await openInputs(context, engine, {
    apiOptions: () => ({
      notificationConfig: values.notify ? loadNotificationConfig(values['notify-config']) : undefined,
      regressionThresholds: parseThresholds(values.threshold ?? []),
    }),
  });
  if (!inputs) return 2;
  const { api, filter } = inputs;
  // The data's commit pages give the last good…first bad compare link, as on the page.
  const commitUrl = await commitTemplate(engine, undefined);
  if (values.latest) return await runCheck(engine, checkOptions(inputs, values, json), out);

  api.settings.baselineDays = number(values, 'baseline-days', 7)!;
  api.settings.minSamples = integer(values, 'min-samples', 3)!;
  const days = number(values, 'days', 1)!;
  const found = await api.detectRegressions({
    daysLookback: days,
    method: method(values.method),
    filter,
    asOf: inputs.asOf,
    metric: values.metric,
  });
  // The order and the headline of the page and the reports: still active first, then by size.
  const regressions = sortRegressions(found);
  const methodName = api.settings.method === 'percent' ? 'percent method' : 'change-point method';
  if (json)
    out(
      JSON.stringify(
        regressions.map((r) => regressionJson(r, commitUrl)),
        null,
        2,
      ),
    );
  else if (regressions.length === 0) out(`no regressions ${windowWords(days)} (${methodName})`);
  else {
    out(`${regressionsSentence(regressions, windowWords(days))} (${methodName})`);
    out(
      table(
        ['Severity', 'Change', 'Status', 'Metric', 'Series', 'Since', 'Commit', 'p'],
        regressions.map((r) => [
          r.severity,
          formatPercent(r.changePct),
          r.status,
          r.metric,
          r.label,
          formatTime(r.firstBad.ts),
          shortCommit(r.firstBad.commit),
          formatP(r.pValue),
        ]),
      ),
    );
    for (const r of regressions.slice(0, 20)) {
      const compare = regressionCompare(r, commitUrl);
      out(`- ${r.status}: ${r.explanation}${compare ? `\n  last good…first bad: ${compare.url}` : ''}`);
    }
  }
  if (values.notify) {
    const report = await notifyFromCli(regressions, api.notificationConfig, err, {
      engine,
      databaseFile: inputs.seedSource && !values['no-write'] ? inputs.databaseFile : null,
    });
    if (!json) out(report);
  }
  return values['fail-on-regression'] && regressions.some((r) => r.status === 'active') ? 1 : 0;
}

function method(value: string | undefined): DetectionMethod | undefined {
  if (value === undefined) return undefined;
  if (value === 'changepoint' || value === 'percent') return value;
  throw new UsageError(`--method must be one of ${METHODS.map((m) => m.id).join(', ')}`);
}

export function regressionJson(r: Regression, commitUrl?: string): Record<string, unknown> {
  return {
    metric: r.metric,
    change_pct: r.changePct,
    severity: r.severity,
    method: r.method,
    series: r.series,
    series_label: r.label,
    unit: r.unit,
    direction: r.direction,
    before: r.before,
    after: r.after,
    p_value: r.pValue,
    noise_pct: r.noisePct,
    status: r.status,
    first_bad: {
      ts: new Date(r.firstBad.ts).toISOString(),
      commit: r.firstBad.commit,
      version_tag: r.firstBad.versionTag,
      run_group: r.firstBad.runGroup,
      value: r.firstBad.value,
      result_id: r.firstBad.resultId,
    },
    last_good: r.lastGood
      ? {
          ts: new Date(r.lastGood.ts).toISOString(),
          commit: r.lastGood.commit,
          version_tag: r.lastGood.versionTag,
          value: r.lastGood.value,
        }
      : null,
    compare_url: regressionCompare(r, commitUrl)?.url ?? null,
    samples_test: r.samplesTest,
    explanation: r.explanation,
    fingerprint: r.fingerprint,
  };
}
