// A seeded, labelled synthetic corpus of benchmark-like series, for evaluating change-point
// detectors (scripts/eval-detector.ts) and for tests. Same seed and options → the same corpus.
//
// Each series is level_t · (1 + cv · ε_t): multiplicative noise, so the coefficient of variation is
// the same before and after a step, as it is for timings. ε is standard normal, or, for a share of
// the series, Student-t with 3 degrees of freedom scaled to unit variance (heavy tails: ~1 % of the
// samples beyond 3.5 σ). Labels are the true change points (steps only: spikes and drifts are not
// change points) with their size in % and in noise sigmas (|size %| / (100 · cv)).

import { mulberry32 } from './stats.ts';

export type SeriesKind = 'noise' | 'step' | 'two-steps' | 'spike' | 'drift' | 'step-spike';

export const SERIES_KINDS: readonly SeriesKind[] = ['noise', 'step', 'two-steps', 'spike', 'drift', 'step-spike'];

export interface TrueChange {
  /** First sample of the new level. */
  index: number;
  /** Relative size, (after / before − 1) × 100. */
  pct: number;
  /** |pct| / (100 · cv): the step in units of the per-sample noise standard deviation. */
  sigmas: number;
}

export interface LabelledSeries {
  id: string;
  kind: SeriesKind;
  values: number[];
  /** Level at the start of the series. */
  level: number;
  /** Noise standard deviation as a fraction of the level (0.005 – 0.05). */
  cv: number;
  noise: 'gaussian' | 'student-t3' | RealNoise;
  /** True change points, in index order (empty for noise, spike and drift series). */
  changes: TrueChange[];
  /** Indices of injected single-sample spikes (not change points). */
  spikes: number[];
  /** Total linear drift over the series in % (0 when none; not a change point). */
  driftPct: number;
  /** Bimodal series: share of runs in the slow mode, mean burst length, and how much slower it is. */
  slowMode?: { share: number; burst: number; gap: number };
}

export interface CorpusOptions {
  /** Number of series (default 240: 40 of each kind). */
  count: number;
  minLength: number;
  maxLength: number;
  /** Noise CV range (fractions). */
  minCv: number;
  maxCv: number;
  /** Share of series with Student-t (df = 3) noise instead of Gaussian. */
  heavyTailShare: number;
  /** Step sizes, absolute, in % (sign is random). */
  minStepPct: number;
  maxStepPct: number;
  /** Samples a step leaves on each side (and between two steps). */
  minSideSamples: number;
  /** Kinds to generate, cycled in order. */
  kinds: readonly SeriesKind[];
}

export const DEFAULT_CORPUS_OPTIONS: Readonly<CorpusOptions> = Object.freeze({
  count: 240,
  minLength: 60,
  maxLength: 300,
  minCv: 0.005,
  maxCv: 0.05,
  heavyTailShare: 0.25,
  minStepPct: 2,
  maxStepPct: 30,
  minSideSamples: 10,
  kinds: SERIES_KINDS,
});

/** Random helpers over one seeded stream. */
export class Rng {
  private readonly next: () => number;
  private spare: number | null = null;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  logUniform(lo: number, hi: number): number {
    return Math.exp(this.uniform(Math.log(lo), Math.log(hi)));
  }
  sign(): number {
    return this.next() < 0.5 ? -1 : 1;
  }
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** Student t with 3 df, scaled to unit variance (its variance is 3). */
  studentT3(): number {
    const z = this.normal();
    const chi2 = this.normal() ** 2 + this.normal() ** 2 + this.normal() ** 2;
    return z / Math.sqrt(chi2 / 3) / Math.sqrt(3);
  }
}

/** Generates the labelled corpus. The first series kinds cycle through options.kinds. */
export function generateCorpus(seed = 1, options?: Partial<CorpusOptions>): LabelledSeries[] {
  const o: CorpusOptions = { ...DEFAULT_CORPUS_OPTIONS, ...options };
  const rng = new Rng(seed);
  const out: LabelledSeries[] = [];
  for (let k = 0; k < o.count; k++) {
    const kind = o.kinds[k % o.kinds.length];
    out.push(generateSeries(rng, kind, `${kind}-${k}`, o));
  }
  return out;
}

function generateSeries(rng: Rng, kind: SeriesKind, id: string, o: CorpusOptions): LabelledSeries {
  const minLen = Math.max(o.minLength, kind === 'two-steps' ? 3 * o.minSideSamples : 2 * o.minSideSamples);
  const n = rng.int(minLen, Math.max(minLen, o.maxLength));
  const level = rng.logUniform(1, 10_000);
  const cv = rng.uniform(o.minCv, o.maxCv);
  const heavy = rng.uniform() < o.heavyTailShare;
  const side = o.minSideSamples;

  const stepPct = () => rng.sign() * rng.uniform(o.minStepPct, o.maxStepPct);
  const changes: TrueChange[] = [];
  if (kind === 'step' || kind === 'step-spike') {
    changes.push({ index: rng.int(side, n - side), pct: stepPct(), sigmas: 0 });
  } else if (kind === 'two-steps') {
    const first = rng.int(side, n - 2 * side);
    const second = rng.int(first + side, n - side);
    changes.push({ index: first, pct: stepPct(), sigmas: 0 }, { index: second, pct: stepPct(), sigmas: 0 });
  }
  for (const ch of changes) ch.sigmas = Math.abs(ch.pct) / (100 * cv);

  const driftPct = kind === 'drift' ? rng.sign() * rng.uniform(5, 20) : 0;
  const spikes: number[] = [];
  if (kind === 'spike' || kind === 'step-spike') {
    let at = rng.int(0, n - 1);
    // A spike on the first sample of a new level would be indistinguishable from the step itself.
    while (changes.some((ch) => Math.abs(ch.index - at) <= 1)) at = rng.int(0, n - 1);
    spikes.push(at);
  }
  const spikeFactor = rng.uniform(1.2, 2);

  const values = new Array<number>(n);
  let lv = level;
  let next = 0;
  for (let i = 0; i < n; i++) {
    while (next < changes.length && changes[next].index === i) lv *= 1 + changes[next++].pct / 100;
    const drift = 1 + (driftPct / 100) * (i / (n - 1));
    const eps = heavy ? rng.studentT3() : rng.normal();
    let v = lv * drift * (1 + cv * eps);
    if (spikes.includes(i)) v *= spikeFactor;
    values[i] = v;
  }
  return { id, kind, values, level, cv, noise: heavy ? 'student-t3' : 'gaussian', changes, spikes, driftPct };
}

/**
 * Noise as CI runners make it, for the second corpus (generateRealNoiseCorpus):
 * - bimodal: the runner visits a slower mode (+20–90 %) in 5–40 % of the runs, in bursts of 1–3 runs
 *   on average (django's asv history, tokio's send_large);
 * - quantised: values are whole multiples of a timer resolution of 1–5 % of the level;
 * - right-skewed: 15 % of the runs pay an exponential extra of 5–30 % of the level on average;
 * - wandering: the noise is autocorrelated (AR(1), φ 0.2–0.6), so quiet stretches sit a little high
 *   or low for a while.
 * A step moves every mode (it is the benchmark's change, not the runner's). sigmas is measured against
 * the within-mode noise (cv), so a bimodal series' small steps are hard by design.
 */
export type RealNoise = 'bimodal' | 'quantised' | 'right-skewed' | 'wandering';

export const REAL_NOISE_MODELS: readonly RealNoise[] = ['bimodal', 'quantised', 'right-skewed', 'wandering'];

const REAL_NOISE_KINDS: readonly SeriesKind[] = ['noise', 'step', 'two-steps'];

/** Series of kinds noise, step and two steps under each real-noise model in turn (same seed → same corpus). */
export function generateRealNoiseCorpus(seed = 1, options?: Partial<CorpusOptions>): LabelledSeries[] {
  const o: CorpusOptions = { ...DEFAULT_CORPUS_OPTIONS, maxCv: 0.03, count: 240, ...options };
  const rng = new Rng(seed);
  const out: LabelledSeries[] = [];
  for (let k = 0; k < o.count; k++) {
    const kind = REAL_NOISE_KINDS[k % REAL_NOISE_KINDS.length];
    const model = REAL_NOISE_MODELS[Math.floor(k / REAL_NOISE_KINDS.length) % REAL_NOISE_MODELS.length];
    out.push(generateRealNoiseSeries(rng, kind, model, `${model}-${kind}-${k}`, o));
  }
  return out;
}

function generateRealNoiseSeries(
  rng: Rng,
  kind: SeriesKind,
  model: RealNoise,
  id: string,
  o: CorpusOptions,
): LabelledSeries {
  const side = o.minSideSamples;
  const n = rng.int(Math.max(o.minLength, 3 * side), o.maxLength);
  const level = rng.logUniform(1, 10_000);
  const cv = rng.uniform(o.minCv, o.maxCv);
  const stepPct = () => rng.sign() * rng.uniform(o.minStepPct, o.maxStepPct);
  const changes: TrueChange[] = [];
  if (kind === 'step') changes.push({ index: rng.int(side, n - side), pct: stepPct(), sigmas: 0 });
  if (kind === 'two-steps') {
    const first = rng.int(side, n - 2 * side);
    changes.push(
      { index: first, pct: stepPct(), sigmas: 0 },
      { index: rng.int(first + side, n - side), pct: stepPct(), sigmas: 0 },
    );
  }
  for (const ch of changes) ch.sigmas = Math.abs(ch.pct) / (100 * cv);

  const slowShare = rng.uniform(0.05, 0.4),
    burst = rng.uniform(1, 3),
    gap = rng.uniform(0.2, 0.9);
  const enterSlow = slowShare / (burst * (1 - slowShare));
  const quantum = level * rng.uniform(0.01, 0.05);
  const tailMean = rng.uniform(0.05, 0.3);
  const phi = rng.uniform(0.2, 0.6);
  let slow = false,
    ar = rng.normal();
  const values = new Array<number>(n);
  let lv = level,
    next = 0;
  for (let i = 0; i < n; i++) {
    while (next < changes.length && changes[next].index === i) lv *= 1 + changes[next++].pct / 100;
    let v = lv * (1 + cv * rng.normal());
    if (model === 'bimodal') {
      slow = slow ? rng.uniform() > 1 / burst : rng.uniform() < enterSlow;
      if (slow) v *= 1 + gap;
    } else if (model === 'quantised') {
      v = Math.max(1, Math.round(v / quantum)) * quantum;
    } else if (model === 'right-skewed') {
      if (rng.uniform() < 0.15) v += lv * -Math.log(1 - rng.uniform()) * tailMean;
    } else {
      ar = phi * ar + Math.sqrt(1 - phi * phi) * rng.normal();
      v = lv * (1 + cv * ar);
    }
    values[i] = v;
  }
  return {
    id,
    kind,
    values,
    level,
    cv,
    noise: model,
    changes,
    spikes: [],
    driftPct: 0,
    ...(model === 'bimodal' ? { slowMode: { share: slowShare, burst, gap } } : {}),
  };
}
