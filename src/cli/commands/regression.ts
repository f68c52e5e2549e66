// perftrack regression: its name, options and lines of --help, read at every start. What it does is in regression-run.ts,
// loaded only when regression runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  days: { type: 'string' },
  latest: { type: 'boolean' },
  method: { type: 'string' },
  threshold: { type: 'string', multiple: true },
  'baseline-days': { type: 'string' },
  'min-samples': { type: 'string' },
  metric: { type: 'string' },
  notify: { type: 'boolean' },
  'notify-config': { type: 'string' },
  'fail-on-regression': { type: 'boolean' },
} satisfies CommandOptions;

export const regression: CommandSpec<typeof options> = {
  name: 'regression',
  summary: "Detect regressions in the last --days (default method: change points; --method percent for the seed's)",
  usage: [
    '[--days 1] [--latest (= check)] [--method changepoint|percent] [--threshold metric=pct] [--baseline-days 7] [--min-samples 3]',
    '[--notify] [--notify-config FILE] [--fail-on-regression]',
  ].join('\n'),
  options,
  needsEngine: true,
};
