// Reference values were computed independently with NumPy / SciPy 1.17 (ttest_ind(equal_var=False),
// mannwhitneyu(method='asymptotic', use_continuity=True), linregress, theilslopes, norm, t,
// median_abs_deviation(scale='normal'), quantile(method='linear')) and, for Mann–Kendall, a
// brute-force Python implementation of S, the tie-corrected variance and the continuity-corrected Z.
import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  gammaQ,
  incompleteBeta,
  linearRegression,
  mad,
  mannKendall,
  mannWhitneyU,
  mean,
  median,
  midRanks,
  mulberry32,
  normalCdf,
  normalQuantile,
  quantile,
  stddev,
  studentTCdf,
  theilSen,
  twoSidedNormalP,
  twoSidedTP,
  variance,
  welchTTest,
} from '../../src/lib/analysis/stats.ts';

const X = [2.5, 3.1, 1.7, 4.4, 3.1, 9.8, 2.2, 5.0, 3.1, 4.0];

/** Relative closeness, for values spanning many orders of magnitude. */
function expectRel(actual: number, expected: number, rel = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('descriptive statistics', () => {
  it('mean, median, stddev, CV match NumPy', () => {
    expect(mean(X)).toBeCloseTo(3.89, 12);
    expect(median(X)).toBe(3.1);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median(new Float64Array([7]))).toBe(7);
    expect(stddev(X)).toBeCloseTo(2.3067292862405853, 12);
    expect(variance(X)).toBeCloseTo(2.3067292862405853 ** 2, 12);
    expect(coefficientOfVariation(X)).toBeCloseTo(0.5929895337379397, 12);
  });

  it('quantile is type 7 (linear interpolation)', () => {
    const cases: Array<[number, number]> = [
      [0, 1.7],
      [0.1, 2.15],
      [0.25, 2.65],
      [0.5, 3.1],
      [0.9, 5.48],
      [1, 9.8],
    ];
    for (const [p, q] of cases) expect(quantile(X, p)).toBeCloseTo(q, 12);
    expect(quantile([5], 0.3)).toBe(5);
    expect(quantile(X, 1.5)).toBeNaN();
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('MAD is scaled by 1.4826 (consistent for σ)', () => {
    expect(mad(X)).toBeCloseTo(1.3343419966550416, 12);
    expect(mad([3])).toBe(0);
    // For a large normal sample it estimates σ.
    const rand = mulberry32(42);
    const big = Array.from({ length: 20000 }, () => {
      const u = rand() || 1e-12,
        v = rand();
      return 10 + 2 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    });
    expect(mad(big)).toBeGreaterThan(1.95);
    expect(mad(big)).toBeLessThan(2.05);
  });

  it('documents small-n and NaN behaviour: NaN, never a made-up number', () => {
    expect(mean([])).toBeNaN();
    expect(median([])).toBeNaN();
    expect(stddev([1])).toBeNaN();
    expect(variance([1])).toBeNaN();
    expect(coefficientOfVariation([1])).toBeNaN();
    expect(mad([])).toBeNaN();
    expect(median([1, NaN, 3])).toBeNaN();
    expect(mean([1, NaN])).toBeNaN();
    expect(mad([1, NaN, 3])).toBeNaN();
    expect(quantile([1, NaN], 0.5)).toBeNaN();
  });

  it('median works on typed arrays and does not modify the input', () => {
    const a = new Float32Array([5, 1, 4, 2, 3]);
    expect(median(a)).toBe(3);
    expect(Array.from(a)).toEqual([5, 1, 4, 2, 3]);
  });

  it('mid-ranks average tied positions', () => {
    const { ranks, tieTerm } = midRanks([10, 20, 20, 5, 20]);
    expect(Array.from(ranks)).toEqual([2, 4, 4, 1, 4]);
    expect(tieTerm).toBe(27 - 3);
  });
});

describe('trend on the sample index', () => {
  it('OLS slope, intercept and r² match linregress', () => {
    const fit = linearRegression([1.2, 1.9, 3.2, 3.8, 5.1, 6.3, 6.8, 8.1]);
    expect(fit.slope).toBeCloseTo(0.9928571428571428, 12);
    expect(fit.intercept).toBeCloseTo(1.075, 12);
    expect(fit.r2).toBeCloseTo(0.9938104382415472, 12);
    const one = linearRegression([3]);
    expect(one.slope).toBeNaN();
    expect(linearRegression([2, 2, 2]).r2).toBeNaN();
    expect(linearRegression([2, 2, 2]).slope).toBe(0);
  });

  it('Theil–Sen recovers a line despite outliers (OLS does not)', () => {
    const y = Array.from({ length: 12 }, (_, i) => 2 * i + 1);
    y[3] = 40;
    y[8] = -30;
    const ts = theilSen(y);
    expect(ts.slope).toBe(2);
    expect(ts.intercept).toBe(1);
    expect(ts.sampled).toBe(false);
    expect(ts.pairs).toBe(66);
    expect(Math.abs(linearRegression(y).slope - 2)).toBeGreaterThan(0.5);
  });

  it('Theil–Sen slope matches scipy.stats.theilslopes on noisy data', () => {
    const z = [10.2, 9.8, 10.5, 10.1, 10.9, 11.2, 10.8, 11.5, 11.9, 11.4, 12.3, 12.0];
    expect(theilSen(z).slope).toBeCloseTo(0.205, 12);
    expect(theilSen([1]).slope).toBeNaN();
  });

  it('Theil–Sen subsamples pairs deterministically above 600 points', () => {
    const rand = mulberry32(7);
    const y = Array.from({ length: 3000 }, (_, i) => 0.01 * i + (rand() - 0.5));
    const a = theilSen(y),
      b = theilSen(y);
    expect(a.sampled).toBe(true);
    expect(a.pairs).toBe(179700);
    expect(a.slope).toBe(b.slope);
    expect(a.slope).toBeCloseTo(0.01, 3);
  });

  it('Mann–Kendall: S, tie-corrected variance, continuity-corrected Z', () => {
    const r = mannKendall([5, 7, 6, 9, 8, 8, 11, 10, 12, 12, 13, 15]);
    expect(r.s).toBe(56);
    expect(r.varS).toBeCloseTo(210.66666666666666, 10);
    expect(r.z).toBeCloseTo(3.789350500440659, 10);
    expectRel(r.pValue, 0.00015104167743936332, 1e-8);
    const down = mannKendall([3.1, 2.9, 3.3, 3.0, 2.8, 3.2, 3.1, 2.7, 3.0, 2.9]);
    expect(down.s).toBe(-12);
    expect(down.varS).toBeCloseTo(122, 10);
    expect(down.z).toBeCloseTo(-0.9958932064677039, 10);
    expect(down.pValue).toBeCloseTo(0.3193020364828548, 10);
    expect(mannKendall([1, 1, 1, 1]).pValue).toBe(1);
    expect(mannKendall([1, 2]).s).toBeNaN();
  });
});

describe('two-sample tests', () => {
  const A = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
  const B = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];

  it("Welch's t-test matches scipy (equal sizes)", () => {
    const r = welchTTest(A, B);
    expect(r.t).toBeCloseTo(2.455356398286006, 10);
    expect(r.df).toBeCloseTo(24.988529290231416, 10);
    expect(r.pValue).toBeCloseTo(0.021378001462866992, 12);
    // Symmetric: swapping the samples flips the sign only.
    const s = welchTTest(B, A);
    expect(s.t).toBeCloseTo(-r.t, 12);
    expect(s.pValue).toBeCloseTo(r.pValue, 14);
  });

  it("Welch's t-test matches scipy (unequal sizes and variances)", () => {
    const a = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
    const b = [
      28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9,
      13.3,
    ];
    const r = welchTTest(a, b);
    expect(r.t).toBeCloseTo(2.225512039969852, 10);
    expect(r.df).toBeCloseTo(24.524634944257343, 10);
    expect(r.pValue).toBeCloseTo(0.035484530830010394, 12);
  });

  it("Welch's edge cases: n < 2 → NaN, zero variance → 0 or Infinity", () => {
    expect(welchTTest([1], [2, 3]).pValue).toBeNaN();
    expect(welchTTest([2, 2], [2, 2]).pValue).toBe(1);
    const r = welchTTest([1, 1], [2, 2]);
    expect(r.t).toBe(Infinity);
    expect(r.pValue).toBe(0);
  });

  it('Mann–Whitney U with ties matches scipy (asymptotic, continuity-corrected)', () => {
    const u1 = [1, 2, 2, 3, 4, 5, 5, 5, 7];
    const u2 = [3, 4, 5, 6, 6, 7, 8, 9, 9, 10, 11];
    const r = mannWhitneyU(u1, u2);
    expect(r.uA).toBe(15);
    expect(r.uB).toBe(84);
    expect(r.pValue).toBeCloseTo(0.009355421489712565, 12);
    expect(r.z).toBeGreaterThan(0);
    const rev = mannWhitneyU(u2, u1);
    expect(rev.uA).toBe(84);
    expect(rev.pValue).toBeCloseTo(r.pValue, 14);
    expect(rev.z).toBeCloseTo(-r.z, 12);
  });

  it('Mann–Whitney on the Welch example matches scipy', () => {
    const r = mannWhitneyU(A, B);
    expect(r.uA).toBe(53.5);
    expect(r.pValue).toBeCloseTo(0.015201303821215302, 12);
  });

  it('Mann–Whitney edge cases', () => {
    expect(mannWhitneyU([], [1, 2]).pValue).toBeNaN();
    expect(mannWhitneyU([3, 3, 3], [3, 3]).pValue).toBe(1);
    expect(mannWhitneyU([1, NaN], [1, 2]).pValue).toBeNaN();
  });
});

describe('distributions', () => {
  it('normal CDF is accurate in the centre and far tails', () => {
    const cases: Array<[number, number]> = [
      [-8, 6.22096057427174e-16],
      [-3, 0.0013498980316300933],
      [-1.96, 0.024997895148220435],
      [0, 0.5],
      [0.5, 0.6914624612740131],
      [3, 0.9986501019683699],
    ];
    for (const [x, p] of cases) expectRel(normalCdf(x), p, 1e-12);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
    expectRel(twoSidedNormalP(-3), 2 * 0.0013498980316300933, 1e-12);
  });

  it('Student-t CDF matches scipy, including non-integer df', () => {
    const cases: Array<[number, number, number]> = [
      [2.0, 5, 0.9490302605850708],
      [-1.5, 2.5, 0.12391822654314809],
      [0.3, 1, 0.5927735790777423],
      [4.2, 30.7, 0.9998939729803172],
      [-6, 3, 0.004636357446142333],
    ];
    for (const [t, df, p] of cases) expectRel(studentTCdf(t, df), p, 1e-11);
    expect(studentTCdf(1, 0)).toBeNaN();
    expect(studentTCdf(1.3, Infinity)).toBeCloseTo(normalCdf(1.3), 15);
    expectRel(twoSidedTP(-6, 3), 2 * 0.004636357446142333, 1e-11);
  });

  it('special functions and the normal quantile', () => {
    expectRel(incompleteBeta(0.3, 2.5, 0.5), 0.018927124071945658, 1e-12);
    expectRel(gammaQ(0.5, 2), 0.04550026389635857, 1e-12);
    expectRel(normalQuantile(0.975), 1.959963984540054, 1e-12);
    expectRel(normalQuantile(1e-10), -6.361340902404056, 1e-10);
    expect(normalQuantile(0)).toBe(-Infinity);
  });
});

describe('mulberry32', () => {
  it('is deterministic and uniform-looking', () => {
    const a = mulberry32(123),
      b = mulberry32(123);
    const xs = Array.from({ length: 10000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
  });
});
