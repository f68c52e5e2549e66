// A pull request's runs against its base branch (lib/analysis/pr-check.ts): the verdicts on series built for each
// case, their false-alarm and detection rates over many seeded trials, and how the base's runs are chosen (branch,
// merge base, a history without branches, no base at all, new and removed benchmarks).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/analysis/corpus.ts';
import {
  checkPullRequest,
  DEFAULT_PR_CHECK_SETTINGS,
  HEAD_BRANCH,
  judgeSeries,
  type BranchHistory,
  type PrSeriesInput,
} from '../../src/lib/analysis/pr-check.ts';

const settings = DEFAULT_PR_CHECK_SETTINGS;

function series(base: number[], head: number[], direction: 'lower' | 'higher' = 'lower'): PrSeriesInput {
  return {
    seriesKey: 'name=a',
    label: 'a',
    metric: 'time',
    unit: 'ns',
    direction,
    base: base.map((value, i) => ({ ts: i * 1000, value, commit: `c${i}`.padEnd(8, '0') })),
    head,
  };
}

const noisy = (rng: Rng, n: number, level: number, noise: number) =>
  Array.from({ length: n }, () => level * (1 + noise * rng.normal()));

describe('judgeSeries', () => {
  it('a +15 % slowdown on a 1 % noise series is worse, −15 % is better, and a faster throughput is better', () => {
    const rng = new Rng(1);
    const base = noisy(rng, 30, 100, 0.01);
    const slow = judgeSeries(series(base, [115]), 1, settings);
    expect(slow.verdict).toBe('worse');
    expect(slow.changePct).toBeGreaterThan(13);
    expect(slow.detectablePct).toBeLessThan(10);
    expect(judgeSeries(series(base, [85]), 1, settings).verdict).toBe('better');
    expect(judgeSeries(series(base, [115], 'higher'), 1, settings).verdict).toBe('better');
  });

  it('an unchanged run is in line, and says the threshold it could have shown', () => {
    const rng = new Rng(2);
    const v = judgeSeries(series(noisy(rng, 30, 100, 0.01), [100.3]), 1, settings);
    expect(v.verdict).toBe('in line');
    expect(v.detectablePct!).toBeLessThanOrEqual(settings.thresholdPct);
    expect(v.reason).toContain('10%');
  });

  it('+3 % on a 6 % noise series is inconclusive, with the head runs that would settle it', () => {
    const rng = new Rng(3);
    const base = noisy(rng, 40, 100, 0.06);
    const v = judgeSeries(series(base, [103]), 1, settings);
    expect(v.verdict).toBe('inconclusive');
    expect(v.detectablePct!).toBeGreaterThan(settings.thresholdPct);
    expect(v.runsNeeded).toBeGreaterThan(1);
    // With that many head runs the smallest change shown is within the threshold.
    const more = judgeSeries(series(base, Array(v.runsNeeded!).fill(103)), 1, settings);
    expect(more.detectablePct!).toBeLessThanOrEqual(settings.thresholdPct);
  });

  it('the base level is the current one: a step in the base history is not the pull request', () => {
    const rng = new Rng(4);
    const base = [...noisy(rng, 25, 100, 0.01), ...noisy(rng, 25, 130, 0.01)];
    const v = judgeSeries(series(base, [130.5]), 1, settings);
    expect(v.verdict).toBe('in line');
    expect(v.baseRuns).toBeLessThanOrEqual(26);
    expect(v.baseValue).toBeGreaterThan(125);
  });

  it('an exact base (byte counts) makes any difference real', () => {
    const v = judgeSeries(series(Array(20).fill(4096), [4104]), 1, settings);
    expect(v.verdict).toBe('worse');
    expect(judgeSeries(series(Array(20).fill(4096), [4096]), 1, settings).verdict).toBe('in line');
  });

  it('too short a base is inconclusive and says why', () => {
    const v = judgeSeries(series([100], [150]), 1, settings);
    expect(v.verdict).toBe('inconclusive');
    expect(v.reason).toMatch(/1 run/);
    expect(v.detectablePct).toBeNull();
  });

  // No change, 1,000 trials each: Gaussian noise with one head run, Student t (3 degrees of freedom: heavy tails) with
  // two. Measured: 1 of 1,000 and 2 of 1,000 (with one head run, t3 noise gives about 0.7 %: docs/ci.md says so).
  for (const [name, heavy, runs, most] of [
    ['Gaussian noise, one head run', false, 1, 3],
    ['heavy-tailed noise, two head runs', true, 2, 5],
  ] as const)
    it(`no change is rarely called worse: ${name}`, () => {
      const rng = new Rng(heavy ? 51 : 5);
      const draw = () =>
        100 *
        (1 +
          0.02 *
            (heavy
              ? rng.normal() / Math.sqrt((rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2) / 3)
              : rng.normal()));
      let worse = 0;
      for (let trial = 0; trial < 1000; trial++) {
        const base = Array.from({ length: 30 }, draw);
        const head = Array.from({ length: runs }, draw);
        if (judgeSeries(series(base, head), 1, settings).verdict === 'worse') worse++;
      }
      expect(worse).toBeLessThanOrEqual(most);
    });

  it('a +15 % slowdown on a 2 % noise series is found in at least 97 % of 500 trials among 10 series', () => {
    const rng = new Rng(6);
    let found = 0;
    for (let trial = 0; trial < 500; trial++) {
      const base = noisy(rng, 30, 100, 0.02);
      if (judgeSeries(series(base, noisy(rng, 1, 115, 0.02)), 10, settings).verdict === 'worse') found++;
    }
    expect(found).toBeGreaterThanOrEqual(485);
  });
});

describe('checkPullRequest', () => {
  const rng = new Rng(7);
  const history = (label: string, points: BranchHistory['points']): BranchHistory => ({
    seriesKey: `name=${label}`,
    label,
    metric: 'time',
    unit: 'ns',
    direction: 'lower',
    points,
  });
  // main: 40 runs at 100; commits m00…m39. A later main run (m40…m44) is 30 % slower, after the merge base m39.
  const mainRuns = (level: (i: number) => number) =>
    Array.from({ length: 45 }, (_, i) => ({
      ts: i * 1000,
      value: level(i) * (1 + 0.01 * rng.normal()),
      commit: `m${String(i).padStart(2, '0')}`.padEnd(40, '0'),
      branch: 'main',
    }));
  const head = (value: number) => ({ ts: 99_000, value, commit: 'h'.padEnd(40, '0'), branch: HEAD_BRANCH });
  const other = { ts: 50_000, value: 500, commit: 'f'.padEnd(40, '0'), branch: 'feature' };
  const options = (commits: Set<string> | null, mergeBase: string | null = 'm39'.padEnd(40, '0'), shallow = false) => ({
    baseBranch: 'main',
    mergeBase,
    ancestors: commits && { commits, shallow },
    headCommit: 'h'.padEnd(40, '0'),
    settings,
  });
  const ancestors = new Set(Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}`.padEnd(40, '0')));
  const histories = [
    history('a', [...mainRuns((i) => (i >= 40 ? 130 : 100)), other, head(101)]),
    history(
      'gone',
      mainRuns(() => 100),
    ),
    history('fresh', [head(5)]),
  ];

  it('judges against the base up to the merge base, not its newer runs nor other branches', () => {
    const result = checkPullRequest(histories, options(ancestors));
    expect(result.verdicts).toHaveLength(1);
    expect(result.verdicts[0]).toMatchObject({ label: 'a', verdict: 'in line', baseRuns: 40 });
    expect(result.base.runs).toBe(40);
    expect(result.base.note).toBeNull();
    expect(result.added.map((u) => u.label)).toEqual(['fresh']);
    expect(result.removed.map((u) => u.label)).toEqual(['gone']);
    expect(result.head.runs).toBe(1);
    expect(result.tests).toBe(1);
  });

  it("without git's ancestors, cuts at the merge base's own run; without a merge base, takes the newest", () => {
    const byRun = checkPullRequest(histories, options(null));
    expect(byRun.verdicts[0]).toMatchObject({ verdict: 'in line', baseRuns: 40 });
    expect(byRun.base.note).toMatch(/merge base m39/);
    const newest = checkPullRequest(histories, options(null, null));
    // The newest base level is 130: the head's 101 is 22 % faster than it.
    expect(newest.verdicts[0].verdict).toBe('better');
    expect(newest.base.note).toMatch(/no merge base known/);
    const unknown = checkPullRequest(histories, options(new Set(['x'.padEnd(40, '0')]), 'x'.padEnd(40, '0')));
    expect(unknown.base.note).toMatch(/no run of the merge base x0000000/);
  });

  it('a shallow clone knows only recent ancestors: the base runs up to the newest one, by time', () => {
    const recent = new Set([...ancestors].slice(35));
    const shallow = checkPullRequest(histories, options(recent, 'm39'.padEnd(40, '0'), true));
    expect(shallow.verdicts[0]).toMatchObject({ verdict: 'in line', baseRuns: 40 });
    expect(shallow.base.note).toMatch(/shallow clone/);
    // Taken as the whole list, the same five would leave five runs.
    expect(checkPullRequest(histories, options(recent)).base.runs).toBe(5);
  });

  it('a history without branches is all base; a base branch with no runs says which branches there are', () => {
    const plain = histories.map((h) => ({
      ...h,
      points: h.points.map((p) => (p.branch === HEAD_BRANCH ? p : { ...p, branch: null })),
    }));
    const all = checkPullRequest(plain, options(ancestors));
    expect(all.base.note).toMatch(/records no branches/);
    expect(all.verdicts).toHaveLength(1);
    const none = checkPullRequest(histories, { ...options(ancestors), baseBranch: 'develop' });
    expect(none.noBase).toMatch(/no run of branch develop.*feature, main/);
    expect(none.verdicts).toHaveLength(0);
  });
});
