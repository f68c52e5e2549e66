// perftrack trend: the direction of a metric over the last --days per series (Theil–Sen, Mann–Kendall);
// --visualize --output FILE.svg draws them.
import type { Trend } from '../../lib/analysis/types.ts';
import { formatPercent } from '../../lib/format/format.ts';
import { openInputs } from '../inputs.ts';
import { COMMON_OPTIONS, integer, number, outputFormat, TEXT_OR_JSON, UsageError } from '../options.ts';
import { table } from '../output.ts';
import type { Command, CommandOptions } from './command.ts';

const options = {
  ...COMMON_OPTIONS,
  metric: { type: 'string' },
  days: { type: 'string' },
  'min-samples': { type: 'string' },
  visualize: { type: 'boolean' },
  output: { type: 'string' },
} satisfies CommandOptions;

export const trend: Command<typeof options> = {
  name: 'trend',
  summary: 'Trends of a metric over --days; --visualize --output FILE.svg draws them',
  usage: '[--metric NAME (throughput, else the first)] [--days 30] [--min-samples 5] [--visualize --output FILE.svg]',
  options,
  needsEngine: true,
  async run(context) {
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
    const days = number(values, 'days', 30);
    const trends = await api.analyzeTrends({
      metric,
      daysLookback: days,
      minSamples: integer(values, 'min-samples', 5),
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
      const counts = ['improving', 'degrading', 'stable', 'volatile']
        .map((d) => `${trends.filter((t) => t.trend === d).length} ${d}`)
        .join(', ');
      out(`${trends.length} trends of ${metric} over ${days} days: ${counts}`);
      out(
        table(
          ['Series', 'Direction', 'Magnitude', 'Confidence', 'Theil–Sen/week', 'Mann–Kendall p'],
          trends.map((t) => [
            t.label,
            t.trend,
            formatPercent(t.magnitudePct),
            t.confidence.toFixed(2),
            t.theilSenPctPerWeek === null ? '—' : formatPercent(t.theilSenPctPerWeek, 2),
            t.mannKendallP === null ? '—' : t.mannKendallP.toPrecision(2),
          ]),
        ),
      );
    }
    return 0;
  },
};

function trendJson(t: Trend): Record<string, unknown> {
  return {
    series: t.series,
    series_label: t.label,
    metric: t.metric,
    unit: t.unit,
    direction: t.trend,
    magnitude_pct: t.magnitudePct,
    confidence: t.confidence,
    count: t.count,
    cv: t.cv,
    r2: t.r2,
    theil_sen_pct_per_week: t.theilSenPctPerWeek,
    mann_kendall_p: t.mannKendallP,
    start: new Date(t.startTs).toISOString(),
    end: new Date(t.endTs).toISOString(),
  };
}
