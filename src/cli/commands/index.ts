// The perftrack verbs, in the order --help lists them. A new verb is a file in this folder and a line here.
import { backtest } from './backtest.ts';
import { baseline } from './baseline.ts';
import { changes } from './changes.ts';
import { check } from './check.ts';
import { comment } from './comment.ts';
import type { Command } from './command.ts';
import { importCommand } from './import.ts';
import { publish } from './publish.ts';
import { record } from './record.ts';
import { regression } from './regression.ts';
import { report } from './report.ts';
import { trend } from './trend.ts';

export const COMMANDS: readonly Command[] = [
  record,
  baseline,
  regression,
  check,
  comment,
  changes,
  backtest,
  trend,
  report,
  publish,
  importCommand,
];
