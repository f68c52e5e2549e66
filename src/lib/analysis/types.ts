// Results of the analyses, as the page, the CLI, reports and notifications see them.
import type { Direction } from '../model/metrics.ts';
import type { DetectionMethod, SeverityClass } from './settings.ts';

export type Dimensions = Record<string, string | null>;

/** One measurement, identified well enough to act on: when, which commit, which version, which run. */
export interface SamplePoint {
  ts: number;
  value: number;
  commit: string | null;
  versionTag: string | null;
  runGroup: string | null;
  resultId: number | null;
}

/** Which series and metric a finding is about, and how to read its values. */
export interface SeriesMetric {
  seriesKey: string;
  series: Dimensions;
  label: string;
  metric: string;
  unit: string;
  direction: Direction;
}

export interface Baseline extends SeriesMetric {
  count: number;
  mean: number;
  median: number;
  stddev: number | null;
  mad: number;
  /** Newest sample in the window: the seed's baseline date, version tag and commit. */
  lastTs: number;
  versionTag: string | null;
  commit: string | null;
  windowStart: number;
  windowEnd: number;
}

export interface Regression extends SeriesMetric {
  /** Stable identity of this finding: series, metric, method and first bad sample. */
  fingerprint: string;
  method: DetectionMethod;
  /** Signed percent change of the level (after vs before); its sign is "worse" for the metric. */
  changePct: number;
  severity: SeverityClass;
  before: number;
  after: number;
  /** Significance of the shift (change points: adjusted p of the level test; percent method: null). */
  pValue: number | null;
  /** Raw-sample test between the runs around the change, when the source has per-iteration samples. */
  samplesTest: { pMannWhitney: number; pWelch: number; nBefore: number; nAfter: number } | null;
  noisePct: number | null;
  nBefore: number;
  nAfter: number;
  firstBad: SamplePoint;
  lastGood: SamplePoint | null;
  /**
   * Change points: the newest level against the level before the change — still worse (active), back
   * within half of the shift (recovered), or better than before (superseded by an improvement).
   */
  status: 'active' | 'recovered' | 'superseded';
  /** The numbers behind the verdict, in one or two sentences. */
  explanation: string;
}

export interface ChangePointFinding {
  seriesKey: string;
  label: string;
  metric: string;
  unit: string;
  index: number;
  changePct: number;
  worse: boolean;
  pValue: number;
  firstBad: SamplePoint;
  lastGood: SamplePoint;
  before: number;
  after: number;
}

export interface Outlier {
  seriesKey: string;
  label: string;
  metric: string;
  point: SamplePoint;
  /** Percent away from the local level. */
  deviationPct: number;
  explanation: string;
}

export type TrendDirection = 'improving' | 'degrading' | 'stable' | 'volatile';

export interface Trend extends SeriesMetric {
  trend: TrendDirection;
  /** Seed: total change first → last sample, percent. 0 when stable by CV. */
  magnitudePct: number;
  /** Seed: min(1, r²); 1 when stable by CV. */
  confidence: number;
  count: number;
  cv: number;
  r2: number | null;
  /** Robust additions: Theil–Sen slope as % of the median level per week, and the Mann–Kendall p-value. */
  theilSenPctPerWeek: number | null;
  mannKendallP: number | null;
  startTs: number;
  endTs: number;
}

export interface AnalysisResult {
  /** Reference time every window is measured back from. */
  referenceTs: number;
  settings: import('./settings.ts').AnalysisSettings;
  regressions: Regression[];
  outliers: Outlier[];
  trends: Trend[];
  /** Every change point the detector found in the history (both directions), for charts. */
  changePoints: ChangePointFinding[];
  seriesAnalysed: number;
  /** Change-point method: series and metrics with fewer points than it needs to confirm a change (2 × minimum segment). */
  tooShort?: number;
  elapsedMs: number;
  /** Trends counted but not listed in `trends` (a published summary lists only improving and degrading ones). */
  omittedTrends?: { stable: number; volatile: number };
  /** Change-point method: regressions grouped by the commit (or run) of their first bad sample, most series first. */
  incidents?: Incident[];
  /** Change-point method: series whose level keeps switching between modes, with why. */
  unstable?: UnstableSeries[];
  /** Change-point method: newest runs out of line with their history (status unconfirmed). */
  latest?: LatestRun[];
  /** Newest runs judged (series and metrics with a history long enough for a verdict). */
  latestChecked?: number;
  /** Regressions the detection window leaves out because their first bad sample is older. */
  hiddenOlderChanges?: number;
  /** Percent method: the detection window it used when the settings' window left no baseline (the newest run's). */
  percentWindowDays?: number;
  /** Series and metrics too short for any verdict, grouped by the reason. */
  shortReasons?: { reason: string; count: number }[];
}

/** Regressions that share the first bad commit (or run, or time when neither is known). */
export interface Incident {
  /** What they share: commit, else run group, else the time. */
  key: string;
  commit: string | null;
  ts: number;
  /** Fingerprints of the regressions, worst first. */
  regressions: string[];
  series: number;
  worstPct: number;
  worstLabel: string;
  worstMetric: string;
  active: number;
}

export interface UnstableSeries extends SeriesMetric {
  reason: string;
  modeSwitches: number;
}

/** The newest run of a series against its current level. */
export interface LatestRun extends SeriesMetric {
  point: SamplePoint;
  /** First of the trailing runs out of line the same way (the newest when it is alone). */
  firstOut: SamplePoint;
  runsOut: number;
  level: number;
  deviationPct: number;
  robustZ: number;
  referenceCount: number;
  worse: boolean;
  status: 'unconfirmed';
  explanation: string;
}
