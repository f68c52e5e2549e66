// Analysis settings: the seed guide's defaults plus the change-point detector's, in one validated object.
import type { Direction } from '../model/metrics.ts';
import { DEFAULT_CHANGE_POINT_OPTIONS } from './changepoints.ts';

export type DetectionMethod = 'changepoint' | 'percent';

export const METHODS: { id: DetectionMethod; label: string; description: string }[] = [
  {
    id: 'changepoint',
    label: 'Change points (default)',
    description:
      "Finds sustained level shifts against each series' own noise; a shift must hold for several samples, be significant and exceed the noise and a minimum size. Single spikes are listed as outliers.",
  },
  {
    id: 'percent',
    label: 'Percent vs baseline (seed guide)',
    description:
      "Every result in the detection window compared with the mean of the preceding baseline window; fires when it is worse than the metric's threshold.",
  },
];

export interface AnalysisSettings {
  method: DetectionMethod;
  /** Reference time (epoch ms); null = the newest measurement in the data. */
  asOf: number | null;
  /** Baseline window length (seed: days_lookback 7) and minimum samples (seed: min_samples 3). */
  baselineDays: number;
  minSamples: number;
  /** Detection window: results (or first bad samples) within this many days before the reference time. */
  regressionDays: number;
  /** History the change-point detector looks at (it needs the level before a change). */
  historyDays: number;
  /** Percent thresholds per metric, signed as in the seed (throughput −5: 5 % lower is worse). Others: ±defaultThreshold by direction. */
  thresholds: Record<string, number>;
  defaultThreshold: number;
  /** Trend window: runs within this many days before the reference time (3,650 or more: the whole history). */
  trendDays: number;
  trendMinSamples: number;
  /** Smallest drift of the main level over the trend window, in %, that is a trend (with Mann–Kendall p < 0.01). */
  trendMinChangePct: number;
  changepoint: { alpha: number; minSegment: number; minRelativeChange: number; minNoiseMultiple: number };
}

export const SEED_THRESHOLDS: Record<string, number> = { throughput: -5, latency: 5, memory: 5, power: 5 };

export const DEFAULT_SETTINGS: AnalysisSettings = {
  method: 'changepoint',
  asOf: null,
  baselineDays: 7,
  minSamples: 3,
  regressionDays: 3650,
  historyDays: 36500,
  thresholds: { ...SEED_THRESHOLDS },
  defaultThreshold: 5,
  // The whole history, like the detection window: a trend names its window, and a shorter one is the user's choice.
  trendDays: 3650,
  trendMinSamples: 5,
  trendMinChangePct: 5,
  changepoint: {
    alpha: DEFAULT_CHANGE_POINT_OPTIONS.alpha,
    minSegment: DEFAULT_CHANGE_POINT_OPTIONS.minSegment,
    minRelativeChange: DEFAULT_CHANGE_POINT_OPTIONS.minRelativeChange,
    minNoiseMultiple: DEFAULT_CHANGE_POINT_OPTIONS.minNoiseMultiple,
  },
};

/** Absolute percent a metric must worsen by, whatever the sign the user wrote it with. */
export function thresholdFor(settings: AnalysisSettings, metric: string): number {
  const value = settings.thresholds[metric];
  return Math.abs(Number.isFinite(value) ? value : settings.defaultThreshold);
}

/** Signed percent change → is it worse, given the metric's better direction? */
export function isWorse(changePct: number, direction: Direction): boolean {
  return direction === 'higher' ? changePct < 0 : changePct > 0;
}

export type SeverityClass = 'critical' | 'high' | 'medium';

/** Above this p-value a finding is of low confidence (a short history's exact test, e.g. p = 0.017). */
export const LOW_CONFIDENCE_P = 0.01;

/**
 * The seed's sibling module: critical > 25 %, high > 15 %, else medium. Severity says how large a change is, not
 * how sure it is: a finding of low confidence (p above LOW_CONFIDENCE_P) is at most medium, so a red "critical"
 * never stands on a test that more runs may overturn.
 */
export function severityClass(changePct: number, pValue: number | null = null): SeverityClass {
  const size = Math.abs(changePct);
  if (pValue !== null && !(pValue <= LOW_CONFIDENCE_P)) return 'medium';
  return size > 25 ? 'critical' : size > 15 ? 'high' : 'medium';
}

/** Merge partial settings (from storage, a link, the CLI) over defaults, keeping only valid values. */
export function normaliseSettings(input: unknown): AnalysisSettings {
  const out: AnalysisSettings = structuredClone(DEFAULT_SETTINGS);
  if (typeof input !== 'object' || input === null) return out;
  const source = input as Record<string, unknown>;
  if (source.method === 'changepoint' || source.method === 'percent') out.method = source.method;
  const positive = (value: unknown, max: number) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max ? value : null;
  // A window longer than the limit means "as much as there is": the limit, not the default.
  const days = (value: unknown, max: number) => positive(typeof value === 'number' ? Math.min(value, max) : value, max);
  // A reference time dates can show (years 0001–9999); others would throw "Invalid time value" when shown.
  const asOfOk =
    typeof source.asOf === 'number' &&
    source.asOf >= Date.parse('0001-01-01T00:00:00Z') &&
    source.asOf <= Date.parse('9999-12-31T23:59:59.999Z');
  out.asOf = asOfOk ? (source.asOf as number) : null;
  out.baselineDays = days(source.baselineDays, 3650) ?? out.baselineDays;
  out.minSamples = Math.round(positive(source.minSamples, 10_000) ?? out.minSamples);
  out.regressionDays = days(source.regressionDays, 3650) ?? out.regressionDays;
  out.historyDays = days(source.historyDays, 36500) ?? out.historyDays;
  out.defaultThreshold = positive(source.defaultThreshold, 1000) ?? out.defaultThreshold;
  out.trendDays = days(source.trendDays, 36500) ?? out.trendDays;
  out.trendMinSamples = Math.round(positive(source.trendMinSamples, 10_000) ?? out.trendMinSamples);
  out.trendMinChangePct = positive(source.trendMinChangePct, 1000) ?? out.trendMinChangePct;
  if (typeof source.thresholds === 'object' && source.thresholds !== null) {
    for (const [metric, value] of Object.entries(source.thresholds as Record<string, unknown>)) {
      if (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value !== 0 &&
        Math.abs(value) <= 1000 &&
        metric.length <= 200
      )
        out.thresholds[metric] = value;
    }
  }
  if (typeof source.changepoint === 'object' && source.changepoint !== null) {
    const cp = source.changepoint as Record<string, unknown>;
    out.changepoint.alpha = positive(cp.alpha, 0.5) ?? out.changepoint.alpha;
    out.changepoint.minSegment = Math.max(2, Math.round(positive(cp.minSegment, 1000) ?? out.changepoint.minSegment));
    out.changepoint.minRelativeChange = positive(cp.minRelativeChange, 10) ?? out.changepoint.minRelativeChange;
    out.changepoint.minNoiseMultiple = positive(cp.minNoiseMultiple, 100) ?? out.changepoint.minNoiseMultiple;
  }
  return out;
}
