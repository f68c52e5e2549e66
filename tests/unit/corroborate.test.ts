// Series that move together confirm each other: the rank test at a run where other series shifted, its
// Bonferroni control, its gates, and the engine carrying a confirmed shift into regressions and incidents.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corroborate, type SharedRun } from '../../src/lib/analysis/corroborate.ts';
import { Rng } from '../../src/lib/analysis/corpus.ts';
import { REAL } from '../real-files.ts';
import { newEngine } from './helpers/engine.ts';

const OPTIONS = { alpha: 0.001, minSegment: 3, minRelativeChange: 0.01 };

function noisy(rng: Rng, n: number, level: number, sd: number, step = 0, at = n): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => level * (1 + (i >= at ? step : 0)) + level * sd * rng.normal());
}

function sharedAt(index: number, found: number[], candidates: number[]): SharedRun {
  return {
    key: `commit:${index}`,
    found: found.map((series) => ({ series, index })),
    candidates: candidates.map((series) => ({ series, index })),
  };
}

describe('corroborate', () => {
  it('joins a 1.5-noise step at the run where another series stepped, and not a series that did not move', () => {
    const rng = new Rng(7);
    const values = [
      noisy(rng, 200, 100, 0.02, 0.4, 120), // found by the detector
      noisy(rng, 200, 50, 0.06, 0.09, 120), // +9 % under 6 % noise
      noisy(rng, 200, 80, 0.06), // no change
    ];
    const out = corroborate(values, [[120], [], []], [sharedAt(120, [0], [1, 2])], OPTIONS);
    expect(out.map((c) => c.series)).toEqual([1]);
    const [c] = out;
    expect(c.changePoint.index).toBe(120);
    expect(c.changePoint.changePct).toBeGreaterThan(5);
    expect(c.changePoint.changePct).toBeLessThan(13);
    expect(c.tests).toBe(2);
    expect(c.changePoint.pValue).toBeCloseTo(Math.min(1, c.rawP * 2), 12);
    expect(c.foundIn).toBe(1);
  });

  it('a bump that does not hold, a change too small, and a run too near a known change are not joined', () => {
    const rng = new Rng(11);
    const bump = noisy(rng, 200, 100, 0.01);
    for (let i = 120; i < 135; i++) bump[i] *= 1.3; // back after 15 runs
    const tiny = noisy(rng, 200, 100, 0.0005, 0.004, 120); // +0.4 %, under the 1 % minimum
    const known = noisy(rng, 200, 100, 0.01, 0.2, 121);
    const out = corroborate(
      [noisy(rng, 200, 100, 0.01, 0.5, 120), bump, tiny, known],
      [[120], [], [], [121]],
      [sharedAt(120, [0], [1, 2, 3])],
      OPTIONS,
    );
    expect(out).toEqual([]);
  });

  it('two shared runs close together in one series: the stronger is its shift, the other is tested within it', () => {
    const rng = new Rng(3);
    const x = noisy(rng, 240, 100, 0.03, 0.12, 120);
    const out = corroborate(
      [noisy(rng, 240, 10, 0.01, 0.5, 120), noisy(rng, 240, 10, 0.01, 0.5, 160), x],
      [[120], [160], []],
      [sharedAt(120, [0], [2]), sharedAt(160, [1], [2])],
      OPTIONS,
    );
    expect(out.map((c) => [c.series, c.changePoint.index])).toEqual([[2, 120]]);
  });

  it("a series' own shift a few runs from the shared run is moved there when its runs fit both places, not otherwise", () => {
    const rng = new Rng(9);
    const strong = noisy(rng, 200, 10, 0.01, 0.5, 100);
    const weak = noisy(rng, 200, 100, 0.05, 0.08, 100); // found by its own runs at 97, say
    const elsewhere = noisy(rng, 200, 100, 0.01, 0.2, 96); // a clear step of its own at 96
    const out = corroborate([strong, weak, elsewhere], [[100], [97], [96]], [sharedAt(100, [0], [1, 2])], OPTIONS);
    expect(out.map((c) => [c.series, c.changePoint.index, c.replaces])).toEqual([[1, 100, 97]]);
  });

  it('a drift or a random walk is not a step at the shared run', () => {
    const rng = new Rng(13);
    let joined = 0;
    for (let k = 0; k < 100; k++) {
      const drift = Float64Array.from({ length: 200 }, (_, i) => 100 + 0.3 * i + rng.normal());
      const walk = new Float64Array(200);
      walk[0] = 100;
      for (let i = 1; i < 200; i++) walk[i] = walk[i - 1] + rng.normal();
      const out = corroborate(
        [noisy(rng, 200, 10, 0.01, 0.5, 100), drift, walk],
        [[100], [], []],
        [sharedAt(100, [0], [1, 2])],
        OPTIONS,
      );
      joined += out.length;
    }
    // Without the drift taken out and the autocorrelation allowed for, the drift joined in 100 of 100 and the walk in 56.
    expect(joined).toBeLessThanOrEqual(5);
  });

  it('on noise alone, false joins stay under alpha per analysis (400 analyses of 10 candidates)', () => {
    const rng = new Rng(2024);
    let analysesWithAFalseJoin = 0;
    for (let k = 0; k < 400; k++) {
      const values = Array.from({ length: 11 }, (_, s) =>
        s === 0 ? noisy(rng, 120, 100, 0.02, 0.5, 60) : noisy(rng, 120, 100, 0.03),
      );
      const candidates = Array.from({ length: 10 }, (_, s) => s + 1);
      const out = corroborate(values, [[60], ...candidates.map(() => [])], [sharedAt(60, [0], candidates)], OPTIONS);
      if (out.length > 0) analysesWithAFalseJoin++;
    }
    // Family-wise level 0.001: 400 analyses expect 0.4; more than 2 would be a broken control.
    expect(analysesWithAFalseJoin).toBeLessThanOrEqual(2);
  });
});

describe('corroboration through the engine', () => {
  it('a wide CSV with commits: the weak shifts at the strong one’s commit join its incident, with the evidence said', async () => {
    const rng = new Rng(6);
    const n = 160;
    const strong = noisy(rng, n, 1000, 0.01, 0.4, 100);
    const weakA = noisy(rng, n, 500, 0.05, 0.07, 100);
    const weakB = noisy(rng, n, 200, 0.05, 0.07, 100);
    const flat = noisy(rng, n, 300, 0.05);
    const start = Date.UTC(2026, 0, 1);
    const lines = ['time,commit,strong,weak_a,weak_b,flat'];
    for (let i = 0; i < n; i++) {
      const row = [strong[i], weakA[i], weakB[i], flat[i]].map((v) => v.toFixed(3));
      lines.push(
        [new Date(start + i * 3_600_000).toISOString(), `c${i.toString(16).padStart(7, '0')}`, ...row].join(','),
      );
    }
    const engine = await newEngine();
    await engine.openFiles([{ name: 'wide.csv', bytes: new TextEncoder().encode(lines.join('\n')), lastModified: 0 }]);
    const result = await engine.analyse();
    const at100 = result.regressions.filter((r) => r.firstBad.commit === 'c0000064');
    expect(at100.map((r) => r.metric).sort()).toEqual(['strong', 'weak_a', 'weak_b']);
    const incident = result.incidents?.find((i) => i.commit === 'c0000064');
    expect(incident?.regressions.sort()).toEqual(at100.map((r) => r.fingerprint).sort());
    // Each weak step is 1.4 noise: the rank test at the shared commit finds what a search over every run does not.
    expect(
      at100
        .filter((r) => r.corroboration)
        .map((r) => r.metric)
        .sort(),
    ).toEqual(['weak_a', 'weak_b']);
    for (const r of at100.filter((r) => r.corroboration)) {
      expect(r.explanation).toContain('other series shifted at the same run');
      expect(r.corroboration!.tests).toBeGreaterThanOrEqual(1);
    }
    expect(result.regressions.some((r) => r.metric === 'flat')).toBe(false);
  });

  it("tokio: e2589a0e's incident holds ping_pong, spawn_many and chained_spawn", async () => {
    const tokio = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
    const engine = await newEngine();
    await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(tokio)), lastModified: 0 }]);
    const result = await engine.analyse();
    const incident = result.incidents?.find((i) => i.commit?.startsWith('e2589a0e'));
    const members = result.regressions.filter((r) => incident?.regressions.includes(r.fingerprint));
    const names = members.map((r) => r.label.split(' · ')[0]);
    expect(names).toEqual(expect.arrayContaining(['chained_spawn', 'ping_pong', 'spawn_many']));
    for (const r of members) expect(r.changePct).toBeGreaterThan(10);
  }, 60_000);
});
