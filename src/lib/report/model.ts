// What a report says, independent of its format: the seed guide's sections plus the evidence per regression.
import type { AnalysisResult, Regression, TrendDirection } from '../analysis/types.ts';
import {
  TREND_LABELS,
  trendChangeText,
  trendCounts,
  trendNote,
  trendOrder,
  trendWindowPhrase,
} from '../analysis/trends.ts';
import { formatP, formatPercent, formatTime, shortCommit } from '../format/format.ts';
import { METHODS } from '../analysis/settings.ts';
import {
  detectionWindowText,
  driftNote,
  hiddenNote,
  omittedNote,
  incidentLine,
  latestNote,
  percentWindowNote,
  regressionHeadline,
  sharedIncidents,
  unstableNote,
  windowsNote,
} from '../analysis/overview-text.ts';
import { sortRegressions } from '../analysis/regression-order.ts';
import { sensitivityTable, type SensitivityTable } from '../analysis/sensitivity.ts';
import { isSettled } from '../analysis/triage.ts';
import { commitLink } from '../format/commit-link.ts';
import { findingCompare, repositoryOfTemplate } from '../format/compare-link.ts';

export interface ReportInput {
  title: string;
  generatedAt: number;
  sources: string[];
  analysis: AnalysisResult;
  /** The detection window asked for, in days (the caller analyses with it; the report names the analysis's own). */
  periodDays: number;
  /** Inline SVG charts (HTML only), e.g. one per regressed series. */
  charts?: { title: string; svg: string }[];
  /** A link that reopens the same view, when the data is at a URL. */
  link?: string | null;
  maxRows?: number;
  /** A repository's commit URL template (`{commit}`): commits become links, and each regression's last good…first
   *  bad commits a compare link when the template names a GitHub- or GitLab-style repository. */
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
  /** Every window the regressions depend on and what a change compares, in words (overview-text.ts). */
  windows: string;
  /** Incidents of several series at one commit, as the Overview lists them. */
  incidents: string[];
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
  /** `links[i]`, when set, is where cell i points (the first bad commit; the compare page from the last good). */
  regressions: { cells: string[]; links: (string | null)[]; evidence: string }[];
  /** The trends' window and what they measure, in one sentence; their counts, window first. */
  trendNote: string;
  trendSummary: string;
  trendColumns: string[];
  trends: string[][];
  outliers: string[];
  truncated: { regressions: number; trends: number };
  link: string | null;
  /** Change-point method: the smallest shift flagged per series (sensitivity.ts); null otherwise. */
  sensitivity: SensitivityTable | null;
}

/** The column of the compare links: last good … first bad commit. */
export const COMPARE_COLUMN = 'Last good…first bad';

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

export { tooShortNote } from '../analysis/overview-text.ts';

export function buildReportModel(input: ReportInput): ReportModel {
  const { analysis } = input;
  const limit = input.maxRows ?? 200;
  const regressions = sortRegressions(analysis.regressions);
  const trends = [...analysis.trends].sort(trendOrder);
  const counts = trendCounts(analysis);
  const count = (list: Regression[], severity: string) => list.filter((r) => r.severity === severity).length;
  const bySeverity = (s: string) => count(regressions, s);
  const repository = repositoryOfTemplate(input.commitUrl ?? '');
  const compares = new Map(regressions.slice(0, limit).map((r) => [r, findingCompare(r, repository)]));
  const regressionColumns = [
    ...seriesColumns(regressions),
    'Metric',
    'Change',
    'Status',
    'Severity',
    'Date',
    'First bad commit',
    // Only when a repository is known: the page that lists what changed between the two commits.
    ...([...compares.values()].some(Boolean) ? [COMPARE_COLUMN] : []),
    'Significance',
  ];
  const trendColumns = [
    ...seriesColumns(trends),
    'Metric',
    'Trend',
    'Theil–Sen / week',
    'Mann–Kendall p',
    'Change of the main level',
    'Runs used',
    'Seed label (magnitude, confidence)',
  ];
  // The Overview's headline, word for word: findings triaged as resolved, false positive or expected are listed
  // with their triage but do not headline.
  const sentence = regressionHeadline({
    analysis,
    settled: (r) => isSettled(input.triage?.[r.fingerprint]?.status),
  });
  const notes = [
    driftNote(analysis),
    omittedNote(analysis),
    hiddenNote(analysis),
    percentWindowNote(analysis),
    latestNote(analysis),
    unstableNote(analysis),
  ].filter(Boolean);
  return {
    title: input.title,
    generated: `${formatTime(input.generatedAt)} UTC`,
    period: detectionWindowText(analysis),
    method: METHODS.find((m) => m.id === analysis.settings.method)?.label ?? analysis.settings.method,
    sources: input.sources,
    windows: windowsNote(analysis),
    incidents: sharedIncidents(analysis).map(incidentLine),
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
        r.status,
        r.severity,
        formatTime(r.firstBad.ts),
        r.firstBad.commit
          ? shortCommit(r.firstBad.commit) + (r.firstBad.versionTag ? ` (${r.firstBad.versionTag})` : '')
          : '—',
        ...(regressionColumns.includes(COMPARE_COLUMN) ? [compares.get(r)?.text ?? '—'] : []),
        r.method === 'percent' ? 'single result' : `p = ${formatP(r.pValue)}`,
      ],
      links: regressionColumns.map((c) =>
        c === 'First bad commit'
          ? commitLink(input.commitUrl ?? '', r.firstBad.commit)
          : c === COMPARE_COLUMN
            ? (compares.get(r)?.url ?? null)
            : null,
      ),
      evidence: r.explanation + triageText(input.triage?.[r.fingerprint]),
    })),
    trendNote: trendNote(analysis.settings),
    trendSummary: `${trendWindowPhrase(analysis.settings)}: ${TREND_LABELS.map((l) => `${counts[l]} ${l}`).join(', ')}`,
    trendColumns,
    trends: trends
      .slice(0, limit)
      .map((t) => [
        ...seriesCells(t, trendColumns),
        t.metric,
        t.trend,
        t.theilSenPctPerWeek === null ? '—' : formatPercent(t.theilSenPctPerWeek, 2),
        formatP(t.mannKendallP),
        trendChangeText(t, (pct) => formatPercent(pct)),
        `${t.used} of ${t.count}`,
        `${t.seedTrend} (${formatPercent(t.magnitudePct)}, ${t.confidence.toFixed(2)})`,
      ]),
    outliers: analysis.outliers.map((o) => `${o.label} — ${o.explanation}`),
    truncated: { regressions: Math.max(0, regressions.length - limit), trends: Math.max(0, trends.length - limit) },
    // Only web links: a crafted javascript: or data: URL never becomes a link in a report.
    link: input.link && /^https?:\/\//i.test(input.link) ? input.link : null,
    sensitivity: sensitivityTable(analysis, limit),
  };
}

function triageText(t: { status: string; note: string; issueLink: string } | undefined): string {
  if (!t || (t.status === 'detected' && !t.note && !t.issueLink)) return '';
  return ` Triage: ${t.status.replace('_', ' ')}${t.note ? ` — ${t.note}` : ''}${t.issueLink ? ` (${t.issueLink})` : ''}.`;
}
