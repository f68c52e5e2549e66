// perftrack report: its name, options and lines of --help, read at every start. What it does is in report-run.ts,
// loaded only when report runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  days: { type: 'string' },
  output: { type: 'string' },
  title: { type: 'string' },
  'commit-url': { type: 'string' },
  threshold: { type: 'string', multiple: true },
} satisfies CommandOptions;

export const report: CommandSpec<typeof options> = {
  name: 'report',
  summary: 'A Markdown or HTML report of the last --days',
  usage: [
    '[--days 30] [--format markdown|html] [--output FILE] [--title TEXT]',
    "[--commit-url 'https://github.com/org/repo/commit/{commit}'] (commits become links where the data has no commit pages;",
    '  a GitHub or GitLab repository also gives each regression its last good…first bad compare link) [--threshold metric=pct]',
  ].join('\n'),
  options,
  needsEngine: true,
};
