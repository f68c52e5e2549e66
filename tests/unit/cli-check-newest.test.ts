// `check` (without --head) asks the analysis for the newest runs only (newestOnly: no trends, corroboration or
// sensitivity). Its output and exit code must be byte for byte those of the full analysis: on tokio's data.js and on
// a history recorded with `record --to DIR` whose newest run is 20 % slower in one benchmark.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { openEngine, type OpenedEngine } from '../../src/cli/main.ts';
import { REAL } from '../real-files.ts';
import { runCli, runCliWith } from './helpers/cli.ts';
import { tempDir } from './helpers/engine.ts';
import { recordSlowerNewest } from './helpers/recorded-history.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

/** The CLI's engine, its analyse always the full one whatever check asks for. */
async function fullAnalysisEngine(): Promise<OpenedEngine> {
  const opened = await openEngine();
  const full = Object.create(opened.engine) as Engine;
  full.analyse = (options = {}) => opened.engine.analyse({ ...options, newestOnly: false });
  return { engine: full, close: opened.close };
}

const runFull = (...argv: string[]) => runCliWith({ openEngine: fullAnalysisEngine }, ...argv);

describe('check: the newest runs only, the same answer as the full analysis', () => {
  const history = path.join(tempDir(), 'history');

  beforeAll(() => recordSlowerNewest(history, 16, 7), 300_000);

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
