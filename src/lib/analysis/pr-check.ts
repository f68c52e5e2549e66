// A pull request's results judged against its base branch: for each series the head run(s) against the base's
// current level (its runs since its last change point, up to the merge base), with the base's own noise deciding
// whether the difference is a change (worse / better), too small to matter (in line), or not yet tellable
// (inconclusive: the smallest change this check could show, and how many head runs would settle it). Pure; the
// CLI's `check --head` reads the history through the engine and prints these.
import type { Direction } from '../model/metrics.ts';
import { DEFAULT_CHANGE_POINT_OPTIONS } from './changepoints.ts';
import { detectableShift, tQuantileTwoSided } from './sensitivity.ts';
import { median, stddev } from './stats.ts';

export type PrVerdictWord = 'worse' | 'better' | 'in line' | 'inconclusive';

export interface PrVerdict {
  seriesKey: string;
  label: string;
  metric: string;
  unit: string;
  direction: Direction;
  verdict: PrVerdictWord;
  /** Median of the base's current level (its runs since its last change point). */
  baseValue: number;
  /** Median of the head runs. */
  headValue: number;
  /** (headValue / baseValue − 1) × 100; null when the base level is 0. */
  changePct: number | null;
  /** The smallest change (% of the base level) this check flags with these base and head runs; null when the base
   *  has too few runs to measure its noise, or its level is 0. */
  detectablePct: number | null;
  /** The base level's robust noise as % of its median (null as above). */
  noisePct: number | null;
  /** Runs on the base level that were compared. */
  baseRuns: number;
  headRuns: number;
  /** Inconclusive: head runs that would bring detectablePct down to the threshold; null when more base runs are
   *  needed as well (or the verdict is not inconclusive). */
  runsNeeded: number | null;
  /** The newest base run compared: its commit (null when the history has none) and time (epoch ms). */
  baseCommit: string | null;
  baseTs: number;
  /** One sentence: why this verdict. */
  reason: string;
}

/** A benchmark in the head results only, or in the base only. */
export interface PrUnmatched {
  seriesKey: string;
  label: string;
  metric: string;
  unit: string;
  /** Head median (added) or the base's newest value (removed). */
  value: number;
}

export interface PrCheckResult {
  base: {
    branch: string;
    /** The merge base the base's runs were cut at; null when git could not tell (the newest runs are used). */
    mergeBase: string | null;
    /** Runs of the base branch compared (after the cut). */
    runs: number;
    /** How the base runs were chosen, when it is worth saying (no git, no branch recorded, …). */
    note: string | null;
  };
  head: { commit: string | null; runs: number };
  verdicts: PrVerdict[];
  added: PrUnmatched[];
  removed: PrUnmatched[];
  /** Why nothing could be compared (no run of the base branch in the history), else null. */
  noBase: string | null;
  /** The family-wise false-alarm rate, split over `tests` series (Bonferroni). */
  alpha: number;
  tests: number;
  /** A change smaller than this (%) is in line when the check could have shown it. */
  thresholdPct: number;
}

/** One series and metric: its base runs (time order, already cut at the merge base) and the head runs' values. */
export interface PrSeriesInput {
  seriesKey: string;
  label: string;
  metric: string;
  unit: string;
  direction: Direction;
  base: { ts: number; value: number; commit: string | null }[];
  head: number[];
}

export interface PrCheckSettings {
  /** Family-wise false-alarm rate, shared out over the series judged (Bonferroni). */
  alpha: number;
  /** A change below this (%) is "in line" when the check could have shown it; above, "inconclusive". */
  thresholdPct: number;
  /** As the detector's: a change smaller than this share of the level is never a change (unless the base is exact). */
  minRelativeChange: number;
  /** As the detector's: a change within this many noise widths (of the head's median) is never a change. */
  minNoiseMultiple: number;
}

export const DEFAULT_PR_CHECK_SETTINGS: Readonly<PrCheckSettings> = Object.freeze({
  alpha: DEFAULT_CHANGE_POINT_OPTIONS.alpha,
  thresholdPct: 10,
  minRelativeChange: DEFAULT_CHANGE_POINT_OPTIONS.minRelativeChange,
  minNoiseMultiple: DEFAULT_CHANGE_POINT_OPTIONS.minNoiseMultiple,
});

/** Head runs beyond which "more runs" is no answer. */
const MAX_RUNS_NEEDED = 1000;

/**
 * The verdict on one series. The base's current level and its noise are the detector's (detectableShift: the runs
 * since its last change point, the robust noise around the levels). The head's median must pass three gates to be a
 * change: Student's t against the level at alpha / tests (two-sided), the detector's minimum relative change, and
 * minNoiseMultiple noise widths of a k-run median (σ/√k), which keeps one heavy-tailed run from failing a build.
 * `tests` is how many series are judged together.
 */
export function judgeSeries(input: PrSeriesInput, tests: number, settings: PrCheckSettings): PrVerdict {
  const x = input.base.map((p) => p.value);
  const k = input.head.length;
  const headValue = median(input.head);
  const newest = input.base[input.base.length - 1];
  const verdict = (fields: Partial<PrVerdict> & Pick<PrVerdict, 'verdict' | 'reason' | 'baseValue'>): PrVerdict => ({
    seriesKey: input.seriesKey,
    label: input.label,
    metric: input.metric,
    unit: input.unit,
    direction: input.direction,
    headValue,
    changePct: percentOf(headValue - fields.baseValue, fields.baseValue),
    detectablePct: null,
    noisePct: null,
    baseRuns: x.length,
    headRuns: k,
    runsNeeded: null,
    baseCommit: newest?.commit ?? null,
    baseTs: newest?.ts ?? NaN,
    ...fields,
  });
  if (x.length < 2)
    return verdict({
      verdict: 'inconclusive',
      baseValue: x[0] ?? NaN,
      reason: `the base has ${x.length} run${x.length === 1 ? '' : 's'}: its noise needs at least 2`,
    });
  const shift = detectableShift(x, {}, undefined, [1]);
  const level = shift.level;
  const n0 = shift.runsOnLevel;
  // The t statistic's scale: the level's standard deviation, or the detector's robust noise when that is larger. The
  // standard deviation keeps the test exact for Gaussian noise, and grows with heavy tails where a MAD would not.
  const levelRuns = x.slice(x.length - n0);
  const sigma = Math.max(shift.noise, n0 >= 2 ? stddev(levelRuns) : 0);
  const exact = sigma === 0;
  const alpha = settings.alpha / Math.max(1, tests);
  const tCrit = n0 >= 2 ? tQuantileTwoSided(alpha, n0 - 1) : Infinity;
  // The smallest |change| the gates pass with j head runs.
  const smallest = (j: number) =>
    exact
      ? 0
      : Math.max(
          tCrit * sigma * Math.sqrt(1 / n0 + 1 / j),
          settings.minRelativeChange * Math.abs(level),
          (settings.minNoiseMultiple * sigma) / Math.sqrt(j),
        );
  const d = headValue - level;
  const detectable = smallest(k);
  // With several head runs, each lies past half the change, on its side (as the detector's agreement gate).
  const agree = input.head.every((v) => (d > 0 ? v - level >= detectable / 2 : level - v >= detectable / 2));
  const base = {
    baseValue: level,
    baseRuns: n0,
    detectablePct: percentOf(detectable, level, true),
    noisePct: percentOf(sigma, level, true),
  };
  const detectableText =
    base.detectablePct === null ? '' : ` (the smallest change it shows: ${fixed(base.detectablePct)}%)`;
  if (n0 >= 2 && Math.abs(d) > 0 && Math.abs(d) >= detectable && agree) {
    const worse = input.direction === 'lower' ? d > 0 : d < 0;
    return verdict({
      ...base,
      verdict: worse ? 'worse' : 'better',
      reason: exact
        ? `the base's ${n0} runs on its level are all ${level}: any change is real`
        : `beyond the base's noise at alpha ${settings.alpha} over ${tests} series${detectableText}`,
    });
  }
  const threshold = (settings.thresholdPct / 100) * Math.abs(level);
  if (n0 >= 2 && detectable <= threshold)
    return verdict({
      ...base,
      verdict: 'in line',
      reason: `within the base's noise; a change of ${settings.thresholdPct}% would have shown${detectableText}`,
    });
  let runsNeeded: number | null = null;
  if (n0 >= 2 && smallest(Infinity) <= threshold)
    for (let j = k + 1; j <= MAX_RUNS_NEEDED && runsNeeded === null; j++) if (smallest(j) <= threshold) runsNeeded = j;
  return verdict({
    ...base,
    verdict: 'inconclusive',
    runsNeeded,
    reason:
      n0 < 2
        ? 'the base changed level at its newest run: one run on the new level has no noise to measure'
        : runsNeeded !== null
          ? `too noisy to tell${detectableText}; ${runsNeeded} head runs would show a ${settings.thresholdPct}% change`
          : `too noisy to tell${detectableText}; more head runs alone would not show a ${settings.thresholdPct}% change: the base needs more runs on its level, or a quieter runner`,
  });
}

function percentOf(value: number, of: number, magnitude = false): number | null {
  if (!Number.isFinite(value) || !Number.isFinite(of) || of === 0) return null;
  return (value / (magnitude ? Math.abs(of) : of)) * 100;
}

function fixed(pct: number): string {
  return pct < 10 ? pct.toFixed(1) : pct.toFixed(0);
}

/** Worst first: worse by the size of the change, then better, inconclusive and in line. */
const ORDER: Record<PrVerdictWord, number> = { worse: 0, better: 1, inconclusive: 2, 'in line': 3 };

export function sortVerdicts(verdicts: PrVerdict[]): PrVerdict[] {
  return [...verdicts].sort(
    (a, b) =>
      ORDER[a.verdict] - ORDER[b.verdict] ||
      Math.abs(b.changePct ?? 0) - Math.abs(a.changePct ?? 0) ||
      a.label.localeCompare(b.label) ||
      a.metric.localeCompare(b.metric),
  );
}

/** Counts of each verdict word. */
export function verdictCounts(verdicts: readonly PrVerdict[]): Record<PrVerdictWord, number> {
  const counts: Record<PrVerdictWord, number> = { worse: 0, better: 0, 'in line': 0, inconclusive: 0 };
  for (const v of verdicts) counts[v.verdict]++;
  return counts;
}

/** The branch the pull request's own runs are given when they are opened beside the history: with spaces, so no git
 *  branch can have it. */
export const HEAD_BRANCH = 'pull request head';

/** What the history holds for one series and metric (engine/branch-history.ts), head runs included. */
export interface BranchHistory {
  seriesKey: string;
  label: string;
  metric: string;
  unit: string;
  direction: Direction;
  points: { ts: number; value: number; commit: string | null; branch: string | null }[];
}

export interface PrCheckOptions {
  baseBranch: string;
  /** The merge base, when known (given, or from git). */
  mergeBase: string | null;
  /** The merge base's ancestors (itself included), from git; null when git could not list them. `shallow`: a shallow
   *  clone's list, which ends at its depth. */
  ancestors: { commits: ReadonlySet<string>; shallow: boolean } | null;
  headCommit: string | null;
  settings: PrCheckSettings;
}

/**
 * Splits the history into the base branch's runs and the head's, cuts the base at the merge base, and judges every
 * series the head ran. The cut: runs whose commit is an ancestor of the merge base; without git's list, runs up to the
 * merge base's own run; when neither finds a run, the base's newest runs (and the note says so). A history that
 * records no branch at all is taken as the base branch's.
 */
export function checkPullRequest(histories: readonly BranchHistory[], options: PrCheckOptions): PrCheckResult {
  const { baseBranch, mergeBase, ancestors, settings } = options;
  const isHead = (p: { branch: string | null }) => p.branch === HEAD_BRANCH;
  const branches = new Set<string>();
  for (const h of histories) for (const p of h.points) if (!isHead(p) && p.branch !== null) branches.add(p.branch);
  const notes: string[] = [];
  const noBranches = branches.size === 0;
  if (noBranches) notes.push(`the history records no branches: all its runs are taken as ${baseBranch}'s`);
  const onBase = (p: { branch: string | null }) => !isHead(p) && (noBranches || p.branch === baseBranch);

  const result: PrCheckResult = {
    base: { branch: baseBranch, mergeBase, runs: 0, note: null },
    head: { commit: options.headCommit, runs: 0 },
    verdicts: [],
    added: [],
    removed: [],
    noBase: null,
    alpha: settings.alpha,
    tests: 0,
    thresholdPct: settings.thresholdPct,
  };
  // Head runs per series: several --head files may be repeats of one suite, or different tools' outputs.
  for (const h of histories) result.head.runs = Math.max(result.head.runs, h.points.filter(isHead).length);
  if (!histories.some((h) => h.points.some(onBase))) {
    const known = [...branches].sort();
    result.noBase =
      `no run of branch ${baseBranch} in the history, so nothing to compare with` +
      (known.length ? ` (its branches: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''})` : '');
    result.base.note = notes.join('; ') || null;
    return result;
  }

  const cut = baseCut(histories, onBase, mergeBase, ancestors);
  if (cut.note) notes.push(cut.note);
  result.base.note = notes.join('; ') || null;

  const judged: PrSeriesInput[] = [];
  const baseRuns = new Set<number>();
  for (const h of histories) {
    const head = h.points.filter(isHead).map((p) => p.value);
    const base = h.points.filter((p) => onBase(p) && cut.keep(p));
    for (const p of base) baseRuns.add(p.ts);
    const { seriesKey, label, metric, unit, direction } = h;
    if (head.length && base.length) judged.push({ seriesKey, label, metric, unit, direction, base, head });
    else if (head.length) result.added.push({ seriesKey, label, metric, unit, value: median(head) });
    else if (base.length) result.removed.push({ seriesKey, label, metric, unit, value: base[base.length - 1].value });
  }
  result.base.runs = baseRuns.size;
  result.tests = judged.length;
  result.verdicts = sortVerdicts(judged.map((s) => judgeSeries(s, judged.length, settings)));
  return result;
}

/** Which base runs count: see checkPullRequest. */
function baseCut(
  histories: readonly BranchHistory[],
  onBase: (p: { branch: string | null }) => boolean,
  mergeBase: string | null,
  known: PrCheckOptions['ancestors'],
): { keep: (p: { ts: number; commit: string | null }) => boolean; note: string | null } {
  const all = { keep: () => true };
  if (!mergeBase) return { ...all, note: "no merge base known: compared with the base branch's newest runs" };
  const short = mergeBase.slice(0, 8);
  const sameCommit = (a: string, b: string) => a.length >= 7 && b.length >= 7 && (a.startsWith(b) || b.startsWith(a));
  if (known) {
    const ancestors = known.commits;
    const lengths = new Set<number>();
    for (const h of histories)
      for (const p of h.points) if (p.commit && p.commit.length < 40) lengths.add(p.commit.length);
    const prefixes = new Set<string>();
    for (const length of lengths) for (const a of ancestors) prefixes.add(a.slice(0, length));
    const isAncestor = (c: string) => ancestors.has(c) || prefixes.has(c);
    let newestTs = -Infinity;
    for (const h of histories)
      for (const p of h.points) if (onBase(p) && p.commit && isAncestor(p.commit)) newestTs = Math.max(newestTs, p.ts);
    // A shallow clone does not know the older ancestors: runs up to the newest ancestor's run, by time.
    if (newestTs > -Infinity && known.shallow)
      return {
        keep: (p) => p.ts <= newestTs,
        note: `a shallow clone: runs up to the merge base ${short}'s newest ancestor's run, by time`,
      };
    if (newestTs > -Infinity)
      return {
        keep: (p) => (p.commit ? isAncestor(p.commit) : p.ts <= newestTs),
        note: null,
      };
  }
  let mergeBaseTs = -Infinity;
  for (const h of histories)
    for (const p of h.points)
      if (onBase(p) && p.commit && sameCommit(p.commit, mergeBase)) mergeBaseTs = Math.max(mergeBaseTs, p.ts);
  if (mergeBaseTs > -Infinity)
    return {
      keep: (p) => p.ts <= mergeBaseTs,
      note: known ? null : `runs up to the merge base ${short}'s own run (git could not list its ancestors here)`,
    };
  return {
    ...all,
    note: `no run of the merge base ${short} or its ancestors is in the history: compared with the base branch's newest runs`,
  };
}
