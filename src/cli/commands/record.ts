// perftrack record: one result, appended to a seed-schema .duckdb file (created when missing), or written as a file
// of its own in a folder (--out DIR), which needs no database: the engine is opened only for the .duckdb file.
import { recordResult, recordToFolder } from '../../node/platform.ts';
import { asOf, COMMON_OPTIONS, dbPaths, integer, number, outputFormat, TEXT_OR_JSON, UsageError } from '../options.ts';
import type { Command, CommandOptions } from './command.ts';

const options = {
  ...COMMON_OPTIONS,
  out: { type: 'string' },
  throughput: { type: 'string' },
  latency: { type: 'string' },
  memory: { type: 'string' },
  power: { type: 'string' },
  'version-tag': { type: 'string' },
  'run-group': { type: 'string' },
  commit: { type: 'string' },
  'lock-timeout': { type: 'string' },
} satisfies CommandOptions;

export const record: Command<typeof options> = {
  name: 'record',
  summary: [
    'Append one result to a .duckdb file in the seed schema (created when missing), or with --out DIR',
    'write it as a file of its own in DIR (for many CI jobs at once; --db DIR reads the folder)',
  ].join('\n'),
  usage: [
    '[--db FILE.duckdb | --out DIR] --model-id N --hardware-id N --batch-size N [--sequence-length N] [--precision fp32] [--throughput X]',
    '[--latency X] [--memory X] [--power X] [--version-tag T] [--run-group G] [--commit SHA]',
    "[--lock-timeout SECONDS (how long to wait for another writer's lock, default 30)]",
  ].join('\n'),
  options,
  needsEngine: (values) => values.out === undefined,
  async run({ values, out, err, engine }) {
    const json = outputFormat(values, 'record', TEXT_OR_JSON) === 'json';
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
  },
};
