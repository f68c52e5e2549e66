// Sustained level shifts in a benchmark series: what shifted, since which sample, by how much, and
// whether it is real. Replaces "deviates more than X % from the recent mean", which fires on one
// noisy sample (scripts/eval-detector.ts: ~78 false alarms per 1,000 points of plain noise).
//
// Algorithm: "propose generously, then confirm strictly". Chosen and tuned against the labelled
// corpus of corpus.ts; scripts/eval-detector.ts prints the figures.
//
// 0. Clean. Single-sample spikes and heavy-tailed noise would dominate any mean-based statistic,
//    so every value is winsorized to its rolling median (5 samples, centred; at the ends the window
//    slides inward) ± 3 σ̂, with σ̂ the robust noise 1.4826 · MAD(first differences) / √2.
//    Differencing makes σ̂ blind to level shifts and slow drifts; the rolling median follows a step
//    as soon as 3 samples of the window are on the new level, so a step is never clipped away,
//    while an isolated spike (or a pair) is cut to ~3 σ.
//
// 1. Propose. For a segment, every split τ is scored in O(1) from prefix sums under two models:
//      • step:          z(τ) = (m_R − m_L) / (σ √(1/n_L + 1/n_R))   (Gaussian likelihood ratio / CUSUM)
//      • trend + step:  the same after removing a slope estimated from within-side variation only,
//                       with the slope's uncertainty in the standard error;
//    the best split of each is proposed when its Bonferroni-adjusted p (× number of splits) is below
//    10·alpha, with σ either the robust difference-based σ̂ (Student t, df from the MAD's 37 %
//    efficiency) or the model's residual σ, whichever is more favourable (this stage is meant to
//    over-propose). Segments come from binary segmentation (recursing into the pieces) and from a
//    fixed grid of "seeded" intervals (lengths n/2, n/4, … down to 4·minSegment, overlapping by
//    half), which catches short excursions — a regression that is reverted a few samples later —
//    that a whole-series statistic dilutes. No randomness: the intervals are a fixed grid.
//
//    Why not Mann–Whitney for the split test: rank statistics saturate when one side is short
//    (three samples after a regression can at best be "the three largest", whatever the size of
//    the jump, and the normal approximation is poor there), yet the newest few samples are exactly
//    where users need an answer. The z on winsorized values uses the size of the jump and is kept
//    robust by step 0; Mann–Whitney stays available for raw samples (compareSamples).
//
// 2. Confirm (backward elimination). Each proposal is re-tested by least squares on the winsorized
//    values in its own window W — from the previous to the next proposal:
//      • step model  y = a + d·[t ≥ τ],  z = d̂ / se, df = |W| − 2;
//      • when a line fits the window better than the step, or a within-segment slope is clear
//        (|t| > 3) in the window or in its context (two neighbouring segments on each side), the
//        step must survive a drift: d is re-estimated after removing the context's pooled slope
//        and, separately, the window's own; the weaker result counts. This is what stops a slow
//        drift — which step 1 chops into a staircase — from being reported, while a step on top
//        of a drift is still found, with its size measured at the jump.
//      • when the two sides drift at clearly different rates (slopes > TREND_Z standard errors
//        apart), the step is the jump between the two sides' own lines (sideSlopes), and its place
//        is not re-located by the one-slope scans: a bend is not a step, a crisis on a growth is;
//      • z is discounted by the lag-1 autocorrelation of the residuals (less what white noise gives),
//        z·√((1 − ρ)/(1 + ρ)): random walks and cycles are not staircases (residualAutocorrelation).
//    The p-value is Bonferroni-adjusted for the |W| − 2·minSegment + 1 places the split could have
//    been. A proposal is kept only when p < alpha AND its shift is ≥ minRelativeChange of the level
//    AND ≥ minNoiseMultiple × the robust noise (MAD of the residuals around the two segment levels),
//    the shift being the smaller of the shift of medians and of winsorized means (medians of
//    quantised data jump by whole quanta), AND at least minSegment samples on each side are nearer
//    their own level than the other side's (two wild samples and an ordinary one are not a level).
//    A proposal that fails under the drift model while one side is more than twice the other is
//    re-tested on the symmetric window of the shorter side around it, and kept when it passes
//    every gate there twice over (a drift fitted over a long side can explain away a plain step).
//    The weakest failing proposal is removed, its neighbours'
//    windows merge and are re-tested, until every survivor passes: adjacent segments whose levels
//    are not significantly or materially different are merged here. Survivors are then re-located
//    to the best split of their final window and the loop repeats until nothing moves.
//
// Known limits: a drift that starts (or stops) in mid-series is a kink, not a step; now and then
// it is reported as one change point near where the drift is furthest from the flat level
// (~10 % of such series at 20 % drift). Periodic patterns with half-periods longer than a few
// samples are, correctly for this model, a sequence of level shifts. With very heavy tails
// (Cauchy-like), three consecutive extreme samples are indistinguishable from a three-sample
// excursion; raise minSegment if that matters more than the newest samples.
//
// Cost: O(n log n) for the proposals, O(|W|) per confirmation; ~0.4 ms for 300 points, ~10 ms for
// 5,000. Deterministic: the same input always gives the same output.
//
// Defaults (`npx tsx scripts/eval-detector.ts --sweep --count 1200` prints the trade-offs):
//   alpha 0.001        — ~0.03 false alarms per 1,000 points of noise / spike / drift series.
//                        0.01 nearly triples that and lowers F1 on ≥ 3σ steps (0.995 → 0.989);
//                        0.0001 misses a third of the 3σ steps seen in only the last 3 samples
//                        (62 → 43 %).
//   minSegment 3       — a shift is reported once three samples agree (at least minSegment samples
//                        on each side nearer their own level than the other's); single samples are
//                        what findOutliers is for.
//   minRelativeChange 0.01 — shifts below 1 % are rarely actionable in benchmarks even when they
//                        are statistically clear in very quiet series.
//   minNoiseMultiple 2 — a shift must be at least twice the per-sample noise: below that it is not
//                        visible on a chart of the raw samples; at 1 the false alarms rise tenfold
//                        (0.29 / 1,000, mostly heavy-tailed noise) and F1 on ≥ 3σ steps drops to
//                        0.97; at 3 the 2–3σ steps are lost (recall of all steps 0.89 → 0.77). With
//                        both sides ≥ 20 runs and p < α² after discounting autocorrelation, the
//                        multiple falls to 2·√(20 / shorter side), never below 1 (noiseMultiple);
//                        two constant sides waive minRelativeChange (an exact step).
//   maxChangePoints 20 — the 20 largest and most significant are reported (capChangePoints: none left
//                        out is both larger and more significant than one kept); the segmentation is
//                        that of all of them, and analyseSeries says how many more there were.

import { MAD_SCALE, mannWhitneyU, median, medianInPlace, normalQuantile, twoSidedTP, welchTTest } from './stats.ts';

export interface ChangePointOptions {
  /** Family-wise false-alarm level of one accepted split (after the Bonferroni adjustment). */
  alpha: number;
  /** Fewest samples on either side of a change point. */
  minSegment: number;
  /**
   * Smallest reported shift, as a fraction of the level before (0.01 = 1 %). The shift is the smaller
   * of the shift of the segment medians and of the winsorized means (detrended when drifting).
   */
  minRelativeChange: number;
  /** Smallest reported shift, as a multiple of the robust noise of the two segments (noisePct). */
  minNoiseMultiple: number;
  /**
   * At most this many change points are returned (see capChangePoints: by size and significance).
   * Their segments are still those of the full segmentation, so two returned change points need not
   * share a boundary when one between them was left out.
   */
  maxChangePoints: number;
}

export const DEFAULT_CHANGE_POINT_OPTIONS: Readonly<ChangePointOptions> = Object.freeze({
  alpha: 0.001,
  minSegment: 3,
  minRelativeChange: 0.01,
  minNoiseMultiple: 2,
  maxChangePoints: 20,
});

export interface ChangePoint {
  /** First sample of the new level. */
  index: number;
  /** First sample of the segment before the change (the previous change point, or 0). */
  beforeStart: number;
  /** End (exclusive) of the segment after the change (the next change point, or n). */
  afterEnd: number;
  beforeMedian: number;
  afterMedian: number;
  beforeMean: number;
  afterMean: number;
  /**
   * Size of the shift in %, positive when the values went up: (afterMedian / beforeMedian − 1) × 100
   * for a flat series. When the segments drift (trendPctPerSample ≠ 0), the medians are taken of the
   * detrended segments anchored at `index`, so this is the jump at the change point, not the
   * difference of the raw segment medians (which the drift would bias, possibly to the wrong sign).
   * ±Infinity or NaN when the level before is 0.
   */
  changePct: number;
  /** Bonferroni-adjusted p-value of the confirming test (see the header); < alpha by construction. */
  pValue: number;
  /** The last run on the old level, when it is not index − 1 (the runs between are visits to another mode). */
  lastGoodIndex?: number;
  /** Robust noise of the two segments (MAD of the residuals around their levels) as % of the level before. */
  noisePct: number;
  nBefore: number;
  nAfter: number;
  /**
   * Drift common to both segments, in % of the level per sample, when the confirmation had to use
   * the trend model (see the header); 0 when the segments were flat.
   */
  trendPctPerSample: number;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** Copies the values, throwing on NaN or ±Infinity (nothing is dropped silently). */
function finiteCopy(values: ArrayLike<number>, fn: string): Float64Array {
  const n = values.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new RangeError(`${fn}: value at index ${i} is ${v}; remove or impute it first`);
    x[i] = v;
  }
  return x;
}

/**
 * Robust per-sample noise σ̂ of x[s..e): 1.4826 · median(|first differences|) / √2. Insensitive to
 * level shifts and slow drifts. When more than half of the differences are 0 (quantised data), that
 * is 0 and the mean absolute difference (× √(π/2) / √2) is used instead; 0 only for a constant
 * series; NaN with fewer than 2 values.
 */
export function robustNoise(x: ArrayLike<number>, s = 0, e = x.length): number {
  const n = e - s;
  if (n < 2) return NaN;
  const d = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) d[i] = x[s + i + 1] - x[s + i];
  return diffNoise(d, 0, n - 1, new Float64Array(n - 1));
}

/**
 * σ̂ from the differences d[s..e) (see robustNoise), using `scratch` (length ≥ e − s) as workspace.
 * The differences of a level series are centred on 0 (a drift moves their median by the slope per
 * sample, negligible against the noise), so the MAD is taken around 0: one selection, not two.
 */
function diffNoise(d: Float64Array, s: number, e: number, scratch: Float64Array): number {
  const m = e - s;
  if (m < 1) return NaN;
  const w = scratch.subarray(0, m);
  let meanAbs = 0;
  for (let i = 0; i < m; i++) {
    const v = Math.abs(d[s + i]);
    w[i] = v;
    meanAbs += v;
  }
  const sigma = (MAD_SCALE * medianInPlace(w)) / Math.SQRT2;
  if (sigma > 0) return sigma;
  return ((meanAbs / m) * Math.sqrt(Math.PI / 2)) / Math.SQRT2;
}

/**
 * Rolling median over 2h + 1 samples, centred where possible; near the ends the window keeps its
 * full width and slides inward (so two extreme samples at the very end are still a minority).
 */
export function rollingMedian(x: Float64Array, h: number): Float64Array {
  const n = x.length;
  const width = Math.min(n, 2 * h + 1);
  const out = new Float64Array(n);
  if (width === 0) return out;
  // The window kept sorted as it slides: one removal and one insertion per step instead of a selection over the
  // whole window. NaN has no place in a sorted order; a series holding one takes the selection every time.
  if (x.some(Number.isNaN)) {
    const buf = new Float64Array(width);
    for (let i = 0; i < n; i++) {
      const lo = Math.min(Math.max(0, i - h), n - width);
      buf.set(x.subarray(lo, lo + width));
      out[i] = medianInPlace(buf);
    }
    return out;
  }
  const window = x.slice(0, width).sort();
  const k = width >> 1;
  const middle = () => (width & 1 ? window[k] : (window[k - 1] + window[k]) / 2);
  let lo = 0;
  let current = middle();
  for (let i = 0; i < n; i++) {
    const want = Math.min(Math.max(0, i - h), n - width);
    if (want !== lo) {
      slideSorted(window, x[lo], x[lo + width]);
      lo = want;
      current = middle();
    }
    out[i] = current;
  }
  return out;
}

/** Replaces one occurrence of `leaving` in the sorted `window` by `entering`, keeping it sorted. */
function slideSorted(window: Float64Array, leaving: number, entering: number): void {
  let a = 0,
    b = window.length - 1;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (window[mid] < leaving) a = mid + 1;
    else b = mid;
  }
  let at = a;
  if (entering > leaving) {
    while (at + 1 < window.length && window[at + 1] < entering) ((window[at] = window[at + 1]), at++);
  } else {
    while (at > 0 && window[at - 1] > entering) ((window[at] = window[at - 1]), at--);
  }
  window[at] = entering;
}

const CLEAN_HALF_WIDTH = 2;
const CLEAN_K = 3;

/** Winsorizes every value to its centred rolling median ± 3 σ̂ (step 0 of the header). */
function winsorize(x: Float64Array): Float64Array {
  const sigma = robustNoise(x);
  const rm = rollingMedian(x, CLEAN_HALF_WIDTH);
  const c = new Float64Array(x.length);
  const lim = CLEAN_K * (Number.isFinite(sigma) ? sigma : 0);
  for (let i = 0; i < x.length; i++) c[i] = Math.min(rm[i] + lim, Math.max(rm[i] - lim, x[i]));
  return c;
}

/** Workspace of medianOf, grown as needed (never shared: medianOf does not call itself). */
let medianScratch = new Float64Array(256);

function medianOf(x: Float64Array, s: number, e: number): number {
  if (e - s > medianScratch.length) medianScratch = new Float64Array(Math.max(e - s, 2 * medianScratch.length));
  const window = medianScratch.subarray(0, e - s);
  window.set(x.subarray(s, e));
  return medianInPlace(window);
}

/** Asymptotic efficiency of the MAD for normal data: its σ̂ is worth ~37 % of the samples. */
const MAD_EFFICIENCY = 0.37;

/** How clearly a step must pass on its local window when it failed on its whole one (see evalAt). */
const LOCAL_MARGIN = 2;

/** Proposals use alpha × this (capped at 0.5): generous, since the confirmation stage decides. */
const PROPOSAL_ALPHA_FACTOR = 10;

// ---------------------------------------------------------------------------------------------
// Split scans in O(1) per candidate, from prefix sums of c, i·c and c²

interface Prefix {
  /** Σ_{i<k} c_i (c centred on its median to limit cancellation). */
  p0: Float64Array;
  /** Σ_{i<k} i · c_i. */
  p1: Float64Array;
  /** Σ_{i<k} c_i². */
  p2: Float64Array;
}

function prefixSums(c: Float64Array): Prefix {
  const n = c.length;
  const ref = medianInPlace(c.slice());
  const p0 = new Float64Array(n + 1),
    p1 = new Float64Array(n + 1),
    p2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = c[i] - ref;
    p0[i + 1] = p0[i] + v;
    p1[i + 1] = p1[i] + i * v;
    p2[i + 1] = p2[i] + v * v;
  }
  return { p0, p1, p2 };
}

interface Split {
  tau: number;
  /** Standardised shift without the noise scale: z = score / σ. */
  score: number;
  /** Residual sum of squares of the model at tau (for a σ estimate with df = n − params). */
  sse: number;
}

interface Scan {
  /** Step-only model: score = |Δmean| √(nL nR / n). */
  raw: Split;
  /** Common within-side trend + step: score = |d̂| / √(1/nL + 1/nR + Δt̄²/Sxx). */
  adj: Split;
}

/** The parts of a split's scores that depend only on the segment length n and the split's place in it. */
interface SplitWeights {
  /** √(nL nR / n). */
  raw: Float64Array;
  /** Within-side Σ(t − t̄)² of the two sides. */
  sxx: Float64Array;
  /** √(1/nL + 1/nR + (n/2)² / sxx): the sides' centres are n/2 apart. */
  adj: Float64Array;
}

const rawWeight = (nL: number, nR: number, n: number) => Math.sqrt((nL * nR) / n);
const sideSxx = (nL: number, nR: number) => (nL * (nL * nL - 1) + nR * (nR * nR - 1)) / 12;
const adjWeight = (nL: number, nR: number, n: number, sxx: number) =>
  Math.sqrt(1 / nL + 1 / nR + ((n / 2) * (n / 2)) / sxx);

/** Weights of the seeded intervals by length: every interval of one level (and series of one length) shares them. */
const seededWeights = new Map<number, SplitWeights>();

function splitWeights(n: number): SplitWeights {
  let w = seededWeights.get(n);
  if (w) return w;
  if (seededWeights.size >= 64) seededWeights.clear();
  w = { raw: new Float64Array(n + 1), sxx: new Float64Array(n + 1), adj: new Float64Array(n + 1) };
  for (let nL = 1; nL < n; nL++) {
    w.raw[nL] = rawWeight(nL, n - nL, n);
    w.sxx[nL] = sideSxx(nL, n - nL);
    w.adj[nL] = adjWeight(nL, n - nL, n, w.sxx[nL]);
  }
  seededWeights.set(n, w);
  return w;
}

/** Scans every split τ ∈ [s + m, e − m] of c[s..e) under both models. */
function scan(P: Prefix, s: number, e: number, m: number, seeded: SplitWeights | null = null): Scan {
  const { p0, p1, p2 } = P;
  const n = e - s;
  const weights = seeded && seeded.raw.length === n + 1 ? seeded : null;
  const total0 = p0[e] - p0[s],
    total1 = p1[e] - p1[s],
    total2 = p2[e] - p2[s];
  const raw: Split = { tau: -1, score: -1, sse: NaN };
  const adj: Split = { tau: -1, score: -1, sse: NaN };
  for (let t = s + m; t <= e - m; t++) {
    const nL = t - s,
      nR = e - t;
    const sL = p0[t] - p0[s],
      sR = total0 - sL;
    const mL = sL / nL,
      mR = sR / nR;
    const diff = mR - mL;
    const rawScore = Math.abs(diff) * (weights ? weights.raw[nL] : rawWeight(nL, nR, n));
    const sseStep = total2 - sL * mL - sR * mR;
    if (rawScore > raw.score) {
      raw.score = rawScore;
      raw.tau = t;
      raw.sse = sseStep;
    }
    const sxx = weights ? weights.sxx[nL] : sideSxx(nL, nR);
    if (sxx <= 0) continue;
    const tL = (s + t - 1) / 2,
      tR = (t + e - 1) / 2;
    const s1L = p1[t] - p1[s],
      s1R = total1 - s1L;
    const sxy = s1L - tL * sL + (s1R - tR * sR);
    const beta = sxy / sxx;
    const dt = tR - tL;
    const adjScore = Math.abs(diff - beta * dt) / (weights ? weights.adj[nL] : adjWeight(nL, nR, n, sxx));
    if (adjScore > adj.score) {
      adj.score = adjScore;
      adj.tau = t;
      adj.sse = sseStep - (sxy * sxy) / sxx;
    }
  }
  return { raw, adj };
}

// ---------------------------------------------------------------------------------------------
// Step 1: proposals

interface Proposal {
  tau: number;
  p: number;
}

/**
 * Adds the significant best splits (both models) of c[s..e) to `out`; returns the accepted taus.
 * Significance is the more favourable of two noise scales — the robust difference-based σ̂ of the
 * segment (Student t with the MAD's effective df; blind to other shifts in the segment) and the
 * residual σ of the fitted model (df = n − params; better for short segments) — Bonferroni-adjusted
 * for the number of splits tried. Liberal on purpose: the confirmation decides.
 */
function proposeIn(
  D: Diffs,
  P: Prefix,
  s: number,
  e: number,
  m: number,
  alpha: number,
  out: Proposal[],
  weights: SplitWeights | null = null,
): number[] {
  const n = e - s;
  if (n < 2 * m) return [];
  const sc = scan(P, s, e, m, weights);
  const candidates = n - 2 * m + 1;
  // Student-t quantiles are never below the normal one: a z under it can not be significant, which
  // settles most segments without evaluating the t distribution.
  const zFloor = normalCritical(D, alpha / candidates);
  if (surelyBelowFloor(D, sc, s, e, zFloor)) return [];
  const sigma = diffNoise(D.d, s, e - 1, D.scratch);
  const dfMad = Math.max(1, MAD_EFFICIENCY * (n - 1));
  const accepted: number[] = [];
  for (const [split, params] of [
    [sc.raw, 2],
    [sc.adj, 4],
  ] as const) {
    if (split.tau < 0 || accepted.includes(split.tau)) continue;
    const zMad = sigma > 0 ? split.score / sigma : split.score > 0 ? Infinity : 0;
    const dfRes = n - params;
    const sRes = dfRes >= 1 ? Math.sqrt(Math.max(0, split.sse) / dfRes) : NaN;
    const zRes = sRes > 0 ? split.score / sRes : split.score > 0 && dfRes >= 1 ? Infinity : 0;
    if (!(Math.max(zMad, zRes) >= zFloor)) continue;
    let p = twoSidedTP(zMad, dfMad);
    if (dfRes >= 1) p = Math.min(p, twoSidedTP(zRes, dfRes));
    p = Math.min(1, p * candidates);
    if (p < alpha) {
      out.push({ tau: split.tau, p });
      accepted.push(split.tau);
    }
  }
  return accepted.sort((a, b) => a - b);
}

/**
 * Whether neither split of c[s..e) can reach zFloor, decided without the noise median when that is clear: each
 * split's residual z is below it and fewer than half the differences are small enough for the robust σ̂ to let
 * the larger score reach it (a count, not a selection; most seeded intervals of a series without a change end here).
 */
function surelyBelowFloor(D: Diffs, sc: Scan, s: number, e: number, zFloor: number): boolean {
  const n = e - s;
  let score = 0;
  for (const [split, params] of [
    [sc.raw, 2],
    [sc.adj, 4],
  ] as const) {
    if (split.tau < 0) continue;
    const dfRes = n - params;
    const sRes = dfRes >= 1 ? Math.sqrt(Math.max(0, split.sse) / dfRes) : NaN;
    const zRes = sRes > 0 ? split.score / sRes : split.score > 0 && dfRes >= 1 ? Infinity : 0;
    if (!(zRes < zFloor)) return false;
    score = Math.max(score, split.score);
  }
  // σ̂ = MAD_SCALE · median|d| / √2 stays above score / zFloor when fewer than half of |d| are at most this
  // (with a margin far beyond rounding).
  const limit = (((score / zFloor) * Math.SQRT2) / MAD_SCALE) * (1 + 1e-9);
  const m = n - 1,
    half = m >> 1;
  if (half < 1 || !(limit >= 0)) return false;
  let small = 0;
  for (let i = s; i < e - 1; i++) if (Math.abs(D.d[i]) <= limit && ++small >= half) return false;
  return true;
}

/** Two-sided normal critical value for level q, cached per detection run. */
function normalCritical(D: Diffs, q: number): number {
  let z = D.zCache.get(q);
  if (z === undefined) {
    z = q >= 1 ? 0 : -normalQuantile(q / 2);
    D.zCache.set(q, z);
  }
  return z;
}

/** First differences of the raw values, a scratch buffer for their medians, cached critical values. */
interface Diffs {
  d: Float64Array;
  scratch: Float64Array;
  zCache: Map<number, number>;
}

/**
 * Candidate change points: binary segmentation (recursing into the pieces around every accepted
 * split) plus "seeded" intervals — a fixed multi-scale grid of intervals of length n/2, n/4, …
 * (down to 4·minSegment) overlapping by half — so that a short excursion in the middle of a long
 * series (two close change points), which the whole-segment statistic dilutes, is proposed by an
 * interval that fits it. Proposals closer than minSegment to a stronger one are dropped.
 */
function propose(x: Float64Array, P: Prefix, m: number, alpha: number): number[] {
  const n = x.length;
  const D: Diffs = {
    d: new Float64Array(Math.max(0, n - 1)),
    scratch: new Float64Array(Math.max(0, n - 1)),
    zCache: new Map(),
  };
  for (let i = 0; i + 1 < n; i++) D.d[i] = x[i + 1] - x[i];
  const found: Proposal[] = [];
  const stack: Array<[number, number]> = [[0, n]];
  while (stack.length > 0) {
    const [s, e] = stack.pop()!;
    const taus = proposeIn(D, P, s, e, m, alpha, found);
    let prev = s;
    for (const t of taus) {
      stack.push([prev, t]);
      prev = t;
    }
    if (taus.length > 0) stack.push([prev, e]);
  }
  const minLen = Math.max(4 * m, 8);
  for (let len = Math.floor(n / 2); len >= minLen; len = Math.floor(len / 2)) {
    const step = Math.max(1, Math.floor(len / 2));
    const weights = splitWeights(len);
    for (let s = 0; s < n; s += step) {
      const e = Math.min(n, s + len);
      proposeIn(D, P, Math.max(0, e - len), e, m, alpha, found, weights);
      if (e === n) break;
    }
  }
  found.sort((a, b) => a.p - b.p || a.tau - b.tau);
  const kept: number[] = [];
  for (const { tau } of found) {
    if (tau < m || tau > n - m) continue;
    if (kept.every((k) => Math.abs(k - tau) >= m)) kept.push(tau);
  }
  return kept.sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Step 2: confirmation of one proposal in its window [a, b)

/** A within-segment slope this many standard errors from 0 makes the trend model the reference. */
const TREND_Z = 3;

interface Evaluation {
  a: number;
  tau: number;
  b: number;
  pValue: number;
  trend: boolean;
  /** Within-side slope (per sample) when trend, else 0. */
  slope: number;
  beforeMedian: number;
  afterMedian: number;
  beforeMean: number;
  afterMean: number;
  /** Levels just before / at τ: the segment medians, or medians of the detrended sides when trend. */
  levelBefore: number;
  levelAfter: number;
  noise: number;
  pass: boolean;
  /** ≥ 1 when every gate passes; the smallest gate ratio otherwise (used to pick what to remove). */
  strength: number;
  /** Confirmed only on the symmetric local window (see evalAt): its place is not re-located. */
  local?: boolean;
  /**
   * Judged as a jump between the two sides' own lines (they drift at different rates): its place is not re-located
   * by the scans, which assume one slope.
   */
  kink: boolean;
}

/**
 * Tests the proposal `tau` in its window [a, b) (the neighbouring proposals). `context` lists the
 * boundaries of the segments around it (two neighbours each side, deduplicated, from the first
 * context start to the last context end); the drift, when there is one, is estimated from the
 * within-segment variation of all of them, so a staircase that binary segmentation cut into a
 * ramp is recognised as a ramp even where one short window alone is ambiguous.
 */
function evaluate(
  x: Float64Array,
  c: Float64Array,
  context: readonly number[],
  a: number,
  tau: number,
  b: number,
  o: ChangePointOptions,
): Evaluation {
  const nL = tau - a,
    nR = b - tau,
    W = b - a;
  // Within-segment slope pooled over the context segments.
  let sxyCtx = 0,
    sxxCtx = 0,
    sseCtx = 0,
    nCtx = 0;
  for (let k = 0; k + 1 < context.length; k++) {
    const u = context[k],
      v = context[k + 1],
      len = v - u;
    let sum = 0;
    for (let i = u; i < v; i++) sum += c[i];
    const mu = sum / len,
      tm = (u + v - 1) / 2;
    for (let i = u; i < v; i++) {
      const r = c[i] - mu;
      sxyCtx += (i - tm) * r;
      sseCtx += r * r;
    }
    sxxCtx += (len * (len * len - 1)) / 12;
    nCtx += len;
  }
  const segsCtx = context.length - 1;
  const dfCtx = nCtx - segsCtx - 1;
  const betaCtx = sxxCtx > 0 ? sxyCtx / sxxCtx : 0;
  const sseFullCtx = sxxCtx > 0 ? Math.max(0, sseCtx - sxyCtx * betaCtx) : sseCtx;

  // The window itself: step model, line model, and the step model's within-side cross products.
  let sumL = 0,
    sumR = 0;
  for (let i = a; i < tau; i++) sumL += c[i];
  for (let i = tau; i < b; i++) sumR += c[i];
  const cL = sumL / nL,
    cR = sumR / nR;
  const tL = (a + tau - 1) / 2,
    tR = (tau + b - 1) / 2,
    tAll = (a + b - 1) / 2,
    cAll = (sumL + sumR) / W;
  let sseStep = 0,
    sxyW = 0,
    sxyL = 0,
    sxyAll = 0,
    syyAll = 0;
  for (let i = a; i < b; i++) {
    const left = i < tau;
    const r = c[i] - (left ? cL : cR);
    sseStep += r * r;
    sxyW += (i - (left ? tL : tR)) * r;
    if (left) sxyL += (i - tL) * r;
    const dy = c[i] - cAll;
    sxyAll += (i - tAll) * dy;
    syyAll += dy * dy;
  }
  const sxxW = (nL * (nL * nL - 1) + nR * (nR * nR - 1)) / 12;
  const sxxAll = (W * (W * W - 1)) / 12;
  const sseTrend = Math.max(0, syyAll - (sxyAll * sxyAll) / sxxAll);
  const slopeZ = (sxy: number, sxx: number, sse: number, df: number): number => {
    const se = Math.sqrt(sse / df / sxx);
    return se > 0 ? Math.abs(sxy / sxx) / se : sxy !== 0 ? Infinity : 0;
  };
  const sseFullW = sxxW > 0 ? Math.max(0, sseStep - (sxyW * sxyW) / sxxW) : sseStep;
  let useTrend = false;
  if (W > 4 && sxxW > 0 && sxxCtx > 0 && dfCtx >= 2) {
    // A line fits the window better than the step, or there is a clear within-segment slope in
    // the window or in its context (t-test on the pooled slope).
    useTrend =
      sseTrend < sseStep ||
      slopeZ(sxyW, sxxW, sseFullW, W - 3) > TREND_Z ||
      slopeZ(sxyCtx, sxxCtx, sseFullCtx, dfCtx) > TREND_Z;
  }

  let z: number,
    df: number,
    d: number,
    slope = 0,
    slopeAfter = 0;
  const kink = useTrend ? sideSlopes(nL, nR, sxyL, sxyW - sxyL, sseStep) : null;
  if (kink) {
    // The two sides drift at clearly different rates (a broken line): a common slope would read the bend as a
    // step. The step is the jump between the two sides' own lines, between the last run before and the first after.
    const u = tau - 0.5;
    d = cR + kink.betaR * (u - tR) - (cL + kink.betaL * (u - tL));
    df = W - 4;
    const se = kink.s * Math.sqrt(1 / nL + 1 / nR + (u - tL) ** 2 / kink.sxxL + (u - tR) ** 2 / kink.sxxR);
    z = se > 0 ? d / se : d === 0 ? 0 : d * Infinity;
    slope = kink.betaL;
    slopeAfter = kink.betaR;
  } else if (useTrend) {
    // The step must survive both slope estimates: the context's (precise where the drift is
    // uniform) and the window's own (right when the drift starts or stops nearby). The one that
    // leaves the weaker step is used.
    const betaW = sxyW / sxxW;
    let best: { z: number; df: number; d: number; slope: number } | null = null;
    for (const [beta, sxxBeta, dfT] of [
      [betaCtx, sxxCtx, W - 3],
      [betaW, sxxW, W - 4],
    ] as const) {
      // Residual scale of the window around its two detrended levels.
      const sse = Math.max(0, sseStep - 2 * beta * sxyW + beta * beta * sxxW);
      const dd = cR - cL - beta * (tR - tL);
      const se = Math.sqrt(sse / dfT) * Math.sqrt(1 / nL + 1 / nR + ((tR - tL) * (tR - tL)) / sxxBeta);
      const zz = se > 0 ? dd / se : dd === 0 ? 0 : dd * Infinity;
      if (!best || Math.abs(zz) < Math.abs(best.z)) best = { z: zz, df: dfT, d: dd, slope: beta };
    }
    ({ z, df, d, slope } = best!);
    slopeAfter = slope;
  } else {
    df = Math.max(1, W - 2);
    d = cR - cL;
    const se = Math.sqrt(sseStep / df) * Math.sqrt(1 / nL + 1 / nR);
    z = se > 0 ? d / se : d === 0 ? 0 : d * Infinity;
  }
  const candidates = Math.max(1, W - 2 * o.minSegment + 1);
  const rho = residualAutocorrelation(c, a, tau, b, cL, cR, tL, tR, slope, slopeAfter);
  const zEff = z * Math.sqrt((1 - rho) / (1 + rho));
  const pValue = Math.min(1, twoSidedTP(zEff, df) * candidates);

  // Practical size, on the raw values.
  const beforeMedian = medianOf(x, a, tau),
    afterMedian = medianOf(x, tau, b);
  let beforeMean = 0,
    afterMean = 0;
  for (let i = a; i < tau; i++) beforeMean += x[i];
  for (let i = tau; i < b; i++) afterMean += x[i];
  beforeMean /= nL;
  afterMean /= nR;
  // Detrended around τ when the trend model is used, so that the side medians are the levels just
  // before and at the change.
  const dt = new Float64Array(W);
  for (let i = a; i < b; i++) dt[i - a] = x[i] - (i < tau ? slope : slopeAfter) * (i - tau);
  const levelBefore = useTrend ? medianInPlace(dt.slice(0, nL)) : beforeMedian;
  const levelAfter = useTrend ? medianInPlace(dt.slice(nL)) : afterMedian;
  const resid = new Float64Array(W);
  // Agreement: at least minSegment samples on each side must be nearer their own level than the
  // other side's (so two extreme samples plus one ordinary one are not "three samples agreeing").
  const mid = (levelBefore + levelAfter) / 2,
    dir = Math.sign(levelAfter - levelBefore);
  let agreeBefore = 0,
    agreeAfter = 0;
  for (let i = 0; i < W; i++) {
    const after = i >= nL;
    resid[i] = Math.abs(dt[i] - (after ? levelAfter : levelBefore));
    if (after && (dt[i] - mid) * dir > 0) agreeAfter++;
    if (!after && (mid - dt[i]) * dir > 0) agreeBefore++;
  }
  const agree = Math.min(agreeBefore, agreeAfter) >= o.minSegment;
  let meanAbs = 0;
  for (let i = 0; i < W; i++) meanAbs += resid[i];
  // Quantised values can make the MAD 0; fall back to the mean absolute residual (× √(π/2)).
  const noise = MAD_SCALE * medianInPlace(resid) || (meanAbs / W) * Math.sqrt(Math.PI / 2);
  // The practical size is the smaller of the shift of medians and the shift of winsorized means
  // (0 when they disagree in sign): medians jump by whole quanta on quantised data, means can be
  // pulled by what winsorizing left; a real shift moves both.
  const medShift = levelAfter - levelBefore;
  const shift = medShift * d <= 0 ? 0 : Math.sign(medShift) * Math.min(Math.abs(medShift), Math.abs(d));

  const alpha = shortSeriesAlpha(x, a, tau, b, o);
  const gateP = pValue > 0 ? Math.log(pValue) / Math.log(alpha) : Infinity;
  // Two constant sides are exact evidence: a step of any size between them is real (deterministic byte counts).
  const exact = noise === 0 && medShift !== 0;
  const gateRel =
    o.minRelativeChange > 0 && !exact ? Math.abs(shift) / (o.minRelativeChange * Math.abs(levelBefore)) : Infinity;
  const multiple = noiseMultiple(nL, W - nL, pValue, alpha, o);
  const gateNoise = multiple > 0 ? Math.abs(shift) / (multiple * noise) : Infinity;
  const pass = pValue < alpha && gateRel >= 1 && gateNoise >= 1 && agree;
  const strength = Math.min(gateP, gateRel, gateNoise, agree ? Infinity : 0.5);
  return {
    a,
    tau,
    b,
    pValue,
    trend: useTrend,
    kink: kink !== null,
    slope,
    beforeMedian,
    afterMedian,
    beforeMean,
    afterMean,
    levelBefore,
    levelAfter,
    noise,
    pass,
    strength: Number.isNaN(strength) ? 0 : strength,
  };
}

/** Both sides at least this long let the noise multiple fall below minNoiseMultiple (see noiseMultiple). */
const LONG_SIDE = 20;

/**
 * The noise multiple a shift must reach. minNoiseMultiple keeps a step that a few runs show from being a
 * wiggle of the noise; with long sides the means settle it instead: 40 v 40 runs make a 1.7σ step
 * certain (tokio's spawn_many +14 % under 8 % noise). When both sides have at least LONG_SIDE runs
 * and the step's p (already discounted for autocorrelation: wandering noise makes long means look surer than
 * they are) is below α², the multiple is
 * minNoiseMultiple × √(LONG_SIDE / shorter side), never below half of minNoiseMultiple.
 */
function noiseMultiple(nL: number, nR: number, pValue: number, alpha: number, o: ChangePointOptions): number {
  const shorter = Math.min(nL, nR);
  if (o.minNoiseMultiple <= 0 || shorter < LONG_SIDE || !(pValue < alpha * alpha)) return o.minNoiseMultiple;
  return o.minNoiseMultiple * Math.max(0.5, Math.sqrt(LONG_SIDE / shorter));
}

/**
 * Each side's own slope, when the two differ by more than TREND_Z standard errors (a broken line); null otherwise.
 * sse: the step model's residual sum of squares; s: the residual scale of the two lines (df nL + nR − 4).
 */
function sideSlopes(
  nL: number,
  nR: number,
  sxyL: number,
  sxyR: number,
  sse: number,
): { betaL: number; betaR: number; sxxL: number; sxxR: number; s: number } | null {
  const df = nL + nR - 4;
  const sxxL = (nL * (nL * nL - 1)) / 12,
    sxxR = (nR * (nR * nR - 1)) / 12;
  if (df < 2 || !(sxxL > 0) || !(sxxR > 0)) return null;
  const betaL = sxyL / sxxL,
    betaR = sxyR / sxxR;
  const s = Math.sqrt(Math.max(0, sse - sxyL * betaL - sxyR * betaR) / df);
  const se = s * Math.sqrt(1 / sxxL + 1 / sxxR);
  const t = se > 0 ? Math.abs(betaR - betaL) / se : betaR !== betaL ? Infinity : 0;
  return t > TREND_Z ? { betaL, betaR, sxxL, sxxR, s } : null;
}

/**
 * Lag-1 autocorrelation ρ of the window's residuals around the fitted model (two levels, each on its slope when
 * drifting), not counting the pair across the split, less two of its standard errors under white noise (2 / √W):
 * only autocorrelation the window clearly shows discounts a step. Clamped to [0, 0.99].
 */
function residualAutocorrelation(
  c: Float64Array,
  a: number,
  tau: number,
  b: number,
  cL: number,
  cR: number,
  tL: number,
  tR: number,
  slope: number,
  slopeAfter: number,
): number {
  const fit = (i: number) => (i < tau ? cL + slope * (i - tL) : cR + slopeAfter * (i - tR));
  let num = 0,
    den = 0,
    prev = c[a] - fit(a);
  den += prev * prev;
  for (let i = a + 1; i < b; i++) {
    const r = c[i] - fit(i);
    den += r * r;
    if (i !== tau) num += prev * r;
    prev = r;
  }
  const rho = (den > 0 ? num / den : 0) - 2 / Math.sqrt(b - a);
  return Math.max(0, Math.min(0.99, rho));
}

/**
 * A whole history of at most SHORT_SERIES_SEGMENTS × minSegment points has room for only a few
 * splits, and its t-test only a few degrees of freedom: at alpha 0.001 a 3 v 3 step of +300 %
 * (t = 7.3, df 4, p 0.002) would be dropped. There, a split whose two sides do not overlap at all
 * (every value on one side beyond every value on the other) is tested at SHORT_SERIES_ALPHA_FACTOR ×
 * alpha (at most 0.01). Long histories keep alpha: this never applies to a window of a long series.
 */
const SHORT_SERIES_SEGMENTS = 4;
const SHORT_SERIES_ALPHA_FACTOR = 10;

function shortSeriesAlpha(x: Float64Array, a: number, tau: number, b: number, o: ChangePointOptions): number {
  if (x.length > SHORT_SERIES_SEGMENTS * o.minSegment) return o.alpha;
  let maxL = -Infinity,
    minL = Infinity,
    maxR = -Infinity,
    minR = Infinity;
  for (let i = a; i < tau; i++) ((maxL = Math.max(maxL, x[i])), (minL = Math.min(minL, x[i])));
  for (let i = tau; i < b; i++) ((maxR = Math.max(maxR, x[i])), (minR = Math.min(minR, x[i])));
  const separated = maxL < minR || maxR < minL;
  return separated ? Math.min(Math.max(o.alpha, 0.01), SHORT_SERIES_ALPHA_FACTOR * o.alpha) : o.alpha;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Sustained level shifts of a series, in index order. Values must be finite (a NaN or ±Infinity
 * throws a RangeError); fewer than 2 × minSegment values → no change point (there is no room for
 * one). Shifts in either direction are reported; which direction is "worse" is the caller's call.
 * See the header for the algorithm. Deterministic.
 */
export function detectChangePoints(values: ArrayLike<number>, options?: Partial<ChangePointOptions>): ChangePoint[] {
  const o: ChangePointOptions = { ...DEFAULT_CHANGE_POINT_OPTIONS, ...options };
  const m = Math.max(1, Math.floor(o.minSegment));
  o.minSegment = m;
  const x = finiteCopy(values, 'detectChangePoints');
  const n = x.length;
  if (n < 2 * m || o.maxChangePoints < 1) return [];

  const c = winsorize(x);
  const P = prefixSums(c);
  const proposalAlpha = n <= SHORT_SERIES_SEGMENTS * m ? SHORT_SERIES_ALPHA_FACTOR * o.alpha : o.alpha;
  let cps = propose(x, P, m, Math.min(0.5, PROPOSAL_ALPHA_FACTOR * proposalAlpha));
  if (cps.length === 0) return [];

  const cache = new Map<string, Evaluation>();
  const evalAt = (context: number[], a: number, t: number, b: number): Evaluation => {
    const key = `${t}|${context.join(':')}`;
    let ev = cache.get(key);
    if (!ev) {
      ev = evaluate(x, c, context, a, t, b, o);
      // A drift fitted over a long side can explain away a step that is plain nearby (TigerBeetle's
      // −3.9 % at 95, followed by 50 runs of slow recovery). When the step failed under the drift
      // model and one side is more than twice the other, it is re-tested on the symmetric window of
      // the shorter side's length around it; it counts only if it passes every gate there by
      // LOCAL_MARGIN (p below α², twice the minimum shift and noise multiple): a second chance must
      // not turn a drift's wiggle into a step.
      const nL = t - a,
        nR = b - t,
        k = Math.min(nL, nR);
      if (!ev.pass && ev.trend && Math.max(nL, nR) > 2 * k && k >= 2 * o.minSegment) {
        const local = evaluate(x, c, [t - k, t, t + k], t - k, t, t + k, o);
        if (local.pass && local.strength >= LOCAL_MARGIN) ev = { ...local, a, b, local: true };
      }
      cache.set(key, ev);
    }
    return ev;
  };
  const evaluateAll = (): Evaluation[] => {
    const bounds = [0, ...cps, n];
    return cps.map((_, j) => {
      // bounds[j + 1] is the proposal; context = two neighbours each side.
      const context = bounds.slice(Math.max(0, j - 1), Math.min(bounds.length, j + 4));
      return evalAt(context, bounds[j], bounds[j + 1], bounds[j + 2]);
    });
  };

  let evals: Evaluation[] = [];
  for (let round = 0; round < 10; round++) {
    // Backward elimination: drop the weakest failing proposal until all pass.
    for (;;) {
      evals = evaluateAll();
      let worst = -1;
      for (let j = 0; j < evals.length; j++) {
        if (!evals[j].pass && (worst < 0 || evals[j].strength < evals[worst].strength)) worst = j;
      }
      if (worst < 0) break;
      cps.splice(worst, 1);
    }
    if (cps.length === 0) return [];
    // Re-locate each survivor to the best split of its final window, under the model it was
    // confirmed with.
    let moved = false;
    const next = cps.slice();
    for (let j = 0; j < next.length; j++) {
      const a = j === 0 ? 0 : next[j - 1],
        b = j === next.length - 1 ? n : next[j + 1];
      if (evals[j].local || evals[j].kink) continue;
      const sc = scan(P, a, b, m);
      const tau = evals[j].trend ? sc.adj.tau : sc.raw.tau;
      if (tau >= 0 && tau !== next[j]) {
        next[j] = tau;
        moved = true;
      }
    }
    if (!moved) break;
    cps = next;
  }

  // The cap chooses what to report, not the segmentation: merging real segments would describe
  // levels that do not exist.
  const all: ChangePoint[] = evals.map((ev) => ({
    index: ev.tau,
    beforeStart: ev.a,
    afterEnd: ev.b,
    beforeMedian: ev.beforeMedian,
    afterMedian: ev.afterMedian,
    beforeMean: ev.beforeMean,
    afterMean: ev.afterMean,
    changePct: (ev.levelAfter / ev.levelBefore - 1) * 100,
    pValue: ev.pValue,
    noisePct: (ev.noise / Math.abs(ev.levelBefore)) * 100,
    nBefore: ev.tau - ev.a,
    nAfter: ev.b - ev.tau,
    trendPctPerSample: (ev.slope / Math.abs(ev.levelBefore)) * 100,
  }));
  return capChangePoints(all, o.maxChangePoints).kept;
}

/**
 * The `max` change points to report when there are more: none left out is both larger (|log| of the
 * ratio of the levels) and more significant (p) than one kept. They are taken in Pareto layers — first
 * every change point that no other beats on both, then those only the first layer beats, … — and
 * within the last layer that fits in part, the largest first. `omitted` says how many were left out.
 */
export function capChangePoints(cps: ChangePoint[], max: number): { kept: ChangePoint[]; omitted: number } {
  const limit = Math.max(0, Math.floor(max));
  if (cps.length <= limit) return { kept: cps, omitted: 0 };
  const size = (c: ChangePoint) => {
    const r = Math.abs(Math.log1p(c.changePct / 100));
    return Number.isNaN(r) ? Infinity : r;
  };
  const beats = (p: ChangePoint, q: ChangePoint) =>
    size(p) >= size(q) && p.pValue <= q.pValue && (size(p) > size(q) || p.pValue < q.pValue);
  let rest = cps.slice();
  const kept: ChangePoint[] = [];
  while (kept.length < limit) {
    const layer = rest.filter((q) => !rest.some((p) => beats(p, q)));
    layer.sort((p, q) => size(q) - size(p) || p.pValue - q.pValue || p.index - q.index);
    kept.push(...layer.slice(0, limit - kept.length));
    rest = rest.filter((q) => !layer.includes(q));
  }
  return { kept: kept.sort((p, q) => p.index - q.index), omitted: cps.length - kept.length };
}

// ---------------------------------------------------------------------------------------------
// Outliers

export interface OutlierOptions {
  /** A point is an outlier when it is more than k robust sigmas from the local level (default 5). */
  k: number;
  /** Neighbours looked at on each side (default 5). */
  halfWidth: number;
  /** Longest run of mutually agreeing extreme samples still called outliers (default 2); longer is a level. */
  maxRun: number;
}

/** A value shared (within one σ̂) by at least this share of the series (and 3 samples) is a mode. */
const MODE_SHARE = 0.05;

function agreeWithin(x: Float64Array, s: number, e: number, level: number, lim: number): boolean {
  for (let i = s; i < e; i++) if (Math.abs(x[i] - level) > lim) return false;
  return true;
}

/** Number of values of an ascending array within [lo, hi]. */
function countWithin(sorted: Float64Array, lo: number, hi: number): number {
  const first = (v: number) => {
    let a = 0,
      b = sorted.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (sorted[mid] < v) a = mid + 1;
      else b = mid;
    }
    return a;
  };
  let end = first(hi);
  while (end < sorted.length && sorted[end] === hi) end++;
  return end - first(lo);
}

export const DEFAULT_OUTLIER_OPTIONS: Readonly<OutlierOptions> = Object.freeze({ k: 5, halfWidth: 5, maxRun: 2 });

/**
 * Indices (ascending) of isolated points far from their local level. x_i is an outlier when
 *   • it is more than k·σ̂ (σ̂ = robustNoise of the whole series) from the median of the up to
 *     `halfWidth` samples after it — the following samples contradict it;
 *   • when there are samples before it, it is also more than k·σ̂ from the median of the up to
 *     `halfWidth` samples before it;
 *   • it belongs to a run of at most `maxRun` consecutive samples within k·σ̂ of it (three samples
 *     that agree are a level, as for detectChangePoints' default minSegment);
 *   • the first sample only when the samples after it agree with each other (within k·σ̂);
 *   • fewer than max(3, 5 % of the series) values lie within σ̂ of it (else it is a mode of a
 *     multi-modal series, which the runner visits again and again).
 * A step is therefore never an outlier (the samples after it agree with it). The last sample is
 * never flagged: nothing has contradicted it yet. Values must be finite (RangeError otherwise);
 * fewer than 3 values → []. `from`: only indices from it on are judged (each judged as in the whole series).
 */
export function findOutliers(values: ArrayLike<number>, options?: Partial<OutlierOptions>, from = 0): number[] {
  const o: OutlierOptions = { ...DEFAULT_OUTLIER_OPTIONS, ...options };
  const h = Math.max(1, Math.floor(o.halfWidth));
  const x = finiteCopy(values, 'findOutliers');
  const n = x.length;
  if (n < 3) return [];
  const lim = o.k * robustNoise(x);
  let sorted: Float64Array | null = null;
  const modeCount = Math.max(3, Math.ceil(MODE_SHARE * n));
  const out: number[] = [];
  for (let i = Math.max(0, from); i < n - 1; i++) {
    const after = medianOf(x, i + 1, Math.min(n, i + 1 + h));
    if (!(Math.abs(x[i] - after) > lim)) continue;
    if (i > 0 && !(Math.abs(x[i] - medianOf(x, Math.max(0, i - h), i)) > lim)) continue;
    // The first sample has nothing before it: it is a spike only if the samples after it agree
    // with each other (a rising series' first sample is not "a spike back at the usual level").
    if (i === 0 && !agreeWithin(x, 1, Math.min(n, 1 + h), after, lim)) continue;
    // A value the series takes again and again elsewhere is one of its modes, not an outlier.
    if (countWithin((sorted ??= x.slice().sort()), x[i] - lim / o.k, x[i] + lim / o.k) >= modeCount) continue;
    let run = 1;
    for (let j = i - 1; j >= 0 && Math.abs(x[j] - x[i]) <= lim && run <= o.maxRun; j--) run++;
    for (let j = i + 1; j < n && Math.abs(x[j] - x[i]) <= lim && run <= o.maxRun; j++) run++;
    if (run <= o.maxRun) out.push(i);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Raw samples of two runs

export interface SampleComparison {
  /** (afterMedian / beforeMedian − 1) × 100. */
  changePct: number;
  /** Welch's t-test, two-sided (NaN when a side has fewer than 2 samples). */
  pWelch: number;
  /** Mann–Whitney U, two-sided, normal approximation (see stats.ts; indicative below 5 per side). */
  pMannWhitney: number;
  beforeMedian: number;
  afterMedian: number;
}

/**
 * Compares the raw per-iteration samples of two runs (for formats that keep them). Both tests are
 * reported: Welch for means (sensitive, but pulled by outliers), Mann–Whitney for a shift of the
 * whole distribution (robust). NaN values make the affected results NaN (nothing is dropped).
 */
export function compareSamples(before: ArrayLike<number>, after: ArrayLike<number>): SampleComparison {
  const beforeMedian = median(before),
    afterMedian = median(after);
  return {
    changePct: (afterMedian / beforeMedian - 1) * 100,
    pWelch: welchTTest(before, after).pValue,
    pMannWhitney: mannWhitneyU(before, after).pValue,
    beforeMedian,
    afterMedian,
  };
}
