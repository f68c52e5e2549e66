// `check` (without --head) asks the analysis for the newest runs only (newestOnly: no trends, corroboration or
// sensitivity). Its output and exit code must be byte for byte those of the full analysis: on tokio's data.js and on
// a history recorded with `record --to DIR` whose newest run is 20 % slower in one benchmark.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { Rng } from '../../src/lib/analysis/corpus.ts';
import { main, openEngine, type OpenedEngine } from '../../src/cli/main.ts';
import { REAL } from '../real-files.ts';
import { runCli } from './helpers/cli.ts';
import { tempDir } from './helpers/engine.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
const GBENCH = path.join(REAL, 'harness_outputs/google_benchmark/tools/gbench/Inputs/test1_run1.json');

/** The CLI's engine, its analyse always the full one whatever check asks for. */
async function fullAnalysisEngine(): Promise<OpenedEngine> {
  const opened = await openEngine();
  const full = Object.create(opened.engine) as Engine;
  full.analyse = (options = {}) => opened.engine.analyse({ ...options, newestOnly: false });
  return { engine: full, close: opened.close };
}

async function runFull(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (t) => out.push(t),
    (t) => err.push(t),
    { openEngine: fullAnalysisEngine },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('check: the newest runs only, the same answer as the full analysis', () => {
  const history = path.join(tempDir(), 'history');

  beforeAll(async () => {
    const doc = JSON.parse(fs.readFileSync(GBENCH, 'utf8')) as { benchmarks: { name: string; real_time?: number }[] };
    const rng = new Rng(7);
    for (let i = 1; i <= 16; i++) {
      for (const b of doc.benchmarks)
        if (b.real_time !== undefined)
          b.real_time *= (1 + 0.01 * rng.normal()) * (i === 16 && b.name === doc.benchmarks[0].name ? 1.2 : 1);
      const file = path.join(history, `..`, `run${i}.json`);
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
      expect(r.code, r.err).toBe(0);
    }
  }, 300_000);

  for (const [what, input] of [
    ["tokio's data.js", () => TOKIO],
    ['a recorded history', () => history],
  ] as const) {
    it(`${what}: text, json and --fail-on-regression`, async () => {
      for (const args of [[], ['--format', 'json'], ['--fail-on-regression']]) {
        const argv = ['check', '--db', input(), ...args];
        const newest = await runCli(...argv);
        const full = await runFull(...argv);
        expect(newest).toEqual(full);
        expect(newest.out.length).toBeGreaterThan(100);
      }
    }, 120_000);
  }

  it('finds the slower newest run of the recorded history, and the full analysis computes what check skips', async () => {
    const r = await runCli('check', '--db', history, '--fail-on-regression');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^- WORSE +\+\d+\.\d% real_time of BM_SameTimes: newest run/m);
    const opened = await openEngine();
    try {
      const bytes = new Uint8Array(fs.readFileSync(TOKIO));
      expect((await opened.engine.openFiles([{ name: 'data.js', bytes }])).failures).toEqual([]);
      const full = await opened.engine.analyse({ settings: { method: 'changepoint' } });
      const newest = await opened.engine.analyse({ settings: { method: 'changepoint' }, newestOnly: true });
      expect(full.sensitivity?.length).toBeGreaterThan(0);
      expect(newest.sensitivity).toBeUndefined();
      expect(newest.trends).toEqual([]);
      expect(newest.latest).toEqual(full.latest);
      expect(newest.latestChecked).toBe(full.latestChecked);
    } finally {
      await opened.close({ exiting: false });
    }
  }, 120_000);
});
