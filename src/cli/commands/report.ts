// perftrack report: a Markdown or self-contained HTML report of the last --days, to stdout or --output FILE.
import { normaliseCommitTemplate } from '../../lib/format/commit-link.ts';
import { openInputs } from '../inputs.ts';
import { COMMON_OPTIONS, number, outputFormat, parseThresholds, UsageError } from '../options.ts';
import type { Command, CommandOptions } from './command.ts';

const options = {
  ...COMMON_OPTIONS,
  days: { type: 'string' },
  output: { type: 'string' },
  title: { type: 'string' },
  'commit-url': { type: 'string' },
  threshold: { type: 'string', multiple: true },
} satisfies CommandOptions;

export const report: Command<typeof options> = {
  name: 'report',
  summary: 'A Markdown or HTML report of the last --days',
  usage: [
    '[--days 30] [--format markdown|html] [--output FILE] [--title TEXT]',
    "[--commit-url 'https://github.com/org/repo/commit/{commit}'] (commits become links) [--threshold metric=pct]",
  ].join('\n'),
  options,
  needsEngine: true,
  async run(context) {
    const { values, out, err } = context;
    const format = outputFormat(values, 'report', ['markdown', 'html'] as const);
    const inputs = await openInputs(context, await context.engine(), {
      listOpened: false,
      apiOptions: () => ({ regressionThresholds: parseThresholds(values.threshold ?? []) }),
    });
    if (!inputs) return 2;
    const commitUrl = normaliseCommitTemplate(values['commit-url'] ?? '');
    if (values['commit-url'] && !commitUrl)
      throw new UsageError(`--commit-url must be an http(s) address holding {commit}, got "${values['commit-url']}"`);
    const text = await inputs.api.exportPerformanceReport({
      daysLookback: number(values, 'days', 30),
      format,
      outputPath: values.output,
      title: values.title,
      filter: inputs.filter,
      commitUrl,
    });
    if (values.output) err(`wrote ${values.output}`);
    else out(text);
    return 0;
  },
};
