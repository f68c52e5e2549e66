// Series that move together confirm each other. When the detector finds a shift in one series at a run (a commit,
// or a time shared by the runs of a suite), a weaker shift in another series at that same run is tested there: the
// place is given, not searched for, so one rank test per series says whether its level moved at that run. A
// shift joins the incident when the test passes with Bonferroni control over every test made (the family-wise
// false-alarm level is the detector's alpha), is at least the detector's minimum size and one robust noise, and
// holds: both halves of the runs after it sit on the new side. Pure; the engine gives the alignment of runs.
import { robustNoise, type ChangePoint, type ChangePointOptions } from './changepoints.ts';
import { mannWhitneyU, mean, median, twoSidedNormalP } from './stats.ts';

/** A run of one series: the index of a history in the caller's list and the index of the run in it. */
export interface RunRef {
  series: number;
  index: number;
}

/** One run shared by several series (the same commit, or the same time): where the detector found shifts there, and where the run sits in the other series. */
export interface SharedRun {
  key: string;
  found: RunRef[];
  candidates: RunRef[];
}

export interface Corroborated {
  key: string;
  series: number;
  changePoint: ChangePoint;
  /** Series whose own shift at this run the detector found. */
  foundIn: number;
  /** Tests made in the whole analysis (the Bonferroni factor). */
  tests: number;
  /** Mann–Whitney p of this series' runs before against after, before the adjustment. */
  rawP: number;
  /** The series' own change point a few runs away that this one replaces (the same shift, placed at the shared run). */
  replaces?: number;
}

/** Most runs taken on either side of the shared run. */
export const CORROBORATION_WINDOW = 60;
/** Fewest runs on either side: enough for the rank test to reach the adjusted level at all. */
export const CORROBORATION_MIN_SIDE = 8;
/** A shift found alone at most this many runs from a run where other series shifted may be moved there. */
export const RELOCATE_RUNS = 5;
// When the true shift is at the shared run, noise moves the best-fitting place by a log-likelihood ratio with a
// roughly exponential tail: 2 ln 100 covers 99 % of it.
const SAME_PLACE_T2 = 2 * Math.log(100);

type Options = Pick<ChangePointOptions, 'alpha' | 'minSegment' | 'minRelativeChange'>;

/**
 * Shifts that the other series' shifts at the same run confirm. `values[s]` is series s's history and `known[s]`
 * the indices of its change points (a candidate within minSegment of one of them is already found). A series'
 * runs either side of a candidate stop at its nearest change points, those confirmed here included: the strongest
 * confirmation per series is taken first, and the others are tested again within its bounds.
 */
export function corroborate(
  values: ArrayLike<number>[],
  known: number[][],
  shared: SharedRun[],
  options: Options,
): Corroborated[] {
  // How many series' own shifts each found run explains: a shift found alone a few runs from a run where other
  // series shifted may be that run's shift, placed a little off by the noise.
  const foundAt = new Map<string, number>();
  for (const run of shared) for (const f of run.found) foundAt.set(`${f.series}:${f.index}`, run.found.length);
  const positions: { run: SharedRun; ref: RunRef; replaces?: number }[] = [];
  const seen = new Set<string>();
  for (const run of shared) {
    if (run.found.length === 0) continue;
    for (const ref of run.candidates) {
      const id = `${ref.series}:${ref.index}`;
      if (seen.has(id) || run.found.some((f) => f.series === ref.series)) continue;
      seen.add(id);
      const near = (known[ref.series] ?? []).filter((c) => Math.abs(c - ref.index) <= RELOCATE_RUNS);
      if (near.length === 1 && (foundAt.get(`${ref.series}:${near[0]}`) ?? 1) < run.found.length + 1) {
        const others = (known[ref.series] ?? []).filter((c) => c !== near[0]);
        const bounds = window(ref, others, values[ref.series].length, options);
        if (bounds && samePlace(values[ref.series], near[0], ref.index, bounds))
          positions.push({ run, ref, replaces: near[0] });
        continue;
      }
      positions.push({ run, ref });
    }
  }
  // The family: every position that can be tested at all, fixed before any test is made.
  const cps = known.map((k) => [...k]);
  for (const p of positions)
    if (p.replaces !== undefined) cps[p.ref.series] = cps[p.ref.series].filter((c) => c !== p.replaces);
  const testable = positions.filter((p) =>
    window(p.ref, cps[p.ref.series] ?? [], values[p.ref.series].length, options),
  );
  const tests = testable.length;
  const out: Corroborated[] = [];
  let open = testable;
  while (open.length > 0) {
    const passed: Corroborated[] = [];
    for (const p of open) {
      const bounds = window(p.ref, cps[p.ref.series] ?? [], values[p.ref.series].length, options);
      const c = bounds && testAt(values[p.ref.series], p.ref.index, bounds, options, tests);
      if (c)
        passed.push({
          key: p.run.key,
          series: p.ref.series,
          foundIn: p.run.found.length,
          tests,
          replaces: p.replaces,
          ...c,
        });
    }
    const taken = new Set<number>();
    for (const c of passed.sort((a, b) => a.rawP - b.rawP)) {
      if (taken.has(c.series)) continue;
      taken.add(c.series);
      out.push(c);
      (cps[c.series] ??= []).push(c.changePoint.index);
    }
    open = open.filter(
      (p) =>
        taken.has(p.ref.series) && !out.some((c) => c.series === p.ref.series && c.changePoint.index === p.ref.index),
    );
    if (taken.size === 0) break;
  }
  return out;
}

/**
 * Do the runs fit a step at `shared` about as well as at `own`? With a step at a given place the squared two-sample
 * t is twice the log-likelihood ratio of "step" against "no step" (Gaussian noise); when `own` beats `shared` by at
 * most SAME_PLACE_T2, noise alone could have put the shift at `own`.
 */
function samePlace(x: ArrayLike<number>, own: number, shared: number, { start, end }: { start: number; end: number }) {
  return squaredT(x, start, own, end) - squaredT(x, start, shared, end) <= SAME_PLACE_T2;
}

function squaredT(x: ArrayLike<number>, start: number, at: number, end: number): number {
  const n1 = at - start,
    n2 = end - at;
  if (n1 < 2 || n2 < 2) return 0;
  let s1 = 0,
    s2 = 0;
  for (let i = start; i < at; i++) s1 += x[i];
  for (let i = at; i < end; i++) s2 += x[i];
  const m1 = s1 / n1,
    m2 = s2 / n2;
  let ss = 0;
  for (let i = start; i < end; i++) ss += (x[i] - (i < at ? m1 : m2)) ** 2;
  const v = ss / (n1 + n2 - 2);
  return v > 0 ? ((m2 - m1) ** 2 / v) * ((n1 * n2) / (n1 + n2)) : 0;
}

/** The runs either side of a candidate, between the series' nearest change points; null when too few or one is too near. */
function window(ref: RunRef, cps: number[], n: number, options: Options): { start: number; end: number } | null {
  if (cps.some((c) => Math.abs(c - ref.index) < options.minSegment)) return null;
  const start = Math.max(ref.index - CORROBORATION_WINDOW, 0, ...cps.filter((c) => c < ref.index));
  const end = Math.min(ref.index + CORROBORATION_WINDOW, n, ...cps.filter((c) => c > ref.index));
  if (ref.index - start < CORROBORATION_MIN_SIDE || end - ref.index < CORROBORATION_MIN_SIDE) return null;
  return { start, end };
}

/**
 * The test at one run and the gates after it; the change point when it passes. A drift the two sides share
 * (within-side least squares, kept when over 3 standard errors) is taken out first, so a trend is not a step; and
 * the rank test's z is deflated for the residuals' lag-1 autocorrelation ρ by √((1 − ρ)/(1 + ρ)), the effective
 * sample size of an AR(1) series, so a wandering series does not look like two levels.
 */
function testAt(
  x: ArrayLike<number>,
  index: number,
  { start, end }: { start: number; end: number },
  options: Options,
  tests: number,
): { changePoint: ChangePoint; rawP: number } | null {
  const drift = sharedDrift(x, start, index, end);
  const slope = drift?.slope ?? 0;
  const y = Float64Array.from({ length: end - start }, (_, k) => x[start + k] - slope * (start + k - index));
  const before = y.subarray(0, index - start);
  const after = y.subarray(index - start);
  const b = median(before);
  const a = median(after);
  const rho = Math.min(0.99, Math.max(0, lagOneCorrelation(y, index - start, b, a)));
  // With a drift, the step is the jump between the two sides' lines, whose error includes the slope's.
  const z = drift ? drift.stepT : mannWhitneyU(before, after).z;
  const rawP = twoSidedNormalP(z * Math.sqrt((1 - rho) / (1 + rho)));
  if (!(rawP * tests < options.alpha)) return null;
  const shift = a - b;
  if (b === 0 || Math.abs(shift) < options.minRelativeChange * Math.abs(b)) return null;
  const noise = robustNoise(y);
  if (!(Math.abs(shift) >= noise)) return null;
  // It holds: the median of each half of the runs after is at least half the shift away from the level before.
  const half = Math.floor(after.length / 2);
  if (![after.subarray(0, half), after.subarray(half)].every((part) => (median(part) - b) / shift >= 0.5)) return null;
  return {
    rawP,
    changePoint: {
      index,
      beforeStart: start,
      afterEnd: end,
      beforeMedian: b,
      afterMedian: a,
      beforeMean: mean(before),
      afterMean: mean(after),
      changePct: (a / b - 1) * 100,
      pValue: Math.min(1, rawP * tests),
      noisePct: (noise / Math.abs(b)) * 100,
      nBefore: before.length,
      nAfter: after.length,
      trendPctPerSample: b !== 0 ? (slope / Math.abs(b)) * 100 : 0,
    },
  };
}

/**
 * The slope both sides share (least squares within each side, pooled) when it is over 3 standard errors, with the
 * t of the step between the two sides' lines at `index`: d / (σ √(1/n₁ + 1/n₂ + Δt̄² / Sxx)). Null without a drift.
 */
function sharedDrift(
  x: ArrayLike<number>,
  start: number,
  index: number,
  end: number,
): { slope: number; stepT: number } | null {
  const sides: [number, number][] = [
    [start, index],
    [index, end],
  ];
  const centres = sides.map(([s, e]) => {
    let m = 0;
    for (let i = s; i < e; i++) m += x[i];
    return { t: (s + e - 1) / 2, y: m / (e - s), n: e - s };
  });
  let sxy = 0,
    sxx = 0;
  sides.forEach(([s, e], k) => {
    for (let i = s; i < e; i++) {
      sxy += (i - centres[k].t) * (x[i] - centres[k].y);
      sxx += (i - centres[k].t) ** 2;
    }
  });
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  let ss = 0;
  sides.forEach(([s, e], k) => {
    for (let i = s; i < e; i++) ss += (x[i] - centres[k].y - slope * (i - centres[k].t)) ** 2;
  });
  const sigma = Math.sqrt(ss / Math.max(1, end - start - 3));
  if (!(sigma > 0) || Math.abs(slope) <= 3 * (sigma / Math.sqrt(sxx))) return null;
  const [l, r] = centres;
  const step = r.y - l.y - slope * (r.t - l.t);
  const se = sigma * Math.sqrt(1 / l.n + 1 / r.n + (r.t - l.t) ** 2 / sxx);
  return { slope, stepT: step / se };
}

/** Lag-1 autocorrelation of the residuals around each side's level (pairs within a side only). */
function lagOneCorrelation(y: Float64Array, split: number, before: number, after: number): number {
  let num = 0,
    den = 0;
  for (let i = 0; i < y.length; i++) {
    const r = y[i] - (i < split ? before : after);
    den += r * r;
    if (i > 0 && i !== split) num += r * (y[i - 1] - (i - 1 < split ? before : after));
  }
  return den > 0 ? num / den : 0;
}
