// perftrack backtest: its name, options and lines of --help, read at every start. What it does is in backtest-run.ts,
// loaded only when backtest runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  alpha: { type: 'string' },
  metric: { type: 'string' },
} satisfies CommandOptions;

export const backtest: CommandSpec<typeof options> = {
  name: 'backtest',
  summary: 'How often the history would have alerted at --alpha, and at one step more and one step less sensitive',
  usage: `[--alpha 0.001] [--metric NAME] — alerts (regressions of the change-point method, whole history) at alpha, alpha × 10 and alpha / 10`,
  options,
  needsEngine: true,
};
