// Explore's state: the catalog of what is loaded, the metric, filter and search, the series list, the selection and
// its charts (range, facet, scales), and the series histories other views chart. Requests to the worker are
// tagged; only the newest answer of each kind updates the state (a slow old answer never wins).
import type { SparklinePoints } from '../charts/sparkline.ts';
import type { Catalog, DimensionFilter, SeriesPoints, SeriesSummary } from '../model/api.ts';
import { filterSeries } from '../model/series-filter.ts';
import type { Direction } from '../model/metrics.ts';
import type { EngineClient } from '../worker-client.ts';
import type { MessagesStore } from './messages.svelte.ts';

const MAX_CHARTS = 12;
/** The most series a list holds (a virtual list: 100,000 rows put only those in view in the page). */
export const SERIES_LIMIT = 200_000;
/** Points of a sparkline; sparklines kept (the most recently used); most asked of the worker in one call. */
const SPARKLINE_POINTS = 60;
const SPARKLINE_CACHE = 10_000;
const SPARKLINE_BATCH = 500;

export interface ExploreDeps {
  client: EngineClient;
  messages: MessagesStore;
  /** Whether any source is open. */
  hasSources: () => boolean;
  /** Whether Explore is on screen: charts are fetched only then. */
  onScreen: () => boolean;
}

export class ExploreStore {
  // Data from the worker is replaced, never edited: raw state (a deep proxy made every read of a chart's 2,000
  // points a proxy trap, and a new proxy per update redrew charts whose data had not changed).
  catalog = $state.raw<Catalog | null>(null);
  metric = $state('');
  filter = $state<DimensionFilter>({});
  search = $state('');
  series = $state.raw<SeriesSummary[]>([]);
  seriesLoading = $state(false);
  selected = $state<string[]>([]);
  points = $state.raw<Record<string, SeriesPoints>>({});
  logScale = $state(false);
  /** The x axis: time, or run order (the n-th result). */
  xBy = $state<'time' | 'run'>('time');
  /** The time range shown (epoch ms, null = open end) and the dimension charts are faceted by. */
  range = $state<{ from: number | null; to: number | null }>({ from: null, to: null });
  facet = $state<string | null>(null);
  metricInfo = $derived(this.catalog?.metrics.find((m) => m.metric === this.metric) ?? null);

  private seriesRequest = 0;
  private catalogRequest = 0;
  /** The engine's whole list of each metric (no filter, no search), asked for once: filters and searches narrow it
   *  in the page, and the Grid shows it. A new catalog (the data changed) forgets them, and an answer asked for
   *  before that is not kept. */
  private wholes = new Map<string, Promise<SeriesSummary[]>>();
  private wholeLists = new Map<string, SeriesSummary[]>();
  private dataGeneration = 0;
  private pointsRequest = 0;
  private pointsSignature = '';
  // Sparklines: answers by series and metric (a Map's order is its use order), the ones asked for and not yet
  // answered, and those waiting for the next batch. A new generation (the sources changed) drops late answers.
  private sparklineCache = new Map<string, SparklinePoints>();
  private sparklinePending = new Map<string, Promise<SparklinePoints>>();
  private sparklineQueue: {
    seriesKey: string;
    metric: string;
    resolve: (p: SparklinePoints) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private sparklineGeneration = 0;
  /** How many requests for sparklines went to the worker (each holds many series). */
  sparklineRequests = 0;

  constructor(private readonly deps: ExploreDeps) {}

  async refreshCatalog(): Promise<void> {
    // An older read answered late (the worker's, behind a preview's at once) must not replace a newer one.
    const request = ++this.catalogRequest;
    this.wholes.clear();
    this.wholeLists.clear();
    this.dataGeneration++;
    const catalog = await this.deps.client.call((r) => r.catalog());
    if (request !== this.catalogRequest) return;
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
      const series = this.narrowed() ?? (await this.fetchSeries());
      if (request !== this.seriesRequest) return;
      this.series = series;
      const keys = new Set(series.map((s) => s.seriesKey));
      const kept = this.selected.filter((k) => keys.has(k));
      this.selected = kept.length ? kept : series.slice(0, Math.min(4, series.length)).map((s) => s.seriesKey);
      // Charts are fetched when Explore is on screen (a published history fetches series only to show them).
      if (this.deps.onScreen()) await this.loadPoints();
      else this.points = {};
    } catch (error) {
      if (request === this.seriesRequest) this.deps.messages.report(error);
    } finally {
      if (request === this.seriesRequest) this.seriesLoading = false;
    }
  }

  /** The list from the metric's whole one held in the page, when that is complete and the page can answer exactly. */
  private narrowed(): SeriesSummary[] | null {
    const whole = this.wholeLists.get(this.metric);
    if (!whole || whole.length >= SERIES_LIMIT) return null;
    return filterSeries(whole, this.filter, this.search);
  }

  private fetchSeries(): Promise<SeriesSummary[]> {
    const filter = $state.snapshot(this.filter);
    if (Object.values(filter).every((v) => v.length === 0) && this.search.trim() === '')
      return this.wholeList(this.metric);
    const query = { metric: this.metric, filter, search: this.search, limit: SERIES_LIMIT };
    return this.deps.client.call((r) => r.listSeries(query));
  }

  /** Every series of a metric (at most SERIES_LIMIT), asked of the engine once for the data as it is. */
  wholeList(metric: string): Promise<SeriesSummary[]> {
    const known = this.wholes.get(metric);
    if (known) return known;
    const generation = this.dataGeneration;
    const asked = this.deps.client.call((r) => r.listSeries({ metric, filter: {}, search: '', limit: SERIES_LIMIT }));
    this.wholes.set(metric, asked);
    asked.then(
      (series) => {
        if (generation === this.dataGeneration) this.wholeLists.set(metric, series);
      },
      () => {
        if (this.wholes.get(metric) === asked) this.wholes.delete(metric);
      },
    );
    return asked;
  }

  async loadPoints(): Promise<void> {
    // Before any source is open (a link's series, the page still starting) there is nothing to ask for; asking would
    // wait for DuckDB and hold back the same request once a published history can answer it.
    if (!this.deps.hasSources()) return;
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
    let shown: Record<string, SeriesPoints> = Object.fromEntries(
      keys
        .filter((key) => Object.hasOwn(previous, key) && previous[key].metric === metric)
        .map((key) => [key, previous[key]]),
    );
    try {
      await Promise.all(
        keys.map(async (key) => {
          const points = await this.deps.client.call((r) =>
            r.seriesPoints(key, metric, { fromMs: range.from, toMs: range.to, maxPoints: 2000 }),
          );
          if (request !== this.pointsRequest) return;
          shown = { ...shown, [key]: points };
          this.points = shown;
        }),
      );
    } catch (error) {
      if (request === this.pointsRequest) this.deps.messages.report(error);
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

  async setDirection(direction: Direction): Promise<void> {
    await this.deps.client.call((r) => r.setDirection(this.metric, direction));
    await this.refreshCatalog();
    await this.loadPoints();
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

  setRange(from: number | null, to: number | null): void {
    this.range = { from, to };
    void this.loadPoints();
  }

  /** Select one series, or add/remove it with `extend` (Ctrl/⌘-click). */
  select(key: string, extend = false): void {
    if (extend)
      this.selected = this.selected.includes(key)
        ? this.selected.filter((k) => k !== key)
        : [...this.selected, key].slice(-MAX_CHARTS);
    else this.selected = [key];
    void this.loadPoints();
  }

  /** One series of one metric alone, over its whole history. */
  showSeries(seriesKey: string, metric: string): void {
    this.metric = metric;
    this.filter = {};
    this.search = '';
    this.selected = [seriesKey];
    this.range = { from: null, to: null };
    // Fetch the chart at once, alongside the series list (the same request from the list is not repeated).
    void this.loadPoints();
    void this.refreshSeries();
  }

  /** A series' history as a chart shows it (Compare's chart, the evidence under a finding's details). */
  history(seriesKey: string, metric: string): Promise<SeriesPoints> {
    return this.deps.client.call((r) => r.seriesPoints(seriesKey, metric, { maxPoints: 2000 }));
  }

  /** A sparkline already fetched, if any (drawn at once when a cell scrolls back into view). */
  cachedSparkline(seriesKey: string, metric: string): SparklinePoints | undefined {
    const id = `${seriesKey}\u001f${metric}`;
    const hit = this.sparklineCache.get(id);
    if (hit) {
      this.sparklineCache.delete(id);
      this.sparklineCache.set(id, hit);
    }
    return hit;
  }

  /** A small downsampled history for a sparkline. The sparklines asked for in the same moment (the cells of a
   *  grid's window, an Overview table) are fetched in one worker call per metric, and kept until the sources
   *  change. */
  sparkline(seriesKey: string, metric: string): Promise<SparklinePoints> {
    const id = `${seriesKey}\u001f${metric}`;
    const hit = this.cachedSparkline(seriesKey, metric);
    if (hit) return Promise.resolve(hit);
    let pending = this.sparklinePending.get(id);
    if (!pending) {
      pending = new Promise<SparklinePoints>((resolve, reject) => {
        if (this.sparklineQueue.length === 0) setTimeout(() => this.flushSparklines(), 0);
        this.sparklineQueue.push({ seriesKey, metric, resolve, reject });
      });
      this.sparklinePending.set(id, pending);
    }
    return pending;
  }

  private flushSparklines(): void {
    const queue = this.sparklineQueue;
    this.sparklineQueue = [];
    const generation = this.sparklineGeneration;
    const byMetric = new Map<string, typeof queue>();
    for (const item of queue) byMetric.set(item.metric, [...(byMetric.get(item.metric) ?? []), item]);
    for (const [metric, items] of byMetric)
      for (let from = 0; from < items.length; from += SPARKLINE_BATCH) {
        const batch = items.slice(from, from + SPARKLINE_BATCH);
        this.sparklineRequests++;
        this.deps.client
          .call((r) =>
            r.sparklines(
              batch.map((b) => b.seriesKey),
              metric,
              SPARKLINE_POINTS,
            ),
          )
          .then(
            (lines) => {
              const byKey = new Map(lines.map((l) => [l.seriesKey, l]));
              for (const b of batch) {
                const id = `${b.seriesKey}\u001f${metric}`;
                const line = byKey.get(b.seriesKey) ?? { seriesKey: b.seriesKey, ts: [], value: [] };
                if (generation === this.sparklineGeneration) {
                  this.sparklinePending.delete(id);
                  this.sparklineCache.set(id, line);
                }
                b.resolve(line);
              }
              while (this.sparklineCache.size > SPARKLINE_CACHE)
                this.sparklineCache.delete(this.sparklineCache.keys().next().value!);
            },
            (error: unknown) => {
              for (const b of batch) {
                if (generation === this.sparklineGeneration)
                  this.sparklinePending.delete(`${b.seriesKey}\u001f${metric}`);
                b.reject(error);
              }
            },
          );
      }
  }

  forgetSparklines(): void {
    this.sparklineGeneration++;
    this.sparklineCache.clear();
    this.sparklinePending.clear();
  }
}
