// perftrack record: one result, appended to a seed-schema .duckdb file (created when missing), or written as a file
// of its own in a folder (--out DIR), which needs no database: the engine is opened only for the .duckdb file.
// With files (record FILE… --to DIR | --db FILE.duckdb), any benchmark tool's outputs become one stamped run: a file
// of its own in DIR, or a row of the database's perftrack_runs table.
import process from 'node:process';
import { recordResult, recordToFolder } from '../../node/platform.ts';
import { RecordInputError, recordedRun, recordRunToFolder, runStamp } from '../../node/run-stamp.ts';
import { asOf, dbPaths, integer, number, outputFormat, TEXT_OR_JSON, UsageError } from '../options.ts';
import type { CommandContext } from './command.ts';
import type { options } from './record.ts';

/** record: what the verb does once main has parsed its options (loaded only when it runs). */
export async function run({ values, positionals, out, err, engine }: CommandContext<typeof options>): Promise<number> {
  const json = outputFormat(values, 'record', TEXT_OR_JSON) === 'json';
  if (positionals.length || values.to !== undefined) {
    if (values.db?.length && values.to !== undefined)
      throw new UsageError('record writes either to a folder (--to DIR) or to a database (--db FILE.duckdb), not both');
    if (values.out !== undefined)
      throw new UsageError('record FILE… writes with --to DIR or --db FILE.duckdb (--out DIR is for one seed result)');
    const database = values.db?.length ? values.db : null;
    if (database && (database.length !== 1 || !/\.(duckdb|db)$/i.test(database[0])))
      throw new UsageError('record FILE… --db writes to one .duckdb file (--db PATH.duckdb), or use --to DIR');
    if (!database && values.to === undefined)
      throw new UsageError('record FILE… needs --to DIR (a folder, one file per run) or --db FILE.duckdb');
    try {
      const { stamp, notes } = runStamp(
        {
          commit: values.commit,
          branch: values.branch,
          time: values.time,
          env: values.env,
          message: values.message,
        },
        { env: process.env, cwd: process.cwd(), now: Date.now },
      );
      if (database) {
        const run = recordedRun(positionals, stamp);
        await (
          await engine()
        ).recordRun(database[0], run.name, run.text, {
          lockTimeoutMs: number(values, 'lock-timeout', 30)! * 1000,
          onWait: (message) => err(`perftrack: ${message}`),
        });
        for (const note of notes) err(`perftrack: ${note}`);
        if (json) out(JSON.stringify({ db: database[0], run: run.name, results: run.results, ...stamp }));
        else out(`recorded ${run.results} results of ${stamp.commit ?? 'no commit'} in ${database[0]}`);
        return 0;
      }
      const { file, results } = recordRunToFolder(values.to!, positionals, stamp);
      for (const note of notes) err(`perftrack: ${note}`);
      if (json) out(JSON.stringify({ file, results, ...stamp }));
      else out(`recorded ${results} results of ${stamp.commit ?? 'no commit'} in ${file}`);
      return 0;
    } catch (error) {
      if (error instanceof RecordInputError) throw new UsageError(error.message);
      throw error;
    }
  }
  const required = (name: 'model-id' | 'hardware-id' | 'batch-size') => {
    const v = integer(values, name);
    if (v === undefined) throw new UsageError(`record needs --${name}`);
    return v;
  };
  const result = {
    modelId: required('model-id'),
    hardwareId: required('hardware-id'),
    batchSize: required('batch-size'),
    sequenceLength: integer(values, 'sequence-length') ?? null,
    precision: values.precision ?? 'fp32',
    throughput: number(values, 'throughput') ?? null,
    latency: number(values, 'latency') ?? null,
    memory: number(values, 'memory') ?? null,
    power: number(values, 'power') ?? null,
    versionTag: values['version-tag'] ?? null,
    runGroupId: values['run-group'] ?? null,
    gitCommitHash: values.commit ?? null,
    timestamp: asOf(values) ?? undefined,
  };
  if (values.out) {
    if (values.db?.length)
      throw new UsageError(
        'record writes either to a database (--db FILE.duckdb) or to a folder (--out DIR), not both',
      );
    const file = recordToFolder(values.out, result);
    if (json) out(JSON.stringify({ file }));
    else out(`recorded result in ${file}`);
    return 0;
  }
  const dbs = dbPaths(values);
  if (dbs.length !== 1 || !/\.(duckdb|db)$/i.test(dbs[0]))
    throw new UsageError(
      'record writes to one .duckdb file (--db PATH.duckdb) or to a folder of result files (--out DIR)',
    );
  const id = await recordResult(await engine(), dbs[0], result, {
    lockTimeoutMs: number(values, 'lock-timeout', 30)! * 1000,
    onWait: (message) => err(`perftrack: ${message}`),
  });
  if (json) out(JSON.stringify({ id, db: dbs[0] }));
  else out(`recorded result ${id} in ${dbs[0]}`);
  return 0;
}
