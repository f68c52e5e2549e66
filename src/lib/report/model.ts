// What a report says, independent of its format: the seed guide's sections plus the evidence per regression.
import type { AnalysisResult, Regression, Trend, TrendDirection } from '../analysis/types.ts';
import { formatP, formatPercent, formatTime, formatValue, shortCommit } from '../format/format.ts';
import { METHODS } from '../analysis/settings.ts';
import {
  WHOLE_HISTORY_DAYS,
  hiddenNote,
  incidentLine,
  latestNote,
  percentWindowNote,
  sharedIncidents,
  unstableNote,
} from '../analysis/overview-text.ts';
import { isSettled } from '../analysis/triage.ts';
import { commitLink } from '../format/commit-link.ts';

export interface ReportInput {
  title: string;
  generatedAt: number;
  sources: string[];
  analysis: AnalysisResult;
  /** Report period in days, ending at the analysis reference time. */
  periodDays: number;
  /** Inline SVG charts (HTML only), e.g. one per regressed series. */
  charts?: { title: string; svg: string }[];
  /** A link that reopens the same view, when the data is at a URL. */
  link?: string | null;
  maxRows?: number;
  /** A repository's commit URL template (`{commit}`): commits become links. */
  commitUrl?: string;
  /** Triage of the regressions (status, note, issue link) by fingerprint, shown with their evidence. */
  triage?: Record<string, { status: string; note: string; issueLink: string }>;
}

export interface ReportModel {
  title: string;
  generated: string;
  period: string;
  method: string;
  sources: string[];
  summary: {
    regressions: number;
    critical: number;
    high: number;
    medium: number;
    outliers: number;
    trends: Record<TrendDirection, number>;
    sentence: string;
  };
  regressionColumns: string[];
  /** `links[i]`, when set, is where cell i points (the first bad commit). */
  regressions: { cells: string[]; links: (string | null)[]; evidence: string }[];
  trendColumns: string[];
  trends: string[][];
  outliers: string[];
  truncated: { regressions: number; trends: number };
  link: string | null;
}

/** Model and hardware columns when every series has them (the seed's tables), else one Series column. */
function seriesColumns(items: { series: Record<string, string | null> }[]): string[] {
  const seeded = items.length > 0 && items.every((i) => 'model' in i.series && 'hardware' in i.series);
  return seeded ? ['Model', 'Hardware', 'Configuration'] : ['Series'];
}

function seriesCells(item: { series: Record<string, string | null>; label: string }, columns: string[]): string[] {
  if (columns[0] !== 'Model') return [item.label];
  const rest = Object.entries(item.series)
    .filter(([k, v]) => k !== 'model' && k !== 'hardware' && v !== null)
    .map(([k, v]) => (/^-?\d/.test(v!) ? `${k}=${v}` : v!))
    .join(', ');
  return [item.series.model ?? '', item.series.hardware ?? '', rest];
}

/** Said after "No regressions …" when some series are too short for the change-point method to judge. */
export function tooShortNote(analysis: Pick<AnalysisResult, 'tooShort' | 'settings'>): string {
  if (!analysis.tooShort) return '';
  const needed = 2 * analysis.settings.changepoint.minSegment;
  return ` ${analysis.tooShort} of them ${analysis.tooShort === 1 ? 'has' : 'have'} fewer than ${needed} points, too few for the change-point method to confirm a change; the percent method can judge short histories.`;
}

export function buildReportModel(input: ReportInput): ReportModel {
  const { analysis } = input;
  const limit = input.maxRows ?? 200;
  const regressions = [...analysis.regressions].sort((a, b) => Math.abs(b.changePct) - Math.abs(a.changePct));
  const trends = [...analysis.trends].sort(
    (a, b) => trendRank(a) - trendRank(b) || Math.abs(b.magnitudePct) - Math.abs(a.magnitudePct),
  );
  const counts: Record<TrendDirection, number> = {
    improving: 0,
    degrading: 0,
    stable: analysis.omittedTrends?.stable ?? 0,
    volatile: analysis.omittedTrends?.volatile ?? 0,
  };
  for (const t of analysis.trends) counts[t.trend]++;
  const count = (list: Regression[], severity: string) => list.filter((r) => r.severity === severity).length;
  const bySeverity = (s: string) => count(regressions, s);
  const regressionColumns = [
    ...seriesColumns(regressions),
    'Metric',
    'Change',
    'Severity',
    'Date',
    'First bad commit',
    'Significance',
  ];
  const trendColumns = [
    ...seriesColumns(trends),
    'Metric',
    'Direction',
    'Magnitude',
    'Confidence',
    'Theil–Sen / week',
    'Mann–Kendall p',
  ];
  const start = analysis.referenceTs - input.periodDays * 86_400_000;
  // Findings triaged as resolved, false positive or expected are listed with their triage but do not headline.
  const open = regressions.filter((r) => !isSettled(input.triage?.[r.fingerprint]?.status));
  const settled = regressions.length - open.length;
  const settledNote = settled ? ` ${settled} more triaged as resolved, false positive or expected.` : '';
  const active = open.filter((r) => r.status === 'active').length;
  const period =
    input.periodDays >= WHOLE_HISTORY_DAYS ? 'in the whole history' : `in the last ${input.periodDays} days`;
  const sentence =
    open.length === 0
      ? `No ${settled ? 'open ' : ''}regressions ${period} across ${analysis.seriesAnalysed} series and metrics.${settled ? settledNote : tooShortNote(analysis)}`
      : `${open.length} regression${open.length === 1 ? '' : 's'} (${count(open, 'critical')} critical, ${count(open, 'high')} high, ${count(open, 'medium')} medium; ${active} still active) ${period}; worst: ${describeShort(open[0])}.${settledNote}`;
  const shared = sharedIncidents(analysis);
  const notes = [
    shared.length
      ? `Grouped by first bad commit: ${shared.length} incident${shared.length === 1 ? '' : 's'} of several series; the largest: ${incidentLine(shared[0])}`
      : '',
    hiddenNote(analysis),
    percentWindowNote(analysis),
    latestNote(analysis),
    unstableNote(analysis),
  ].filter(Boolean);
  return {
    title: input.title,
    generated: `${formatTime(input.generatedAt)} UTC`,
    period: `${formatTime(start)} – ${formatTime(analysis.referenceTs)} UTC (${input.periodDays} days)`,
    method: METHODS.find((m) => m.id === analysis.settings.method)?.label ?? analysis.settings.method,
    sources: input.sources,
    summary: {
      regressions: regressions.length,
      critical: bySeverity('critical'),
      high: bySeverity('high'),
      medium: bySeverity('medium'),
      outliers: analysis.outliers.length,
      trends: counts,
      sentence: [sentence, ...notes].join(' '),
    },
    regressionColumns,
    regressions: regressions.slice(0, limit).map((r) => ({
      cells: [
        ...seriesCells(r, regressionColumns),
        r.metric,
        formatPercent(r.changePct),
        r.severity,
        formatTime(r.firstBad.ts),
        r.firstBad.commit
          ? shortCommit(r.firstBad.commit) + (r.firstBad.versionTag ? ` (${r.firstBad.versionTag})` : '')
          : '—',
        r.method === 'percent' ? 'single result' : `p = ${formatP(r.pValue)}`,
      ],
      links: regressionColumns.map((c) =>
        c === 'First bad commit' ? commitLink(input.commitUrl ?? '', r.firstBad.commit) : null,
      ),
      evidence: r.explanation + triageText(input.triage?.[r.fingerprint]),
    })),
    trendColumns,
    trends: trends
      .slice(0, limit)
      .map((t) => [
        ...seriesCells(t, trendColumns),
        t.metric,
        t.trend,
        formatPercent(t.magnitudePct),
        t.confidence.toFixed(2),
        t.theilSenPctPerWeek === null ? '—' : formatPercent(t.theilSenPctPerWeek, 2),
        formatP(t.mannKendallP),
      ]),
    outliers: analysis.outliers.map((o) => `${o.label} — ${o.explanation}`),
    truncated: { regressions: Math.max(0, regressions.length - limit), trends: Math.max(0, trends.length - limit) },
    // Only web links: a crafted javascript: or data: URL never becomes a link in a report.
    link: input.link && /^https?:\/\//i.test(input.link) ? input.link : null,
  };
}

function triageText(t: { status: string; note: string; issueLink: string } | undefined): string {
  if (!t || (t.status === 'detected' && !t.note && !t.issueLink)) return '';
  return ` Triage: ${t.status.replace('_', ' ')}${t.note ? ` — ${t.note}` : ''}${t.issueLink ? ` (${t.issueLink})` : ''}.`;
}

function trendRank(t: Trend): number {
  return { degrading: 0, volatile: 1, improving: 2, stable: 3 }[t.trend];
}

function describeShort(r: Regression): string {
  return `${r.metric} of ${r.label} ${formatPercent(r.changePct)} (${formatValue(r.before, r.unit)} → ${formatValue(r.after, r.unit)}) since ${formatTime(r.firstBad.ts)}`;
}
