// The Node side of the API: files, the environment hash, recording into and writing back to .duckdb files.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { PerformanceResultInput, Platform } from '../lib/api/time-series-performance.ts';
import { recordFileText } from '../lib/sources/artifacts/perftrack-record.ts';
import type { Engine, WriteOptions } from '../engine/engine.ts';

/** The seed's environment hash: what about this machine could change benchmark numbers. */
export function environmentHash(): string {
  const cpus = os.cpus();
  const facts = [
    os.platform(),
    os.arch(),
    os.release(),
    cpus[0]?.model ?? '',
    String(cpus.length),
    String(Math.round(os.totalmem() / 2 ** 30)),
    process.version,
  ];
  return createHash('sha256').update(facts.join('|')).digest('hex').slice(0, 16);
}

/** The current commit: CI variables first, then git in the working directory. */
export function currentCommit(): string | null {
  const fromEnv =
    process.env.GITHUB_SHA ?? process.env.CI_COMMIT_SHA ?? process.env.BUILD_SOURCEVERSION ?? process.env.GIT_COMMIT;
  if (fromEnv) return fromEnv;
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || null
    );
  } catch {
    return null;
  }
}

/** A server-side DOM for charts. linkedom loads on first use: most commands draw nothing, and it costs ~0.15 s. */
export function nodeDocument(): Document {
  const { parseHTML } = createRequire(import.meta.url)('linkedom') as typeof import('linkedom');
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

export function nodePlatform(
  engine: Engine,
  options: { databaseFile: string | null; seedSourceId: number | null; write: boolean },
): Platform {
  return {
    environmentHash: async () => environmentHash(),
    document: nodeDocument,
    async writeOutput(file, content) {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, content);
    },
    async record(result: PerformanceResultInput) {
      if (!options.databaseFile)
        throw new Error('record needs --db pointing at a .duckdb file (it is created when missing).');
      return recordResult(engine, options.databaseFile, result);
    },
    writeSeedResults: async (results) => {
      if (!options.write || !options.databaseFile || options.seedSourceId === null) return null;
      return engine.writeSeedResults(options.seedSourceId, options.databaseFile, results);
    },
  };
}

/** Append one result to the seed's performance_results (tables created when missing) in one transaction; returns
 *  its id. With native DuckDB the file is written in place and a writer holding it is waited for (WriteOptions). */
function resultRow(r: PerformanceResultInput) {
  return {
    model_id: r.modelId,
    hardware_id: r.hardwareId,
    batch_size: r.batchSize,
    sequence_length: r.sequenceLength ?? null,
    precision: r.precision ?? 'fp32',
    throughput_items_per_second: r.throughput ?? null,
    latency_ms: r.latency ?? null,
    memory_mb: r.memory ?? null,
    power_watts: r.power ?? null,
    timestamp: r.timestamp ?? Date.now(),
    version_tag: r.versionTag ?? null,
    git_commit_hash: r.gitCommitHash ?? currentCommit(),
    environment_hash: r.environmentHash ?? environmentHash(),
    run_group_id: r.runGroupId ?? null,
  };
}

/** Write one result as its own small file in `dir` (record --out): no file is shared, so any number of CI jobs
 *  can record at once. Returns the file's path. */
export function recordToFolder(dir: string, r: PerformanceResultInput): string {
  const row = resultRow(r);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date(row.timestamp)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, `${stamp}-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  // One small write to a new name ('wx' never replaces a file); readers skip nothing and see whole files.
  fs.writeFileSync(file, recordFileText({ ...row, timestamp: new Date(row.timestamp).toISOString() }), { flag: 'wx' });
  return file;
}

export function recordResult(
  engine: Engine,
  file: string,
  r: PerformanceResultInput,
  options: WriteOptions = {},
): Promise<number> {
  return engine.recordResult(file, resultRow(r), options);
}
