// The page's state: the stores (one per concern) wired together, the tab on screen, the page's start, and the
// view encoded in links (the address bar and "Copy link") and applied from them.
import type { EngineClient } from '../worker-client.ts';
import type { Regression } from '../analysis/types.ts';
import { DEFAULT_SETTINGS } from '../analysis/settings.ts';
import {
  decodeLink,
  droppedNote,
  encodeViewState,
  missingFilesNote,
  type DecodedLink,
  type Tab,
  type ViewState,
} from '../share/view-state.ts';
import { browserPerformanceApi } from '../api/browser.ts';
import { AnalysisStore } from './analysis.svelte.ts';
import { CompareStore } from './compare.svelte.ts';
import { EngineStore } from './engine.svelte.ts';
import { ExploreStore } from './explore.svelte.ts';
import { IncidentStore } from './incident.svelte.ts';
import { MessagesStore } from './messages.svelte.ts';
import { idbPersist, type Persist } from './persist.ts';
import { SourcesStore } from './sources.svelte.ts';
import { withPreview } from '../sources/preview-client.ts';
import { SqlStore } from './sql.svelte.ts';

export type { Message } from './messages.svelte.ts';
export type { Tab };

export class AppState {
  tab = $state<Tab>('overview');
  readonly messages = new MessagesStore();
  readonly engine: EngineStore;
  readonly sources: SourcesStore;
  readonly explore: ExploreStore;
  readonly analysis: AnalysisStore;
  readonly compare: CompareStore;
  readonly sql: SqlStore;
  /** The incident view: the commit (or run group) it shows and the data's commits to pick from. */
  readonly incident: IncidentStore;

  private linkRequest = 0;

  constructor(
    readonly client: EngineClient,
    options: { persist?: Persist; origin?: () => string } = {},
  ) {
    const messages = this.messages;
    // Files opened while DuckDB starts are answered from their own parse until the engine has them.
    client = this.client = withPreview(client, () => this.sources.previewSource);
    const persist = options.persist ?? idbPersist;
    this.engine = new EngineStore(client);
    this.sources = new SourcesStore({
      client,
      engine: this.engine,
      messages,
      persist,
      origin: options.origin ?? (() => location.origin),
      listChanged: () => this.afterSourcesChanged(),
      dataChanged: () => this.afterDataChanged(),
    });
    this.explore = new ExploreStore({
      client,
      messages,
      hasSources: () => this.sources.list.length > 0,
      onScreen: () => this.tab === 'explore',
    });
    this.analysis = new AnalysisStore({ client, persist, hasRows: () => (this.explore.catalog?.rows ?? 0) > 0 });
    this.compare = new CompareStore({
      client,
      messages,
      hasData: () => this.explore.catalog !== null,
      filter: () => this.explore.filter,
    });
    this.sql = new SqlStore(client, this.engine);
    this.incident = new IncidentStore({
      sources: () => this.sources.list,
      commits: () => this.sources.commits(),
      commitSetting: () => this.analysis.commitUrl,
      showTab: () => (this.tab = 'incident'),
    });
  }

  /** Start DuckDB (the shell is already on screen), then open the sources named in the URL, or the demo (with
   *  `preview`, the URL of its published preview, answering until DuckDB has opened the demo itself). */
  async start(
    initialSources: string[],
    link: Partial<ViewState> = {},
    preview?: string,
    from: { link?: boolean; dropped?: string[]; placeholder?: boolean } = {},
  ): Promise<void> {
    if (from.placeholder) this.sources.markPlaceholders(initialSources);
    const init = this.engine.init();
    const [hosts] = await Promise.all([
      this.sources.hostChoices(),
      this.analysis.restore(),
      this.sources.restoreRecent(),
    ]);
    this.applyViewState(link);
    const note = droppedNote(from.dropped ?? []);
    if (note) this.messages.push('info', note, '');
    const missing = missingFilesNote(link.localFiles);
    if (missing) this.messages.push('error', missing, '');
    if (from.link) initialSources = this.sources.planLink(initialSources, hosts);
    // Ask for the sources at once: the worker downloads them while DuckDB starts.
    const opening = initialSources.map((url) => this.sources.openUrl(url, preview, false));
    try {
      const { version, replaced, failure } = await init;
      this.engine.started(version);
      if (failure) this.messages.push('error', failure.message, failure.hint ?? '');
      if (replaced) await this.afterSourcesChanged();
    } catch (error) {
      this.messages.report(error, 'DuckDB could not start in this browser.');
      return;
    }
    await Promise.all(opening);
  }

  /** A link opened in this tab after the page started (pasted into the address bar): its view, and its sources not
   *  yet open (other origins ask first). */
  async followLink(link: DecodedLink): Promise<void> {
    // A hash that is not a view (an anchor) changes nothing.
    if (Object.keys(link.view).length === 0 && link.dropped.length === 0) return;
    this.applyViewState(link.view);
    const note = droppedNote(link.dropped);
    if (note) this.messages.push('info', note, '');
    const missing = missingFilesNote(link.view.localFiles?.filter((name) => !this.sources.localNames.includes(name)));
    if (missing) this.messages.push('error', missing, '');
    // Links arriving in a burst: only the last one fetches and refreshes.
    const request = ++this.linkRequest;
    const hosts = await this.sources.hostChoices();
    if (request !== this.linkRequest) return;
    const open = new Set(this.sources.list.map((s) => s.url));
    const wanted = (link.view.sources ?? []).filter((url) => !open.has(url));
    if (wanted.length) {
      const toOpen = this.sources.planLink(wanted, hosts);
      for (const url of toOpen) void this.sources.openUrl(url);
    }
    if (!this.explore.catalog) return;
    // Links come from the address bar (a hashchange nobody awaits): what fails here is said, not thrown.
    try {
      await this.explore.refreshCatalog();
      void this.analysis.run();
      await this.explore.refreshSeries();
    } catch (error) {
      this.messages.report(error);
    }
  }

  private async afterSourcesChanged(): Promise<void> {
    performance.mark('perftrack:sources-loaded');
    this.explore.forgetSparklines();
    await this.sources.reload();
    await this.explore.refreshCatalog();
    performance.mark('perftrack:catalog');
    await this.explore.refreshSeries();
    performance.mark('perftrack:series');
    await this.analysis.run();
    performance.mark('perftrack:analysis');
  }

  private async afterDataChanged(): Promise<void> {
    await this.explore.refreshCatalog();
    await this.explore.refreshSeries();
    await this.analysis.run();
  }

  /** Open a regression in Explore: its series and metric, over the whole history. */
  showRegression(r: Pick<Regression, 'seriesKey' | 'metric'>): void {
    this.tab = 'explore';
    this.explore.showSeries(r.seriesKey, r.metric);
  }

  /** A Markdown or self-contained HTML report of the current analysis (with the share link when it travels). */
  async buildReport(format: 'markdown' | 'html'): Promise<string> {
    const api = browserPerformanceApi(this.client, { settings: $state.snapshot(this.analysis.settings) });
    return api.exportPerformanceReport({
      daysLookback: this.analysis.settings.regressionDays,
      format,
      title: `Performance report — ${this.sources.list.map((s) => s.name).join(', ')}`,
      filter: $state.snapshot(this.explore.filter),
      link: this.sources.localNames.length === 0 ? this.shareLink(location.href) : null,
      triage: $state.snapshot(this.analysis.triage),
      commitUrl: await this.incident.loadCommits().then(() => this.incident.commitTemplate),
    });
  }

  // ---- share links ------------------------------------------------------------------------------

  viewState(): ViewState {
    const { explore, compare } = this;
    return {
      sources: this.sources.list.filter((s) => s.url).map((s) => s.url!),
      tab: this.tab,
      metric: explore.metric,
      filter: $state.snapshot(explore.filter),
      search: explore.search,
      selected: $state.snapshot(explore.selected),
      range: $state.snapshot(explore.range),
      facet: explore.facet,
      logScale: explore.logScale,
      settings: $state.snapshot(this.analysis.settings),
      compare: compare.spec.a && compare.spec.b ? $state.snapshot(compare.spec) : null,
      localFiles: this.sources.localNames,
      // The incident's commit travels while its view is on screen.
      incident: this.tab === 'incident' ? this.incident.commit : null,
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
    const { explore } = this;
    if (view.tab) this.tab = view.tab;
    if (view.metric) explore.metric = view.metric;
    if (view.filter) explore.filter = view.filter;
    if (view.search !== undefined) explore.search = view.search;
    // Selected series are keyed by name on screen: each once.
    if (view.selected) explore.selected = [...new Set(view.selected)];
    if (view.range) explore.range = view.range;
    if (view.facet !== undefined) explore.facet = view.facet;
    if (view.logScale !== undefined) explore.logScale = view.logScale;
    if (view.settings) this.analysis.settings = view.settings;
    if (view.compare) this.compare.spec = view.compare;
    if (view.incident) this.incident.commit = view.incident;
  }

  /** A link's view (validated) and the fields it held that were not valid. */
  static parseLink(hash: string): DecodedLink {
    return decodeLink(hash, DEFAULT_SETTINGS);
  }
}
