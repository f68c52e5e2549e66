// perftrack publish: a static site (the built app and the history as range-readable Parquet partitions) that opens
// this history by default. Local inputs unchanged since the last publish are not opened at all: no engine then.
import { PACKAGE_ROOT } from '../../node/package-root.ts';
import path from 'node:path';
import { expandSource } from '../../node/sources.ts';
import {
  inputFingerprint,
  keepUnchangedSite,
  publish as publishSite,
  type Granularity,
  type PublishOptions,
  type PublishReport,
} from '../../node/publish.ts';
import { openInputs, type InputNote } from '../inputs.ts';
import { dbPaths, outputFormat, TEXT_OR_JSON, UsageError } from '../options.ts';
import type { CommandContext } from './command.ts';
import type { options } from './publish.ts';

/** publish: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run(context: CommandContext<typeof options>): Promise<number> {
  const { values, out } = context;
  const err = timed(context.err);
  if (!values.out) throw new UsageError('publish needs --out DIR');
  const json = outputFormat(values, 'publish', TEXT_OR_JSON) === 'json';
  const dbs = dbPaths(values);
  const publishOptions: PublishOptions = {
    outDir: path.resolve(values.out),
    title: values.title ?? 'Benchmark history',
    basePath: values['base-path'] ?? '/',
    appDir: path.resolve(values.app ?? path.join(PACKAGE_ROOT, 'dist')),
    granularity: granularity(values.partition),
  };
  if (dbs.every((spec) => !/^https?:\/\//i.test(spec))) {
    publishOptions.input = inputFingerprint(dbs.flatMap(expandSource), publishOptions);
    const kept = keepUnchangedSite(publishOptions.input, publishOptions);
    if (kept) {
      printReport(kept, [], json, out);
      return 0;
    }
  }
  const engine = await context.engine();
  const inputs = await openInputs({ ...context, err }, engine);
  if (!inputs) return 2;
  if (!json) publishOptions.onStage = (text) => err(`perftrack: ${text}`);
  printReport(await publishSite(engine, publishOptions), inputs.notes, json, out);
  return 0;
}

/** PERFTRACK_TIMINGS=1: each line on stderr starts with the seconds since the process started, the CPU seconds of
 *  all its threads (DuckDB's and the detector's included; on a shared machine the truer measure) and its resident
 *  memory, so the phases of a large publish can be timed (scripts/bench-publish.ts prints them). */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function timed(err: (text: string) => void): (text: string) => void {
  if (!process.env.PERFTRACK_TIMINGS) return err;
  return (text) =>
    err(
      text.replace(
        /^perftrack: /,
        `perftrack: [${process.uptime().toFixed(1)} s, CPU ${cpuSeconds().toFixed(1)} s, ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MB] `,
      ),
    );
}

function granularity(value: string | undefined): Granularity {
  if (value === undefined) return 'quarter';
  if (value === 'month' || value === 'quarter' || value === 'year') return value;
  throw new UsageError(`--partition must be month, quarter or year (got "${value}")`);
}

/** `notes`: what opening the inputs noted (none when they were unchanged and not opened), in the JSON output. */
function printReport(report: PublishReport, notes: InputNote[], json: boolean, out: (text: string) => void): void {
  if (json) {
    out(JSON.stringify({ ...report, notes }, null, 2));
    return;
  }
  const written = report.partitions.filter((p) => p.written);
  out(
    `published ${report.partitions.length} partitions to ${report.outDir} (${written.length} written, ${report.partitions.length - written.length} unchanged${report.removed.length ? `, ${report.removed.length} removed` : ''})`,
  );
  out(
    `data: ${(report.dataBytes / 2 ** 20).toFixed(1)} MB in partitions + ${(report.summaryBytes / 2 ** 10).toFixed(0)} KB summary; serve ${report.outDir} with any static host`,
  );
  const share = (bytes: number) =>
    `${(bytes / 2 ** 10).toFixed(0)} KB (${((100 * bytes) / (report.dataBytes + report.summaryBytes)).toFixed(1)} %)`;
  out(
    `a first view reads about ${share(report.firstViewBytes)} of it; each series shown adds at most ${share(report.seriesViewBytes)}`,
  );
}
