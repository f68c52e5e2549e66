// Test helper: a history recorded with `perftrack record FILE --to DIR`, one run a day from 2026-11-01, of
// google-benchmark's own test output with 1 % noise on each time, whose newest run is 20 % slower in its first
// benchmark.
import fs from 'node:fs';
import path from 'node:path';
import { Rng } from '../../../src/lib/analysis/corpus.ts';
import { REAL } from '../../real-files.ts';
import { runCli } from './cli.ts';

const GBENCH = path.join(REAL, 'harness_outputs/google_benchmark/tools/gbench/Inputs/test1_run1.json');

/** Records `runs` runs into the folder `history` (each run's file is written beside it); `seed` picks the noise. */
export async function recordSlowerNewest(history: string, runs: number, seed: number): Promise<void> {
  const doc = JSON.parse(fs.readFileSync(GBENCH, 'utf8')) as { benchmarks: { name: string; real_time?: number }[] };
  const rng = new Rng(seed);
  for (let i = 1; i <= runs; i++) {
    for (const b of doc.benchmarks)
      if (b.real_time !== undefined)
        b.real_time *= (1 + 0.01 * rng.normal()) * (i === runs && b.name === doc.benchmarks[0].name ? 1.2 : 1);
    const file = path.join(history, '..', `run${i}.json`);
    fs.writeFileSync(file, JSON.stringify(doc));
    const time = new Date(Date.UTC(2026, 10, i)).toISOString();
    const r = await runCli(
      'record',
      file,
      '--to',
      history,
      '--commit',
      i.toString(16).padStart(40, '0'),
      '--time',
      time,
    );
    if (r.code !== 0) throw new Error(`record of run ${i} failed (exit ${r.code}): ${r.err}`);
  }
}
