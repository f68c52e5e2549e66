// perftrack comment: its name, options and lines of --help, read at every start. What it does is in comment-run.ts,
// loaded only when comment runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  body: { type: 'string' },
  pr: { type: 'string' },
  repo: { type: 'string' },
  'no-summary': { type: 'boolean' },
} satisfies CommandOptions;

export const comment: CommandSpec<typeof options> = {
  name: 'comment',
  summary: "Post a check's Markdown on the pull request (one comment, updated in place) and in the job summary",
  usage: [
    '--body FILE [--pr N] [--repo OWNER/NAME] [--no-summary] [--format text|json]',
    '  defaults from GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL; appends the body to',
    '  $GITHUB_STEP_SUMMARY when set (unless --no-summary)',
  ].join('\n'),
  options,
  needsEngine: false,
};
