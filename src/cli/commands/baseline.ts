// perftrack baseline: its name, options and lines of --help, read at every start. What it does is in baseline-run.ts,
// loaded only when baseline runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  // The seed's flag; every matching series gets a baseline either way.
  all: { type: 'boolean' },
  days: { type: 'string' },
  'min-samples': { type: 'string' },
} satisfies CommandOptions;

export const baseline: CommandSpec<typeof options> = {
  name: 'baseline',
  summary: 'Baselines per configuration (mean over --days with at least --min-samples results)',
  usage: '[--all] [--days 7] [--min-samples 3]',
  options,
  needsEngine: true,
};
