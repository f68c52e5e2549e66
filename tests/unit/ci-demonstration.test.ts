// The CI loop from an empty history, as a team would run it: 30 pushes to main recorded with their commits
// (`record FILE… --to DIR`, real Google Benchmark and pytest-benchmark outputs, each run's values scaled by seeded
// noise), then three pull requests checked against main up to their merge base (`check --head --base`, git finding
// the merge base): a real +15 % slowdown fails, an unchanged one passes, +3 % on a noisy benchmark is never called
// worse. Then `publish` builds the site from that history, and again, incrementally, after one more push.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/analysis/corpus.ts';
import { REAL } from '../real-files.ts';
import { runCli as run } from './helpers/cli.ts';
import { recordArgs } from './helpers/record.ts';
import { tempDir } from './helpers/engine.ts';

const GBENCH = path.join(REAL, 'harness_outputs/google_benchmark/tools/gbench/Inputs/test1_run1.json');
const PYTEST = path.join(
  REAL,
  'harness_outputs/pytest-benchmark/tests/test_storage/0001_b87b9aae14ff14a7887a6bbaa9731b9a8760555d_20150814_190343_uncommitted-changes.json',
);
const BIN = path.join(import.meta.dirname, '../../bin/perftrack.mjs');
const SLOW = 'BM_2xFaster';
const NOISY = 'BM_1PercentFaster';
const NOISE: Record<string, number> = { [NOISY]: 0.06 };

type GBench = { benchmarks: { name: string; real_time?: number; cpu_time?: number }[] };
type Pytest = { benchmarks: { stats: Record<string, number> }[] };

/** The two real outputs with every time scaled by seeded noise (2 % per run, NOISE for some) and `factor`s. */
function writeOutputs(dir: string, rng: Rng, factor: Record<string, number> = {}): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const gbench = JSON.parse(fs.readFileSync(GBENCH, 'utf8')) as GBench;
  for (const b of gbench.benchmarks) {
    const f = (factor[b.name] ?? 1) * (1 + (NOISE[b.name] ?? 0.02) * rng.normal());
    if (b.real_time !== undefined) b.real_time *= f;
    if (b.cpu_time !== undefined) b.cpu_time *= f;
  }
  const pytest = JSON.parse(fs.readFileSync(PYTEST, 'utf8')) as Pytest;
  for (const b of pytest.benchmarks) {
    const f = 1 + 0.02 * rng.normal();
    for (const key of ['min', 'max', 'mean', 'median', 'stddev', 'q1', 'q3', 'iqr', 'ld15iqr', 'hd15iqr'])
      if (typeof b.stats[key] === 'number') b.stats[key] *= f;
  }
  const files = [path.join(dir, 'gbench.json'), path.join(dir, 'pytest.json')];
  fs.writeFileSync(files[0], JSON.stringify(gbench));
  fs.writeFileSync(files[1], JSON.stringify(pytest));
  return files;
}

describe('from an empty history to pull request verdicts and a published site', () => {
  const root = tempDir();
  const repo = path.join(root, 'repo');
  const history = path.join(root, 'history');
  const rng = new Rng(2026);
  const identity = {
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.org',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.org',
  };
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...identity } }).trim();
  const commit = (message: string, day: number) => {
    const date = new Date(Date.UTC(2026, 10, 1) + day * 86_400_000).toISOString();
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
      cwd: repo,
      env: { ...process.env, ...identity, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    return { sha: git('rev-parse', 'HEAD'), date };
  };
  /** `check` as CI runs it: a process in the checked-out pull request, so git finds the merge base. */
  const check = (outputs: string[], ...extra: string[]) => {
    const heads = outputs.flatMap((f) => ['--head', f]);
    const result = spawnSync(
      process.execPath,
      [BIN, 'check', '--db', history, ...heads, '--base', 'main', '--fail-on-regression', ...extra],
      {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_SHA: '', GITHUB_HEAD_REF: '', GITHUB_REF_NAME: '' },
      },
    );
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  const pullRequest = (name: string, factor: Record<string, number>) => {
    git('checkout', '-q', '-b', name, 'main~2');
    commit(name, 40);
    const outputs = writeOutputs(path.join(root, name), rng, factor);
    return outputs;
  };

  beforeAll(async () => {
    fs.mkdirSync(repo);
    git('init', '-q', '-b', 'main');
    for (let i = 0; i < 30; i++) {
      const { sha, date } = commit(`change ${i + 1}`, i);
      const outputs = writeOutputs(path.join(root, `run-${i}`), rng);
      const recorded = await run(
        ...recordArgs(outputs, history, { commit: sha, branch: 'main', time: date, env: 'runner=ubuntu-24.04' }),
      );
      expect(recorded.err).toBe('');
      expect(recorded.code).toBe(0);
    }
  }, 600_000);

  it('records one run file per push, read back as one history of 30 runs', async () => {
    expect(fs.readdirSync(history)).toHaveLength(30);
    const changes = await run('changes', '--db', history, '--format', 'json');
    expect(changes.code).toBe(0);
  });

  it('a pull request with a real +15 % slowdown fails, naming the benchmark and its size', () => {
    const result = check(pullRequest('pr-slow', { [SLOW]: 1.15 }));
    expect(result.code).toBe(1);
    const worse = result.out.split('\n').filter((l) => l.startsWith('- WORSE'));
    expect(worse.length).toBeGreaterThanOrEqual(1);
    expect(worse.every((l) => l.includes(SLOW))).toBe(true);
    expect(worse[0]).toMatch(/\+1[2-8]\.\d%/);
    // The merge base is main~2: the last two pushes are not the base of this pull request.
    expect(result.out).toMatch(/at merge base [0-9a-f]{8} \(28 base runs/);
  }, 120_000);

  it('an unchanged pull request passes', () => {
    git('checkout', '-q', 'main');
    const result = check(pullRequest('pr-same', {}));
    expect(result.err).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(result.out).not.toContain('WORSE');
    expect(result.out).toMatch(/0 worse/);
  }, 120_000);

  it('+3 % on a noisy benchmark is in line or inconclusive, never worse', () => {
    git('checkout', '-q', 'main');
    const result = check(pullRequest('pr-noisy', { [NOISY]: 1.03 }), '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out) as {
      verdicts: { series_label: string; verdict: string; detectable_pct: number | null; runs_needed: number | null }[];
      base: { runs: number; merge_base: string };
    };
    const noisy = json.verdicts.filter((v) => v.series_label.includes(NOISY));
    expect(noisy.length).toBe(2);
    for (const v of noisy) expect(['in line', 'inconclusive']).toContain(v.verdict);
    expect(json.verdicts.filter((v) => v.verdict === 'worse')).toEqual([]);
    expect(json.base.runs).toBe(28);
  }, 120_000);

  it('publishes the history as a site, then only what a new push changed', async () => {
    const app = tempDir();
    fs.writeFileSync(path.join(app, 'index.html'), '<!doctype html><title>app</title>');
    const site = path.join(root, 'site');
    const first = await run('publish', '--db', history, '--out', site, '--app', app, '--partition', 'month');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/published (\d+) partitions .*\(\1 written, 0 unchanged\)/);
    git('checkout', '-q', 'main');
    const { sha } = commit('change 31', 45);
    const outputs = writeOutputs(path.join(root, 'run-31'), rng);
    const recorded = await run(
      ...recordArgs(outputs, history, { commit: sha, branch: 'main', time: '2026-12-16T00:00:00Z' }),
    );
    expect(recorded.code).toBe(0);
    const second = await run('publish', '--db', history, '--out', site, '--app', app, '--partition', 'month');
    expect(second.code).toBe(0);
    // November's partition is unchanged; December's is new.
    expect(second.out).toMatch(/published 2 partitions .*\(1 written, 1 unchanged\)/);
  }, 300_000);
});
