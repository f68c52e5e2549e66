// Which regressions a channel gets: the rules (severity, metric, series, recovered) and deduplication.
import { compareRegressions } from '../analysis/regression-order.ts';
import type { SeverityClass } from '../analysis/settings.ts';
import type { Regression } from '../analysis/types.ts';

export interface NotifyRules {
  /** Only regressions not yet notified on a channel (one notification per fingerprint and channel). */
  newOnly: boolean;
  minSeverity: SeverityClass;
  /** Metric names to notify about; empty = all. */
  metrics: string[];
  /** Series filters, any may match: `dim=value` (exact) or text found in the series label (case-insensitive). Empty = all. */
  series: string[];
  /** Also notify regressions the series has recovered from (change-point method). */
  includeRecovered: boolean;
}

export const SEVERITY_RANK: Record<SeverityClass, number> = { medium: 1, high: 2, critical: 3 };

export const DEFAULT_RULES: NotifyRules = {
  newOnly: true,
  minSeverity: 'medium',
  metrics: [],
  series: [],
  includeRecovered: false,
};

/** `dim=value` matches that dimension exactly (case-insensitive; `dim=` matches a missing value); any other text is looked for in the label. */
export function seriesMatches(r: Pick<Regression, 'label' | 'series' | 'seriesKey'>, filter: string): boolean {
  const text = filter.trim();
  if (!text) return true;
  const eq = text.indexOf('=');
  if (eq > 0) {
    const dim = text.slice(0, eq).trim();
    const value = text
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (!(dim in r.series)) return false;
    return String(r.series[dim] ?? '').toLowerCase() === value;
  }
  return r.label.toLowerCase().includes(text.toLowerCase());
}

export function matchesRules(r: Regression, rules: NotifyRules): boolean {
  if (SEVERITY_RANK[r.severity] < SEVERITY_RANK[rules.minSeverity]) return false;
  if (!rules.includeRecovered && r.status !== 'active') return false;
  const metrics = rules.metrics.map((m) => m.trim().toLowerCase()).filter(Boolean);
  if (metrics.length && !metrics.includes(r.metric.toLowerCase())) return false;
  const series = rules.series.map((s) => s.trim()).filter(Boolean);
  if (series.length && !series.some((f) => seriesMatches(r, f))) return false;
  return true;
}

/** One notification per regression fingerprint and channel. */
export function dedupeKey(channelId: string, fingerprint: string): string {
  return `${channelId}::${fingerprint}`;
}

export interface Selection {
  send: Regression[];
  /** Matched the rules but were notified on this channel before. */
  alreadyNotified: number;
  /** Did not match the rules. */
  filteredOut: number;
}

export function selectForChannel(
  regressions: Regression[],
  rules: NotifyRules,
  channelId: string,
  notified: Record<string, string>,
): Selection {
  const matching = regressions.filter((r) => matchesRules(r, rules));
  const send = rules.newOnly ? matching.filter((r) => !notified[dedupeKey(channelId, r.fingerprint)]) : matching;
  // The same fingerprint twice in one batch is sent once.
  const seen = new Set<string>();
  const unique = send.filter((r) => (seen.has(r.fingerprint) ? false : (seen.add(r.fingerprint), true)));
  return {
    send: sortForMessage(unique),
    alreadyNotified: matching.length - send.length,
    filteredOut: regressions.length - matching.length,
  };
}

/** Worst first, in the order every view uses: active before recovered before superseded, then the size of the
 *  change (severity follows from it), then the fingerprint so a batch is always in the same order. */
export function sortForMessage(regressions: Regression[]): Regression[] {
  return [...regressions].sort(
    (a, b) => compareRegressions(a, b) || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0),
  );
}

/** Comma- or newline-separated list field → trimmed items. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
