// Test helper: the arguments of `perftrack record FILE… --to DIR` for one CI run, stamped with its commit, branch,
// time and (when given) an environment entry, as the CI tests record their pushes.

export interface RunStamp {
  commit: string;
  branch: string;
  time: string;
  /** One `key=value` environment entry, e.g. the runner's name. */
  env?: string;
}

export function recordArgs(outputs: string[], to: string, stamp: RunStamp): string[] {
  return [
    'record',
    ...outputs,
    '--to',
    to,
    '--commit',
    stamp.commit,
    '--branch',
    stamp.branch,
    '--time',
    stamp.time,
    ...(stamp.env === undefined ? [] : ['--env', stamp.env]),
  ];
}
