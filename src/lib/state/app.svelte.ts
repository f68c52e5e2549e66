// The page's state: what is loaded, what the user picked, what is on screen. Requests to the worker are
// tagged; only the newest answer of each kind updates the state (a slow old answer never wins).
import type { Catalog, DimensionFilter, LoadProgress, QueryResult, SeriesPoints, SeriesSummary, SourceInfo } from '../db/api.ts';
import type { EngineClient } from '../db/client.ts';
import type { FlatMapping } from '../sources/mapping.ts';
import type { Direction } from '../sources/metrics.ts';
import { DEFAULT_SETTINGS, normaliseSettings, type AnalysisSettings } from '../analysis/settings.ts';
import type { AnalysisResult } from '../analysis/types.ts';

export interface Message {
  id: number;
  kind: 'error' | 'info';
  text: string;
  hint: string;
}

export type Tab = 'overview' | 'explore' | 'sql' | 'notify';

const MAX_CHARTS = 12;

export class AppState {
  engineReady = $state(false);
  engineProgress = $state(0);
  engineVersion = $state('');
  busy = $state<LoadProgress | null>(null);
  messages = $state<Message[]>([]);

  sources = $state<SourceInfo[]>([]);
  catalog = $state<Catalog | null>(null);
  tab = $state<Tab>('overview');

  settings = $state<AnalysisSettings>(structuredClone(DEFAULT_SETTINGS));
  analysis = $state<AnalysisResult | null>(null);
  analysisRunning = $state(false);
  analysisError = $state<string | null>(null);

  metric = $state('');
  filter = $state<DimensionFilter>({});
  search = $state('');
  series = $state<SeriesSummary[]>([]);
  seriesLoading = $state(false);
  selected = $state<string[]>([]);
  points = $state<Record<string, SeriesPoints>>({});
  logScale = $state(false);

  sqlText = $state('SELECT metric, count(*) AS rows, count(DISTINCT series_key) AS series\nFROM measurements\nGROUP BY metric\nORDER BY metric');
  sqlResult = $state<QueryResult | null>(null);
  sqlError = $state<{ text: string; hint: string } | null>(null);
  sqlRunning = $state(false);

  metricInfo = $derived(this.catalog?.metrics.find((m) => m.metric === this.metric) ?? null);

  private ready: Promise<void>;
  private markReady!: () => void;
  private messageId = 0;
  private seriesRequest = 0;
  private analysisRequest = 0;
  private pointsRequest = 0;

  constructor(private readonly client: EngineClient) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Start DuckDB (the shell is already on screen), then open the sources named in the URL, or the demo. */
  async start(initialSources: string[]): Promise<void> {
    const init = this.client.call((r) => r.init(this.client.progress<number>((f) => (this.engineProgress = f))));
    // Ask for the sources at once: the worker downloads them while DuckDB starts.
    const opening = initialSources.map((url) => this.openUrl(url));
    try {
      const { version } = await init;
      this.engineVersion = version;
      this.engineReady = true;
      performance.mark('perftrack:engine-ready');
      this.markReady();
    } catch (error) {
      this.report(error, 'DuckDB could not start in this browser.');
      return;
    }
    await Promise.all(opening);
  }

  async openFiles(files: File[]): Promise<void> {
    if (files.length === 0) return;
    await this.ready;
    this.busy = { stage: `Opening ${files.length === 1 ? files[0].name : `${files.length} files`}`, fraction: null };
    try {
      const result = await this.client.call((r) => r.openFiles(files, this.client.progress((p) => (this.busy = p))));
      for (const failure of result.failures) this.push('error', failure.message, failure.hint);
      if (result.skipped.length) this.push('info', `${result.skipped.length} file(s) held nothing to chart: ${result.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}`, '');
      for (const source of result.sources) for (const note of source.notes) this.push('info', `${source.name}: ${note}`, '');
      if (result.sources.length) await this.afterSourcesChanged();
    } catch (error) {
      this.report(error);
    } finally {
      this.busy = null;
    }
  }

  async openUrl(url: string): Promise<boolean> {
    this.busy = { stage: `Opening ${url}`, fraction: null };
    const opened = this.client.call((r) => r.openUrl(url, this.client.progress((p) => (this.busy = p))));
    try {
      await this.ready;
      const source = await opened;
      for (const note of source.notes) this.push('info', `${source.name}: ${note}`, '');
      await this.afterSourcesChanged();
      return true;
    } catch (error) {
      this.report(error);
      return false;
    } finally {
      this.busy = null;
    }
  }

  async removeSource(id: number): Promise<void> {
    await this.client.call((r) => r.removeSource(id));
    await this.afterSourcesChanged();
  }

  async setMapping(id: number, mapping: FlatMapping): Promise<boolean> {
    try {
      await this.client.call((r) => r.setMapping(id, mapping));
      await this.afterSourcesChanged();
      return true;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  async setDirection(direction: Direction): Promise<void> {
    await this.client.call((r) => r.setDirection(this.metric, direction));
    await this.refreshCatalog();
    await this.loadPoints();
  }

  private async afterSourcesChanged(): Promise<void> {
    performance.mark('perftrack:sources-loaded');
    this.sources = await this.client.call((r) => r.listSources());
    await this.refreshCatalog();
    performance.mark('perftrack:catalog');
    await this.refreshSeries();
    performance.mark('perftrack:series');
    await this.runAnalysis();
    performance.mark('perftrack:analysis');
  }

  /** Regressions, outliers and trends of everything loaded, with the current settings. */
  async runAnalysis(): Promise<void> {
    const request = ++this.analysisRequest;
    if (!this.catalog || this.catalog.rows === 0) {
      this.analysis = null;
      return;
    }
    this.analysisRunning = true;
    try {
      const result = await this.client.call((r) => r.analyze({ settings: $state.snapshot(this.settings) }));
      if (request !== this.analysisRequest) return;
      this.analysis = result;
      this.analysisError = null;
    } catch (error) {
      if (request === this.analysisRequest) this.analysisError = (error as Error).message;
    } finally {
      if (request === this.analysisRequest) this.analysisRunning = false;
    }
  }

  updateSettings(patch: Partial<AnalysisSettings>): void {
    this.settings = normaliseSettings({ ...$state.snapshot(this.settings), ...patch });
    void this.runAnalysis();
  }

  async refreshCatalog(): Promise<void> {
    const catalog = await this.client.call((r) => r.catalog());
    this.catalog = catalog;
    if (!catalog.metrics.some((m) => m.metric === this.metric)) this.metric = catalog.metrics[0]?.metric ?? '';
    // Drop filters on dimensions or values that no longer exist.
    const next: DimensionFilter = {};
    for (const [dim, values] of Object.entries(this.filter)) {
      const known = catalog.dimensions.find((d) => d.name === dim);
      const kept = values.filter((v) => known?.values.some((k) => k.value === v));
      if (kept.length) next[dim] = kept;
    }
    this.filter = next;
  }

  async refreshSeries(): Promise<void> {
    const request = ++this.seriesRequest;
    if (!this.metric) {
      this.series = [];
      this.selected = [];
      this.points = {};
      return;
    }
    this.seriesLoading = true;
    try {
      const series = await this.client.call((r) => r.listSeries({ metric: this.metric, filter: $state.snapshot(this.filter), search: this.search, limit: 5000 }));
      if (request !== this.seriesRequest) return;
      this.series = series;
      const keys = new Set(series.map((s) => s.seriesKey));
      const kept = this.selected.filter((k) => keys.has(k));
      this.selected = kept.length ? kept : series.slice(0, Math.min(4, series.length)).map((s) => s.seriesKey);
      await this.loadPoints();
    } catch (error) {
      if (request === this.seriesRequest) this.report(error);
    } finally {
      if (request === this.seriesRequest) this.seriesLoading = false;
    }
  }

  async loadPoints(): Promise<void> {
    const request = ++this.pointsRequest;
    const keys = this.selected.slice(0, MAX_CHARTS);
    const metric = this.metric;
    const all = await Promise.all(keys.map((key) => this.client.call((r) => r.seriesPoints(key, metric, { maxPoints: 2000 }))));
    if (request !== this.pointsRequest) return;
    this.points = Object.fromEntries(keys.map((key, i) => [key, all[i]]));
  }

  setMetric(metric: string): void {
    this.metric = metric;
    void this.refreshSeries();
  }

  toggleFilter(dim: string, value: string | null): void {
    const current = this.filter[dim] ?? [];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    const filter = { ...this.filter };
    if (next.length) filter[dim] = next;
    else delete filter[dim];
    this.filter = filter;
    void this.refreshSeries();
  }

  clearFilters(): void {
    this.filter = {};
    void this.refreshSeries();
  }

  setSearch(text: string): void {
    this.search = text;
    void this.refreshSeries();
  }

  /** Select one series, or add/remove it with `extend` (Ctrl/⌘-click). */
  select(key: string, extend = false): void {
    if (extend) this.selected = this.selected.includes(key) ? this.selected.filter((k) => k !== key) : [...this.selected, key].slice(-MAX_CHARTS);
    else this.selected = [key];
    void this.loadPoints();
  }

  async runSql(): Promise<void> {
    await this.ready;
    this.sqlRunning = true;
    this.sqlError = null;
    try {
      this.sqlResult = await this.client.call((r) => r.runSql(this.sqlText, 1000));
    } catch (error) {
      this.sqlResult = null;
      this.sqlError = { text: (error as Error).message, hint: (error as { hint?: string }).hint ?? '' };
    } finally {
      this.sqlRunning = false;
    }
  }

  dismiss(id: number): void {
    this.messages = this.messages.filter((m) => m.id !== id);
  }

  private push(kind: Message['kind'], text: string, hint: string): void {
    this.messages = [...this.messages, { id: ++this.messageId, kind, text, hint }];
  }

  private report(error: unknown, fallback = 'Something went wrong.'): void {
    const e = error as { message?: string; hint?: string };
    this.push('error', e?.message || fallback, e?.hint ?? '');
  }
}
