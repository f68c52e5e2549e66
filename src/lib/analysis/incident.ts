// An incident seen from one commit: every series whose level the detector moved there, with the change (the
// Overview's number), its status, the other series' corroboration, and the last good commit before it. Shifts the
// detector placed a run or two from the commit are listed too, with where they were placed: noise moves a split by
// a run, and a series not measured at every commit steps at the next one it was. Pure: the page gives the analysis
// and the data's commits in time order.
import { formatP, formatTime, shortCommit } from '../format/format.ts';
import { compareUrl, type Repository } from '../format/compare-link.ts';
import { describeChange } from './overview-text.ts';
import { STATUS_ORDER } from './regression-order.ts';
import type { AnalysisResult, ChangePointFinding, Corroboration, Regression, SamplePoint } from './types.ts';

/** One commit of the data (or one run group, when the data has no commits), with what the data says of it. */
export interface CommitInfo {
  id: string;
  /** Epoch ms of its first measurement. */
  ts: number;
  message?: string | null;
  author?: string | null;
  /** The commit's page, when the data gives one. */
  url?: string | null;
}

/** What a series' shift is now: a regression's status, else why it is not one. */
export type IncidentStatus =
  | Regression['status']
  | 'improvement'
  /** A worsening whose first bad run is before the detection window. */
  | 'before the window'
  /** A worsening back to where an earlier improvement started: not a regression (detection.md). */
  | 'end of an improvement';

export interface IncidentSeries {
  seriesKey: string;
  label: string;
  metric: string;
  unit: string;
  changePct: number;
  worse: boolean;
  /** describeChange: the percent and the two level medians it compares. */
  change: string;
  status: IncidentStatus;
  pValue: number | null;
  /** Runs of the data from the picked commit to this shift's first bad run: 0 at it, +1 the next, −1 the one before. */
  offset: number;
  /** Where the detector put the shift when not at the picked commit, in words; null at it. */
  placement: string | null;
  corroboration: Corroboration | null;
  /** One sentence on the corroboration, or null when the shift was found on its own. */
  corroborationText: string | null;
  firstBad: SamplePoint;
  lastGood: SamplePoint | null;
  /** The regression's fingerprint, when the shift is one. */
  regression: string | null;
}

export interface IncidentModel {
  /** The picked commit as the data has it; null when the data does not have it. */
  commit: CommitInfo | null;
  /** The last good commit: the one most of the series at the commit last stood on, else the data's run before. */
  lastGood: CommitInfo | null;
  series: IncidentSeries[];
  /** The repository's compare page from the last good to the picked commit, when the repository is known. */
  compareUrl: string | null;
  headline: string;
}

export interface IncidentInput {
  /** The commit picked: an id as the data has it, or a prefix of one id (a short commit from a link). */
  commit: string;
  analysis: Pick<AnalysisResult, 'changePoints' | 'regressions' | 'referenceTs' | 'settings'>;
  /** Every commit of the data, oldest first. */
  commits: readonly CommitInfo[];
  /** Whether the ids are commits or run groups (data without commits). */
  kind?: 'commit' | 'run';
  /** Shifts placed at most this many runs from the commit are listed too. */
  near?: number;
  repository?: Repository | null;
}

export const NEAR_RUNS = 2;

/** The id of the commit named by `text`: an exact id, else the one id it is a prefix of (null when none or many). */
export function resolveCommit(commits: readonly CommitInfo[], text: string): CommitInfo | null {
  const wanted = text.trim();
  if (!wanted) return null;
  const exact = commits.find((c) => c.id === wanted);
  if (exact) return exact;
  const prefixed = commits.filter((c) => c.id.startsWith(wanted));
  return prefixed.length === 1 ? prefixed[0] : null;
}

/** Every series that moved at the commit or a run or two from it, those at it first, then as regressions sort. */
export function buildIncident(input: IncidentInput): IncidentModel {
  const { analysis, commits } = input;
  const near = input.near ?? NEAR_RUNS;
  const idOf = (p: SamplePoint | null) => (p ? (input.kind === 'run' ? p.runGroup : p.commit) : null);
  const commit = resolveCommit(commits, input.commit);
  const position = new Map(commits.map((c, i) => [c.id, i]));
  const at = commit ? position.get(commit.id)! : -1;

  const regressionAt = new Map(analysis.regressions.map((r) => [shiftKey(r.seriesKey, r.metric, r.firstBad.ts), r]));
  const shifts: Shift[] = analysis.changePoints.map((c) => ({
    change: c,
    regression: regressionAt.get(shiftKey(c.seriesKey, c.metric, c.firstBad.ts)) ?? null,
  }));
  // Regressions without a change point (the percent method) are shifts too.
  const fromChangePoints = new Set(analysis.changePoints.map((c) => shiftKey(c.seriesKey, c.metric, c.firstBad.ts)));
  for (const r of analysis.regressions)
    if (!fromChangePoints.has(shiftKey(r.seriesKey, r.metric, r.firstBad.ts)))
      shifts.push({ change: null, regression: r });

  const windowStart = analysis.referenceTs - analysis.settings.regressionDays * 86_400_000;
  const series: IncidentSeries[] = [];
  if (commit) {
    for (const shift of shifts) {
      const firstBad = shift.regression?.firstBad ?? shift.change!.firstBad;
      const id = idOf(firstBad);
      const index = id === null ? undefined : position.get(id);
      if (index === undefined || Math.abs(index - at) > near) continue;
      series.push(describeShift(shift, index - at, windowStart, input.kind ?? 'commit'));
    }
  }
  series.sort(
    (a, b) =>
      Math.abs(a.offset) - Math.abs(b.offset) ||
      Number(b.worse) - Number(a.worse) ||
      statusRank(a.status) - statusRank(b.status) ||
      Math.abs(b.changePct) - Math.abs(a.changePct) ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );

  const lastGood = commit ? lastGoodCommit(series, commits, at, idOf, position) : null;
  return {
    commit,
    lastGood,
    series,
    compareUrl: commit && lastGood ? compareUrl(input.repository ?? null, lastGood.id, commit.id) : null,
    headline: headline(commit, series, input.kind ?? 'commit', near),
  };
}

interface Shift {
  change: ChangePointFinding | null;
  regression: Regression | null;
}

function shiftKey(seriesKey: string, metric: string, ts: number): string {
  return `${seriesKey}\u0000${metric}\u0000${ts}`;
}

function statusRank(status: IncidentStatus): number {
  const i = (STATUS_ORDER as readonly string[]).indexOf(status);
  return i < 0 ? STATUS_ORDER.length : i;
}

function describeShift(shift: Shift, offset: number, windowStart: number, kind: 'commit' | 'run'): IncidentSeries {
  const r = shift.regression;
  const c = shift.change;
  const firstBad = r?.firstBad ?? c!.firstBad;
  const worse = r ? true : c!.worse;
  const status: IncidentStatus = r
    ? r.status
    : !worse
      ? 'improvement'
      : firstBad.ts <= windowStart
        ? 'before the window'
        : 'end of an improvement';
  // The same words as the Overview: the level medians either side (a regression carries its own basis).
  const change = describeChange(
    r ?? {
      method: 'changepoint',
      noisePct: 0,
      nBefore: 2,
      changePct: c!.changePct,
      before: c!.before,
      after: c!.after,
      unit: c!.unit,
    },
  );
  const corroboration = r?.corroboration ?? c?.corroboration ?? null;
  const id = kind === 'run' ? firstBad.runGroup : firstBad.commit;
  const runs = `${Math.abs(offset)} run${Math.abs(offset) === 1 ? '' : 's'}`;
  return {
    seriesKey: r?.seriesKey ?? c!.seriesKey,
    label: r?.label ?? c!.label,
    metric: r?.metric ?? c!.metric,
    unit: r?.unit ?? c!.unit,
    changePct: r?.changePct ?? c!.changePct,
    worse,
    change,
    status,
    pValue: r ? r.pValue : c!.pValue,
    offset,
    placement:
      offset === 0
        ? null
        : `The detector placed this shift ${runs} ${offset > 0 ? 'later' : 'earlier'}, at ${kind === 'run' ? 'run' : 'commit'} ${kind === 'run' ? id : shortCommit(id)} (${formatTime(firstBad.ts)}).`,
    corroboration,
    corroborationText: corroboration
      ? `Found with other series' evidence: ${corroboration.foundIn} other series shifted at the same run; tested there alone, p = ${formatP(Math.min(1, corroboration.rawP * corroboration.tests))} after Bonferroni over ${corroboration.tests} tests.`
      : null,
    firstBad,
    lastGood: r ? r.lastGood : (c?.lastGood ?? null),
    regression: r?.fingerprint ?? null,
  };
}

/** The commit most series at the picked one last stood on before it (the detector skips runs in another mode),
 *  else the data's run before the commit. */
function lastGoodCommit(
  series: IncidentSeries[],
  commits: readonly CommitInfo[],
  at: number,
  idOf: (p: SamplePoint | null) => string | null,
  position: Map<string, number>,
): CommitInfo | null {
  const votes = new Map<string, number>();
  for (const s of series) {
    const id = s.offset === 0 ? idOf(s.lastGood) : null;
    if (id !== null && (position.get(id) ?? at) < at) votes.set(id, (votes.get(id) ?? 0) + 1);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1] || position.get(b[0])! - position.get(a[0])!)[0];
  return best ? commits[position.get(best[0])!] : (commits[at - 1] ?? null);
}

function headline(commit: CommitInfo | null, series: IncidentSeries[], kind: 'commit' | 'run', near: number): string {
  if (!commit) return `That ${kind === 'run' ? 'run' : 'commit'} is not in the data.`;
  const name = kind === 'run' ? `Run ${commit.id}` : `Commit ${shortCommit(commit.id)}`;
  const when = `${name} (${formatTime(commit.ts)} UTC)`;
  const atIt = series.filter((s) => s.offset === 0);
  const nearIt = series.length - atIt.length;
  const nearText = nearIt
    ? ` ${nearIt} more ${nearIt === 1 ? 'shift' : 'shifts'} placed within ${near} runs of it.`
    : '';
  if (atIt.length === 0)
    return `${when}: no series' level moved at it.${nearText || ` None within ${near} runs either.`}`;
  const worse = atIt.filter((s) => s.worse);
  const active = worse.filter((s) => s.status === 'active').length;
  const parts = [
    worse.length ? `${worse.length} worse${active ? ` (${active} still active)` : ''}` : '',
    atIt.length - worse.length ? `${atIt.length - worse.length} better` : '',
  ].filter(Boolean);
  return `${when}: ${atIt.length} series moved at it, ${parts.join(', ')}.${nearText}`;
}
