// Sentences the Overview, reports and the CLI show about an analysis beyond its regression list:
// the window, what it hides, incidents, unstable series and the newest runs. Pure, tested in Node.
import { formatPercent, formatTime, shortCommit } from '../format/format.ts';
import type { AnalysisResult, Incident } from './types.ts';

/** At or beyond this many days the detection window is the whole loaded history (the settings' cap). */
export const WHOLE_HISTORY_DAYS = 3650;

export function windowPhrase(analysis: Pick<AnalysisResult, 'settings'>): string {
  return analysis.settings.regressionDays >= WHOLE_HISTORY_DAYS
    ? 'in the whole history'
    : `in the last ${analysis.settings.regressionDays} days`;
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

export function incidentLine(i: Incident): string {
  const where = i.commit ? `commit ${shortCommit(i.commit)}` : formatTime(i.ts);
  return `${where} (${formatTime(i.ts)}): ${i.regressions.length} regressions in ${i.series} series, ${i.active} still active; worst ${i.worstMetric} of ${i.worstLabel} ${formatPercent(i.worstPct)}.`;
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
