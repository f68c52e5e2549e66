// perftrack check: its name, options and lines of --help, read at every start. What it does is in check-run.ts,
// loaded only when check runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  metric: { type: 'string' },
  'fail-on-regression': { type: 'boolean' },
  head: { type: 'string', multiple: true },
  base: { type: 'string' },
  'merge-base': { type: 'string' },
  commit: { type: 'string' },
  threshold: { type: 'string', multiple: true },
  site: { type: 'string' },
  comment: { type: 'boolean' },
  'no-summary': { type: 'boolean' },
} satisfies CommandOptions;

export const check: CommandSpec<typeof options> = {
  name: 'check',
  summary: [
    "A pull request's results against its base branch (--head FILE… --base BRANCH), or the newest run of each",
    'series against its history; [--fail-on-regression] exits 1 when worse (also: regression --latest)',
  ].join('\n'),
  usage: [
    '--head FILE… --base BRANCH [--merge-base SHA] [--threshold PCT] [--commit SHA] [--format text|json|markdown]',
    '  each series worse / better / in line / inconclusive against the base branch up to the merge base',
    '  (default: git merge-base HEAD origin/BRANCH); --threshold: the change that matters, default 10 (%)',
    '  [--site URL (series link to the published page)] [--comment (post or update the pull request comment)]',
    '  [--no-summary (do not append the Markdown to $GITHUB_STEP_SUMMARY)]',
    "[--metric NAME] [--fail-on-regression] — without --head: the newest run against its series' history",
  ].join('\n'),
  options,
  needsEngine: true,
};
