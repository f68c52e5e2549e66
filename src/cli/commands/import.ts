// perftrack import: its name, options and lines of --help, read at every start. What it does is in import-run.ts,
// loaded only when import runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  to: { type: 'string' },
} satisfies CommandOptions;

export const importCommand: CommandSpec<typeof options> = {
  name: 'import',
  summary:
    "Move a github-action-benchmark history (data.js) into a folder of run files, keeping each entry's commit context",
  usage: [
    'data.js --to DIR [--format text|json]',
    '(one run file per suite and commit; importing again writes only the entries that are new)',
  ].join('\n'),
  options,
  needsEngine: false,
};
