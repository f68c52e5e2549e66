// perftrack record: its name, options and lines of --help, read at every start. What it does is in record-run.ts,
// loaded only when record runs, so that no verb's start loads another verb's code.
import type { CommandOptions, CommandSpec } from './command.ts';
import { COMMON_OPTIONS } from '../options.ts';

export const options = {
  ...COMMON_OPTIONS,
  out: { type: 'string' },
  throughput: { type: 'string' },
  latency: { type: 'string' },
  memory: { type: 'string' },
  power: { type: 'string' },
  'version-tag': { type: 'string' },
  'run-group': { type: 'string' },
  commit: { type: 'string' },
  to: { type: 'string' },
  branch: { type: 'string' },
  time: { type: 'string' },
  env: { type: 'string', multiple: true },
  message: { type: 'string' },
  'lock-timeout': { type: 'string' },
} satisfies CommandOptions;

export const record: CommandSpec<typeof options> = {
  name: 'record',
  summary: [
    'Append one result to a .duckdb file in the seed schema (created when missing) or as a file in --out DIR;',
    'record FILE… (--to DIR | --db FILE.duckdb) stores any benchmark tool outputs as one stamped run',
  ].join('\n'),
  usage: [
    'FILE… (--to DIR | --db FILE.duckdb) [--commit SHA] [--branch NAME] [--time ISO] [--env KEY=VALUE]… [--message TEXT]',
    '(defaults: GITHUB_SHA, GITHUB_HEAD_REF / GITHUB_REF_NAME, CI_COMMIT_SHA, CI_COMMIT_REF_NAME, then git log -1; now)',
    'or',
    '[--db FILE.duckdb | --out DIR] --model-id N --hardware-id N --batch-size N [--sequence-length N] [--precision fp32] [--throughput X]',
    '[--latency X] [--memory X] [--power X] [--version-tag T] [--run-group G] [--commit SHA]',
    "[--lock-timeout SECONDS (how long to wait for another writer's lock, default 30)]",
  ].join('\n'),
  options,
  needsEngine: (values) => values.out === undefined && values.to === undefined,
};
