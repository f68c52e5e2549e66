// The seed guide's Python API, in TypeScript. The page (through the worker), the CLI and other code use the
// same class; what differs per platform (files, environment, writing databases) comes in as a Platform.
import type { Catalog, DimensionFilter, SeriesPoints, SeriesQuery, SeriesSummary, SourceInfo } from '../model/api.ts';
import type { ChartLevel, ChartMarker } from '../charts/timeseries.ts';
import { chartAnnotations } from '../charts/annotations.ts';
import { stackCharts } from '../charts/stack.ts';
import { normaliseSettings, type AnalysisSettings, type DetectionMethod } from '../analysis/settings.ts';
import type { AnalysisResult, Baseline, Regression, Trend } from '../analysis/types.ts';
import { trendChangeText, trendOrder, trendWindowPhrase } from '../analysis/trends.ts';
import { formatPercent } from '../format/format.ts';
import { htmlReport } from '../report/html.ts';
import { markdownReport } from '../report/markdown.ts';
import type { ReportInput } from '../report/model.ts';

/** What the class needs from the engine (the Engine itself in Node, the worker client in the browser). */
export interface AnalysisBackend {
  analyse(options: {
    settings?: Partial<AnalysisSettings>;
    filter?: DimensionFilter;
    metric?: string;
  }): Promise<AnalysisResult>;
  baselines(options: {
    settings?: Partial<AnalysisSettings>;
    filter?: DimensionFilter;
    metric?: string;
  }): Promise<{ referenceTs: number; baselines: Baseline[] }>;
  listSeries(query: SeriesQuery): Promise<SeriesSummary[]>;
  seriesPoints(
    seriesKey: string,
    metric: string,
    options?: { fromMs?: number | null; toMs?: number | null; maxPoints?: number },
  ): Promise<SeriesPoints>;
  catalog(): Promise<Catalog>;
  listSources(): SourceInfo[] | Promise<SourceInfo[]>;
}

export interface PerformanceResultInput {
  modelId: number;
  hardwareId: number;
  batchSize: number;
  sequenceLength?: number | null;
  precision?: string;
  throughput?: number | null;
  latency?: number | null;
  memory?: number | null;
  power?: number | null;
  versionTag?: string | null;
  gitCommitHash?: string | null;
  environmentHash?: string | null;
  runGroupId?: string | null;
  timestamp?: number;
}

export interface Platform {
  environmentHash(): Promise<string>;
  /** A DOM document for charts (the page's own, or a server-side implementation). */
  document(): Document;
  /** Save text to a path (Node) or offer it as a download (browser). */
  writeOutput(path: string, content: string): Promise<void>;
  /** Append a result to the database; returns its id. */
  record?(result: PerformanceResultInput): Promise<number>;
  /** Store results in the seed's tables of the database, when it is a writable seed database. */
  writeSeedResults?(results: {
    baselines?: Baseline[];
    regressions?: Regression[];
    trends?: Trend[];
  }): Promise<{ baselines: number; regressions: number; trends: number } | null>;
}

export interface NotificationConfig {
  enabled?: boolean;
  methods?: string[];
  targets?: Record<string, unknown>;
}

export interface TimeSeriesPerformanceOptions {
  /** Seed-style thresholds: { throughput: -5, latency: 5, memory: 5, power: 5 }. */
  regressionThresholds?: Record<string, number>;
  notificationConfig?: NotificationConfig;
  settings?: Partial<AnalysisSettings>;
}

export interface SeriesSelector {
  model?: string;
  hardware?: string;
  batchSize?: number;
  sequenceLength?: number | null;
  precision?: string;
  /** Any other dimension name → accepted values. */
  filter?: DimensionFilter;
}

export function selectorToFilter(selector: SeriesSelector = {}): DimensionFilter {
  const filter: DimensionFilter = { ...(selector.filter ?? {}) };
  if (selector.model !== undefined) filter.model = [selector.model];
  if (selector.hardware !== undefined) filter.hardware = [selector.hardware];
  if (selector.batchSize !== undefined) filter.batch_size = [String(selector.batchSize)];
  if (selector.sequenceLength !== undefined)
    filter.sequence_length = [selector.sequenceLength === null ? null : String(selector.sequenceLength)];
  if (selector.precision !== undefined) filter.precision = [selector.precision];
  return filter;
}

export class TimeSeriesPerformance {
  readonly settings: AnalysisSettings;
  readonly notificationConfig: NotificationConfig;

  constructor(
    readonly backend: AnalysisBackend,
    readonly platform: Platform,
    options: TimeSeriesPerformanceOptions = {},
  ) {
    this.settings = normaliseSettings({
      ...options.settings,
      thresholds: { ...options.settings?.thresholds, ...options.regressionThresholds },
    });
    this.notificationConfig = options.notificationConfig ?? { enabled: false };
  }

  private withSettings(extra: Partial<AnalysisSettings>): AnalysisSettings {
    return normaliseSettings({
      ...this.settings,
      ...extra,
      changepoint: { ...this.settings.changepoint, ...extra.changepoint },
    });
  }

  async recordPerformanceResult(result: PerformanceResultInput): Promise<number> {
    if (!this.platform.record)
      throw new Error('Recording results needs a writable database file (the CLI or the Node API).');
    return this.platform.record({ environmentHash: await this.getEnvironmentHash(), ...result });
  }

  getEnvironmentHash(): Promise<string> {
    return this.platform.environmentHash();
  }

  /** Baselines of the configurations matching the selector (the seed's set_baseline). */
  async setBaseline(selector: SeriesSelector & { daysLookback?: number; minSamples?: number }): Promise<Baseline[]> {
    const settings = this.withSettings({
      baselineDays: selector.daysLookback ?? this.settings.baselineDays,
      minSamples: selector.minSamples ?? this.settings.minSamples,
    });
    const { baselines } = await this.backend.baselines({ settings, filter: selectorToFilter(selector) });
    await this.platform.writeSeedResults?.({ baselines });
    return baselines;
  }

  /** Baselines of every configuration (the seed's set_all_baselines). */
  async setAllBaselines(
    options: { daysLookback?: number; minSamples?: number; filter?: DimensionFilter } = {},
  ): Promise<Baseline[]> {
    return this.setBaseline({
      daysLookback: options.daysLookback,
      minSamples: options.minSamples,
      filter: options.filter,
    });
  }

  async detectRegressions(
    options: {
      daysLookback?: number;
      method?: DetectionMethod;
      filter?: DimensionFilter;
      asOf?: number | null;
      metric?: string;
    } = {},
  ): Promise<Regression[]> {
    const settings = this.withSettings({
      regressionDays: options.daysLookback ?? this.settings.regressionDays,
      method: options.method ?? this.settings.method,
      asOf: options.asOf ?? this.settings.asOf,
    });
    const result = await this.backend.analyse({ settings, filter: options.filter, metric: options.metric });
    await this.platform.writeSeedResults?.({ regressions: result.regressions });
    return result.regressions;
  }

  async analyzeTrends(
    options: {
      metric?: string;
      daysLookback?: number;
      minSamples?: number;
      /** Smallest drift of the main level over the window, in %, that is a trend. */
      minChangePct?: number;
      filter?: DimensionFilter;
      asOf?: number | null;
    } = {},
  ): Promise<Trend[]> {
    const settings = this.withSettings({
      trendDays: options.daysLookback ?? this.settings.trendDays,
      trendMinSamples: options.minSamples ?? this.settings.trendMinSamples,
      trendMinChangePct: options.minChangePct ?? this.settings.trendMinChangePct,
      asOf: options.asOf ?? this.settings.asOf,
    });
    const result = await this.backend.analyse({ settings, filter: options.filter, metric: options.metric });
    await this.platform.writeSeedResults?.({ trends: result.trends });
    return result.trends;
  }

  /** Rows of the measurement history (one per series, time and metric), newest series first by label. */
  async getPerformanceHistory(
    options: { metric?: string; filter?: DimensionFilter; limitSeries?: number } = {},
  ): Promise<
    { series: string; metric: string; ts: number; value: number; commit: string | null; versionTag: string | null }[]
  > {
    const catalog = await this.backend.catalog();
    const metrics = options.metric ? [options.metric] : catalog.metrics.map((m) => m.metric);
    const rows: {
      series: string;
      metric: string;
      ts: number;
      value: number;
      commit: string | null;
      versionTag: string | null;
    }[] = [];
    for (const metric of metrics) {
      const series = await this.backend.listSeries({
        metric,
        filter: options.filter ?? {},
        search: '',
        limit: options.limitSeries ?? 10_000,
      });
      for (const s of series) {
        const points = await this.backend.seriesPoints(s.seriesKey, metric, { maxPoints: 1_000_000 });
        points.ts.forEach((ts, i) =>
          rows.push({
            series: s.label,
            metric,
            ts,
            value: points.value[i],
            commit: points.commit[i],
            versionTag: points.versionTag[i],
          }),
        );
      }
    }
    return rows;
  }

  /** Small multiples of a metric over the trend window, worst trends first; SVG text (written when outputPath is given). */
  async generateTrendVisualization(options: {
    metric: string;
    daysLookback?: number;
    filter?: DimensionFilter;
    outputPath?: string;
    maxSeries?: number;
  }): Promise<string> {
    const trends = await this.analyzeTrends({
      metric: options.metric,
      daysLookback: options.daysLookback,
      filter: options.filter,
    });
    const chosen = [...trends].sort(trendOrder).slice(0, options.maxSeries ?? 12);
    // Observable Plot is loaded by the verbs that draw, not at every start of the CLI.
    const { timeSeriesChart } = await import('../charts/timeseries.ts');
    const document = this.platform.document();
    const charts: { title: string; chart: Element }[] = [];
    for (const t of chosen) {
      const points = await this.backend.seriesPoints(t.seriesKey, t.metric, { fromMs: t.startTs, toMs: t.endTs });
      charts.push({
        title: `${t.label} — ${t.trend}; main level ${trendChangeText(t, (pct) => formatPercent(pct))}`,
        chart: timeSeriesChart(points, { width: 720, height: 180, unit: t.unit, direction: t.direction, document }),
      });
    }
    const svg = stackCharts(
      charts,
      document,
      `${options.metric}: trends ${trendWindowPhrase({ trendDays: options.daysLookback ?? this.settings.trendDays })}`,
    ).outerHTML;
    if (options.outputPath) await this.platform.writeOutput(options.outputPath, svg);
    return svg;
  }

  /** Charts of the regressed series with the evidence drawn in: levels before and after, first bad sample. */
  async regressionCharts(result: AnalysisResult, max = 12): Promise<{ title: string; svg: string }[]> {
    const { timeSeriesChart } = await import('../charts/timeseries.ts');
    const document = this.platform.document();
    const historyStart =
      result.referenceTs - Math.max(result.settings.historyDays, result.settings.trendDays) * 86_400_000;
    const out: { title: string; svg: string }[] = [];
    const seen = new Set<string>();
    for (const r of result.regressions) {
      const key = `${r.seriesKey}|${r.metric}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (out.length >= max) break;
      const points = await this.backend.seriesPoints(r.seriesKey, r.metric, {
        fromMs: historyStart,
        toMs: result.referenceTs,
      });
      const markers: ChartMarker[] = [{ ts: r.firstBad.ts, kind: 'regression', label: formatPercent(r.changePct) }];
      // Each level over its own segment, as the page draws it: an "after" level ends where the next change starts.
      const levels: ChartLevel[] =
        r.method === 'changepoint' ? (chartAnnotations(points, result, r.direction).levels ?? []) : [];
      if (points.ts.length && r.method !== 'changepoint') {
        levels.push({ from: points.ts[0], to: r.lastGood?.ts ?? r.firstBad.ts, value: r.before, kind: 'before' });
        levels.push({ from: r.firstBad.ts, to: points.ts[points.ts.length - 1], value: r.after, kind: 'after' });
      }
      const chart = timeSeriesChart(points, {
        width: 720,
        height: 200,
        unit: r.unit,
        direction: r.direction,
        markers,
        levels,
        document,
      });
      out.push({
        title: `${r.label} — ${r.metric} ${formatPercent(r.changePct)}`,
        svg: chart.outerHTML,
      });
    }
    return out;
  }

  async exportPerformanceReport(options: {
    daysLookback?: number;
    format?: 'markdown' | 'html';
    outputPath?: string;
    title?: string;
    filter?: DimensionFilter;
    link?: string | null;
    triage?: ReportInput['triage'];
    commitUrl?: string;
  }): Promise<string> {
    const days = options.daysLookback ?? 30;
    const settings = this.withSettings({
      regressionDays: days,
      // Trends keep their own window (the page's and the CLI's trend setting), named in the report.
      trendDays: this.settings.trendDays,
      historyDays: Math.max(this.settings.historyDays, days),
    });
    const analysis = await this.backend.analyse({ settings, filter: options.filter });
    const sources = (await this.backend.listSources()).map((s) => s.name);
    const input = {
      title: options.title ?? 'Performance report',
      generatedAt: Date.now(),
      sources,
      analysis,
      periodDays: days,
      link: options.link ?? null,
      triage: options.triage,
      commitUrl: options.commitUrl,
    };
    const text =
      options.format === 'html'
        ? htmlReport({ ...input, charts: await this.regressionCharts(analysis) })
        : markdownReport(input);
    if (options.outputPath) await this.platform.writeOutput(options.outputPath, text);
    return text;
  }
}
