// Sentences the Overview, reports and the CLI show about an analysis: the headline (worst active regression
// first), what a change's percent compares, the windows, what they hide, incidents, unstable series and the
// newest runs. One wording for every view, so the page and a report of the same view say the same numbers.
// Pure, tested in Node.
import { DEFAULT_CHANGE_POINT_OPTIONS } from './changepoints.ts';
import { formatP, formatPercent, formatTime, formatValue, shortCommit } from '../format/format.ts';
import { sortRegressions, statusCounts } from './regression-order.ts';
import type { AnalysisResult, Incident, Regression } from './types.ts';

/** At or beyond this many days the detection window is the whole loaded history (the settings' cap). */
export const WHOLE_HISTORY_DAYS = 3650;
/** At or beyond this many days the history the detector reads is everything loaded (the settings' cap). */
const WHOLE_HISTORY_READ_DAYS = 36500;
const DAY = 86_400_000;

/** "in the whole history" or "in the last 14 days". */
export function windowWords(regressionDays: number): string {
  return regressionDays >= WHOLE_HISTORY_DAYS ? 'in the whole history' : `in the last ${regressionDays} days`;
}

export function windowPhrase(analysis: Pick<AnalysisResult, 'settings'>): string {
  return windowWords(analysis.settings.regressionDays);
}

/** The detection window with its dates: "the whole history, up to 2021-07-07 08:53 UTC" or "the last 14 days (… – … UTC)". */
export function detectionWindowText(analysis: Pick<AnalysisResult, 'settings' | 'referenceTs'>): string {
  const days = analysis.settings.regressionDays;
  const end = formatTime(analysis.referenceTs);
  return days >= WHOLE_HISTORY_DAYS
    ? `the whole history, up to ${end} UTC`
    : `the last ${days} days (${formatTime(analysis.referenceTs - days * DAY)} – ${end} UTC)`;
}

/**
 * Every window the regressions depend on, in words: where first bad runs are looked for, which history the levels
 * come from, and what a change's percent compares. (Trends name their own window.)
 */
export function windowsNote(analysis: Pick<AnalysisResult, 'settings' | 'referenceTs' | 'percentWindowDays'>): string {
  const s = analysis.settings;
  if (s.method === 'percent') {
    const days = analysis.percentWindowDays ?? s.regressionDays;
    const where =
      analysis.percentWindowDays !== undefined
        ? `the newest run of each series (the window held the whole history; up to ${formatTime(analysis.referenceTs)} UTC)`
        : `results in ${detectionWindowText({ ...analysis, settings: { ...s, regressionDays: days } })}`;
    return `Regressions: ${where}, each against the mean of the ${s.baselineDays} days before it (percent method).`;
  }
  const history =
    s.historyDays >= WHOLE_HISTORY_READ_DAYS ? 'all of its loaded history' : `its last ${s.historyDays} days`;
  return (
    `Regressions: a first bad run in ${detectionWindowText(analysis)}; each series' levels come from ${history}, ` +
    `and a change is the median of the level after it against the median of the level before it.`
  );
}

/** What a regression's percent compares. */
export type ChangeBasis = 'level medians' | 'baseline mean' | 'first and newest run';

export function changeBasis(r: Pick<Regression, 'method' | 'noisePct' | 'nBefore'>): ChangeBasis {
  if (r.method === 'percent') return 'baseline mean';
  // A short strictly monotone history has no level yet: detect.ts reports it from its first run (one run
  // before, no noise estimate) to its newest.
  return r.noisePct === null && r.nBefore === 1 ? 'first and newest run' : 'level medians';
}

/** "+42.7% (level median 691.9 µs → 987.2 µs)": the percent and the two numbers it compares, named. */
export function describeChange(
  r: Pick<Regression, 'method' | 'noisePct' | 'nBefore' | 'changePct' | 'before' | 'after' | 'unit'>,
): string {
  const before = formatValue(r.before, r.unit);
  const after = formatValue(r.after, r.unit);
  const basis = changeBasis(r);
  const words =
    basis === 'level medians'
      ? `level median ${before} → ${after}`
      : basis === 'baseline mean'
        ? `baseline mean ${before} → result ${after}`
        : `first run ${before} → newest run ${after}`;
  return `${formatPercent(r.changePct)} (${words})`;
}

/** "time of ping_pong +42.7% (level median 691.9 µs → 987.2 µs) since 2021-07-07 08:53, commit e2589a0e" */
export function describeRegression(r: Regression): string {
  const commit = r.firstBad.commit ? `, commit ${shortCommit(r.firstBad.commit)}` : '';
  return `${r.metric} of ${r.label} ${describeChange(r)} since ${formatTime(r.firstBad.ts)}${commit}`;
}

/** "2 recovered, 1 superseded" */
function inactiveCounts(list: Regression[]): string {
  const c = statusCounts(list);
  return [c.recovered ? `${c.recovered} recovered` : '', c.superseded ? `${c.superseded} superseded` : '']
    .filter(Boolean)
    .join(', ');
}

export interface HeadlineInput {
  analysis: Pick<AnalysisResult, 'regressions' | 'settings' | 'seriesAnalysed' | 'tooShort'>;
  /** Findings triaged as resolved, false positive or expected: listed, but not in the headline. */
  settled?: (r: Regression) => boolean;
}

/**
 * The headline of an analysis, as the Overview, the reports and the CLI say it: how many regressions in the
 * window and how many still active, the worst active one first, then the largest of those that recovered or
 * were superseded.
 */
export function regressionHeadline({ analysis, settled = () => false }: HeadlineInput): string {
  const window = windowPhrase(analysis);
  const open = analysis.regressions.filter((r) => !settled(r));
  const triaged = analysis.regressions.length - open.length;
  const triagedNote = triaged ? ` ${triaged} more triaged as resolved, false positive or expected.` : '';
  const across = `across ${analysis.seriesAnalysed} series and metrics`;
  if (open.length === 0)
    return triaged
      ? `No open regressions ${window} ${across}.${triagedNote}`
      : `No regressions ${window} ${across}.${tooShortNote(analysis)}`;
  return regressionsSentence(open, window) + triagedNote;
}

/**
 * "4 regressions in the whole history, 1 still active. Worst active: …. No longer active: 2 recovered, 1 superseded;
 * the largest: … (recovered)." — for a list of at least one regression (the CLI says it of what it found).
 */
export function regressionsSentence(list: readonly Regression[], window: string): string {
  const sorted = sortRegressions(list);
  const active = sorted.filter((r) => r.status === 'active');
  const inactive = sorted.filter((r) => r.status !== 'active');
  const stillActive = active.length === 0 ? 'none still active' : `${active.length} still active`;
  const parts = [`${sorted.length} regression${sorted.length === 1 ? '' : 's'} ${window}, ${stillActive}.`];
  if (active.length) parts.push(`Worst active: ${describeRegression(active[0])}.`);
  if (inactive.length)
    parts.push(
      `${active.length ? 'No longer active' : 'All no longer active'}: ${inactiveCounts(inactive)}; ` +
        `the largest: ${describeRegression(inactive[0])} (${inactive[0].status}).`,
    );
  return parts.join(' ');
}

/** Said after "No regressions …" when some series are too short for the change-point method to judge. */
export function tooShortNote(analysis: Pick<AnalysisResult, 'tooShort' | 'settings'>): string {
  if (!analysis.tooShort) return '';
  const needed = 2 * analysis.settings.changepoint.minSegment;
  return ` ${analysis.tooShort} of them ${analysis.tooShort === 1 ? 'has' : 'have'} fewer than ${needed} points, too few for the change-point method to confirm a change; the percent method can judge short histories.`;
}

/** "3 older regressions are outside the 14-day window." — empty when the window hides nothing. */
export function hiddenNote(analysis: Pick<AnalysisResult, 'hiddenOlderChanges' | 'settings'>): string {
  const n = analysis.hiddenOlderChanges ?? 0;
  if (n === 0) return '';
  return `${n} older regression${n === 1 ? ' is' : 's are'} outside the ${analysis.settings.regressionDays}-day detection window.`;
}

/** Incidents worth grouping: regressions of at least two series at one commit. */
export function sharedIncidents(analysis: Pick<AnalysisResult, 'incidents'>): Incident[] {
  return (analysis.incidents ?? []).filter((i) => i.series >= 2);
}

/** One incident: its commit, how many of its regressions are still active, and its worst (active first). */
export function incidentLine(i: Incident): string {
  const where = i.commit ? `commit ${shortCommit(i.commit)}` : formatTime(i.ts);
  const worst =
    i.active > 0
      ? `worst active ${i.worstMetric} of ${i.worstLabel} ${formatPercent(i.worstPct)}`
      : `largest ${i.worstMetric} of ${i.worstLabel} ${formatPercent(i.worstPct)}${i.worstStatus ? ` (${i.worstStatus})` : ''}`;
  return `${where} (${formatTime(i.ts)}): ${i.regressions.length} regressions in ${i.series} series, ${i.active === 0 ? 'none' : i.active} still active; ${worst}.`;
}

/**
 * Series whose main level drifts the worse way without a step (a slow leak): not a regression, since no change
 * point names a first bad run, but said next to the regressions so that "what got slower" has the whole answer.
 */
export function driftNote(analysis: Pick<AnalysisResult, 'trends'>): string {
  const worse = analysis.trends
    .filter((t) => t.trend === 'degrading' && t.driftPct !== null)
    .sort((a, b) => Math.abs(b.driftPct ?? 0) - Math.abs(a.driftPct ?? 0));
  if (worse.length === 0) return '';
  const [w] = worse;
  const n = worse.length;
  return `${n} series ${n === 1 ? 'drifts' : 'drift'} worse without a step (a trend, not a regression; see Trends): the largest, ${w.metric} of ${w.label}, drifted ${formatPercent(w.driftPct)} on its main level (Mann–Kendall p = ${formatP(w.mannKendallP)}).`;
}

/** Series with more level shifts than a list holds: how many are not listed, and which ones are. */
export function omittedNote(analysis: Pick<AnalysisResult, 'omittedChanges'>): string {
  const list = analysis.omittedChanges ?? [];
  if (list.length === 0) return '';
  const total = list.reduce((n, o) => n + o.count, 0);
  const where = list.length === 1 ? `${list[0].metric} of ${list[0].label}` : `${list.length} series`;
  return `${total} more level shift${total === 1 ? '' : 's'} in ${where} not listed: each series lists its ${DEFAULT_CHANGE_POINT_OPTIONS.maxChangePoints} largest and most significant (perftrack changes names the series).`;
}

export function unstableNote(analysis: Pick<AnalysisResult, 'unstable'>): string {
  const n = analysis.unstable?.length ?? 0;
  if (n === 0) return '';
  return `${n} series ${n === 1 ? 'is' : 'are'} unstable (runs switch between modes or have a heavy tail): their wild runs are neither outliers nor regressions, and level shifts are judged on their main level.`;
}

export function latestNote(analysis: Pick<AnalysisResult, 'latest' | 'latestChecked'>): string {
  const latest = analysis.latest ?? [];
  const worse = latest.filter((l) => l.worse).length;
  if (!analysis.latestChecked) return '';
  if (latest.length === 0)
    return `The newest run is in line with its history in all ${analysis.latestChecked} series checked.`;
  return `The newest run is out of line in ${latest.length} of ${analysis.latestChecked} series (${worse} worse, ${latest.length - worse} better): unconfirmed until more runs agree.`;
}

/** Percent method over the whole history: what it compared instead, since a baseline must come before the window. */
export function percentWindowNote(analysis: Pick<AnalysisResult, 'percentWindowDays' | 'settings'>): string {
  if (analysis.settings.method !== 'percent' || analysis.percentWindowDays === undefined) return '';
  const { baselineDays, minSamples } = analysis.settings;
  return `The percent method needs a baseline before its detection window, and the window held the whole history: it compared the newest run with the mean of the ${baselineDays} days before it (at least ${minSamples} results; a series with fewer has no verdict). Set a detection window to judge more runs.`;
}
