// Real, lasting shifts the detector used to miss (issue 22), each on a series built for it, and the two tokio
// benchmarks whose +14–18 % step at e2589a0e a fixed noise multiple of 2 hid.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { capChangePoints, type ChangePoint } from '../../src/lib/analysis/changepoints.ts';
import { Rng } from '../../src/lib/analysis/corpus.ts';
import { allChangePointRegressions, findInHistory, type SeriesHistory } from '../../src/lib/analysis/detect.ts';
import { analyseSeries } from '../../src/lib/analysis/series-analysis.ts';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { main } from '../../src/cli/main.ts';
import { REAL } from '../real-files.ts';
import { newEngine, tempDir } from './helpers/engine.ts';
import { omittedNote } from '../../src/lib/analysis/overview-text.ts';

const rng = new Rng(7);
/** n runs around `level` with Gaussian noise of cv × level (cv 0: exact). */
const runs = (n: number, level: number, cv = 0) => Array.from({ length: n }, () => level * (1 + cv * rng.normal()));
const shifts = (values: number[]) =>
  analyseSeries(values).changePoints.map((c) => [c.index, Math.round(c.changePct * 10) / 10]);

describe('the cap on change points per series', () => {
  // 24 steps of ±10 % in quiet runs, then a noisier stretch and a −79 % fix: 25 shifts for 20 places.
  const values: number[] = [];
  for (let k = 0; k < 24; k++) values.push(...runs(40, k % 2 ? 110 : 100, 0.005));
  values.push(...runs(100, 120, 0.05), ...runs(100, 25, 0.05));

  it('keeps 20, says how many more there were, and keeps the large late fix', () => {
    const a = analyseSeries(values);
    const all = analyseSeries(values, { maxChangePoints: Infinity });
    expect(all.changePoints.length).toBeGreaterThan(20);
    expect(a.changePoints).toHaveLength(20);
    expect(a.omittedChanges).toBe(all.changePoints.length - 20);
    expect(a.changePoints.some((c) => c.index >= 1055 && c.changePct < -75)).toBe(true);
  });

  it('never leaves out a shift that is both larger and more significant than one it keeps', () => {
    const all = analyseSeries(values, { maxChangePoints: Infinity }).changePoints;
    const { kept, omitted } = capChangePoints(all, 20);
    expect(omitted).toBe(all.length - 20);
    const size = (c: ChangePoint) => Math.abs(Math.log1p(c.changePct / 100));
    for (const out of all.filter((c) => !kept.includes(c)))
      for (const k of kept) expect(size(out) > size(k) && out.pValue < k.pValue).toBe(false);
  });
  it('`perftrack changes` lists the 20 and says how many more the series has', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'many.csv');
    const start = Date.UTC(2025, 0, 1);
    const rows = values.map((v, i) => `${new Date(start + i * 3_600_000).toISOString()},many,${v}`);
    fs.writeFileSync(file, ['time,bench,latency_ms', ...rows].join('\n'));
    const all = analyseSeries(values, { maxChangePoints: Infinity }).changePoints.length;
    const out: string[] = [];
    expect(
      await main(
        ['changes', '--db', file],
        (t) => out.push(t),
        () => {},
      ),
    ).toBe(0);
    expect(out.filter((l) => /^ {2}(worse|better)/.test(l))).toHaveLength(20);
    expect(out).toContain(
      `not listed: ${all - 20} more level shifts in many · latency_ms (the 20 listed are the largest and most significant)`,
    );
    const json: string[] = [];
    await main(
      ['changes', '--db', file, '--format', 'json'],
      (t) => json.push(t),
      () => {},
    );
    expect(JSON.parse(json.join('')).not_listed).toEqual([
      expect.objectContaining({ metric: 'latency_ms', count: all - 20 }),
    ]);
    // The page and the reports say it too, from the engine's result.
    const engine = await newEngine();
    await engine.openBytes('many.csv', new Uint8Array(fs.readFileSync(file)));
    expect(omittedNote(await engine.analyse())).toBe(
      `${all - 20} more level shifts in latency_ms of many not listed: each series lists its 20 largest and most significant (perftrack changes names the series).`,
    );
  }, 60_000);
});

describe('levels held for many runs are steps, not mode switches', () => {
  it('bytes per op 6 → 7 → 6 → 7 → 6 B, each level for 130–310 runs: four steps, stable', () => {
    const values = [...runs(130, 6), ...runs(200, 7), ...runs(310, 6), ...runs(150, 7), ...runs(200, 6)];
    const a = analyseSeries(values);
    expect(a.stability.unstable).toBe(false);
    expect(shifts(values)).toEqual([
      [130, 16.7],
      [330, -14.3],
      [640, 16.7],
      [790, -14.3],
    ]);
  });

  it('a sawtooth of 10 runs up, 10 down is still one unstable label', () => {
    const values: number[] = [];
    for (let k = 0; k < 10; k++) values.push(...runs(10, 100, 0.01), ...runs(10, 120, 0.01));
    const a = analyseSeries(values);
    expect(a.stability.unstable).toBe(true);
    expect(a.modeSwitches.length).toBeGreaterThanOrEqual(15);
  });
});

describe('a change in the first runs', () => {
  it('18,000 ns for one run, then 1 ns (a caching commit), is a shift at run 2', () => {
    for (const after of [runs(60, 1), runs(60, 1, 0.02)]) {
      const a = analyseSeries([18_000, ...after]);
      expect(a.changePoints).toHaveLength(1);
      expect(a.changePoints[0].index).toBe(1);
      expect(a.changePoints[0].changePct).toBeLessThan(-99);
      expect(a.changePoints[0].pValue).toBeLessThan(0.001);
    }
  });

  it('two first runs at 18 µs are one level; a first run 30 % high is an outlier, not a level', () => {
    expect(shifts([18_000, 18_100, ...runs(60, 1, 0.02)]).map(([i]) => i)).toEqual([2]);
    expect(shifts([130, ...runs(60, 100, 0.01)])).toEqual([]);
  });
});

describe('exact steps below 1 %', () => {
  it('a deterministic byte count moving 0.8 % (no noise either side) is a step', () => {
    expect(shifts([...runs(60, 12_345), ...runs(60, 12_444)])).toEqual([[60, 0.8]]);
  });

  it('the same 0.8 % under a little noise is not', () => {
    expect(shifts([...runs(60, 12_345, 0.002), ...runs(60, 12_444, 0.002)])).toEqual([]);
  });
});

describe('one step the detector cut into a swing', () => {
  it('−5 % whose first three runs dip to −8 % is one shift at the first of them', () => {
    const values = [...runs(60, 100, 0.005), ...runs(3, 92, 0.005), ...runs(60, 95, 0.005)];
    const a = analyseSeries(values);
    expect(a.changePoints).toHaveLength(1);
    expect(a.changePoints[0].index).toBe(60);
    expect(a.changePoints[0].changePct).toBeCloseTo(-5, 0);
  });

  it('a three-run dip, five runs back, then −5 % for good: one shift', () => {
    const values = [...runs(60, 100, 0.005), ...runs(3, 95, 0.005), ...runs(5, 100, 0.005), ...runs(60, 95, 0.005)];
    expect(shifts(values).map(([i]) => i)).toEqual([60]);
  });

  it('a reverted regression (the level comes back) and a staircase stay two shifts', () => {
    expect(shifts([...runs(60, 100, 0.005), ...runs(4, 110, 0.005), ...runs(60, 100, 0.005)])).toHaveLength(2);
    expect(shifts([...runs(60, 100, 0.005), ...runs(4, 95, 0.005), ...runs(60, 90, 0.005)])).toHaveLength(2);
  });
});

describe('status of a regression that drifts back', () => {
  const history = (values: number[]): SeriesHistory => ({
    seriesKey: 's',
    metric: 'time',
    ts: Float64Array.from(values, (_, i) => 1_700_000_000_000 + i * 86_400_000),
    value: Float64Array.from(values),
  });
  const context = { label: 's', series: {}, unit: 'ms', direction: 'lower' as const };

  it('+9 % that drifts back over the next 30 runs is recovered; one that stays is active', () => {
    const drift = Array.from({ length: 30 }, (_, i) => 109 - (9 * i) / 29).map((v) => v * (1 + 0.003 * rng.normal()));
    const back = [...runs(80, 100, 0.003), ...drift];
    const stays = [...runs(80, 100, 0.003), ...runs(30, 109, 0.003)];
    const status = (values: number[]) => {
      const findings = findInHistory(history(values), DEFAULT_SETTINGS);
      return allChangePointRegressions(findings, context, DEFAULT_SETTINGS, () => undefined).map((r) => r.status);
    };
    expect(status(back)).toEqual(['recovered']);
    expect(status(stays)).toEqual(['active']);
  });
});

describe('tokio rt_multi_threaded at e2589a0e (long sides: the noise multiple scales with the evidence)', () => {
  const file = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
  const text = fs.readFileSync(file, 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{'))) as {
    entries: Record<string, Array<{ commit: { id: string }; benches: Array<{ name: string; value: number }> }>>;
  };
  const series = (name: string) => {
    const entries = data.entries.rt_multi_threaded.filter((e) => e.benches.some((b) => b.name === name));
    return {
      values: entries.map((e) => e.benches.find((b) => b.name === name)!.value),
      commits: entries.map((e) => e.commit.id),
    };
  };

  it.each(['spawn_many', 'chained_spawn', 'ping_pong'])('%s has a lasting slowdown from e2589a0e', (name) => {
    const { values, commits } = series(name);
    const a = analyseSeries(values);
    const at = a.changePoints.find((c) => commits[c.index].startsWith('e2589a0e'));
    expect(at?.changePct).toBeGreaterThan(12);
    expect(at!.pValue).toBeLessThan(1e-20);
  });

  it('yield_many (no step there) gets none', () => {
    const { values, commits } = series('yield_many');
    expect(analyseSeries(values).changePoints.filter((c) => commits[c.index].startsWith('e2589a0e'))).toEqual([]);
  });
});
