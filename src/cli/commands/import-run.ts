// perftrack import: a github-action-benchmark history (data.js from gh-pages, or its JSON) moved into a folder of
// run files that `--db DIR`, the page and `record --to DIR` share. Needs no database.
import { importHistory } from '../../node/import-history.ts';
import { RecordInputError } from '../../node/run-stamp.ts';
import { outputFormat, TEXT_OR_JSON, UsageError } from '../options.ts';
import type { CommandContext } from './command.ts';
import type { options } from './import.ts';

/** import: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run({ values, positionals, out }: CommandContext<typeof options>): Promise<number> {
  const json = outputFormat(values, 'import', TEXT_OR_JSON) === 'json';
  if (positionals.length !== 1)
    throw new UsageError('import takes one github-action-benchmark history: perftrack import data.js --to DIR');
  if (!values.to) throw new UsageError('import needs --to DIR, the folder the run files go in');
  if (values.db?.length) throw new UsageError('import writes to a folder (--to DIR), not to --db');
  try {
    const result = importHistory(positionals[0], values.to);
    if (json) out(JSON.stringify({ dir: values.to, ...result }));
    else
      out(
        `imported ${result.runs} runs (${result.suites} suites, ${result.values} values) from ${positionals[0]} into ${values.to}: ` +
          `${result.written} new, ${result.runs - result.written} already there`,
      );
    return 0;
  } catch (error) {
    if (error instanceof RecordInputError) throw new UsageError(error.message);
    throw error;
  }
}
