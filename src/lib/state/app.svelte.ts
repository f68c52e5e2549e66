// The page's state: what is loaded, what the user picked, what is on screen. Requests to the worker are
// tagged; only the newest answer of each kind updates the state (a slow old answer never wins).
import type { Catalog, DimensionFilter, LoadProgress, QueryResult, RemoteReadStatus, SeriesPoints, SeriesSummary, SourceInfo } from '../model/api.ts';
import type { EngineClient } from '../worker-client.ts';
import type { FlatMapping } from '../sources/mapping.ts';
import type { FileWithPath } from '../sources/folder.ts';
import type { RunInfo } from '../sources/records.ts';
import type { Direction } from '../model/metrics.ts';
import { DEFAULT_SETTINGS, normaliseSettings, type AnalysisSettings } from '../analysis/settings.ts';
import type { AnalysisResult, Regression } from '../analysis/types.ts';
import type { ComparisonRow } from '../analysis/compare.ts';
import { normaliseTriage, updateTriage, type TriageBook, type TriageRecord } from '../analysis/triage.ts';
import type { CompareSpec } from '../model/api.ts';
import { decodeLink, droppedNote, encodeViewState, missingFilesNote, type DecodedLink, type Tab, type ViewState } from '../share/view-state.ts';
import { normaliseHostChoices, planLinkSources, type ConsentRequest } from '../share/link-consent.ts';
import { loadStored, saveStored } from './persist.ts';
import { browserPerformanceApi } from '../api/browser.ts';
import { commitLink, normaliseCommitTemplate } from '../format/commit-link.ts';

export interface Message {
  id: number;
  kind: 'error' | 'info';
  text: string;
  hint: string;
  /** Expandable detail lines (e.g. the paths behind a count of skipped files). */
  details?: { label: string; lines: string[] }[];
}

export type { Tab };

const MAX_CHARTS = 12;

export class AppState {
  engineReady = $state(false);
  engineProgress = $state(0);
  engineVersion = $state('');
  busy = $state<LoadProgress | null>(null);
  /** DuckDB reading a remote file during a query (shown with bytes read and a Cancel). */
  remoteRead = $state<RemoteReadStatus | null>(null);
  messages = $state<Message[]>([]);

  // Data from the worker is replaced, never edited: raw state (a deep proxy made every read of a chart's 2,000
  // points a proxy trap, and a new proxy per update redrew charts whose data had not changed).
  sources = $state.raw<SourceInfo[]>([]);
  catalog = $state.raw<Catalog | null>(null);
  tab = $state<Tab>('overview');

  settings = $state<AnalysisSettings>(structuredClone(DEFAULT_SETTINGS));
  analysis = $state.raw<AnalysisResult | null>(null);
  analysisRunning = $state(false);
  analysisError = $state<string | null>(null);

  metric = $state('');
  filter = $state<DimensionFilter>({});
  search = $state('');
  series = $state.raw<SeriesSummary[]>([]);
  seriesLoading = $state(false);
  selected = $state<string[]>([]);
  points = $state.raw<Record<string, SeriesPoints>>({});
  logScale = $state(false);
  /** Explore's x axis: time, or run order (the n-th result). */
  xBy = $state<'time' | 'run'>('time');
  /** A repository's commit URL with `{commit}` in it (e.g. https://github.com/org/repo/commit/{commit}): commits become links. */
  commitUrl = $state('');

  sqlText = $state('SELECT metric, count(*) AS rows, count(DISTINCT series_id) AS series\nFROM measurements\nGROUP BY metric\nORDER BY metric');
  sqlResult = $state.raw<QueryResult | null>(null);
  sqlError = $state<{ text: string; hint: string } | null>(null);
  sqlRunning = $state(false);

  /** Explore: time range shown (epoch ms, null = open end) and the dimension charts are faceted by. */
  range = $state<{ from: number | null; to: number | null }>({ from: null, to: null });
  facet = $state<string | null>(null);

  compareSpec = $state<CompareSpec>({ kind: 'version', a: '', b: '' });
  compareValues = $state.raw<{ value: string; rows: number; firstTs: number; lastTs: number }[]>([]);
  compareRows = $state.raw<ComparisonRow[] | null>(null);
  compareRunning = $state(false);
  compareSelected = $state<string | null>(null);

  triage = $state<TriageBook>({});
  recentSources = $state<string[]>([]);
  /** A link's sources on other origins, waiting for the user's word (nothing is fetched from them until then). */
  consent = $state<ConsentRequest[]>([]);

  metricInfo = $derived(this.catalog?.metrics.find((m) => m.metric === this.metric) ?? null);
  /** Bytes of published histories that are fetched only when a view needs all the data. */
  publishedBytes = $derived(this.sources.filter((s) => s.format === 'published').reduce((n, s) => n + s.bytes, 0));
  /** Sources opened from files cannot travel in a link. */
  localSources = $derived(this.sources.filter((s) => !s.url).map((s) => s.name));

  private ready: Promise<void>;
  private markReady!: () => void;
  private messageId = 0;
  private seriesRequest = 0;
  private analysisRequest = 0;
  private pointsRequest = 0;
  private pointsSignature = '';
  private sparklineCache = new Map<string, Promise<SeriesPoints>>();
  private compareKindPicked = false;
  private linkRequest = 0;
  /** Sources the page opened by itself (the built-in demo): the user's first own data replaces them. */
  private placeholderUrls = new Set<string>();
  private userDataOpened = false;
  private loadToken: object | null = null;

  constructor(private readonly client: EngineClient) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Start DuckDB (the shell is already on screen), then open the sources named in the URL, or the demo (with
   *  `preview`, the URL of its published preview, answering until DuckDB has opened the demo itself). */
  async start(initialSources: string[], link: Partial<ViewState> = {}, preview?: string, from: { link?: boolean; dropped?: string[]; placeholder?: boolean } = {}): Promise<void> {
    if (from.placeholder) for (const url of initialSources) this.placeholderUrls.add(url);
    const init = this.client.call((r) =>
      r.init(
        this.client.progress<number>((f) => (this.engineProgress = f)),
        this.client.progress<RemoteReadStatus | null>((status) => (this.remoteRead = status)),
      ),
    );
    const [settings, triage, recent, hosts, commitUrl] = await Promise.all([
      loadStored('settings', null), loadStored('triage', {}), loadStored<string[]>('recent-sources', []), loadStored('link-hosts', {}), loadStored('commit-url', ''),
    ]);
    this.commitUrl = normaliseCommitTemplate(commitUrl);
    if (settings) this.settings = normaliseSettings(settings);
    this.triage = normaliseTriage(triage);
    this.recentSources = Array.isArray(recent) ? recent.filter((u) => typeof u === 'string').slice(0, 10) : [];
    this.applyViewState(link);
    const note = droppedNote(from.dropped ?? []);
    if (note) this.push('info', note, '');
    const missing = missingFilesNote(link.localFiles);
    if (missing) this.push('error', missing, '');
    if (from.link) initialSources = this.planLinkSources(initialSources, hosts);
    // Ask for the sources at once: the worker downloads them while DuckDB starts.
    const opening = initialSources.map((url) => this.openUrl(url, preview, false));
    try {
      const { version, replaced, failure } = await init;
      this.engineVersion = version;
      this.engineReady = true;
      performance.mark('perftrack:engine-ready');
      this.markReady();
      if (failure) this.push('error', failure.message, failure.hint ?? '');
      if (replaced) await this.afterSourcesChanged();
    } catch (error) {
      this.report(error, 'DuckDB could not start in this browser.');
      return;
    }
    await Promise.all(opening);
  }

  /** Open files; those from a folder carry their path inside it, and `unreadable` names folder entries the browser could not read. */
  async openFiles(files: (File | FileWithPath)[], unreadable: string[] = []): Promise<void> {
    if (unreadable.length) this.push('error', `${unreadable.length} file(s) in the folder could not be read: ${unreadable.slice(0, 10).join(', ')}${unreadable.length > 10 ? ', …' : ''}`, 'Check that the files are readable.');
    if (files.length === 0) return;
    await this.ready;
    const first = files[0] instanceof File ? files[0].name : files[0].path;
    const progress = this.beginLoad(`Opening ${files.length === 1 ? first : `${files.length} files`}`);
    try {
      const result = await this.client.call((r) => r.openFiles(files, progress));
      for (const failure of result.failures) this.push('error', failure.message, failure.hint);
      if (result.skippedSummary) this.push('info', result.skippedSummary, '', result.skippedGroups.map((g) => ({ label: `${g.paths.length} ${g.reason}`, lines: g.paths })));
      for (const source of result.sources) for (const note of source.notes) this.push('info', `${source.name}: ${note}`, '');
      if (result.sources.length) {
        await this.closePlaceholders();
        await this.afterSourcesChanged();
      }
    } catch (error) {
      this.report(error);
    } finally {
      this.endLoad(progress);
    }
  }

  /** Open a URL; `byUser` false for the sources the page opens at start (they never replace each other). */
  async openUrl(url: string, preview?: string, byUser = true): Promise<boolean> {
    const progress = this.beginLoad(`Opening ${url}`);
    const opened = this.client.call((r) => r.openUrl(url, progress, preview));
    try {
      // The worker answers as soon as it can (a published history before DuckDB has started).
      const source = await opened;
      for (const note of source.notes) this.push('info', `${source.name}: ${note}`, '');
      this.recentSources = [url, ...this.recentSources.filter((u) => u !== url)].slice(0, 10);
      void saveStored('recent-sources', $state.snapshot(this.recentSources));
      if (byUser) await this.closePlaceholders(url);
      else if (this.userDataOpened && this.placeholderUrls.has(url)) await this.closePlaceholders();
      await this.afterSourcesChanged();
      return true;
    } catch (error) {
      this.report(error);
      // A cancelled import goes on in the worker until DuckDB's statement ends, and is dropped then; a source list
      // read in between would keep showing it.
      void this.client.call((r) => r.importsSettled()).then(() => this.refreshSourcesIfChanged()).catch(() => undefined);
      return false;
    } finally {
      this.endLoad(progress);
    }
  }

  private async refreshSourcesIfChanged(): Promise<void> {
    const sources = await this.client.call((r) => r.listSources());
    if (sources.length !== this.sources.length || sources.some((s, i) => s.id !== this.sources[i]?.id)) await this.afterSourcesChanged();
  }

  /** Show a load's progress until it ends; progress reports that arrive after the end (they cross the worker
   *  boundary asynchronously) or from an older load are ignored, so the header never stays on "Done 100 %". */
  private beginLoad(stage: string) {
    const token = {};
    this.loadToken = token;
    this.busy = { stage, fraction: null };
    const progress = this.client.progress<LoadProgress>((p) => {
      if (this.loadToken === token) this.busy = p;
    });
    return Object.assign(progress, { token });
  }

  private endLoad(progress: { token: object }): void {
    if (this.loadToken !== progress.token) return;
    this.loadToken = null;
    this.busy = null;
  }

  /** The user's own data replaces the demo the page opened by itself (only once that data has opened). */
  private async closePlaceholders(keepUrl?: string): Promise<void> {
    this.userDataOpened = true;
    if (this.placeholderUrls.size === 0) return;
    const sources = await this.client.call((r) => r.listSources());
    for (const source of sources) {
      if (source.url && this.placeholderUrls.has(source.url) && source.url !== keepUrl) await this.client.call((r) => r.removeSource(source.id));
    }
  }

  /** Stop the downloads and file reads under way; sources already open stay. */
  cancelImport(): void {
    void this.client.call((r) => r.cancelImports());
  }

  /** A link's sources: those on the page's origin or allowed before are returned to open; others wait for consent. */
  private planLinkSources(urls: string[], storedChoices: unknown): string[] {
    const plan = planLinkSources(urls, location.origin, normaliseHostChoices(storedChoices));
    const asked = new Set(this.consent.map((r) => r.origin));
    this.consent = [...this.consent, ...plan.ask.filter((r) => !asked.has(r.origin))].slice(0, 10);
    for (const refused of plan.refused) {
      this.push('info', `This link names data on ${refused.host}, which you chose not to open from links: ${refused.urls.join(', ')}`, 'To open it anyway, paste its address in "Open URL".');
    }
    return plan.open;
  }

  /** A link opened in this tab after the page started (pasted into the address bar): its view, and its sources not
   *  yet open (other origins ask first). */
  async followLink(link: DecodedLink): Promise<void> {
    // A hash that is not a view (an anchor) changes nothing.
    if (Object.keys(link.view).length === 0 && link.dropped.length === 0) return;
    this.applyViewState(link.view);
    const note = droppedNote(link.dropped);
    if (note) this.push('info', note, '');
    const missing = missingFilesNote(link.view.localFiles?.filter((name) => !this.localSources.includes(name)));
    if (missing) this.push('error', missing, '');
    // Links arriving in a burst: only the last one fetches and refreshes.
    const request = ++this.linkRequest;
    const hosts = await loadStored('link-hosts', {});
    if (request !== this.linkRequest) return;
    const open = new Set(this.sources.map((s) => s.url));
    const wanted = (link.view.sources ?? []).filter((url) => !open.has(url));
    if (wanted.length) {
      const toOpen = this.planLinkSources(wanted, hosts);
      for (const url of toOpen) void this.openUrl(url);
    }
    if (!this.catalog) return;
    // Links come from the address bar (a hashchange nobody awaits): what fails here is said, not thrown.
    try {
      await this.refreshCatalog();
      void this.runAnalysis();
      await this.refreshSeries();
    } catch (error) {
      this.report(error);
    }
  }

  /** The user's answer to a link's request to open data from another origin; remembered for that origin. */
  async answerConsent(origin: string, allow: boolean, remember = true): Promise<void> {
    const request = this.consent.find((r) => r.origin === origin);
    if (!request) return;
    this.consent = this.consent.filter((r) => r.origin !== origin);
    if (remember) {
      const hosts = normaliseHostChoices(await loadStored('link-hosts', {}));
      hosts[origin] = allow ? 'allow' : 'deny';
      await saveStored('link-hosts', hosts);
    }
    if (!allow) {
      this.push('info', `Not opened (you declined data from ${request.host}): ${request.urls.join(', ')}`, '');
      return;
    }
    for (const url of request.urls) await this.openUrl(url);
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
    this.sparklineCache.clear();
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
      const result = await this.client.call((r) => r.analyse({ settings: $state.snapshot(this.settings) }));
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
    void saveStored('settings', $state.snapshot(this.settings));
    void this.runAnalysis();
  }

  resetSettings(): void {
    this.settings = structuredClone(DEFAULT_SETTINGS);
    void saveStored('settings', null);
    void this.runAnalysis();
  }

  // ---- share links ------------------------------------------------------------------------------

  viewState(): ViewState {
    return {
      sources: this.sources.filter((s) => s.url).map((s) => s.url!),
      tab: this.tab,
      metric: this.metric,
      filter: $state.snapshot(this.filter),
      search: this.search,
      selected: $state.snapshot(this.selected),
      range: $state.snapshot(this.range),
      facet: this.facet,
      logScale: this.logScale,
      settings: $state.snapshot(this.settings),
      compare: this.compareSpec.a && this.compareSpec.b ? $state.snapshot(this.compareSpec) : null,
      localFiles: this.localSources,
    };
  }

  /** A link that reopens this view; local files cannot travel in it (the caller says so). */
  shareLink(base: string): string {
    const url = new URL(base);
    url.search = '';
    url.hash = encodeViewState(this.viewState(), DEFAULT_SETTINGS);
    return url.href;
  }

  /** Apply a link's (already validated) state; data-dependent parts apply once the data is loaded. */
  applyViewState(view: Partial<ViewState>): void {
    if (view.tab) this.tab = view.tab;
    if (view.metric) this.metric = view.metric;
    if (view.filter) this.filter = view.filter;
    if (view.search !== undefined) this.search = view.search;
    if (view.selected) this.selected = view.selected;
    if (view.range) this.range = view.range;
    if (view.facet !== undefined) this.facet = view.facet;
    if (view.logScale !== undefined) this.logScale = view.logScale;
    if (view.settings) this.settings = view.settings;
    if (view.compare) this.compareSpec = view.compare;
  }

  /** A link's view (validated) and the fields it held that were not valid. */
  static parseLink(hash: string): DecodedLink {
    return decodeLink(hash, DEFAULT_SETTINGS);
  }

  // ---- overview, triage, compare ------------------------------------------------------------------

  /** Open a regression in Explore: its series and metric, zoomed around the first bad sample. */
  showRegression(r: Pick<Regression, 'seriesKey' | 'metric'>): void {
    this.metric = r.metric;
    this.filter = {};
    this.search = '';
    this.selected = [r.seriesKey];
    this.range = { from: null, to: null };
    this.tab = 'explore';
    // Fetch the chart at once, alongside the series list (the same request from the list is not repeated).
    void this.loadPoints();
    void this.refreshSeries();
  }

  /** The full history of one series and metric (for the Compare chart). */
  chartPoints(seriesKey: string, metric: string): Promise<SeriesPoints> {
    return this.client.call((r) => r.seriesPoints(seriesKey, metric, { maxPoints: 2000 }));
  }

  /** A series' history as a chart shows it (the evidence under a finding's details). */
  seriesHistory(seriesKey: string, metric: string): Promise<SeriesPoints> {
    return this.client.call((r) => r.seriesPoints(seriesKey, metric, { maxPoints: 2000 }));
  }

  /** A small downsampled history for a sparkline (cached per series and metric). */
  async sparkline(seriesKey: string, metric: string): Promise<SeriesPoints> {
    const key = `${seriesKey}\u001f${metric}`;
    let cached = this.sparklineCache.get(key);
    if (!cached) {
      cached = this.client.call((r) => r.seriesPoints(seriesKey, metric, { maxPoints: 60 }));
      this.sparklineCache.set(key, cached);
    }
    return cached;
  }

  /** A Markdown or self-contained HTML report of the current analysis (with the share link when it travels). */
  async buildReport(format: 'markdown' | 'html'): Promise<string> {
    const api = browserPerformanceApi(this.client, { settings: $state.snapshot(this.settings) });
    const days = this.settings.regressionDays;
    return api.exportPerformanceReport({
      daysLookback: days,
      format,
      title: `Performance report — ${this.sources.map((s) => s.name).join(', ')}`,
      filter: $state.snapshot(this.filter),
      link: this.localSources.length === 0 ? this.shareLink(location.href) : null,
      triage: $state.snapshot(this.triage),
      commitUrl: this.commitUrl,
    });
  }

  /** Keep the repository's commit URL template; returns false (and keeps the old one) when it is not usable. */
  setCommitUrl(text: string): boolean {
    const template = normaliseCommitTemplate(text);
    if (text.trim() && !template) return false;
    this.commitUrl = template;
    void saveStored('commit-url', template);
    return true;
  }

  commitHref(commit: string | null | undefined): string | null {
    return commitLink(this.commitUrl, commit);
  }

  setTriage(r: Regression, patch: Partial<Pick<TriageRecord, 'status' | 'note' | 'issueLink'>>): void {
    this.triage = updateTriage($state.snapshot(this.triage), r, patch);
    void saveStored('triage', $state.snapshot(this.triage));
  }

  /** What the user compares (versions, commits, runs, time ranges); sides are chosen afresh. */
  setCompareKind(kind: CompareSpec['kind']): void {
    this.compareKindPicked = true;
    this.compareSpec = { kind, a: '', b: '' };
    this.compareRows = null;
  }

  async loadCompareValues(): Promise<void> {
    if (this.compareSpec.kind === 'time') {
      this.compareValues = [];
      return;
    }
    const kind = this.compareSpec.kind;
    const values = await this.client.call((r) => r.compareValues(kind));
    if (kind !== this.compareSpec.kind) return;
    // Nothing to pick from in the default kind (no version tags, say) and nothing chosen: offer the next kind.
    const next = ({ version: 'commit', commit: 'run', run: null } as const)[kind];
    if (values.length < 2 && !this.compareKindPicked && !this.compareSpec.a && !this.compareSpec.b && next) {
      this.compareSpec = { kind: next, a: '', b: '' };
      return;
    }
    this.compareValues = values;
    // Default: the newest against the one before it (a PR against main, a release against the previous one).
    if (!values.some((v) => v.value === this.compareSpec.a) || !values.some((v) => v.value === this.compareSpec.b)) {
      this.compareSpec = { kind, a: values[1]?.value ?? values[0]?.value ?? '', b: values[0]?.value ?? '' };
    }
  }

  async runCompare(): Promise<void> {
    if (!this.compareSpec.a || !this.compareSpec.b) return;
    this.compareRunning = true;
    try {
      this.compareRows = await this.client.call((r) => r.compare($state.snapshot(this.compareSpec), $state.snapshot(this.filter)));
      this.compareSelected = null;
    } catch (error) {
      this.report(error);
    } finally {
      this.compareRunning = false;
    }
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
      const series = await this.client.call((r) => r.listSeries({ metric: this.metric, filter: $state.snapshot(this.filter), search: this.search, limit: 20000 }));
      if (request !== this.seriesRequest) return;
      this.series = series;
      const keys = new Set(series.map((s) => s.seriesKey));
      const kept = this.selected.filter((k) => keys.has(k));
      this.selected = kept.length ? kept : series.slice(0, Math.min(4, series.length)).map((s) => s.seriesKey);
      // Charts are fetched when Explore is on screen (a published history fetches series only to show them).
      if (this.tab === 'explore') await this.loadPoints();
      else this.points = {};
    } catch (error) {
      if (request === this.seriesRequest) this.report(error);
    } finally {
      if (request === this.seriesRequest) this.seriesLoading = false;
    }
  }

  async loadPoints(): Promise<void> {
    // Before any source is open (a link's series, the page still starting) there is nothing to ask for; asking would
    // wait for DuckDB and hold back the same request once a published history can answer it.
    if (this.sources.length === 0) return;
    const keys = this.selected.slice(0, MAX_CHARTS);
    const metric = this.metric;
    const range = $state.snapshot(this.range);
    // The same charts asked twice (the view appearing while the list refreshes) are fetched once.
    const signature = JSON.stringify([keys, metric, range]);
    if (signature === this.pointsSignature) return;
    this.pointsSignature = signature;
    const request = ++this.pointsRequest;
    // Each chart is drawn as soon as its points arrive; until then a series still shown keeps its previous points.
    const previous = this.points;
    let shown: Record<string, SeriesPoints> = Object.fromEntries(keys.filter((key) => Object.hasOwn(previous, key) && previous[key].metric === metric).map((key) => [key, previous[key]]));
    try {
      await Promise.all(
        keys.map(async (key) => {
          const points = await this.client.call((r) => r.seriesPoints(key, metric, { fromMs: range.from, toMs: range.to, maxPoints: 2000 }));
          if (request !== this.pointsRequest) return;
          shown = { ...shown, [key]: points };
          this.points = shown;
        }),
      );
    } catch (error) {
      if (request === this.pointsRequest) this.report(error);
    } finally {
      if (request === this.pointsRequest) this.pointsSignature = '';
    }
  }

  /** A selected series' points; keys come from links too, so "constructor" is a key, not Object's. */
  pointsOf(key: string): SeriesPoints | undefined {
    return Object.hasOwn(this.points, key) ? this.points[key] : undefined;
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

  setRange(from: number | null, to: number | null): void {
    this.range = { from, to };
    void this.loadPoints();
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

  dismissAll(kind: Message['kind']): void {
    this.messages = this.messages.filter((m) => m.kind !== kind);
  }

  private push(kind: Message['kind'], text: string, hint: string, details?: Message['details']): void {
    if (this.messages.some((m) => m.kind === kind && m.text === text)) return;
    this.messages = [...this.messages, { id: ++this.messageId, kind, text, hint, details }];
  }

  private report(error: unknown, fallback = 'Something went wrong.'): void {
    const e = error as { message?: string; hint?: string };
    this.push('error', e?.message || fallback, e?.hint ?? '');
  }

  // ---- runs of sources opened from benchmark-tool files ---------------------------------------------

  /** The runs of a source of benchmark-tool files (one per file), in time order; empty after an error. */
  async listRuns(sourceId: number): Promise<RunInfo[]> {
    try {
      return await this.client.call((r) => r.listRuns(sourceId));
    } catch (error) {
      this.report(error);
      return [];
    }
  }

  /** Move a run to another time (epoch ms, UTC), then chart and analyse the new order. */
  async setRunTime(sourceId: number, runGroup: string, tsMs: number): Promise<boolean> {
    try {
      await this.client.call((r) => r.setRunTime(sourceId, runGroup, tsMs));
    } catch (error) {
      this.report(error);
      return false;
    }
    await this.refreshCatalog();
    await this.refreshSeries();
    await this.runAnalysis();
    return true;
  }
}
