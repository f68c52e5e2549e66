// The perftrack verbs, in the order --help lists them. A new verb is its spec (<verb>.ts: name, options, help), its
// run (<verb>-run.ts) and a line here pairing them. Only the specs load at start; a run is imported when it is called
// (tests/unit/cli-built.test.ts holds the start's bundle free of the engine, the analysis and every verb's run).
import { backtest } from './backtest.ts';
import { baseline } from './baseline.ts';
import { changes } from './changes.ts';
import { check } from './check.ts';
import { comment } from './comment.ts';
import { lazyCommand, type Command } from './command.ts';
import { importCommand } from './import.ts';
import { publish } from './publish.ts';
import { record } from './record.ts';
import { regression } from './regression.ts';
import { report } from './report.ts';
import { trend } from './trend.ts';

export const COMMANDS: readonly Command[] = [
  lazyCommand(record, () => import('./record-run.ts')),
  lazyCommand(baseline, () => import('./baseline-run.ts')),
  lazyCommand(regression, () => import('./regression-run.ts')),
  lazyCommand(check, () => import('./check-run.ts')),
  lazyCommand(comment, () => import('./comment-run.ts')),
  lazyCommand(changes, () => import('./changes-run.ts')),
  lazyCommand(backtest, () => import('./backtest-run.ts')),
  lazyCommand(trend, () => import('./trend-run.ts')),
  lazyCommand(report, () => import('./report-run.ts')),
  lazyCommand(publish, () => import('./publish-run.ts')),
  lazyCommand(importCommand, () => import('./import-run.ts')),
];
