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
  /** Found only with the evidence of other series that shifted at the same run (see lib/analysis/corroborate.ts). */
  corroboration?: Corroboration;
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
  corroboration?: Corroboration;
}

/** A shift tested at a run where the detector found shifts in other series. */
export interface Corroboration {
  /** Series whose own shift the detector found at this run. */
  foundIn: number;
  /** Mann–Whitney p of the runs before against after, and the same × the number of such tests in the analysis. */
  rawP: number;
  tests: number;
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

/** The trend of a series' main level (see lib/analysis/trends.ts): a significant drift of at least the minimum size
 *  is improving or degrading; a smaller one is stable; a larger one the test cannot confirm is no clear trend. */
export type TrendDirection = 'improving' | 'degrading' | 'stable' | 'no clear trend';

/** The seed guide's label: first → last sample ±1 %, r² < 0.5 → volatile. */
export type SeedTrendLabel = 'improving' | 'degrading' | 'stable' | 'volatile';

export interface Trend extends SeriesMetric {
  /** The robust trend of the main level, steps left out. */
  trend: TrendDirection;
  /** Theil–Sen slope of the main level within the segments between level shifts, % per week. */
  theilSenPctPerWeek: number | null;
  /** Mann–Kendall p of the main level, stratified by segment. */
  mannKendallP: number | null;
  /** Change of the main level over the window, % (the steps and the drift compound to it). */
  changePct: number | null;
  /** Of which: the level shifts inside the window (how many, and their combined %), and the drift within segments. */
  steps: number;
  stepsPct: number | null;
  driftPct: number | null;
  /** Runs in the window, and those on the main level the trend is fitted on. */
  count: number;
  used: number;
  /** The fitted main level at the window's first and last run. */
  startLevel: number | null;
  endLevel: number | null;
  /** The seed's label, magnitude (first → last sample, %; 0 when stable by CV), confidence (min(1, r²)), CV and r². */
  seedTrend: SeedTrendLabel;
  magnitudePct: number;
  confidence: number;
  cv: number;
  r2: number | null;
  /** The window's first and last run. */
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
  omittedTrends?: { stable: number; unclear: number };
  /** Change-point method: regressions grouped by the commit (or run) of their first bad sample, most series first. */
  incidents?: Incident[];
  /** Change-point method: series whose level keeps switching between modes, with why. */
  unstable?: UnstableSeries[];
  /** Change-point method: series with more level shifts than are listed (the largest and most significant are). */
  omittedChanges?: OmittedChanges[];
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
  /** Change-point method: per series and metric, the smallest shift the detector would flag (sensitivity.ts). */
  sensitivity?: SeriesSensitivity[];
}

/** The smallest shift the detector would flag in one series, from its own noise and history (sensitivity.ts). */
export interface SeriesSensitivity {
  seriesKey: string;
  label: string;
  metric: string;
  unit: string;
  /** Median of the current level (the runs since the last change point) and how many runs that is. */
  level: number;
  runsOnLevel: number;
  /** Robust noise (MAD of the residuals around the levels) as % of the level. */
  noisePct: number;
  /** Judged on its main level only (analyseSeries): the figure counts the visits to other modes as noise. */
  unstable: boolean;
  /** The smallest step flagged once k new runs sit at the new level, for k = minSegment, 10 and 30. */
  after: ShiftAfterRuns[];
}

/**
 * Which of the detector's gates sets the smallest flagged shift ('too short': no step can be confirmed yet;
 * 'constant': the level has no noise at all, so a step of any size is).
 */
export type SensitivityGate =
  'significance' | 'minimum change' | 'noise multiple' | 'agreement' | 'too short' | 'constant';

export interface ShiftAfterRuns {
  runs: number;
  /** In the series' unit, and as % of the level; null when no step could be confirmed. */
  shift: number | null;
  pct: number | null;
  gate: SensitivityGate;
}

/** Regressions that share the first bad commit (or run, or time when neither is known). */
export interface Incident {
  /** What they share: commit, else run group, else the time. */
  key: string;
  commit: string | null;
  ts: number;
  /** Fingerprints of the regressions in the shared order (regression-order.ts): active first, then by size. */
  regressions: string[];
  series: number;
  /** The first of them in that order: the worst active one, else the largest recovered or superseded one. */
  worstPct: number;
  worstLabel: string;
  worstMetric: string;
  /** Its status (absent in summaries published before it was recorded). */
  worstStatus?: Regression['status'];
  active: number;
}

export interface OmittedChanges {
  seriesKey: string;
  label: string;
  metric: string;
  /** Shifts found but not listed. */
  count: number;
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
