// Comparing two sides (versions, commits, run groups, time ranges) per series and metric: % change of the
// mean and its significance — Welch's t-test on the results, or on raw samples when each side has one result.
// Raw samples of one run only show that run's own spread, not how much runs differ from each other (a CI runner
// that switches modes moves every sample of a run). So a single-run side is also judged against the series'
// history: the share of its consecutive runs that differ at least as much; the larger p of the two counts.
// A comparison's percent is of means (or single runs), not the detector's level medians: each row says which
// (`basis`), and `detectedBetween` finds the detector's regressions between the two sides, whose level-median
// change is the number the Overview and the reports give.
import type { Direction } from '../model/metrics.ts';
import { sortRegressions } from './regression-order.ts';
import { isWorse } from './settings.ts';
import { mannWhitneyU, twoSidedTP, welchTTest } from './stats.ts';
import type { Regression } from './types.ts';

export interface CompareGroupRow {
  series_key: string;
  label: string;
  metric: string;
  unit: string;
  direction: Direction;
  n_a: number;
  mean_a: number;
  sd_a: number | null;
  n_b: number;
  mean_b: number;
  sd_b: number | null;
  samples_a: number[] | null;
  samples_b: number[] | null;
  /** Consecutive runs in the series' whole history, and how many of them differ (relative) at least as much as B from A. */
  hist_pairs?: number;
  hist_as_large?: number;
}

export interface ComparisonRow {
  seriesKey: string;
  label: string;
  metric: string;
  unit: string;
  direction: Direction;
  a: { n: number; mean: number };
  b: { n: number; mean: number };
  /** Percent change of B against A, of what `basis` says. */
  changePct: number;
  basis: CompareBasis;
  pValue: number | null;
  test: 'welch' | 'mann-whitney (raw samples)' | 'welch (raw samples)' | 'run-to-run history' | 'none';
  /** A single-run side, judged against the history: consecutive runs that differ at least as much, of all pairs. */
  runToRun: { asLarge: number; pairs: number; pValue: number } | null;
  /** 'too few samples': fewer than two values on a side (and no raw samples), so no test can be run. */
  verdict: 'worse' | 'better' | 'no significant change' | 'too few samples';
}

/** What a comparison's percent compares: a side of one run is that run's value, a side of more is their mean. */
export type CompareBasis =
  'single run vs single run' | 'mean of A vs mean of B' | 'single run (A) vs mean of B' | 'mean of A vs single run (B)';

export function compareBasis(nA: number, nB: number): CompareBasis {
  if (nA <= 1 && nB <= 1) return 'single run vs single run';
  if (nA <= 1) return 'single run (A) vs mean of B';
  if (nB <= 1) return 'mean of A vs single run (B)';
  return 'mean of A vs mean of B';
}

/** When a side's runs were measured (first and last), epoch ms. */
export interface SideSpan {
  from: number;
  to: number;
}

/**
 * The detector's regressions of one series and metric that happened between side A and side B: the first bad run
 * after A's first run and no later than B's last (A before B). Their change is of level medians, as the Overview
 * and reports give it; in the shared order (active first, then by size). Empty when a side's span is unknown or
 * B is not after A.
 */
export function detectedBetween(
  row: Pick<ComparisonRow, 'seriesKey' | 'metric'>,
  regressions: readonly Regression[],
  a: SideSpan | null,
  b: SideSpan | null,
): Regression[] {
  if (!a || !b || !(a.from <= b.from)) return [];
  return sortRegressions(
    regressions.filter(
      (r) =>
        r.seriesKey === row.seriesKey && r.metric === row.metric && r.firstBad.ts > a.from && r.firstBad.ts <= b.to,
    ),
  );
}

/** Welch's t-test from summary statistics (two-sided p). */
export function welchFromSummary(
  meanA: number,
  sdA: number,
  nA: number,
  meanB: number,
  sdB: number,
  nB: number,
): number | null {
  if (nA < 2 || nB < 2) return null;
  const va = (sdA * sdA) / nA;
  const vb = (sdB * sdB) / nB;
  const se = Math.sqrt(va + vb);
  if (se === 0) return meanA === meanB ? 1 : 0;
  const t = (meanB - meanA) / se;
  const df = (va + vb) ** 2 / ((va * va) / (nA - 1) + (vb * vb) / (nB - 1));
  return twoSidedTP(t, df);
}

/** Fewest consecutive-run pairs a history needs to say how much runs differ when nothing changed. */
export const MIN_HISTORY_PAIRS = 10;

export function compareRows(rows: CompareGroupRow[], alpha = 0.01): ComparisonRow[] {
  return rows
    .map((r): ComparisonRow => {
      const changePct = r.mean_a !== 0 ? (r.mean_b / r.mean_a - 1) * 100 : NaN;
      let pValue: number | null = null;
      let test: ComparisonRow['test'] = 'none';
      if (r.n_a >= 2 && r.n_b >= 2) {
        pValue = welchFromSummary(r.mean_a, r.sd_a ?? 0, r.n_a, r.mean_b, r.sd_b ?? 0, r.n_b);
        test = 'welch';
      } else if ((r.samples_a?.length ?? 0) >= 5 && (r.samples_b?.length ?? 0) >= 5) {
        pValue = mannWhitneyU(r.samples_a!, r.samples_b!).pValue;
        test = 'mann-whitney (raw samples)';
      } else if ((r.samples_a?.length ?? 0) >= 2 && (r.samples_b?.length ?? 0) >= 2) {
        pValue = welchTTest(r.samples_a!, r.samples_b!).pValue;
        test = 'welch (raw samples)';
      }
      const pairs = r.hist_pairs ?? 0;
      const runToRun =
        (r.n_a < 2 || r.n_b < 2) && pairs >= MIN_HISTORY_PAIRS
          ? { asLarge: r.hist_as_large ?? 0, pairs, pValue: ((r.hist_as_large ?? 0) + 1) / (pairs + 1) }
          : null;
      if (runToRun) {
        if (test === 'none') test = 'run-to-run history';
        pValue = Math.max(pValue ?? 0, runToRun.pValue);
      }
      const significant = pValue !== null && Number.isFinite(pValue) && pValue < alpha;
      const verdict =
        test === 'none'
          ? 'too few samples'
          : !significant || !Number.isFinite(changePct)
            ? 'no significant change'
            : isWorse(changePct, r.direction)
              ? 'worse'
              : 'better';
      return {
        seriesKey: r.series_key,
        label: r.label,
        metric: r.metric,
        unit: r.unit,
        direction: r.direction,
        a: { n: r.n_a, mean: r.mean_a },
        b: { n: r.n_b, mean: r.mean_b },
        changePct,
        basis: compareBasis(r.n_a, r.n_b),
        pValue,
        test,
        runToRun,
        verdict,
      };
    })
    .sort((x, y) => verdictRank(x) - verdictRank(y) || Math.abs(y.changePct) - Math.abs(x.changePct));
}

function verdictRank(row: ComparisonRow): number {
  return row.verdict === 'worse' ? 0 : row.verdict === 'better' ? 1 : row.verdict === 'no significant change' ? 2 : 3;
}
