// perftrack publish: its name, options and lines of --help, read at every start. What it does is in publish-run.ts,
// loaded only when publish runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  out: { type: 'string' },
  'base-path': { type: 'string' },
  title: { type: 'string' },
  partition: { type: 'string' },
  app: { type: 'string' },
} satisfies CommandOptions;

export const publish: CommandSpec<typeof options> = {
  name: 'publish',
  summary: 'A static site (the app + the data, range-readable) that opens this history by default',
  usage:
    '--out DIR [--base-path /repo/] [--title TEXT] [--partition month|quarter|year] [--app DIR (the built app, default: dist/)]',
  options,
  needsEngine: true,
};
