// perftrack trend: its name, options and lines of --help, read at every start. What it does is in trend-run.ts,
// loaded only when trend runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  metric: { type: 'string' },
  days: { type: 'string' },
  'min-samples': { type: 'string' },
  'min-change': { type: 'string' },
  visualize: { type: 'boolean' },
  output: { type: 'string' },
} satisfies CommandOptions;

export const trend: CommandSpec<typeof options> = {
  name: 'trend',
  summary: 'Trends of a metric (the whole history unless --days); --visualize --output FILE.svg draws them',
  usage:
    '[--metric NAME (throughput, else the first)] [--days N (default: the whole history)] [--min-samples 5] ' +
    '[--min-change 5 (% drift over the window that is a trend)] [--visualize --output FILE.svg]',
  options,
  needsEngine: true,
};
