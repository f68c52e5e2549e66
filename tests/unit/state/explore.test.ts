// ExploreStore against a real engine: the catalog, the series list within the metric, filter and search, the
// selection and its charts (fetched only on screen, once, newest answer kept), and the histories other views chart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { ExploreStore } from '../../../src/lib/state/explore.svelte.ts';
import { MessagesStore } from '../../../src/lib/state/messages.svelte.ts';
import { newEngine } from '../helpers/engine.ts';
import { csvFile, fakeClient, until, type FakeClient } from './fake-client.ts';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const BENCHES = ['parse', 'render', 'encode', 'decode', 'hash', 'sort', 'zip'];

/** Seven benchmarks on two machines (14 series), 20 days of latency and throughput. */
function historyCsv(): string[] {
  const lines = ['time,bench,machine,latency_ms,ops_per_sec'];
  for (let day = 0; day < 20; day++) {
    for (const [b, bench] of BENCHES.entries()) {
      for (const machine of ['ci-1', 'ci-2'])
        lines.push(
          `${new Date(START + day * DAY).toISOString()},${bench},${machine},${10 + b + (day % 3) / 10},${1000 - b * 10 - day}`,
        );
    }
  }
  return lines;
}

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
  const file = csvFile('history.csv', historyCsv());
  const result = await engine.openFiles([{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }]);
  expect(result.failures).toEqual([]);
});
afterAll(async () => {
  for (const source of engine.listSources()) await engine.removeSource(source.id);
});

function setUp(options: { client?: FakeClient; onScreen?: boolean; hasSources?: boolean } = {}) {
  const client = options.client ?? fakeClient(engine);
  const messages = new MessagesStore();
  const screen = { on: options.onScreen ?? true };
  const store = new ExploreStore({
    client,
    messages,
    hasSources: () => options.hasSources ?? true,
    onScreen: () => screen.on,
  });
  return { client, messages, store, screen, asked: (name: string) => client.calls.filter((c) => c === name).length };
}

/** A store with the catalog read and the series of its first metric listed. */
async function loaded(options: Parameters<typeof setUp>[0] = {}) {
  const set = setUp(options);
  await set.store.refreshCatalog();
  await set.store.refreshSeries();
  return set;
}

describe('the catalog', () => {
  it('keeps the newest read when an older one answers later (a preview answers at once, the worker later)', async () => {
    const real = await engine.catalog();
    const stale = { ...real, metrics: [{ ...real.metrics[0], metric: 'stale_metric' }] };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let call = 0;
    const client = fakeClient(engine, {
      catalog: async () => (++call === 1 ? held.then(() => stale) : real),
    });
    const { store } = setUp({ client });
    const older = store.refreshCatalog();
    await store.refreshCatalog();
    release();
    await older;
    expect(store.catalog?.metrics.map((m) => m.metric)).toEqual(real.metrics.map((m) => m.metric));
    expect(store.metric).toBe(real.metrics[0].metric);
  });
});

const key = (store: ExploreStore, bench: string, machine: string) =>
  store.series.find((s) => s.dims.bench === bench && s.dims.machine === machine)!.seriesKey;

describe('the catalog and the series list', () => {
  it('reads the catalog, falls back to its first metric, and drops filters on values that no longer exist', async () => {
    const { store } = setUp();
    store.metric = 'gone';
    store.filter = { machine: ['ci-1', 'ci-9'], owner: ['me'] };
    await store.refreshCatalog();
    expect(store.catalog?.metrics.map((m) => m.metric)).toEqual(['latency_ms', 'ops_per_sec']);
    expect(store.metric).toBe('latency_ms');
    expect(store.metricInfo).toMatchObject({ metric: 'latency_ms', direction: 'lower' });
    expect(store.filter).toEqual({ machine: ['ci-1'] });
  });

  it('lists the series of the metric within the filter and search, and selects the first four', async () => {
    const { store } = await loaded();
    expect(store.series).toHaveLength(14);
    expect(store.selected).toEqual(store.series.slice(0, 4).map((s) => s.seriesKey));
    expect(store.seriesLoading).toBe(false);
    store.setSearch('render');
    await until(() => store.series.length === 2);
    store.toggleFilter('machine', 'ci-2');
    await until(() => store.series.length === 1);
    expect(store.series[0].dims).toMatchObject({ bench: 'render', machine: 'ci-2' });
    expect(store.selected).toEqual([store.series[0].seriesKey]);
  });

  it('keeps the selected series that are still listed', async () => {
    const { store } = await loaded();
    const parse1 = key(store, 'parse', 'ci-1');
    const zip2 = key(store, 'zip', 'ci-2');
    store.selected = [parse1, zip2];
    store.toggleFilter('machine', 'ci-1');
    await until(() => store.series.length === 7);
    expect(store.selected).toEqual([parse1]);
  });

  it('toggles a filter value on and off, and clears every filter', async () => {
    const { store } = await loaded();
    store.toggleFilter('machine', 'ci-1');
    store.toggleFilter('bench', 'zip');
    expect(store.filter).toEqual({ machine: ['ci-1'], bench: ['zip'] });
    store.toggleFilter('machine', 'ci-1');
    expect(store.filter).toEqual({ bench: ['zip'] });
    await until(() => store.series.length === 2);
    store.clearFilters();
    expect(store.filter).toEqual({});
    await until(() => store.series.length === 14);
  });

  it('narrows the whole list in the page for a filter or a search, and asks the engine again after the data changed', async () => {
    const { store, asked } = await loaded();
    expect(asked('listSeries')).toBe(1);
    store.toggleFilter('machine', 'ci-2');
    store.setSearch('E');
    await until(() => store.series.length === 4);
    expect(store.series).toEqual(
      await engine.listSeries({ metric: store.metric, filter: { machine: ['ci-2'] }, search: 'E', limit: 1000 }),
    );
    store.clearFilters();
    store.setSearch('');
    await until(() => store.series.length === 14);
    expect(asked('listSeries')).toBe(1);
    await store.refreshCatalog();
    store.toggleFilter('bench', 'zip');
    await until(() => store.series.length === 2);
    expect(asked('listSeries')).toBe(2);
  });

  it('keeps no whole list that was asked for before the data changed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const client = fakeClient(engine, {
      listSeries: async (query) => {
        const list = await engine.listSeries(query);
        if (++calls === 1) await held;
        return list;
      },
    });
    const { store, asked } = setUp({ client });
    await store.refreshCatalog();
    const stale = store.refreshSeries();
    await until(() => calls === 1);
    await store.refreshCatalog();
    release();
    await stale;
    store.toggleFilter('bench', 'zip');
    await until(() => store.series.length === 2);
    expect(asked('listSeries')).toBe(2);
  });

  it('lists nothing without a metric', async () => {
    const { store, client } = await loaded();
    store.metric = '';
    await store.refreshSeries();
    expect([store.series, store.selected, store.points]).toEqual([[], [], {}]);
    expect(client.calls.filter((c) => c === 'listSeries')).toHaveLength(1);
  });

  it('keeps the newest list when an older answer arrives last', async () => {
    let releaseOlder!: () => void;
    const olderHeld = new Promise<void>((resolve) => (releaseOlder = resolve));
    let calls = 0;
    const client = fakeClient(engine, {
      listSeries: async (query) => {
        const first = ++calls === 1;
        const list = await engine.listSeries(query);
        if (first) await olderHeld;
        return list;
      },
    });
    const { store } = setUp({ client, onScreen: false });
    await store.refreshCatalog();
    const older = store.refreshSeries();
    store.search = 'zip';
    await store.refreshSeries();
    expect(store.series).toHaveLength(2);
    releaseOlder();
    await older;
    expect(store.series).toHaveLength(2);
    expect(store.seriesLoading).toBe(false);
  });

  it('says what failed when the list cannot be read', async () => {
    const client = fakeClient(engine, {
      listSeries: async () => {
        throw Object.assign(new Error('The history is gone.'), { hint: 'Open it again.' });
      },
    });
    const { store, messages } = setUp({ client });
    await store.refreshCatalog();
    await store.refreshSeries();
    expect(messages.list).toMatchObject([{ kind: 'error', text: 'The history is gone.', hint: 'Open it again.' }]);
    expect(store.seriesLoading).toBe(false);
  });
});

describe('the charts of the selection', () => {
  it('fetches charts only while Explore is on screen', async () => {
    const { store, asked, screen } = await loaded({ onScreen: false });
    expect(store.points).toEqual({});
    expect(asked('seriesPoints')).toBe(0);
    screen.on = true;
    await store.refreshSeries();
    expect(Object.keys(store.points)).toEqual(store.selected);
    expect(store.pointsOf(store.selected[0])?.ts).toHaveLength(20);
    expect(asked('seriesPoints')).toBe(4);
  });

  it('fetches the same charts once when they are asked for twice at once, and nothing before a source is open', async () => {
    const { store, asked } = await loaded({ onScreen: false });
    await Promise.all([store.loadPoints(), store.loadPoints()]);
    expect(asked('seriesPoints')).toBe(4);
    const closed = setUp({ hasSources: false });
    closed.store.selected = ['a'];
    closed.store.metric = 'latency_ms';
    await closed.store.loadPoints();
    expect(closed.client.calls).toEqual([]);
  });

  it('selects one series, or adds and removes one with extend, charting at most twelve', async () => {
    const { store } = await loaded();
    const keys = store.series.map((s) => s.seriesKey);
    store.select(keys[5]);
    expect(store.selected).toEqual([keys[5]]);
    store.select(keys[6], true);
    store.select(keys[5], true);
    expect(store.selected).toEqual([keys[6]]);
    for (const k of keys) store.select(k, true);
    expect(store.selected).toEqual(keys.filter((k) => k !== keys[6]).slice(-12));
    await until(() => Object.keys(store.points).length === 12);
  });

  it('charts the time range asked for', async () => {
    const { store } = await loaded();
    const [first] = store.selected;
    store.setRange(START + 5 * DAY, START + 9 * DAY);
    await until(() => store.pointsOf(first)?.ts.length === 5);
    expect(store.range).toEqual({ from: START + 5 * DAY, to: START + 9 * DAY });
  });

  it('reads the chart of a key named like an Object property as a key', async () => {
    const { store } = await loaded();
    expect(store.pointsOf('constructor')).toBeUndefined();
    expect(store.pointsOf('toString')).toBeUndefined();
  });

  it('shows one series of one metric alone over its whole history', async () => {
    const { store } = await loaded();
    const zip2 = key(store, 'zip', 'ci-2');
    store.filter = { machine: ['ci-1'] };
    store.search = 'parse';
    store.range = { from: START, to: START + DAY };
    store.showSeries(zip2, 'ops_per_sec');
    expect(store).toMatchObject({
      metric: 'ops_per_sec',
      filter: {},
      search: '',
      selected: [zip2],
      range: { from: null, to: null },
    });
    await until(() => store.pointsOf(zip2)?.metric === 'ops_per_sec' && store.series.length === 14);
    expect(store.pointsOf(zip2)?.ts).toHaveLength(20);
    expect(store.selected).toEqual([zip2]);
  });

  it('changes which direction of a metric is better, and reads the catalog again', async () => {
    const { store } = await loaded();
    await store.setDirection('higher');
    expect(store.metricInfo?.direction).toBe('higher');
    await store.setDirection('lower');
    expect(store.metricInfo?.direction).toBe('lower');
  });
});

describe('histories for other views', () => {
  it('fetches a full history for a chart, and keeps sparklines until told the sources changed', async () => {
    const { store, asked } = await loaded({ onScreen: false });
    const parse1 = key(store, 'parse', 'ci-1');
    const history = await store.history(parse1, 'ops_per_sec');
    expect(history.ts).toHaveLength(20);
    const first = await store.sparkline(parse1, 'latency_ms');
    expect(await store.sparkline(parse1, 'latency_ms')).toBe(first);
    await store.sparkline(parse1, 'ops_per_sec');
    expect([asked('seriesPoints'), asked('sparklines')]).toEqual([1, 2]);
    store.forgetSparklines();
    await store.sparkline(parse1, 'latency_ms');
    expect(asked('sparklines')).toBe(3);
  });
});
