// One series, analysed as a whole: its confirmed level shifts, whether it is stable enough for
// shifts to mean anything, the newest run's verdict, and what can be said about a short history.
// Pure; the engine, the CLI and scripts/eval-real-detect.ts all go through analyseSeries.
import {
  capChangePoints,
  DEFAULT_CHANGE_POINT_OPTIONS,
  detectChangePoints,
  robustNoise,
  rollingMedian,
  type ChangePoint,
  type ChangePointOptions,
} from './changepoints.ts';
import { MAD_SCALE, mannKendall, median, theilSen, twoSidedTP, welchTTest } from './stats.ts';

/** The newest run(s) against the level the series holds now. */
export interface LatestVerdict {
  /** Index of the newest point. */
  index: number;
  /** First of the trailing points that are all out of line the same way (= index when only the newest is). */
  firstIndex: number;
  value: number;
  /** Median of the reference: the current level, from the last change point to before the newest runs. */
  level: number;
  deviationPct: number;
  /** (value − level) / robust scale of the reference. */
  robustZ: number;
  /** Share of reference values at or below the newest value (0 or 1 when it is outside all of them). */
  quantile: number;
  referenceCount: number;
  outOfLine: boolean;
  /** unconfirmed: out of line but fewer runs than a change point needs agree; in line otherwise. */
  status: 'in line' | 'unconfirmed';
}

export interface Stability {
  unstable: boolean;
  /** Why, in words, when unstable. */
  reason: string | null;
  /** Level shifts that went back to a level the series had held before (mode switches). */
  revisits: number;
}

/** A short history (too short for change points) that still says something. */
export interface ShortHistoryVerdict {
  kind: 'monotone';
  n: number;
  changePct: number;
  /** Exact Mann–Kendall p of n points all in order by chance (two-sided): 2 / n!. */
  pValue: number;
}

export interface SeriesAnalysis {
  /** Confirmed level shifts, minus the mode switches of an unstable series; at most maxChangePoints of them. */
  changePoints: ChangePoint[];
  /** Level shifts found but left out by maxChangePoints (capChangePoints: the smaller and less significant). */
  omittedChanges: number;
  /**
   * Where the series is now: the median of the runs since the last change point, or, when those runs
   * drift (Mann–Kendall p < alpha over the newest NEWEST_LEVEL_RUNS of them), the Theil–Sen line at the
   * newest run. A +9 % step that drifts back over the next 30 runs is judged by where it has got to.
   */
  newestLevel: number;
  /** Shifts back to a level the series had held before, in an unstable series (not regressions). */
  modeSwitches: ChangePoint[];
  stability: Stability;
  latest: LatestVerdict | null;
  shortHistory: ShortHistoryVerdict | null;
  /** Why there is no answer for a short history, when there is none. */
  shortReason: string | null;
}

/** |robust z| beyond which the newest run is out of line (and it must lie outside every reference value). */
export const LATEST_Z = 4;
/** Fewest reference points a newest-run verdict needs. */
export const LATEST_MIN_REFERENCE = 4;
/** Mode switches (returns to an earlier level) that make a series unstable. */
export const UNSTABLE_REVISITS = 3;
/** Smallest total change a monotone short history must show, in multiples of minRelativeChange. */
const MONOTONE_MIN_CHANGE = 10;

export function analyseSeries(values: ArrayLike<number>, options: Partial<ChangePointOptions> = {}): SeriesAnalysis {
  // Every shift is found; the cap applies to what is reported, at the end.
  const o: ChangePointOptions = { ...DEFAULT_CHANGE_POINT_OPTIONS, ...options, maxChangePoints: Infinity };
  const cap = options.maxChangePoints ?? DEFAULT_CHANGE_POINT_OPTIONS.maxChangePoints;
  const m = Math.max(1, Math.floor(o.minSegment));
  const x = Float64Array.from(values);
  const n = x.length;
  const whole = detectChangePoints(x, o);
  let found = whole;
  let latest = latestVerdict(x, found, m, o.minRelativeChange);
  if (latest && latest.outOfLine && latest.firstIndex < n) {
    // Out-of-line newest runs are the verdict's business; the level shifts are those of the history
    // before them, so a step found yesterday stays found when a wild run is appended today.
    const before = detectChangePoints(x.slice(0, latest.firstIndex), o);
    const newest = (cps: ChangePoint[]) => (cps.length ? cps[cps.length - 1].index : -1);
    // Unless the whole history has a newer level shift that the newest runs confirm: then they are that level.
    if (newest(found) <= newest(before)) {
      found = before;
      latest = latestVerdict(x, found, m, o.minRelativeChange, latest.firstIndex);
    }
  }
  let end = latest?.outOfLine ? latest.firstIndex : n;
  let offMode = offMainLevel(x.slice(0, end), o.minRelativeChange);
  if (offMode && latest?.outOfLine) {
    // In a multi-modal series, newest runs within the range of every run before them are one more
    // visit to a known mode, not a verdict.
    const wide = latestVerdict(x, found, m, o.minRelativeChange, latest.firstIndex, true);
    if (wide && !wide.outOfLine) {
      latest = latestVerdict(x, whole, m, o.minRelativeChange, undefined, true);
      end = latest?.outOfLine ? latest.firstIndex : n;
      offMode = offMainLevel(x.slice(0, end), o.minRelativeChange) ?? offMode;
    } else latest = wide;
  }
  if (offMode) {
    const { kept, visits } = shiftsWithoutModeVisits(
      x.slice(0, end),
      offMode.mask,
      offMode.typicalRatio,
      offMode.logGap,
      o,
    );
    const stability: Stability = { unstable: true, reason: offMode.reason, revisits: 0 };
    const short = kept.length === 0 ? shortHistory(x, m, o.minRelativeChange, latest) : { verdict: null, reason: null };
    const capped = capChangePoints(kept, cap);
    return {
      changePoints: capped.kept,
      omittedChanges: capped.omitted,
      newestLevel: newestLevel(x, capped.kept, o),
      modeSwitches: [...found, ...visits].sort((a, b) => a.index - b.index),
      stability,
      latest,
      shortHistory: short.verdict,
      shortReason: short.reason,
    };
  }
  found = found.map((c) => firstRunOnNewLevel(x, c, m));
  found = mergeShortSwings(x, found, o);
  const start = firstRunsStep(x, found, o, end);
  if (start) found = [start, ...found];
  const separated = separateModeSwitches(x, found, o.minRelativeChange);
  const { stability } = separated;
  let { kept, switches } = separated;
  if (stability.unstable) ({ kept, switches } = mainModeShifts(x.slice(0, end), found, o));
  const short = found.length === 0 ? shortHistory(x, m, o.minRelativeChange, latest) : { verdict: null, reason: null };
  const capped = capChangePoints(kept, cap);
  return {
    changePoints: capped.kept,
    omittedChanges: capped.omitted,
    newestLevel: newestLevel(x, capped.kept, o),
    modeSwitches: switches,
    stability,
    latest,
    shortHistory: short.verdict,
    shortReason: short.reason,
  };
}

/** Half-width of the rolling median that stands for a series' main level (a window of 21 runs). */
const MAIN_LEVEL_HALF_WIDTH = 10;
/** A run this many robust sigmas (and 2 × minRelativeChange) from the main level is off it. */
const OFF_MODE_K = 3;
/** Share of runs off the main level (and at least 3) that makes a series multi-modal. */
const OFF_MODE_SHARE = 0.05;
/** Longest visit to another mode, in runs; and fewest separate visits that make a series multi-modal. */
const MAX_EXCURSION = 5;
const MIN_EXCURSIONS = 3;
/** The typical off run's distance from the main level, in robust sigmas of the main level's spread, that makes a mode. */
const MODE_CLEARANCE = 3.5;

/**
 * Runs away from the series' main level: further than OFF_MODE_K robust sigmas (σ̂ from run-to-run
 * differences) and 2 × minRelativeChange from the median of the 21 runs around them. A rolling
 * median of that width follows a real step within a run (more than half its window is on the new
 * level from the first new run on) but not excursions shorter than 11 runs, so what is off it is
 * the runner visiting another mode (django's asv: ~125k ns with bursts at ~230k) or a heavy tail.
 * Runs are judged only where the window is centred (not the first and last 10). Only visits that
 * come back count: off runs at either end of what is judged, or more than
 * MAX_EXCURSION in a row, may be a new level and are left to the change-point detector. When at
 * least 5 % of the runs are off, in at least MIN_EXCURSIONS visits, the series is multi-modal.
 */
function offMainLevel(
  x: Float64Array,
  minRel: number,
): { mask: Uint8Array; reason: string; typicalRatio: number; logGap: number } | null {
  const n = x.length;
  if (n < 4 * MAIN_LEVEL_HALF_WIDTH) return null;
  // A quantised series (a coarse timer) steps by its resolution: one step off is rounding, not a mode.
  const sigma = Math.max(robustNoise(x), 0.5 * resolution(x));
  const level = rollingMedian(Float64Array.from(x), MAIN_LEVEL_HALF_WIDTH);
  const mask = new Uint8Array(n);
  // Near either end the window is not centred: the level there is that of the nearest centred one.
  for (let i = 0; i < n; i++) {
    const at = level[Math.min(n - 1 - MAIN_LEVEL_HALF_WIDTH, Math.max(MAIN_LEVEL_HALF_WIDTH, i))];
    const d = x[i] - at;
    if (Math.abs(d) > OFF_MODE_K * sigma && Math.abs(d) >= 2 * minRel * Math.abs(at)) mask[i] = 1;
  }
  // Off runs at either end may be a level the window has not caught up with (a new step in the
  // newest runs, the oldest before one): only an excursion that comes back is a visit to another mode.
  // A long excursion is a level of its own (a regression that was fixed), the detector's business.
  let excursions = 0;
  for (let i = 0; i < n;) {
    if (!mask[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && mask[j]) j++;
    if (i === 0 || j === n || j - i > MAX_EXCURSION) mask.fill(0, i, j);
    else excursions++;
    i = j;
  }
  const off = mask.reduce((a, v) => a + v, 0);
  if (off < Math.max(3, OFF_MODE_SHARE * n) || excursions < MIN_EXCURSIONS) return null;
  const away: number[] = [],
    logAway: number[] = [];
  for (let i = 0; i < n; i++)
    if (mask[i]) (away.push((x[i] / level[i] - 1) * 100), logAway.push(Math.abs(Math.log(x[i] / level[i]))));
  const typical = median(away);
  // A second mode sits clear of the main level. Runs that only just cross the threshold — their typical distance
  // under MODE_CLEARANCE sigmas of the main level's own spread (which counts a wandering or cycling level) — are the
  // tails of a wide level: a random walk, a cycle, heavy-tailed noise.
  const spread: number[] = [];
  for (let i = MAIN_LEVEL_HALF_WIDTH; i < n - MAIN_LEVEL_HALF_WIDTH; i++) spread.push(Math.abs(x[i] - level[i]));
  const offDistance: number[] = [];
  for (let i = 0; i < n; i++) if (mask[i]) offDistance.push(Math.abs(x[i] - level[i]));
  if (median(offDistance) < MODE_CLEARANCE * MAD_SCALE * median(spread)) return null;
  return {
    mask,
    typicalRatio: typical / 100,
    logGap: median(logAway),
    reason:
      `${off} of ${n} runs (${((off / n) * 100).toFixed(0)} %) are away from its main level, typically ${typical > 0 ? '+' : ''}${typical.toFixed(0)} %: ` +
      'a second mode or heavy-tailed runner noise. Those runs are neither outliers nor regressions; level shifts are judged on the main level only',
  };
}

/**
 * A multi-modal series sometimes stays in its other mode for longer than MAX_EXCURSION runs (a
 * bursty runner). The detector then sees a segment at that mode's level — the typical distance of
 * the off-level runs from the main level — between two shifts, with the level about back where it
 * was after it. Such a segment of at most MAX_VISIT runs is one more visit to the known mode: its
 * runs join the masked ones and the shifts are found again without them (so a real step next to a
 * visit is still found), and its two shifts are mode switches. A longer segment, one at any other
 * level, or one that does not come back, stays a level shift.
 */
function shiftsWithoutModeVisits(
  x: Float64Array,
  mask: Uint8Array,
  modeRatio: number,
  logGap: number,
  o: ChangePointOptions,
): { kept: ChangePoint[]; visits: ChangePoint[] } {
  const masked = mask.slice();
  const visits: ChangePoint[] = [];
  for (let round = 0; ; round++) {
    const cps = shiftsWithout(x, masked, o);
    const bounds = [0, ...cps.map((c) => c.index), x.length];
    const levels = bounds
      .slice(0, -1)
      .map((s, i) => median(x.slice(s, bounds[i + 1]).filter((_, k) => !masked[s + k])));
    let found = false;
    for (let j = 1; j + 1 < levels.length && round < MAX_VISIT_ROUNDS; j++) {
      const before = levels[j - 1],
        visit = levels[j],
        after = levels[j + 1];
      const jump = visit / before - 1;
      const back = Math.abs(after - before) < Math.abs(visit - before) / 2;
      const atMode = Math.sign(jump) === Math.sign(modeRatio) && Math.abs(jump - modeRatio) < Math.abs(modeRatio) / 2;
      if (back && atMode && bounds[j + 1] - bounds[j] <= MAX_VISIT) {
        masked.fill(1, bounds[j], bounds[j + 1]);
        visits.push(cps[j - 1], cps[j]);
        found = true;
      }
    }
    if (!found) {
      const sigma = robustNoise(x);
      const mixed = cps.filter((c) => modeMixChange(x, c, logGap, sigma, o.minSegment));
      return { kept: cps.filter((c) => !mixed.includes(c)), visits: [...visits, ...mixed] };
    }
  }
}

/** A mode mix change must be this many run-to-run sigmas: its runs "at the other level" are not noise. */
const MIX_NOISE_MULTIPLE = 8;

/**
 * A shift between the two modes of a multi-modal series that moved neither mode: the runner stayed in its other
 * mode for a while (bursts at random make stays of 20 runs and more). A change of the benchmark moves every mode,
 * so after a real step the old level is gone; here each side still visits the other's level (a run within a
 * quarter of the jump of it), and the jump is the distance between the modes (within half of it, either way).
 */
function modeMixChange(x: Float64Array, c: ChangePoint, logGap: number, sigma: number, m: number): boolean {
  const before = c.beforeMedian,
    after = c.afterMedian;
  const jump = Math.abs(Math.log(after / before));
  if (!(Math.abs(jump - logGap) < logGap / 2) || !(Math.abs(after - before) >= MIX_NOISE_MULTIPLE * sigma))
    return false;
  const tol = Math.abs(after - before) / 4;
  // A side too short to look at beyond that margin (the first or last runs) says nothing either way.
  let beforeVisitsAfter = c.index - c.beforeStart < 3 * m,
    afterVisitsBefore = c.afterEnd - c.index < 3 * m;
  if (beforeVisitsAfter && afterVisitsBefore) return false;
  // Not the runs next to the split, which a split placed a run or two off puts on the wrong side.
  for (let i = c.beforeStart; i < c.index - m; i++) if (Math.abs(x[i] - after) <= tol) beforeVisitsAfter = true;
  for (let i = c.index + m; i < c.afterEnd; i++) if (Math.abs(x[i] - before) <= tol) afterVisitsBefore = true;
  return beforeVisitsAfter && afterVisitsBefore;
}

/** Rounds of finding long visits to the other mode and looking again without them. */
const MAX_VISIT_ROUNDS = 4;
/** Longest visit to the other mode, in runs: the main level's window. A longer stay is a level. */
const MAX_VISIT = 2 * MAIN_LEVEL_HALF_WIDTH + 1;

/** The step between a quantised series' values (the smallest gap between distinct values), or 0 when its values are not few. */
function resolution(x: Float64Array): number {
  const seen = new Set<number>();
  for (const v of x) if (seen.add(v).size > x.length / 3) return 0;
  const distinct = Float64Array.from(seen).sort();
  let gap = Infinity;
  for (let i = 1; i < distinct.length; i++) gap = Math.min(gap, distinct[i] - distinct[i - 1]);
  return Number.isFinite(gap) ? gap : 0;
}

/** Change points of the runs not masked, located at their index in the whole series. */
function shiftsWithout(x: Float64Array, mask: Uint8Array, o: ChangePointOptions): ChangePoint[] {
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (!mask[i]) keep.push(i);
  if (keep.length < 2 * o.minSegment) return [];
  const main = keep.map((i) => x[i]);
  const at = (k: number) => (k < keep.length ? keep[k] : x.length);
  return detectChangePoints(main, o).map((c) => {
    const r = firstRunOnNewLevel(main, c, o.minSegment);
    // Back in the whole series, runs left out just before the split may already be on the new level (within half
    // the jump of it: a visit to the other mode beyond the new level is not). The last good run is the last one kept.
    const whole = firstRunOnNewLevel(
      x,
      { ...r, index: at(r.index), beforeStart: at(r.beforeStart), afterEnd: at(r.afterEnd) },
      o.minSegment,
      true,
    );
    let lastGood = whole.index - 1;
    while (lastGood > 0 && mask[lastGood]) lastGood--;
    return lastGood === whole.index - 1 ? whole : { ...whole, lastGoodIndex: lastGood };
  });
}

/**
 * Level shifts of an unstable series' main mode. Its excursions — segments whose neighbours on
 * both sides are at about the same level as each other (closer than half the excursion) — are the
 * runner visiting another mode and coming back; without them, what remains is the level the
 * benchmark holds between visits, and a shift of that level (a real change, hidden in the noise
 * before) is found by the same detector. Every shift of the first pass is a mode switch then.
 */
function mainModeShifts(
  x: Float64Array,
  found: ChangePoint[],
  o: ChangePointOptions,
): { kept: ChangePoint[]; switches: ChangePoint[] } {
  const n = x.length;
  const bounds = [0, ...found.map((c) => c.index).filter((i) => i < n), n];
  const levels = bounds.slice(0, -1).map((s, i) => median(x.slice(s, bounds[i + 1])));
  const excursion = new Uint8Array(n);
  for (let j = 1; j + 1 < levels.length; j++) {
    if (Math.abs(levels[j + 1] - levels[j - 1]) < Math.abs(levels[j] - levels[j - 1]) / 2)
      excursion.fill(1, bounds[j], bounds[j + 1]);
  }
  return { kept: shiftsWithout(x, excursion, o), switches: found };
}

/**
 * The culprit is the first run on the new level. The detector places a split where the two sides'
 * means differ most, which in noisy or multi-modal series can be a run or two off: a split whose
 * previous run is already nearer the new level moves back, one whose first run is still nearer the
 * old level moves forward (at most m − 1 runs, staying inside the change's segments). nearNewLevel: a run
 * counts as on the new level only within half the jump of it (in a multi-modal series, a visit to a mode
 * beyond the new level is not the new level).
 */
export function firstRunOnNewLevel(x: ArrayLike<number>, c: ChangePoint, m: number, nearNewLevel = false): ChangePoint {
  const mid = (c.beforeMedian + c.afterMedian) / 2;
  const up = c.afterMedian > c.beforeMedian;
  const halfJump = Math.abs(c.afterMedian - c.beforeMedian) / 2;
  const onNew = (v: number) => (up ? v > mid : v < mid) && (!nearNewLevel || Math.abs(v - c.afterMedian) <= halfJump);
  let index = c.index;
  for (let k = 0; k < m - 1 && index - 1 > c.beforeStart && onNew(x[index - 1]); k++) index--;
  if (index === c.index) for (let k = 0; k < m - 1 && index + 1 < c.afterEnd && !onNew(x[index]); k++) index++;
  if (index === c.index) return c;
  return { ...c, index, nBefore: index - c.beforeStart, nAfter: c.afterEnd - index };
}

function madScale(ref: Float64Array, level: number): number {
  return MAD_SCALE * median(ref.map((v) => Math.abs(v - level)));
}

/**
 * The newest run against the current level. The reference is the history since the last change
 * point, up to the newest run. A run is out of line when it lies outside every reference value,
 * more than LATEST_Z robust sigmas (the larger of the reference's MAD and the history's run-to-run
 * noise) and at least minRelativeChange from the reference median. When
 * the newest run is, the runs before it (up to m − 1 in all: m would be a change point) are taken
 * into the verdict while they are out of line the same way against the history before them;
 * firstIndex is the first of them. wholeRange (multi-modal series): the run must also lie outside
 * every run of the whole history before it, so a visit to a known mode is not a verdict.
 */
function latestVerdict(
  x: Float64Array,
  cps: ChangePoint[],
  m: number,
  minRel: number,
  tailStart?: number,
  wholeRange = false,
): LatestVerdict | null {
  const n = x.length;
  const segStart = cps.length ? cps[cps.length - 1].index : 0;
  const judge = (refEnd: number) => {
    // Right after a change point the newest runs are that new level, which the change point reports.
    const ref = x.slice(segStart, refEnd);
    if (ref.length < LATEST_MIN_REFERENCE) return null;
    const level = median(ref);
    const range = wholeRange ? x.slice(0, refEnd) : ref;
    let lo = Infinity,
      hi = -Infinity;
    for (const v of range) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
    // A quantised or very steady reference can have MAD 0: the mean absolute deviation, then a floor.
    let scale = madScale(ref, level);
    if (!(scale > 0)) scale = (ref.reduce((a, v) => a + Math.abs(v - level), 0) / ref.length) * Math.sqrt(Math.PI / 2);
    // A short reference under-states its spread: never below the run-to-run noise of the history.
    const noise = robustNoise(x, 0, refEnd);
    if (Number.isFinite(noise)) scale = Math.max(scale, noise);
    if (!(scale > 0)) scale = Math.abs(level) * 1e-9 || Number.MIN_VALUE;
    const sideOf = (v: number) =>
      (v > hi || v < lo) && Math.abs(v - level) > LATEST_Z * scale && Math.abs(v - level) >= minRel * Math.abs(level)
        ? Math.sign(v - level)
        : 0;
    return { ref, level, scale, sideOf };
  };
  let firstIndex = tailStart ?? n - 1;
  let j = judge(firstIndex);
  if (!j) return null;
  const side = j.sideOf(x[n - 1]);
  if (side !== 0 && tailStart === undefined) {
    for (let k = 2; k < m && n - k > segStart; k++) {
      const wider = judge(n - k);
      if (!wider) break;
      let agree = true;
      for (let i = n - k; i < n; i++) if (wider.sideOf(x[i]) !== side) agree = false;
      if (!agree) break;
      firstIndex = n - k;
      j = wider;
    }
  }
  const v = x[n - 1];
  const z = (v - j.level) / j.scale;
  const out = j.sideOf(v) !== 0;
  return {
    index: n - 1,
    firstIndex,
    value: v,
    level: j.level,
    deviationPct: j.level !== 0 ? (v / j.level - 1) * 100 : NaN,
    robustZ: z,
    quantile: j.ref.filter((r) => r <= v).length / j.ref.length,
    referenceCount: j.ref.length,
    outOfLine: out,
    status: out ? 'unconfirmed' : 'in line',
  };
}

/**
 * A shift whose new level is one the series held before — not the level just left, an earlier
 * one — after a level held for at most MAX_VISIT runs, is a return. Three or more returns: the series switches between modes (runner noise,
 * periodic patterns); it is unstable and its returns are mode switches, not regressions. Shifts to
 * a level never seen before are kept: a real move of the modes is still reported.
 */
function separateModeSwitches(
  x: Float64Array,
  cps: ChangePoint[],
  minRel: number,
): { kept: ChangePoint[]; switches: ChangePoint[]; stability: Stability } {
  const bounds = [0, ...cps.map((c) => c.index), x.length];
  const levels = bounds.slice(0, -1).map((s, i) => median(x.slice(s, bounds[i + 1])));
  const returns: boolean[] = cps.map((c, j) => {
    // A level held for longer than a visit (the main level's window) is a real step, whatever comes back later:
    // bytes per op 6 → 7 → 6 → 7 B, each for 130–310 runs, is four steps; a sawtooth of 10 up, 10 down is a mode.
    if (bounds[j + 1] - bounds[j] > MAX_VISIT) return false;
    const after = levels[j + 1],
      before = levels[j];
    const jump = Math.abs(after - before);
    for (let i = 0; i < j; i++) {
      const gap = Math.abs(after - levels[i]);
      if (gap < jump / 2 && gap <= Math.max(minRel * Math.abs(levels[i]), (c.noisePct / 100) * Math.abs(before) * 2))
        return true;
    }
    return false;
  });
  const revisits = returns.filter(Boolean).length;
  if (revisits < UNSTABLE_REVISITS)
    return { kept: cps, switches: [], stability: { unstable: false, reason: null, revisits } };
  const distinct = [...new Set(levels.map((l) => Number(l.toPrecision(2))))].sort((a, b) => a - b);
  const shown = distinct.length > 4 ? `${distinct[0]} … ${distinct[distinct.length - 1]}` : distinct.join(', ');
  return {
    kept: cps.filter((_, j) => !returns[j]),
    switches: cps.filter((_, j) => returns[j]),
    stability: {
      unstable: true,
      reason: `its level moved ${cps.length} times, ${revisits} of them back to a level it had before (${shown}): it switches between modes, so those moves are not regressions`,
      revisits,
    },
  };
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

/**
 * Histories too short for a change point (or short with none found): a strictly monotone run of
 * n ≥ 4 points with a total change of at least MONOTONE_MIN_CHANGE × minRelativeChange is reported
 * with its exact p (2 / n!: the chance that n exchangeable values come out in order, either way).
 */
function shortHistory(
  x: Float64Array,
  m: number,
  minRel: number,
  latest: LatestVerdict | null,
): { verdict: ShortHistoryVerdict | null; reason: string | null } {
  const n = x.length;
  if (n >= 4 * m) return { verdict: null, reason: null };
  let up = true,
    down = true;
  for (let i = 1; i < n; i++) {
    if (!(x[i] > x[i - 1])) up = false;
    if (!(x[i] < x[i - 1])) down = false;
  }
  const changePct = x[0] !== 0 ? (x[n - 1] / x[0] - 1) * 100 : NaN;
  const big = Math.abs(changePct) >= MONOTONE_MIN_CHANGE * minRel * 100;
  if (n >= 4 && (up || down) && big)
    return { verdict: { kind: 'monotone', n, changePct, pValue: 2 / factorial(n) }, reason: null };
  if (latest?.outOfLine) return { verdict: null, reason: null };
  if (n < 2 * m) {
    const why =
      n < 4
        ? `${n} runs: too few to tell a change from noise (a change point needs ${2 * m}, a monotone run 4)`
        : up || down
          ? `${n} runs in order, but only ${changePct.toFixed(1)} % in total`
          : `${n} runs, not in order: too few for a change point (needs ${2 * m})`;
    return { verdict: null, reason: why };
  }
  return { verdict: null, reason: null };
}

/**
 * One step that the detector cut into a swing: −5 % where the first three runs dip further (−8 %, then +3 %),
 * or a three-run dip, five runs back, then the step for good (−5 %, +5 %, −5 %). Consecutive shifts of
 * alternating sign whose inner segments are each shorter than 2 × minSegment (too short to split again)
 * and span at most 3 × minSegment runs are one shift from the first of them when the levels outside
 * them differ by a step that passes the detector's gates on its own (Welch's t on the two outer segments,
 * Bonferroni-adjusted for the places it could have been; minRelativeChange; minNoiseMultiple). A
 * reverted regression (the outer levels alike) and a staircase (same signs) stay as they are.
 */
function mergeShortSwings(x: Float64Array, cps: ChangePoint[], o: ChangePointOptions): ChangePoint[] {
  const m = o.minSegment;
  const out: ChangePoint[] = [];
  for (let j = 0; j < cps.length; j++) {
    let last = j;
    while (
      last + 1 < cps.length &&
      Math.sign(cps[last + 1].changePct) === -Math.sign(cps[last].changePct) &&
      cps[last + 1].index - cps[last].index < 2 * m &&
      cps[last + 1].index - cps[j].index <= 3 * m
    )
      last++;
    let merged: ChangePoint | null = null;
    for (; last > j && !merged; last--) merged = outerStep(x, cps[j], cps[last], o);
    if (merged) {
      out.push(merged);
      j = last + 1;
    } else out.push(cps[j]);
  }
  return out;
}

/** The step from the level before `first` to the level after `last`, when it passes the detector's gates alone. */
function outerStep(x: Float64Array, first: ChangePoint, last: ChangePoint, o: ChangePointOptions): ChangePoint | null {
  const before = x.subarray(first.beforeStart, first.index),
    after = x.subarray(last.index, last.afterEnd);
  if (before.length < o.minSegment || after.length < o.minSegment) return null;
  const beforeMedian = median(before),
    afterMedian = median(after);
  const shift = afterMedian - beforeMedian;
  const resid = [...before.map((v) => Math.abs(v - beforeMedian)), ...after.map((v) => Math.abs(v - afterMedian))];
  const noise = MAD_SCALE * median(resid);
  const t = welchTTest(before, after);
  const places = Math.max(1, last.afterEnd - first.beforeStart - 2 * o.minSegment + 1);
  const pValue = Math.min(1, (Number.isFinite(t.pValue) ? t.pValue : shift !== 0 ? 0 : 1) * places);
  if (!(pValue < o.alpha) || Math.sign(t.meanB - t.meanA) !== Math.sign(shift)) return null;
  if (Math.abs(shift) < o.minRelativeChange * Math.abs(beforeMedian) || Math.abs(shift) < o.minNoiseMultiple * noise)
    return null;
  return {
    index: first.index,
    beforeStart: first.beforeStart,
    afterEnd: last.afterEnd,
    beforeMedian,
    afterMedian,
    beforeMean: t.meanA,
    afterMean: t.meanB,
    changePct: (afterMedian / beforeMedian - 1) * 100,
    pValue,
    noisePct: (noise / Math.abs(beforeMedian)) * 100,
    nBefore: first.index - first.beforeStart,
    nAfter: last.afterEnd - first.index,
    trendPctPerSample: 0,
  };
}

/** A first-runs level needs a following segment of at least this many runs, and a factor of at least EDGE_FACTOR. */
const EDGE_MIN_AFTER = 12;
const EDGE_FACTOR = 2;

/**
 * A change in the first runs, before the detector has minSegment runs to stand on: 18,000 ns for one
 * run, then 1 ns (a caching commit). The first k < minSegment runs are a level of their own when the
 * segment after them has at least EDGE_MIN_AFTER runs, every one of the k lies beyond every run of it,
 * more than LATEST_Z of its robust sigmas from its median, and the two levels differ by a factor of at
 * least EDGE_FACTOR: a first run 20 % off is what a warm-up spike looks like (an outlier), a factor of
 * two or more is not. p: the first runs' mean against the segment's (t with the segment's spread, its
 * df), times the m − 1 places the split could have been.
 */
function firstRunsStep(x: Float64Array, cps: ChangePoint[], o: ChangePointOptions, end: number): ChangePoint | null {
  const m = o.minSegment;
  const segEnd = cps.length ? cps[0].index : end;
  for (let k = m - 1; k >= 1; k--) {
    const after = x.subarray(k, segEnd);
    if (after.length < EDGE_MIN_AFTER) continue;
    const level = median(after);
    let lo = Infinity,
      hi = -Infinity;
    for (const v of after) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
    const scale = Math.max(MAD_SCALE * median(after.map((v) => Math.abs(v - level))), robustNoise(after) || 0);
    const first = x.subarray(0, k);
    const firstLevel = median(first);
    const side = Math.sign(firstLevel - level);
    const beyond = first.every(
      (v) =>
        Math.sign(v - level) === side &&
        (side > 0 ? v > hi : v < lo) &&
        Math.abs(v - level) > LATEST_Z * scale &&
        Math.max(v / level, level / v) >= EDGE_FACTOR,
    );
    if (!beyond || !(level > 0) || side === 0) continue;
    const meanAfter = after.reduce((a, v) => a + v, 0) / after.length;
    const meanFirst = first.reduce((a, v) => a + v, 0) / k;
    const sd = Math.sqrt(after.reduce((a, v) => a + (v - meanAfter) ** 2, 0) / (after.length - 1));
    const se = sd * Math.sqrt(1 / k + 1 / after.length);
    const p = se > 0 ? Math.min(1, twoSidedTP((meanFirst - meanAfter) / se, after.length - 1) * (m - 1)) : 0;
    if (!(p < o.alpha)) continue;
    return {
      index: k,
      beforeStart: 0,
      afterEnd: segEnd,
      beforeMedian: firstLevel,
      afterMedian: level,
      beforeMean: meanFirst,
      afterMean: meanAfter,
      changePct: (level / firstLevel - 1) * 100,
      pValue: p,
      noisePct: (scale / Math.abs(firstLevel)) * 100,
      nBefore: k,
      nAfter: segEnd - k,
      trendPctPerSample: 0,
    };
  }
  return null;
}

/** The newest runs of the last segment that newestLevel looks at for a drift. */
const NEWEST_LEVEL_RUNS = 200;

/** See SeriesAnalysis.newestLevel. */
function newestLevel(x: Float64Array, cps: ChangePoint[], o: ChangePointOptions): number {
  const start = cps.length ? cps[cps.length - 1].index : 0;
  const segment = x.subarray(start);
  if (segment.length === 0) return NaN;
  const level = median(segment);
  if (segment.length < 4 * o.minSegment) return level;
  const tail = segment.subarray(Math.max(0, segment.length - NEWEST_LEVEL_RUNS));
  if (!(mannKendall(tail).pValue < o.alpha)) return level;
  const fit = theilSen(tail);
  const now = fit.intercept + fit.slope * (tail.length - 1);
  return Number.isFinite(now) ? now : level;
}
