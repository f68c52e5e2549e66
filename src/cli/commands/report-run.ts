// perftrack report: a Markdown or self-contained HTML report of the last --days, to stdout or --output FILE.
import { commitTemplate } from '../commit-pages.ts';
import { openInputs } from '../inputs.ts';
import { number, outputFormat, parseThresholds } from '../options.ts';
import type { CommandContext } from './command.ts';
import type { options } from './report.ts';

/** report: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run(context: CommandContext<typeof options>): Promise<number> {
  const { values, out, err } = context;
  const format = outputFormat(values, 'report', ['markdown', 'html'] as const);
  const engine = await context.engine();
  const inputs = await openInputs(context, engine, {
    listOpened: false,
    apiOptions: () => ({ regressionThresholds: parseThresholds(values.threshold ?? []) }),
  });
  if (!inputs) return 2;
  const commitUrl = await commitTemplate(engine, values['commit-url']);
  const text = await inputs.api.exportPerformanceReport({
    daysLookback: number(values, 'days', 30),
    format,
    outputPath: values.output,
    title: values.title,
    filter: inputs.filter,
    commitUrl,
  });
  if (values.output) err(`wrote ${values.output}`);
  else out(text);
  return 0;
}
