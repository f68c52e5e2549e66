// perftrack trend: the trend of a metric's main level per series over the trend window (the whole history unless
// --days), with the change over it as steps and drift, and the seed's label beside it; --visualize --output FILE.svg
// draws them.
import { TREND_LABELS, trendChangeText, trendNote, trendOrder, trendWindowPhrase } from '../../lib/analysis/trends.ts';
import type { Trend } from '../../lib/analysis/types.ts';
import { formatP, formatPercent } from '../../lib/format/format.ts';
import { openInputs } from '../inputs.ts';
import { integer, number, outputFormat, TEXT_OR_JSON, UsageError } from '../options.ts';
import { table } from '../output.ts';
import type { CommandContext } from './command.ts';
import type { options } from './trend.ts';

/** trend: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run(context: CommandContext<typeof options>): Promise<number> {
  const { values, out, err } = context;
  const json = outputFormat(values, 'trend', TEXT_OR_JSON) === 'json';
  const engine = await context.engine();
  const inputs = await openInputs(context, engine);
  if (!inputs) return 2;
  const { api, filter } = inputs;
  const known = (await engine.catalog()).metrics.map((m) => m.metric);
  const metric = values.metric ?? (known.includes('throughput') || known.length === 0 ? 'throughput' : known[0]);
  if (known.length && !known.includes(metric))
    throw new UsageError(`there is no metric "${metric}"; the data has ${known.join(', ')}`);
  const days = number(values, 'days', api.settings.trendDays)!;
  if (!(days > 0)) throw new UsageError(`--days must be more than 0 (got ${days})`);
  const minChangePct = number(values, 'min-change', api.settings.trendMinChangePct)!;
  if (!(minChangePct > 0)) throw new UsageError(`--min-change must be more than 0 (got ${minChangePct})`);
  const trends = await api.analyzeTrends({
    metric,
    daysLookback: days,
    minSamples: integer(values, 'min-samples', 5),
    minChangePct,
    filter,
    asOf: inputs.asOf,
  });
  if (values.visualize) {
    const output = values.output ?? `${metric}_trend.svg`;
    await api.generateTrendVisualization({ metric, daysLookback: days, filter, outputPath: output });
    err(`wrote ${output}`);
  }
  if (json) out(JSON.stringify(trends.map(trendJson), null, 2));
  else {
    const counts = TREND_LABELS.map((d) => `${trends.filter((t) => t.trend === d).length} ${d}`).join(', ');
    out(`${trends.length} trends of ${metric} ${trendWindowPhrase({ trendDays: days })}: ${counts}`);
    out(trendNote({ trendDays: days, trendMinChangePct: minChangePct }));
    out(
      table(
        ['Series', 'Trend', 'Theil–Sen/week', 'Mann–Kendall p', 'Change of the main level', 'Runs used', 'Seed label'],
        [...trends]
          .sort(trendOrder)
          .map((t) => [
            t.label,
            t.trend,
            t.theilSenPctPerWeek === null ? '—' : formatPercent(t.theilSenPctPerWeek, 2),
            formatP(t.mannKendallP),
            trendChangeText(t, (pct) => formatPercent(pct)),
            `${t.used} of ${t.count}`,
            `${t.seedTrend} ${formatPercent(t.magnitudePct)}`,
          ]),
      ),
    );
  }
  return 0;
}

function trendJson(t: Trend): Record<string, unknown> {
  return {
    series: t.series,
    series_label: t.label,
    metric: t.metric,
    unit: t.unit,
    direction: t.trend,
    theil_sen_pct_per_week: t.theilSenPctPerWeek,
    mann_kendall_p: t.mannKendallP,
    change_pct: t.changePct,
    steps: t.steps,
    steps_pct: t.stepsPct,
    drift_pct: t.driftPct,
    start_level: t.startLevel,
    end_level: t.endLevel,
    count: t.count,
    runs_used: t.used,
    seed_direction: t.seedTrend,
    magnitude_pct: t.magnitudePct,
    confidence: t.confidence,
    cv: t.cv,
    r2: t.r2,
    start: new Date(t.startTs).toISOString(),
    end: new Date(t.endTs).toISOString(),
  };
}
