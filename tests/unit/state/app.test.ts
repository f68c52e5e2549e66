// AppState against a real engine: the stores wired together (the page's start, what a change of sources or runs
// reads again, a regression opened in Explore), and the view carried by links and applied from them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { DEFAULT_SETTINGS } from '../../../src/lib/analysis/settings.ts';
import { AppState } from '../../../src/lib/state/app.svelte.ts';
import { pytestNightlies } from '../../e2e/artifact-fixtures.ts';
import { newEngine } from '../helpers/engine.ts';
import { csvFile, fakeClient, memoryPersist, releasesCsv, until, type FakeClient } from './fake-client.ts';

const PAGE = 'https://perftrack.test';
let engine: Engine;
let server: http.Server;
let base: string;

beforeAll(async () => {
  engine = await newEngine();
  server = http.createServer((request, response) => {
    const found = request.url === '/releases.csv';
    response.writeHead(found ? 200 : 404, { 'content-type': 'text/csv' });
    response.end(found ? releasesCsv().join('\n') : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(async () => {
  for (const source of engine.listSources()) await engine.removeSource(source.id);
});

function setUp(options: { client?: FakeClient; stored?: Record<string, unknown>; origin?: string } = {}) {
  const client = options.client ?? fakeClient(engine);
  const persist = memoryPersist(options.stored);
  const app = new AppState(client, { persist, origin: () => options.origin ?? PAGE });
  return { app, client, persist };
}

/** A page started on no source, then given the releases file. */
async function withReleases(options: Parameters<typeof setUp>[0] = {}) {
  const set = setUp(options);
  await set.app.start([]);
  await set.app.sources.openFiles([csvFile('releases.csv', releasesCsv())]);
  set.client.calls.length = 0;
  return set;
}

describe("the page's start", () => {
  it('restores what was kept, applies the link, then opens its sources and reads everything once DuckDB runs', async () => {
    const { app, client } = setUp({
      origin: base,
      stored: { settings: { ...DEFAULT_SETTINGS, regressionDays: 12 }, 'commit-url': 'https://git.example/c/{commit}' },
    });
    await app.start(
      [`${base}/releases.csv`],
      { tab: 'explore', search: 'render', localFiles: ['mine.csv'] },
      undefined,
      { link: true, dropped: ['range'] },
    );
    expect(app.engine.ready).toBe(true);
    expect(app.analysis.settings.regressionDays).toBe(12);
    expect(app.analysis.commitUrl).toBe('https://git.example/c/{commit}');
    expect(app.tab).toBe('explore');
    expect(app.messages.list.map((m) => [m.kind, m.text])).toEqual([
      ['info', 'Parts of this link were not valid and were left out: range.'],
      ['error', expect.stringMatching(/^This link was made with a file opened from a computer \(mine\.csv\)/)],
    ]);
    expect(app.sources.list.map((s) => s.url)).toEqual([`${base}/releases.csv`]);
    expect(app.explore.series.map((s) => s.dims.bench)).toEqual(['render', 'render']);
    expect(Object.keys(app.explore.points)).toHaveLength(2);
    expect(app.analysis?.settings.regressionDays).toBe(12);
    expect(client.calls.slice(0, 2)).toEqual(['init', 'openUrl']);
    expect(client.calls.slice(2).filter((c) => c !== 'seriesPoints')).toEqual([
      'listSources',
      'catalog',
      'listSeries',
      'analyse',
    ]);
  });

  it('opens nothing from another origin named in a link until the user agrees', async () => {
    const { app, client } = setUp();
    await app.start([`${base}/releases.csv`], {}, undefined, { link: true });
    expect(app.sources.consent).toEqual([{ origin: base, host: new URL(base).host, urls: [`${base}/releases.csv`] }]);
    expect(client.calls).toEqual(['init']);
    await app.sources.answerConsent(base, true);
    expect(app.sources.list).toHaveLength(1);
    expect(app.explore.catalog?.metrics.map((m) => m.metric)).toEqual(['latency_ms']);
  });

  it('asks once about a source on another origin that ?source= names twice, and lists it once', async () => {
    const { app } = setUp();
    await app.start([`${base}/releases.csv`, `${base}/releases.csv`], {}, undefined, { link: true });
    expect(app.sources.consent).toEqual([{ origin: base, host: new URL(base).host, urls: [`${base}/releases.csv`] }]);
  });

  it('says when DuckDB cannot start, and opens nothing', async () => {
    const client = fakeClient(engine, {
      init: async () => {
        throw new Error('');
      },
    });
    const { app } = setUp({ client });
    await app.start([`${base}/releases.csv`]);
    expect(app.engine.ready).toBe(false);
    expect(app.messages.list.map((m) => m.text)).toEqual(['DuckDB could not start in this browser.']);
  });

  it('reads everything again when DuckDB replaced the preview it answered from, and says why a preview stayed', async () => {
    const client = fakeClient(engine, {
      init: async () => ({
        version: 'v1.2.3',
        replaced: true,
        failure: { name: 'SourceError', message: 'demo.duckdb could not be read.', hint: 'Reload.' },
      }),
    });
    const { app } = setUp({ client });
    await app.start([]);
    expect(app.engine.version).toBe('v1.2.3');
    expect(app.messages.list).toMatchObject([
      { kind: 'error', text: 'demo.duckdb could not be read.', hint: 'Reload.' },
    ]);
    expect(client.calls).toEqual(['init', 'listSources', 'catalog', 'listSeries', 'analyse']);
  });
});

describe('changes of the data', () => {
  it('reads the sources and catalog again after the last source is closed, and forgets sparklines', async () => {
    const { app, client } = await withReleases();
    const key = app.explore.series[0].seriesKey;
    await app.explore.sparkline(key, 'latency_ms');
    await app.sources.remove(app.sources.list[0].id);
    // Nothing left: no metric to list series of, no rows to analyse.
    expect(client.calls).toEqual(['sparklines', 'removeSource', 'listSources', 'catalog']);
    expect([app.sources.list, app.explore.series, app.analysis.result]).toEqual([[], [], null]);
    await app.explore.sparkline(key, 'latency_ms').catch(() => undefined);
    expect(client.calls.filter((c) => c === 'sparklines')).toHaveLength(2);
  });

  it('reads catalog, series and analysis again after a run was moved', async () => {
    const { app, client } = setUp();
    await app.start([]);
    const runs = pytestNightlies({ runs: 3, benchmarks: 2, rounds: 3 });
    await app.sources.openFiles(runs.map((r) => new File([r.text], r.path.split('/').pop()!)));
    client.calls.length = 0;
    const [first] = await app.sources.listRuns(app.sources.list[0].id);
    expect(await app.sources.setRunTime(app.sources.list[0].id, first.runGroup, first.ts + 3 * 86_400_000)).toBe(true);
    expect(client.calls).toEqual(['listRuns', 'setRunTime', 'catalog', 'listSeries', 'analyse']);
  });

  it('opens a regression in Explore on its series and metric alone', async () => {
    const { app } = await withReleases();
    const render = app.explore.series.find((s) => s.dims.bench === 'render')!;
    app.explore.search = 'parse';
    app.showRegression({ seriesKey: render.seriesKey, metric: 'latency_ms' });
    expect(app.tab).toBe('explore');
    expect(app.explore).toMatchObject({ metric: 'latency_ms', search: '', filter: {}, selected: [render.seriesKey] });
    await until(() => app.explore.pointsOf(render.seriesKey) !== undefined && app.explore.series.length === 4);
  });

  it("compares within Explore's filter, once data is loaded", async () => {
    const { app } = await withReleases();
    app.explore.filter = { machine: ['ci-2'] };
    app.compare.spec = { kind: 'version', a: 'v1.0.0', b: 'v1.2.0' };
    await app.compare.run();
    expect(app.compare.rows?.map((r) => r.label).every((label) => label.includes('ci-2'))).toBe(true);
  });
});

describe('links', () => {
  it('carries the view in a link whose view applied to a new page is the same', async () => {
    const { app } = await withReleases();
    app.tab = 'compare';
    app.explore.metric = 'latency_ms';
    app.explore.filter = { machine: ['ci-1'] };
    app.explore.search = 'render';
    app.explore.selected = [app.explore.series[0].seriesKey];
    app.explore.range = { from: Date.UTC(2025, 0, 2), to: null };
    app.explore.facet = 'machine';
    app.explore.logScale = true;
    app.analysis.settings.regressionDays = 9;
    app.compare.spec = { kind: 'version', a: 'v1.0.0', b: 'v1.1.0' };
    const link = app.shareLink(`${PAGE}/app/?source=x#old`);
    expect(link.startsWith(`${PAGE}/app/#`)).toBe(true);
    const { view, dropped } = AppState.parseLink(new URL(link).hash);
    expect(dropped).toEqual([]);
    const other = setUp().app;
    other.applyViewState(view);
    const { sources, localFiles, ...shown } = other.viewState();
    const { sources: _s, localFiles: files, ...expected } = app.viewState();
    expect(shown).toEqual(expected);
    expect(files).toEqual(['releases.csv']);
    expect(view.localFiles).toEqual(['releases.csv']);
    expect([sources, localFiles]).toEqual([[], []]);
  });

  it("carries the incident's commit while the incident view is on screen, and applies it from a link", async () => {
    const { app } = await withReleases();
    app.incident.show('abc123');
    expect(app.tab).toBe('incident');
    expect(app.viewState().incident).toBe('abc123');
    const { view } = AppState.parseLink(new URL(app.shareLink(`${PAGE}/`)).hash);
    expect(view).toMatchObject({ tab: 'incident', incident: 'abc123' });
    const other = setUp().app;
    other.applyViewState(view);
    expect([other.tab, other.incident.commit]).toEqual(['incident', 'abc123']);
    // On another tab the link leaves the incident out; the store keeps it for when the view comes back.
    app.tab = 'explore';
    expect(app.viewState().incident).toBeNull();
    expect(AppState.parseLink(new URL(app.shareLink(`${PAGE}/`)).hash).view.incident).toBeUndefined();
    expect(app.incident.commit).toBe('abc123');
  });

  it("applies a view's selection with each series once", () => {
    const { app } = setUp();
    app.applyViewState({ selected: ['b', 'a', 'b'] });
    expect(app.explore.selected).toEqual(['b', 'a']);
  });

  it('leaves a comparison without both sides out of the link', async () => {
    const { app } = setUp();
    app.compare.spec = { kind: 'commit', a: 'abc', b: '' };
    expect(app.viewState().compare).toBeNull();
    expect(AppState.parseLink(new URL(app.shareLink(`${PAGE}/`)).hash).view.compare).toBeUndefined();
  });

  it('changes nothing for a hash that is not a view', async () => {
    const { app, client } = await withReleases();
    const before = app.viewState();
    await app.followLink(AppState.parseLink('#section-2'));
    expect(app.viewState()).toEqual(before);
    expect(client.calls).toEqual([]);
  });

  it('follows a link pasted later: applies its view, opens its sources not yet open, and reads everything again', async () => {
    const { app, client } = await withReleases({ origin: base });
    const link = AppState.parseLink(new URL(setUp().app.shareLink(`${PAGE}/`)).hash);
    link.view = {
      ...link.view,
      tab: 'sql',
      search: 'parse',
      sources: [`${base}/releases.csv`],
      localFiles: ['releases.csv', 'gone.csv'],
    };
    await app.followLink(link);
    expect(app.tab).toBe('sql');
    expect(app.explore.search).toBe('parse');
    expect(app.messages.list.map((m) => m.text)).toEqual([expect.stringContaining('(gone.csv)')]);
    await until(() => app.sources.list.length === 2 && client.calls.filter((c) => c === 'analyse').length >= 2);
    expect(client.calls.slice(0, 2)).toEqual(['openUrl', 'catalog']);
  });
});
