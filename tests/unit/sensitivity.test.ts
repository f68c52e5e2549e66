// The smallest shift the detector would flag (sensitivity.ts), checked against the detector itself: steps injected
// into constructed noisy series and into real series' own residual noise must be flagged by analyseSeries at 1.3×
// the reported size in most trials and at 0.6× rarely. If the detector's gates change and the figure no longer
// follows them, these tests say so.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/analysis/corpus.ts';
import {
  backtest,
  backtestSentence,
  detectableShift,
  sensitivitySentence,
  tQuantileTwoSided,
} from '../../src/lib/analysis/sensitivity.ts';
import { analyseSeries } from '../../src/lib/analysis/series-analysis.ts';
import type { AnalysisResult, Regression } from '../../src/lib/analysis/types.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { htmlReport } from '../../src/lib/report/html.ts';
import { markdownReport } from '../../src/lib/report/markdown.ts';
import { REAL } from '../real-files.ts';
import { newEngine } from './helpers/engine.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

/** Whether analyseSeries flags a shift of the given sign starting within minSegment runs of `at`. */
function flagged(values: number[], at: number, sign: number): boolean {
  return analyseSeries(values).changePoints.some((c) => Math.abs(c.index - at) <= 3 && Math.sign(c.changePct) === sign);
}

/**
 * Trials of one history generator: each history gets the figure for k new runs, then k more runs of the same noise
 * shifted by factor × the figure (up and down in turn). Returns how many trials analyseSeries flagged.
 */
function trials(
  count: number,
  k: number,
  factor: number,
  make: (trial: number) => { history: number[]; next: number[] },
): number {
  let hits = 0;
  for (let t = 0; t < count; t++) {
    const { history, next } = make(t);
    const d = detectableShift(history, {}, undefined, [k]).after[0];
    expect(d.shift).not.toBeNull();
    const sign = t % 2 ? 1 : -1;
    if (flagged([...history, ...next.map((v) => v + sign * factor * d.shift!)], history.length, sign)) hits++;
  }
  return hits;
}

describe('detectableShift: the gates', () => {
  it('the t quantile inverts the two-sided t tail', () => {
    expect(tQuantileTwoSided(0.05, 10)).toBeCloseTo(2.228139, 5);
    expect(tQuantileTwoSided(0.01, 5)).toBeCloseTo(4.032143, 5);
    expect(tQuantileTwoSided(0.05, 1e6)).toBeCloseTo(1.959966, 4);
    expect(() => tQuantileTwoSided(0, 10)).toThrow(RangeError);
  });

  it('names the gate that sets the figure: significance after few runs, the minimum change in a quiet series', () => {
    const rng = new Rng(5);
    const noisy = Array.from({ length: 100 }, () => 100 + rng.normal());
    const d = detectableShift(noisy);
    expect(d.after.map((a) => a.runs)).toEqual([3, 10, 30]);
    expect(d.after[0].gate).toBe('significance');
    // More runs on the new level never make a step harder to flag.
    expect(d.after[1].pct!).toBeLessThanOrEqual(d.after[0].pct!);
    expect(d.after[2].pct!).toBeLessThanOrEqual(d.after[1].pct!);
    expect(d.noisePct).toBeGreaterThan(0.7);
    expect(d.noisePct).toBeLessThan(1.3);
    const quiet = Array.from({ length: 200 }, () => 100 + 0.05 * rng.normal());
    expect(detectableShift(quiet).after[1]).toMatchObject({ gate: 'minimum change', pct: expect.closeTo(1, 1) });
    expect(detectableShift(quiet, { minRelativeChange: 0.05 }).after[1].pct).toBeCloseTo(5, 1);
  });

  it('measures the level since the last change point, and says when it is too short or constant', () => {
    const rng = new Rng(6);
    const values = [...Array.from({ length: 60 }, () => 100 + rng.normal()), ...[150, 151, 149]];
    const d = detectableShift(values, {}, [60]);
    expect(d.runsOnLevel).toBe(3);
    expect(d.level).toBe(150);
    const short = detectableShift([150, 151], {}, [], [3]);
    expect(short.after[0]).toEqual({ runs: 3, shift: null, pct: null, gate: 'too short' });
    expect(detectableShift([5, 5, 5, 5, 5, 5]).after[0]).toMatchObject({ gate: 'constant', pct: 0 });
    expect(() => detectableShift([1, NaN, 2])).toThrow(/index 1 is NaN/);
    expect(() => detectableShift([1])).toThrow(RangeError);
  });

  it('says it in a sentence', () => {
    const rng = new Rng(7);
    const d = detectableShift(Array.from({ length: 100 }, () => 200 + 2 * rng.normal()));
    const sentence = sensitivitySentence({
      seriesKey: 's',
      label: 's',
      metric: 'time',
      unit: 'ms',
      level: d.level,
      runsOnLevel: d.runsOnLevel,
      noisePct: d.noisePct,
      unstable: false,
      after: d.after,
    });
    expect(sentence).toMatch(
      /^would flag a new shift of ±\d\.\d % or more once 10 runs sit at the new level \(smaller ones need more runs; limited by the [a-z ]+\); noise 1\.\d %$/,
    );
  });
});

describe('detectableShift against the detector', () => {
  it('constructed series (Gaussian and heavy-tailed noise, 20–200 runs): 1.3× is flagged in most trials, 0.6× rarely', () => {
    const scenarios = [
      { n0: 100, sd: 1, tail: false },
      { n0: 40, sd: 2, tail: false },
      { n0: 200, sd: 0.5, tail: false },
      { n0: 100, sd: 1, tail: true },
      { n0: 20, sd: 1, tail: false },
    ];
    const count = 24;
    let big = 0,
      small = 0,
      total = 0;
    for (const [s, { n0, sd, tail }] of scenarios.entries()) {
      for (const k of [3, 10, 30]) {
        const rng = new Rng(1000 * s + k);
        // Student t with 3 degrees of freedom for the heavy tail.
        const noise = () =>
          tail
            ? rng.normal() / Math.sqrt((rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2) / 3)
            : rng.normal();
        const make = () => ({
          history: Array.from({ length: n0 }, () => 100 + sd * noise()),
          next: Array.from({ length: k }, () => 100 + sd * noise()),
        });
        const hitsBig = trials(count, k, 1.3, make);
        const hitsSmall = trials(count, k, 0.6, make);
        expect(hitsBig, `n0 ${n0}, sd ${sd}, k ${k}: 1.3×`).toBeGreaterThanOrEqual(0.6 * count);
        expect(hitsSmall, `n0 ${n0}, sd ${sd}, k ${k}: 0.6×`).toBeLessThanOrEqual(0.15 * count);
        big += hitsBig;
        small += hitsSmall;
        total += count;
      }
    }
    expect(big / total).toBeGreaterThan(0.8);
    expect(small / total).toBeLessThan(0.05);
  }, 60_000);

  describe('real series: tokio', () => {
    let engine: Engine;
    let result: AnalysisResult;
    beforeAll(async () => {
      engine = await newEngine();
      await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(TOKIO)), lastModified: 0 }]);
      result = await engine.analyse();
    }, 120_000);

    it('the analysis carries every series’ sensitivity', () => {
      const list = result.sensitivity ?? [];
      expect(list).toHaveLength(result.seriesAnalysed);
      for (const s of list) {
        expect(s.after.map((a) => a.runs)).toEqual([3, 10, 30]);
        // tokio's CI runners: 7–18 % noise, so nothing under ~14 % is flagged after 10 runs.
        expect(s.noisePct).toBeGreaterThan(5);
        expect(s.after[1].pct!).toBeGreaterThan(2 * s.noisePct * 0.5);
      }
      const ping = list.find((s) => s.label.startsWith('ping_pong'));
      expect(ping?.unstable).toBe(false);
      expect(sensitivitySentence(ping!)).toMatch(
        /^would flag a new shift of ±\d+ % or more once 10 runs sit at the new level/,
      );
      expect(list.filter((s) => s.unstable).length).toBe(result.unstable?.length);
    });

    it('the reports have a Sensitivity section: a row per series', () => {
      const input = { title: 'tokio', generatedAt: 0, sources: ['data.js'], analysis: result, periodDays: 3650 };
      const markdown = markdownReport(input);
      const section = markdown.slice(markdown.indexOf('## Sensitivity'));
      expect(section).toMatch(
        /^## Sensitivity\n\nThe smallest shift the change-point detector would flag .*\(α 0\.001,/,
      );
      expect(section).toContain('| Series | Metric | Noise | After 3 runs | After 10 runs | After 30 runs | Set by |');
      expect(
        section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Series') && !l.startsWith('| ---'))
          .length,
      ).toBe(result.seriesAnalysed);
      expect(section).toMatch(
        /\| ping\\_pong · rt\\_multi\\_threaded \| time \| \d+\.\d % \| ±\d+ % \| ±\d+ % \| ±\d+ % \| [a-z ]+ \|/,
      );
      const html = htmlReport(input);
      expect(html).toContain('<h2>Sensitivity</h2>');
      expect(html).toMatch(/<td>send_large · sync_mpsc \(unstable\)<\/td>/);
    });

    it("steps injected into a series' own residual noise: 1.3× is flagged in most trials, 0.6× rarely", async () => {
      const stable = (result.sensitivity ?? [])
        .filter((s) => !s.unstable)
        .sort((a, b) => a.label.localeCompare(b.label))
        .slice(0, 8);
      const k = 10;
      const rotations = 10;
      let big = 0,
        small = 0,
        total = 0;
      for (const s of stable) {
        const x = (await engine.seriesPoints(s.seriesKey, s.metric, { maxPoints: 1_000_000 })).value;
        const n = x.length;
        // The residuals around the series' own levels, as fractions of them, rotated to start anywhere.
        const a = analyseSeries(x);
        const bounds = [0, ...[...a.changePoints, ...a.modeSwitches].map((c) => c.index).sort((p, q) => p - q), n];
        const residual: number[] = [];
        for (let j = 0; j + 1 < bounds.length; j++) {
          const part = x.slice(bounds[j], bounds[j + 1]).sort((p, q) => p - q);
          const level = part[part.length >> 1];
          for (let i = bounds[j]; i < bounds[j + 1]; i++) residual.push(x[i] / level - 1);
        }
        const make = (t: number) => {
          const start = Math.floor((t * n) / rotations);
          const y = residual.map((_, i) => s.level * (1 + residual[(i + start) % n]));
          return { history: y.slice(0, n - k), next: y.slice(n - k) };
        };
        big += trials(rotations, k, 1.3, make);
        small += trials(rotations, k, 0.6, make);
        total += rotations;
      }
      expect(total).toBe(80);
      expect(big / total).toBeGreaterThanOrEqual(0.8);
      expect(small / total).toBeLessThanOrEqual(0.1);
    }, 120_000);
  });
});

describe('backtest', () => {
  const regression = (fingerprint: string, ts: number): Regression =>
    ({
      fingerprint,
      seriesKey: `s${fingerprint}`,
      label: `series ${fingerprint}`,
      metric: 'time',
      changePct: 20,
      status: 'active',
      firstBad: { ts, value: 1, commit: `c${fingerprint}`, versionTag: null, runGroup: null, resultId: null },
    }) as Regression;

  it('matches alerts by fingerprint: what one step more adds, what one step less drops', () => {
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((f, i) => regression(f, 1000 - i));
    const result = backtest(0.001, { chosen: [a, b, c], more: [a, b, c, d, e], less: [b] });
    expect(result.alerts.map((r) => r.fingerprint)).toEqual(['c', 'b', 'a']);
    expect(result.more.map((r) => r.fingerprint)).toEqual(['e', 'd']);
    expect(result.fewer.map((r) => r.fingerprint)).toEqual(['c', 'a']);
    expect(result.lessOnly).toEqual([]);
    expect(result.alerts[0]).toMatchObject({ commit: 'cc', changePct: 20, status: 'active' });
    expect(backtestSentence(result)).toBe(
      'At this sensitivity (α 0.001) your whole history would have alerted 3 times; one step more sensitive (α 0.01): 2 more; one step less (α 0.0001): 2 fewer.',
    );
    // A step of the same series found at another run one step less sensitive has moved, not gone.
    const moved = { ...regression('f', 999), seriesKey: a.seriesKey, label: a.label } as Regression;
    const shifted = backtest(0.001, { chosen: [a, b], more: [a, b], less: [b, moved] });
    expect(shifted.fewer).toEqual([]);
    expect(shifted.lessOnly.map((r) => r.fingerprint)).toEqual(['f']);
    expect(backtestSentence(shifted)).toContain('0 fewer (and 1 placed at another run).');
    expect(backtest(0.1, { chosen: [], more: [], less: [] }).moreAlpha).toBe(0.5);
  });
});
