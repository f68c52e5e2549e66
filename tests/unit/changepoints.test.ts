import { describe, expect, it } from 'vitest';
import {
  compareSamples,
  DEFAULT_CHANGE_POINT_OPTIONS,
  detectChangePoints,
  findOutliers,
  robustNoise,
  rollingMedian,
  type ChangePoint,
} from '../../src/lib/analysis/changepoints.ts';
import { generateCorpus, Rng, SERIES_KINDS } from '../../src/lib/analysis/corpus.ts';
import { mannWhitneyU, welchTTest } from '../../src/lib/analysis/stats.ts';

/** level · (1 + cv · ε) with a per-index level function; ε Gaussian or Student-t(3) (unit variance). */
function series(n: number, level: (i: number) => number, cv: number, seed: number, heavy = false): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => level(i) * (1 + cv * (heavy ? rng.studentT3() : rng.normal())));
}

const indices = (cps: ChangePoint[]) => cps.map((c) => c.index);

describe('detectChangePoints: steps', () => {
  it('finds a noiseless step exactly', () => {
    const v = Array.from({ length: 40 }, (_, i) => (i < 25 ? 100 : 110));
    const [cp, ...rest] = detectChangePoints(v);
    expect(rest).toEqual([]);
    expect(cp.index).toBe(25);
    expect(cp.changePct).toBeCloseTo(10, 10);
    expect(cp.beforeMedian).toBe(100);
    expect(cp.afterMedian).toBe(110);
    expect(cp.beforeMean).toBe(100);
    expect(cp.afterMean).toBe(110);
    expect(cp.beforeStart).toBe(0);
    expect(cp.afterEnd).toBe(40);
    expect(cp.nBefore).toBe(25);
    expect(cp.nAfter).toBe(15);
    expect(cp.pValue).toBeLessThan(1e-10);
    expect(cp.noisePct).toBe(0);
    expect(cp.trendPctPerSample).toBe(0);
  });

  for (const pct of [4, 8, 15, 30, -5, -12, -25]) {
    it(`finds a ${pct > 0 ? '+' : ''}${pct} % step at CV 1 % at the right index with the right size`, () => {
      const v = series(150, (i) => (i < 90 ? 500 : 500 * (1 + pct / 100)), 0.01, 1000 + pct);
      const cps = detectChangePoints(v);
      expect(cps).toHaveLength(1);
      expect(Math.abs(cps[0].index - 90)).toBeLessThanOrEqual(1);
      expect(cps[0].changePct).toBeGreaterThan(pct - 0.8);
      expect(cps[0].changePct).toBeLessThan(pct + 0.8);
      expect(Math.sign(cps[0].changePct)).toBe(Math.sign(pct));
      expect(cps[0].pValue).toBeLessThan(DEFAULT_CHANGE_POINT_OPTIONS.alpha);
      expect(cps[0].noisePct).toBeGreaterThan(0.6);
      expect(cps[0].noisePct).toBeLessThan(1.5);
    });
  }

  it('finds steps in heavy-tailed (Student-t, df 3) noise', () => {
    const v = series(200, (i) => (i < 120 ? 40 : 44), 0.02, 77, true);
    const cps = detectChangePoints(v);
    expect(indices(cps)).toHaveLength(1);
    expect(Math.abs(cps[0].index - 120)).toBeLessThanOrEqual(1);
    expect(cps[0].changePct).toBeGreaterThan(8);
    expect(cps[0].changePct).toBeLessThan(12);
  });

  it('reports regressions and improvements alike, with the sign of the shift', () => {
    // Latency going down 10 % (an improvement) and throughput going down 10 % (a regression) are
    // the same shift to the detector: the caller decides which direction is worse.
    const down = detectChangePoints(series(100, (i) => (i < 50 ? 20 : 18), 0.01, 5));
    const up = detectChangePoints(series(100, (i) => (i < 50 ? 20 : 22), 0.01, 6));
    expect(indices(down)).toEqual([50]);
    expect(down[0].changePct).toBeCloseTo(-10, 0);
    expect(down[0].afterMedian).toBeLessThan(down[0].beforeMedian);
    expect(indices(up)).toEqual([50]);
    expect(up[0].changePct).toBeCloseTo(10, 0);
  });

  it('finds two steps, each with its own segments', () => {
    const v = series(200, (i) => (i < 60 ? 100 : i < 140 ? 108 : 95), 0.01, 9);
    const cps = detectChangePoints(v);
    expect(indices(cps)).toEqual([60, 140]);
    expect(cps[0].beforeStart).toBe(0);
    expect(cps[0].afterEnd).toBe(140);
    expect(cps[1].beforeStart).toBe(60);
    expect(cps[1].afterEnd).toBe(200);
    expect(cps[0].changePct).toBeCloseTo(8, 0);
    expect(cps[1].changePct).toBeCloseTo((95 / 108 - 1) * 100, 0);
  });

  it('finds a short excursion (regression reverted 5 samples later) in a long series', () => {
    const v = series(300, (i) => (i >= 150 && i < 155 ? 107 : 100), 0.01, 13);
    const cps = detectChangePoints(v);
    expect(indices(cps)).toEqual([150, 155]);
    expect(cps[0].changePct).toBeGreaterThan(5);
    expect(cps[1].changePct).toBeLessThan(-5);
  });

  it('finds a step in the newest samples once minSegment samples agree', () => {
    const level = (i: number) => (i < 96 ? 100 : 108);
    const v = series(100, level, 0.01, 21);
    const cps = detectChangePoints(v);
    expect(indices(cps)).toEqual([96]);
    expect(cps[0].nAfter).toBe(4);
    // With only two new samples there is no change point yet.
    expect(detectChangePoints(v.slice(0, 98))).toEqual([]);
  });

  it('finds a step on top of a drift, measured at the jump', () => {
    // +15 % drift over the series, then a −5 % step: the raw segment medians differ by only ~+2 %.
    const v = series(200, (i) => 100 * (1 + (0.15 * i) / 200) * (i >= 120 ? 0.95 : 1), 0.01, 31);
    const cps = detectChangePoints(v);
    expect(cps).toHaveLength(1);
    expect(Math.abs(cps[0].index - 120)).toBeLessThanOrEqual(1);
    expect(cps[0].changePct).toBeGreaterThan(-6.5);
    expect(cps[0].changePct).toBeLessThan(-3.5);
    expect(cps[0].trendPctPerSample).toBeGreaterThan(0.05);
    expect(cps[0].trendPctPerSample).toBeLessThan(0.1);
  });

  it('works on short series and typed arrays', () => {
    const v = new Float64Array([10, 10.1, 9.9, 10, 11, 11.1, 10.9, 11]);
    expect(indices(detectChangePoints(v))).toEqual([4]);
    expect(detectChangePoints([1, 2, 3, 4, 5])).toEqual([]); // < 2 × minSegment
    expect(detectChangePoints([])).toEqual([]);
  });
});

describe('detectChangePoints: no false alarms', () => {
  for (const cv of [0.005, 0.02, 0.05]) {
    for (const n of [30, 300, 2000]) {
      it(`pure Gaussian noise, CV ${cv * 100} %, n = ${n}: no change point`, () => {
        expect(detectChangePoints(series(n, () => 1234, cv, n + Math.round(cv * 1000)))).toEqual([]);
      });
    }
    it(`pure heavy-tailed noise, CV ${cv * 100} %: no change point`, () => {
      expect(detectChangePoints(series(500, () => 80, cv, 17 + Math.round(cv * 1000), true))).toEqual([]);
    });
  }

  it('a single spike is not a change point, but is an outlier', () => {
    for (const [at, factor] of [
      [40, 1.5],
      [0, 2],
      [99, 1.3],
      [70, 0.6],
    ] as const) {
      const v = series(100, () => 50, 0.01, 3 + at);
      v[at] *= factor;
      expect(detectChangePoints(v)).toEqual([]);
      // The last sample can not be called an outlier yet: nothing has contradicted it.
      expect(findOutliers(v)).toEqual(at === 99 ? [] : [at]);
    }
  });

  it('two adjacent spikes are not a change point', () => {
    const v = series(120, () => 50, 0.01, 8);
    v[60] *= 1.8;
    v[61] *= 1.6;
    expect(detectChangePoints(v)).toEqual([]);
    expect(findOutliers(v)).toEqual([60, 61]);
  });

  it('a slow linear drift is not a change point', () => {
    // Drifts are trends (see trend tests: Mann–Kendall, Theil–Sen), not level shifts: the
    // confirmation stage tests every step against a drift, so a uniform drift gives none, even
    // when it is 40 × the noise. (A drift that starts in mid-series can give one; see the header.)
    for (const [total, cv, n] of [
      [0.05, 0.01, 100],
      [0.1, 0.01, 200],
      [0.2, 0.005, 300],
      [-0.2, 0.02, 150],
      [0.3, 0.005, 1000],
    ] as const) {
      const v = series(n, (i) => 100 * (1 + (total * i) / (n - 1)), cv, Math.round(total * 1000) + n);
      expect(detectChangePoints(v)).toEqual([]);
    }
  });

  it('shifts below minRelativeChange or minNoiseMultiple are not reported', () => {
    // A clear 0.6 % step in very quiet data (0.05 % noise) is below the 1 % default.
    const v = series(200, (i) => (i < 100 ? 100 : 100.6), 0.0005, 4);
    expect(detectChangePoints(v)).toEqual([]);
    expect(indices(detectChangePoints(v, { minRelativeChange: 0.005 }))).toEqual([100]);
    // A 0.8-sigma step (noise 2 %, step 1.6 %) with 1000 runs a side is significant but below the noise
    // multiple even where long sides lower it (to half of minNoiseMultiple at most).
    const w = series(2000, (i) => (i < 1000 ? 100 : 101.6), 0.02, 5);
    expect(detectChangePoints(w)).toEqual([]);
    const loose = detectChangePoints(w, { minNoiseMultiple: 1 });
    expect(loose).toHaveLength(1);
    expect(Math.abs(loose[0].index - 1000)).toBeLessThanOrEqual(1);
    // A 1.5-sigma step over 1000 runs a side is a step: the multiple falls with the evidence.
    const long = detectChangePoints(series(2000, (i) => (i < 1000 ? 100 : 103), 0.02, 5));
    expect(long).toHaveLength(1);
    expect(Math.abs(long[0].index - 1000)).toBeLessThanOrEqual(1);
  });
});

describe('detectChangePoints: options, determinism, errors', () => {
  it('is deterministic: same input, same output; arrays and typed arrays alike', () => {
    const v = series(300, (i) => (i < 100 ? 10 : i < 200 ? 11 : 10.5), 0.02, 99, true);
    const a = detectChangePoints(v),
      b = detectChangePoints(v),
      c = detectChangePoints(Float64Array.from(v));
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('maxChangePoints keeps the strongest', () => {
    const v = series(200, (i) => (i < 50 ? 100 : i < 100 ? 103 : i < 150 ? 130 : 127), 0.005, 2);
    expect(indices(detectChangePoints(v))).toEqual([50, 100, 150]);
    const top = detectChangePoints(v, { maxChangePoints: 1 });
    expect(indices(top)).toEqual([100]);
    // The segments are still those of the full segmentation (the left-out shifts are real).
    expect(top[0].beforeStart).toBe(50);
    expect(top[0].afterEnd).toBe(150);
    expect(top[0].changePct).toBeCloseTo(26, 0);
    expect(indices(detectChangePoints(v, { maxChangePoints: 2 }))).toEqual([50, 100]);
  });

  it('minSegment is the fewest samples on either side', () => {
    const v = series(100, (i) => (i < 95 ? 100 : 110), 0.01, 23);
    expect(indices(detectChangePoints(v))).toEqual([95]);
    for (const minSegment of [4, 6, 10]) {
      for (const cp of detectChangePoints(v, { minSegment })) {
        expect(cp.nBefore).toBeGreaterThanOrEqual(minSegment);
        expect(cp.nAfter).toBeGreaterThanOrEqual(minSegment);
      }
    }
    // Two new samples are not enough for minSegment 3, even at the very end.
    expect(detectChangePoints(v.slice(0, 97))).toEqual([]);
  });

  it('throws on NaN and infinities instead of ignoring them', () => {
    expect(() => detectChangePoints([1, 2, NaN, 4, 5, 6, 7])).toThrow(RangeError);
    expect(() => detectChangePoints([1, 2, 3, Infinity, 5, 6, 7])).toThrow(/index 3/);
    expect(() => findOutliers([1, NaN, 3])).toThrow(RangeError);
  });
});

describe('findOutliers', () => {
  it('judges the points from `from` on exactly as in the whole series', () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed);
      const x = Array.from(
        { length: 400 },
        (_, i) => 100 * (i >= 250 ? 1.1 : 1) * (1 + 0.02 * rng.normal()) * (i % 37 === 5 ? 1.5 : 1),
      );
      const all = findOutliers(x);
      expect(all.length).toBeGreaterThan(5);
      for (const from of [0, 1, 120, 250, 399, 500])
        expect(findOutliers(x, undefined, from)).toEqual(all.filter((i) => i >= from));
    }
  });

  it('a step is not an outlier', () => {
    const v = series(100, (i) => (i < 50 ? 100 : 150), 0.01, 41);
    expect(findOutliers(v)).toEqual([]);
  });

  it('a larger k (robust sigmas) no longer calls a ~6 sigma point an outlier', () => {
    const v = series(100, () => 100, 0.01, 42);
    v[30] = 106; // ~6 sigma
    expect(findOutliers(v)).toEqual([30]);
    expect(findOutliers(v, { k: 8 })).toEqual([]);
  });

  it('three agreeing extreme samples are a level, not outliers (maxRun)', () => {
    const v = series(100, () => 100, 0.01, 43);
    for (const i of [50, 51, 52]) v[i] *= 1.2;
    expect(findOutliers(v)).toEqual([]);
    expect(findOutliers(v, { maxRun: 3 })).toEqual([50, 51, 52]);
    // ... and detectChangePoints sees a three-sample excursion.
    expect(indices(detectChangePoints(v))).toEqual([50, 53]);
    // A level that starts within the first window is not an outlier either.
    expect(findOutliers([1, 1, 1, 2, 2, 2])).toEqual([]);
  });

  it('inputs too short for a window give no outliers and a NaN noise estimate', () => {
    expect(findOutliers([1, 100])).toEqual([]);
    expect(robustNoise([1])).toBeNaN();
  });
});

describe('compareSamples', () => {
  it('reports medians, % change and both tests', () => {
    const before = [10.1, 10.3, 9.9, 10.0, 10.2, 10.4, 9.8, 10.1];
    const after = [10.9, 11.2, 10.8, 11.0, 11.1, 10.7, 11.3, 11.0];
    const r = compareSamples(before, after);
    expect(r.beforeMedian).toBeCloseTo(10.1, 12);
    expect(r.afterMedian).toBeCloseTo(11.0, 12);
    expect(r.changePct).toBeCloseTo((11 / 10.1 - 1) * 100, 10);
    expect(r.pWelch).toBe(welchTTest(before, after).pValue);
    expect(r.pMannWhitney).toBe(mannWhitneyU(before, after).pValue);
    expect(r.pWelch).toBeLessThan(1e-6);
    expect(r.pMannWhitney).toBeLessThan(0.01);
  });

  it('identical runs: no change', () => {
    const s = [5, 6, 7, 5, 6, 7];
    const r = compareSamples(s, s);
    expect(r.changePct).toBe(0);
    expect(r.pWelch).toBe(1);
    expect(r.pMannWhitney).toBe(1);
    expect(compareSamples([5], [6, 7]).pWelch).toBeNaN();
  });
});

describe('labelled corpus', () => {
  it('is seeded, labelled and large enough', () => {
    const a = generateCorpus(7),
      b = generateCorpus(7),
      c = generateCorpus(8);
    expect(a).toEqual(b);
    expect(a[0].values).not.toEqual(c[0].values);
    expect(a.length).toBeGreaterThanOrEqual(200);
    for (const kind of SERIES_KINDS) expect(a.some((s) => s.kind === kind)).toBe(true);
    expect(a.some((s) => s.noise === 'student-t3')).toBe(true);
    for (const s of a) {
      expect(s.values.length).toBeGreaterThanOrEqual(60);
      expect(s.values.length).toBeLessThanOrEqual(300);
      expect(s.cv).toBeGreaterThanOrEqual(0.005);
      expect(s.cv).toBeLessThanOrEqual(0.05);
      expect(s.level).toBeGreaterThanOrEqual(1);
      expect(s.level).toBeLessThanOrEqual(10_000);
      const expectedSteps = { noise: 0, step: 1, 'two-steps': 2, spike: 0, drift: 0, 'step-spike': 1 }[s.kind];
      expect(s.changes).toHaveLength(expectedSteps);
      for (const ch of s.changes) {
        expect(ch.index).toBeGreaterThanOrEqual(10);
        expect(s.values.length - ch.index).toBeGreaterThanOrEqual(10);
        expect(Math.abs(ch.pct)).toBeGreaterThanOrEqual(2);
        expect(Math.abs(ch.pct)).toBeLessThanOrEqual(30);
        expect(ch.sigmas).toBeCloseTo(Math.abs(ch.pct) / (100 * s.cv), 10);
      }
      if (s.kind === 'two-steps') expect(s.changes[1].index - s.changes[0].index).toBeGreaterThanOrEqual(10);
      expect(s.spikes).toHaveLength(s.kind === 'spike' || s.kind === 'step-spike' ? 1 : 0);
      if (s.kind === 'drift') expect(Math.abs(s.driftPct)).toBeGreaterThanOrEqual(5);
    }
  });

  it('the detector meets its targets on a corpus (F1 ≥ 0.95 on ≥ 3σ steps, ≤ 1 false alarm / 1,000 points)', () => {
    const corpus = generateCorpus(314);
    let tp = 0,
      fp = 0,
      fn = 0,
      falseAlarms = 0,
      nullPoints = 0;
    for (const s of corpus) {
      const found = indices(detectChangePoints(s.values));
      const used = new Set<number>();
      for (const ch of s.changes) {
        const hit = found.findIndex((f, k) => !used.has(k) && Math.abs(f - ch.index) <= 3);
        if (hit >= 0) used.add(hit);
        if (ch.sigmas >= 3) {
          if (hit >= 0) tp++;
          else fn++;
        }
      }
      fp += found.length - used.size;
      if (s.changes.length === 0) {
        falseAlarms += found.length;
        nullPoints += s.values.length;
      }
    }
    const precision = tp / (tp + fp),
      recall = tp / (tp + fn);
    expect((2 * precision * recall) / (precision + recall)).toBeGreaterThanOrEqual(0.95);
    expect((1000 * falseAlarms) / nullPoints).toBeLessThanOrEqual(1);
  });
});

describe('rollingMedian', () => {
  /** The definition: the median of each full-width window, centred where it fits and slid inward at the ends. */
  function reference(x: Float64Array, h: number): Float64Array {
    const n = x.length,
      width = Math.min(n, 2 * h + 1);
    return Float64Array.from(x, (_, i) => {
      const lo = Math.min(Math.max(0, i - h), n - width);
      const w = Array.from(x.subarray(lo, lo + width)).sort((a, b) => a - b);
      return width % 2 ? w[width >> 1] : (w[width / 2 - 1] + w[width / 2]) / 2;
    });
  }

  it('equals the median of every window, with ties, quantised values, infinities and windows wider than the series', () => {
    const rng = new Rng(7);
    for (const [n, h] of [
      [200, 10],
      [57, 2],
      [31, 5],
      [6, 10],
      [1, 3],
      [40, 0],
    ]) {
      const smooth = Float64Array.from({ length: n }, () => 100 + 5 * rng.normal());
      const quantised = Float64Array.from({ length: n }, () => Math.round(3 * rng.uniform()));
      const wild = Float64Array.from({ length: n }, (_, i) =>
        i % 9 === 0 ? Infinity : i % 13 === 0 ? -Infinity : rng.normal(),
      );
      for (const x of [smooth, quantised, wild])
        expect(Array.from(rollingMedian(x, h))).toEqual(Array.from(reference(x, h)));
    }
  });

  it('takes a series holding NaN as it comes (no sorted window), without failing', () => {
    const x = Float64Array.from({ length: 30 }, (_, i) => (i === 12 ? NaN : i));
    const out = rollingMedian(x, 2);
    expect(out.length).toBe(30);
    expect(out[0]).toBe(2);
    expect(out[29]).toBe(27);
  });
});
