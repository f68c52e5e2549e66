// The text of perftrack --help: the command list and the options of each command come from the commands' own
// summary and usage (commands/index.ts); the rest is here.
import type { Command } from './commands/command.ts';

const INTRO = `perftrack — benchmark history: record results, baselines, regressions, trends, reports.

Usage: perftrack <command> [options]`;

const COMMON = `Common options:
  --db PATH          .duckdb/.parquet/.csv/.json file, folder or glob of benchmark outputs, or URL (repeatable;
                     default: $BENCHMARK_DB_PATH, else ./benchmark_db.duckdb)
  --as-of TIME       analyse as of this time (ISO 8601) instead of the newest measurement
  --format FORMAT    text (default) or json; report: markdown (default) or html
                     (notes about the inputs, such as values left out, go to stderr; with json as JSON lines)
  --model-id N --hardware-id N --model NAME --hardware NAME --batch-size N --precision P --filter dim=value
                     restrict to matching series (repeatable --filter)
  --no-write         do not store results in the database's seed tables (baselines, regressions, trends)
  -h, --help         this help`;

/** `head` padded to `width`, then `text`, its further lines indented to the same column. */
function column(head: string, width: number, text: string): string {
  return head.padEnd(width) + text.split('\n').join('\n' + ' '.repeat(width));
}

export function helpText(commands: readonly Command[]): string {
  return [
    INTRO,
    ['Commands:', ...commands.map((c) => column(`  ${c.name}`, 14, c.summary))].join('\n'),
    COMMON,
    commands.map((c) => column(`${c.name}:`, 12, c.usage)).join('\n') + '\n',
  ].join('\n\n');
}
