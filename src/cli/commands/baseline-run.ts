// perftrack baseline: per series and metric, the mean (and median, MAD) of the last --days, where there are at least
// --min-samples results.
import type { Baseline } from '../../lib/analysis/types.ts';
import { formatTime, formatValue, shortCommit } from '../../lib/format/format.ts';
import { openInputs } from '../inputs.ts';
import { integer, number, outputFormat, TEXT_OR_JSON } from '../options.ts';
import { table } from '../output.ts';
import type { CommandContext } from './command.ts';
import type { options } from './baseline.ts';

/** baseline: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run(context: CommandContext<typeof options>): Promise<number> {
  const { values, out } = context;
  const json = outputFormat(values, 'baseline', TEXT_OR_JSON) === 'json';
  const inputs = await openInputs(context, await context.engine());
  if (!inputs) return 2;
  const baselines = await inputs.api.setBaseline({
    filter: inputs.filter,
    daysLookback: number(values, 'days', 7),
    minSamples: integer(values, 'min-samples', 3),
  });
  if (json) out(JSON.stringify(baselines.map(baselineJson), null, 2));
  else {
    out(
      `${baselines.length} baselines (mean of the last ${number(values, 'days', 7)} days, at least ${integer(values, 'min-samples', 3)} results)`,
    );
    out(
      table(
        ['Series', 'Metric', 'Mean', 'Median', 'MAD', 'n', 'Date', 'Commit'],
        baselines.map((b) => [
          b.label,
          b.metric,
          formatValue(b.mean, b.unit),
          formatValue(b.median, b.unit),
          formatValue(b.mad, b.unit),
          String(b.count),
          formatTime(b.lastTs),
          shortCommit(b.commit),
        ]),
      ),
    );
  }
  return 0;
}

function baselineJson(b: Baseline): Record<string, unknown> {
  return {
    series: b.series,
    series_label: b.label,
    metric: b.metric,
    unit: b.unit,
    count: b.count,
    mean: b.mean,
    median: b.median,
    stddev: b.stddev,
    mad: b.mad,
    baseline_date: new Date(b.lastTs).toISOString(),
    version_tag: b.versionTag,
    commit: b.commit,
  };
}
