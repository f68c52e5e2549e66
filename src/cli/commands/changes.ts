// perftrack changes: its name, options and lines of --help, read at every start. What it does is in changes-run.ts,
// loaded only when changes runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  metric: { type: 'string' },
} satisfies CommandOptions;

export const changes: CommandSpec<typeof options> = {
  name: 'changes',
  summary: 'Every level shift in the whole history, better and worse, per series (--format json gives run indices)',
  usage: '[--metric NAME] — level shifts of the change-point method in the whole history, and the unstable series',
  options,
  needsEngine: true,
};
