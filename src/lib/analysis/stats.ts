// Pure-TypeScript statistics for benchmark series: the pieces SQL does badly (robust location and
// scale, rank tests, exact-enough p-values from the normal and Student-t distributions).
//
// Conventions, shared by every function here:
// - Inputs are `ArrayLike<number>` (plain arrays, typed arrays, DuckDB/Arrow vectors copied to arrays).
//   Nothing is dropped silently: a NaN anywhere in the input makes the result NaN (for the functions
//   that return records, every numeric field that depends on the data is NaN). ±Infinity is treated as
//   a number and propagates the way IEEE arithmetic says.
// - Each function documents what it returns when there are too few values (typically n < 2): NaN,
//   never a made-up 0, so callers can tell "no evidence" from "no change".
// - Series statistics (regression, Theil–Sen, Mann–Kendall) use the sample index 0..n−1 as x.
// - Nothing here allocates more than O(n) except Mann–Kendall (O(n²) time, O(1) extra space) and
//   Theil–Sen (O(n²) pairs up to n = 600, a fixed-size deterministic subsample above).

// ---------------------------------------------------------------------------------------------
// Helpers

/** Copies the input into a Float64Array; returns null when it contains a NaN. */
function toFloat(values: ArrayLike<number>): Float64Array | null {
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return null;
    out[i] = v;
  }
  return out;
}

function sortedCopy(values: ArrayLike<number>): Float64Array | null {
  const a = toFloat(values);
  if (a) a.sort();
  return a;
}

/** Quantile (type 7) of an already sorted array. */
function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const frac = h - lo;
  return frac === 0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

/** Median of a scratch buffer (reorders it in place). O(n) expected (quickselect). */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return NaN;
  const k = n >> 1;
  const upper = select(a, k, 0, n - 1);
  if (n & 1) return upper;
  // The lower middle is the maximum of the left part after selection.
  let lower = -Infinity;
  for (let i = 0; i < k; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** Hoare-style quickselect: returns the k-th smallest of a[lo..hi] and partially orders a. */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    // Median-of-three pivot keeps sorted and reversed inputs linear.
    const mid = (lo + hi) >> 1;
    const x = a[lo],
      y = a[mid],
      z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo,
      j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

// ---------------------------------------------------------------------------------------------
// Descriptive statistics

/** Arithmetic mean. n = 0 → NaN. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  return s / n;
}

/** Median (average of the two middle values for even n). n = 0 → NaN. */
export function median(values: ArrayLike<number>): number {
  const a = toFloat(values);
  if (!a) return NaN;
  return medianInPlace(a);
}

/**
 * Quantile of type 7 (R's default, NumPy's 'linear'): h = (n−1)p, interpolate between the order
 * statistics around h. p outside [0, 1] or n = 0 → NaN; n = 1 → that value.
 */
export function quantile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  const s = sortedCopy(values);
  if (!s) return NaN;
  return sortedQuantile(s, p);
}

/** Factor that makes the MAD a consistent estimator of σ for normal data (1 / Φ⁻¹(3/4)). */
export const MAD_SCALE = 1.482602218505602;

/**
 * Median absolute deviation from the median, scaled by 1.4826 so that it estimates σ for normal
 * data. n = 0 → NaN; n = 1 → 0.
 */
export function mad(values: ArrayLike<number>): number {
  const a = toFloat(values);
  if (!a || a.length === 0) return NaN;
  const m = medianInPlace(a.slice());
  for (let i = 0; i < a.length; i++) a[i] = Math.abs(a[i] - m);
  return MAD_SCALE * medianInPlace(a);
}

/** Sample variance (n − 1 denominator, two-pass). n < 2 → NaN. */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    ss += d * d;
  }
  return ss / (n - 1);
}

/** Sample standard deviation (n − 1 denominator). n < 2 → NaN. */
export function stddev(values: ArrayLike<number>): number {
  return Math.sqrt(variance(values));
}

/**
 * Coefficient of variation: sample stddev / |mean| (a fraction, not %). n < 2 → NaN; mean 0 →
 * Infinity (or NaN when the stddev is 0 too).
 */
export function coefficientOfVariation(values: ArrayLike<number>): number {
  return stddev(values) / Math.abs(mean(values));
}

// ---------------------------------------------------------------------------------------------
// Trend on the sample index

export interface LinearFit {
  /** Change per sample. */
  slope: number;
  /** Fitted value at index 0. */
  intercept: number;
  /** Coefficient of determination; NaN when y is constant (0/0). */
  r2: number;
  n: number;
}

/**
 * Ordinary least squares of y on the index 0..n−1. n < 2 → slope, intercept, r2 all NaN
 * (n = 1 would determine a level but no slope).
 */
export function linearRegression(values: ArrayLike<number>): LinearFit {
  const n = values.length;
  const y = toFloat(values);
  if (!y || n < 2) return { slope: NaN, intercept: NaN, r2: NaN, n };
  const xBar = (n - 1) / 2;
  const yBar = mean(y);
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - xBar,
      dy = y[i] - yBar;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const intercept = yBar - slope * xBar;
  const r2 = syy === 0 ? NaN : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2, n };
}

export interface TheilSenFit {
  /** Median of the pairwise slopes (y_j − y_i) / (j − i). */
  slope: number;
  /** Median of y_i − slope · i. */
  intercept: number;
  /** Number of pairwise slopes the median was taken over. */
  pairs: number;
  /** True when the pairs were a deterministic subsample (n > 600). */
  sampled: boolean;
}

/** Above this n, Theil–Sen uses a deterministic subsample of pairs. */
export const THEIL_SEN_EXACT_MAX = 600;

/**
 * Theil–Sen slope: the median of all pairwise slopes, which tolerates up to ~29 % of arbitrarily
 * bad points. For n ≤ 600 every pair is used (≤ 179,700 slopes); above that, a fixed pseudo-random
 * subsample of max(179,700, 40 n) pairs drawn with a fixed seed, so the answer is deterministic and
 * the cost grows linearly in n (the median is found by quickselect). n < 2 → NaN.
 */
export function theilSen(values: ArrayLike<number>): TheilSenFit {
  const n = values.length;
  const y = toFloat(values);
  if (!y || n < 2) return { slope: NaN, intercept: NaN, pairs: 0, sampled: false };
  let slopes: Float64Array;
  let sampled = false;
  if (n <= THEIL_SEN_EXACT_MAX) {
    slopes = new Float64Array((n * (n - 1)) / 2);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i];
      for (let j = i + 1; j < n; j++) slopes[k++] = (y[j] - yi) / (j - i);
    }
  } else {
    sampled = true;
    const m = Math.max((THEIL_SEN_EXACT_MAX * (THEIL_SEN_EXACT_MAX - 1)) / 2, 40 * n);
    slopes = new Float64Array(m);
    const rand = mulberry32(0x5eed7e11);
    for (let k = 0; k < m; k++) {
      let i = Math.floor(rand() * n);
      let j = Math.floor(rand() * (n - 1));
      if (j >= i) j++;
      else {
        const t = i;
        i = j;
        j = t;
      }
      slopes[k] = (y[j] - y[i]) / (j - i);
    }
  }
  const slope = medianInPlace(slopes);
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = y[i] - slope * i;
  return { slope, intercept: medianInPlace(resid), pairs: slopes.length, sampled };
}

export interface MannKendallResult {
  /** S = Σ_{i<j} sign(y_j − y_i). */
  s: number;
  /** Var(S) under H0, corrected for ties. */
  varS: number;
  /** (S ∓ 1) / √Var(S) (continuity-corrected toward 0); 0 when S = 0. */
  z: number;
  /** Two-sided p-value from the normal approximation. */
  pValue: number;
  /** Kendall's tau-a = S / (n(n−1)/2). */
  tau: number;
  n: number;
}

/**
 * Mann–Kendall monotonic trend test. Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over tie groups
 * of size t. The normal approximation is reasonable from n ≈ 8; for n < 3 everything is NaN.
 * When every value is tied, Var(S) = 0 and z = 0, p = 1. O(n²) time.
 */
export function mannKendall(values: ArrayLike<number>): MannKendallResult {
  const n = values.length;
  const y = toFloat(values);
  if (!y || n < 3) return { s: NaN, varS: NaN, z: NaN, pValue: NaN, tau: NaN, n };
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const yi = y[i];
    for (let j = i + 1; j < n; j++) {
      const d = y[j] - yi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  }
  let tieTerm = 0;
  for (const t of tieGroupSizes(y)) tieTerm += t * (t - 1) * (2 * t + 5);
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  let z = 0;
  if (varS > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(varS);
    else if (s < 0) z = (s + 1) / Math.sqrt(varS);
  }
  return { s, varS, z, pValue: twoSidedNormalP(z), tau: s / ((n * (n - 1)) / 2), n };
}

/** Sizes (> 1) of the groups of equal values. */
function tieGroupSizes(values: Float64Array): number[] {
  const s = values.slice().sort();
  const out: number[] = [];
  let run = 1;
  for (let i = 1; i <= s.length; i++) {
    if (i < s.length && s[i] === s[i - 1]) run++;
    else {
      if (run > 1) out.push(run);
      run = 1;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Two-sample tests

export interface WelchResult {
  /** (mean(b) − mean(a)) / √(s²a/na + s²b/nb). */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value from Student's t. */
  pValue: number;
  meanA: number;
  meanB: number;
}

/**
 * Welch's unequal-variance t-test of b against a (positive t: b is larger). Needs n ≥ 2 on each
 * side, otherwise t, df and pValue are NaN. When both variances are 0: equal means → t = 0, p = 1;
 * different means → t = ±Infinity, p = 0 (df = na + nb − 2).
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchResult {
  const na = a.length,
    nb = b.length;
  const meanA = mean(a),
    meanB = mean(b);
  const nan = { t: NaN, df: NaN, pValue: NaN, meanA, meanB };
  if (na < 2 || nb < 2 || Number.isNaN(meanA) || Number.isNaN(meanB)) return nan;
  const va = variance(a) / na,
    vb = variance(b) / nb;
  const se2 = va + vb;
  const diff = meanB - meanA;
  if (se2 === 0) {
    const t = diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
    return { t, df: na + nb - 2, pValue: diff === 0 ? 1 : 0, meanA, meanB };
  }
  const t = diff / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (na - 1) + (vb * vb) / (nb - 1));
  return { t, df, pValue: twoSidedTP(t, df), meanA, meanB };
}

export interface MannWhitneyResult {
  /** U statistic of sample a: the number of pairs (a_i, b_j) with a_i > b_j, ties counting ½. */
  uA: number;
  /** U statistic of sample b; uA + uB = na · nb. */
  uB: number;
  /** Continuity-corrected normal score of uB (positive: b tends to be larger). */
  z: number;
  /** Two-sided p-value (normal approximation, tie-corrected variance, continuity correction). */
  pValue: number;
  /** Hodges-free effect size: P(b > a) + ½ P(b = a) = uB / (na nb). */
  probBGreater: number;
}

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test of b against a. Ties get mid-ranks; the variance is
 * (na nb / 12) · [(N + 1) − Σ(t³ − t) / (N(N − 1))]; z = (uB − na nb / 2 ∓ ½) / σ with the ½ taken
 * toward 0. The normal approximation is within a few percent of the exact p-value for na, nb ≥ 5;
 * below that it is still returned but is only indicative. An empty side → everything NaN; all
 * values tied → z = 0, p = 1.
 */
export function mannWhitneyU(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyResult {
  const na = a.length,
    nb = b.length;
  const fa = toFloat(a),
    fb = toFloat(b);
  if (!fa || !fb || na === 0 || nb === 0) return { uA: NaN, uB: NaN, z: NaN, pValue: NaN, probBGreater: NaN };
  const N = na + nb;
  const all = new Float64Array(N);
  all.set(fa, 0);
  all.set(fb, na);
  const { ranks, tieTerm } = midRanks(all);
  let rankSumB = 0;
  for (let i = na; i < N; i++) rankSumB += ranks[i];
  const uB = rankSumB - (nb * (nb + 1)) / 2;
  const uA = na * nb - uB;
  const mu = (na * nb) / 2;
  const varU = ((na * nb) / 12) * (N + 1 - tieTerm / (N * (N - 1)));
  let z = 0;
  if (varU > 0) {
    const d = uB - mu;
    const corrected = d > 0 ? Math.max(0, d - 0.5) : Math.min(0, d + 0.5);
    z = corrected / Math.sqrt(varU);
  }
  return { uA, uB, z, pValue: twoSidedNormalP(z), probBGreater: uB / (na * nb) };
}

/** Mid-ranks (1-based) of the values and Σ(t³ − t) over tie groups. */
export function midRanks(values: ArrayLike<number>): { ranks: Float64Array; tieTerm: number } {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    const r = (i + 1 + j) / 2; // mean of ranks i+1..j
    for (let k = i; k < j; k++) ranks[order[k]] = r;
    const t = j - i;
    if (t > 1) tieTerm += t * t * t - t;
    i = j;
  }
  return { ranks, tieTerm };
}

// ---------------------------------------------------------------------------------------------
// Distributions

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), a > 0, x ≥ 0. */
export function gammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Series for P(a, x).
    let sum = 1 / a,
      term = sum,
      ap = a;
    for (let k = 0; k < 1000; k++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  let b = x + 1 - a,
    c = 1 / TINY,
    d = 1 / b,
    h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b,
    qap = a + 1,
    qam = a - 1;
  let c = 1,
    d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b), a, b > 0, 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b) || a <= 0 || b <= 0 || x < 0 || x > 1) return NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Standard normal CDF Φ(x), accurate to ~1e-15 relative in both tails (via Q(½, x²/2)). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const tail = 0.5 * gammaQ(0.5, (x * x) / 2); // P(Z > |x|)
  return x < 0 ? tail : 1 - tail;
}

/** Two-sided p-value 2 P(Z > |z|). NaN → NaN. */
export function twoSidedNormalP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/**
 * Student-t CDF with df > 0 degrees of freedom (non-integer df allowed, as Welch needs), via
 * P(|T| > |t|) = I_{df/(df+t²)}(df/2, ½). df = Infinity → normal CDF; df ≤ 0 or NaN → NaN.
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || df <= 0) return NaN;
  if (df === Infinity) return normalCdf(t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
  return t < 0 ? tail : 1 - tail;
}

/** Two-sided p-value 2 P(T > |t|) for Student's t with df degrees of freedom. */
export function twoSidedTP(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || df <= 0) return NaN;
  if (df === Infinity) return twoSidedNormalP(t);
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, incompleteBeta(df / (df + t * t), df / 2, 0.5));
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation refined by one Halley step;
 * ~1e-15 relative). p outside (0, 1) → ±Infinity at the ends, NaN beyond.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5,
      r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley refinement step.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

// ---------------------------------------------------------------------------------------------
// Deterministic pseudo-random numbers (for sampling and synthetic data; never Math.random)

/** Mulberry32: a small, fast, seedable PRNG returning uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
