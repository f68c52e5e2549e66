// perftrack report: a Markdown or self-contained HTML report of the last --days, to stdout or --output FILE.
import { commitTemplate } from '../commit-pages.ts';
import { openInputs } from '../inputs.ts';
import { COMMON_OPTIONS, number, outputFormat, parseThresholds } from '../options.ts';
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
    "[--commit-url 'https://github.com/org/repo/commit/{commit}'] (commits become links where the data has no commit pages;",
    '  a GitHub or GitLab repository also gives each regression its last good…first bad compare link) [--threshold metric=pct]',
  ].join('\n'),
  options,
  needsEngine: true,
  async run(context) {
    const { values, out, err } = context;
    const format = outputFormat(values, 'report', ['markdown', 'html'] as const);
    const engine = await context.engine();
    const inputs = await openInputs(context, engine, {
      listOpened: false,
      apiOptions: () => ({ regressionThresholds: parseThresholds(values.threshold ?? []) }),
    });
    if (!inputs) return 2;
    const commitUrl = await commitTemplate(engine, values['commit-url']);
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
