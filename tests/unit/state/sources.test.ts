// SourcesStore against a real engine (URLs served from a local HTTP server): opening files and URLs with their
// progress and messages, the demo making way for the user's data, a link's sources on other origins waiting for
// consent, closing, mapping and the runs of benchmark-tool files.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import type { SourceInfo } from '../../../src/lib/model/api.ts';
import { MessagesStore } from '../../../src/lib/state/messages.svelte.ts';
import { SourcesStore } from '../../../src/lib/state/sources.svelte.ts';
import { pytestNightlies } from '../../e2e/artifact-fixtures.ts';
import { newEngine } from '../helpers/engine.ts';
import { PLAIN_CSV, csvFile, fakeClient, memoryPersist, releasesCsv, until, type FakeClient } from './fake-client.ts';

const PAGE = 'https://perftrack.test';
let engine: Engine;
let server: http.Server;
let base: string;

beforeAll(async () => {
  engine = await newEngine();
  const files: Record<string, string> = {
    '/plain.csv': PLAIN_CSV.join('\n'),
    '/demo.csv': releasesCsv().join('\n'),
    '/other.csv': PLAIN_CSV.join('\n'),
  };
  server = http.createServer((request, response) => {
    const body = files[request.url ?? ''];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/csv' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(async () => {
  for (const source of engine.listSources()) await engine.removeSource(source.id);
});

function setUp(
  options: { client?: FakeClient; stored?: Record<string, unknown>; whenReady?: Promise<void>; origin?: string } = {},
) {
  const client = options.client ?? fakeClient(engine);
  const messages = new MessagesStore();
  const persist = memoryPersist(options.stored);
  const changes = { list: 0, data: 0, busy: [] as (string | undefined)[] };
  const store: SourcesStore = new SourcesStore({
    client,
    messages,
    persist,
    engine: { whenReady: options.whenReady ?? Promise.resolve() },
    origin: () => options.origin ?? PAGE,
    listChanged: async () => {
      changes.list++;
      changes.busy.push(store.busy?.stage);
      await store.reload();
    },
    dataChanged: async () => void changes.data++,
  });
  return { client, messages, persist, store, changes };
}

const names = (store: SourcesStore) => store.list.map((s) => s.name);

describe('opening files', () => {
  it('waits for DuckDB, shows the load while it lasts, and reads everything again after', async () => {
    let ready!: () => void;
    const { store, client, changes } = setUp({ whenReady: new Promise((resolve) => (ready = resolve)) });
    let busyAsked: unknown;
    client.onCall = (method) => void (method === 'openFiles' && (busyAsked = { ...store.busy }));
    // Dates written m/d/Y: only DuckDB's sniffer is sure of their type, so the page shows no preview of them.
    const opening = store.openFiles([csvFile('plain.csv', ['time,value', '01/02/2025,1', '01/03/2025,2'])]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.calls).toEqual([]);
    expect(store.busy).toBeNull();
    ready();
    await opening;
    expect(busyAsked).toEqual({ stage: 'Opening plain.csv', fraction: null });
    // Still shown while everything is read again (the engine's last report is on screen).
    expect(changes.busy).toEqual([expect.any(String)]);
    expect(store.busy).toBeNull();
    expect(names(store)).toEqual(['plain.csv']);
    expect(store.localNames).toEqual(['plain.csv']);
  });

  it('says which folder entries could not be read, which files could not be opened and which were skipped, and opens the rest', async () => {
    const { store, messages, changes } = setUp();
    const unreadable = Array.from({ length: 12 }, (_, i) => `run/${i}.json`);
    const inFolder = (name: string, lines: string[]) => ({ file: csvFile(name, lines), path: `run/${name}` });
    await store.openFiles(
      [
        csvFile('plain.csv', PLAIN_CSV),
        inFolder('names.csv', ['name,description', 'alpha,first']),
        inFolder('notes.parquet', ['not parquet']),
      ],
      unreadable,
    );
    expect(messages.list[0]).toMatchObject({
      kind: 'error',
      text: `12 file(s) in the folder could not be read: ${unreadable.slice(0, 10).join(', ')}, …`,
      hint: 'Check that the files are readable.',
    });
    expect(messages.list.slice(1).some((m) => m.kind === 'error' && m.text.includes('names.csv'))).toBe(true);
    expect(messages.list.find((m) => m.kind === 'info')).toMatchObject({
      text: expect.stringContaining('Skipped 1 file'),
      details: [{ label: '1 not a format this page reads', lines: ['run/notes.parquet'] }],
    });
    expect(names(store)).toEqual(['plain.csv']);
    expect(changes.list).toBe(1);
  });

  it('reads nothing again when nothing opened, and asks nothing for no files', async () => {
    const { store, client, changes, messages } = setUp();
    await store.openFiles([], ['a.json']);
    expect(client.calls).toEqual([]);
    expect(messages.list).toHaveLength(1);
    await store.openFiles([csvFile('names.csv', ['name,description', 'alpha,first'])]);
    expect(changes.list).toBe(0);
    expect(messages.list.length).toBeGreaterThan(1);
    expect(store.busy).toBeNull();
  });

  it("shows only the newest load's progress, and none once it ended", async () => {
    const reports: ((p: { stage: string; fraction: number | null }) => void)[] = [];
    let releaseOlder!: () => void;
    const olderHeld = new Promise<void>((resolve) => (releaseOlder = resolve));
    const client = fakeClient(engine, {
      openUrl: async (url, onProgress) => {
        reports.push(onProgress);
        if (url.endsWith('/plain.csv')) await olderHeld;
        return engine.openUrl(url, onProgress);
      },
    });
    const { store } = setUp({ client });
    const older = store.openUrl(`${base}/plain.csv`);
    const newer = store.openUrl(`${base}/other.csv`);
    expect(store.busy?.stage).toBe(`Opening ${base}/other.csv`);
    reports[0]({ stage: 'older', fraction: 0.5 });
    expect(store.busy?.stage).toBe(`Opening ${base}/other.csv`);
    reports[1]({ stage: 'newer', fraction: 0.5 });
    expect(store.busy).toEqual({ stage: 'newer', fraction: 0.5 });
    await newer;
    expect(store.busy).toBeNull();
    reports[1]({ stage: 'late', fraction: 1 });
    expect(store.busy).toBeNull();
    releaseOlder();
    await older;
    expect(store.busy).toBeNull();
  });

  it('asks the worker to stop the imports under way', async () => {
    const { store, client } = setUp();
    store.cancelImports();
    expect(client.calls).toEqual(['cancelImports']);
  });
});

describe('opening URLs', () => {
  it('opens a URL, puts it first among the recent ones (ten at most) and keeps them', async () => {
    const stored = Array.from({ length: 10 }, (_, i) => `https://data.example/${i}.csv`);
    const { store, persist, changes } = setUp({ stored: { 'recent-sources': [...stored, 42] } });
    await store.restoreRecent();
    expect(store.recent).toEqual(stored);
    expect(await store.openUrl(`${base}/plain.csv`)).toBe(true);
    expect(store.recent).toEqual([`${base}/plain.csv`, ...stored.slice(0, 9)]);
    expect(persist.saved.get('recent-sources')).toEqual(store.recent);
    expect(changes.list).toBe(1);
    expect(store.list.map((s) => s.url)).toEqual([`${base}/plain.csv`]);
    expect(store.localNames).toEqual([]);
  });

  it('forgets recent sources kept in a shape it does not know', async () => {
    const { store } = setUp({ stored: { 'recent-sources': 'https://data.example/a.csv' } });
    await store.restoreRecent();
    expect(store.recent).toEqual([]);
  });

  it('says why a URL could not be opened, and reads the list again once the imports have settled', async () => {
    const { store, messages, client } = setUp();
    expect(await store.openUrl(`${base}/missing.csv`)).toBe(false);
    expect(messages.list).toHaveLength(1);
    expect(messages.list[0].kind).toBe('error');
    expect(messages.list[0].text).toContain('missing.csv');
    expect(store.recent).toEqual([]);
    await until(() => client.calls.includes('listSources'));
    expect(client.calls).toEqual(['openUrl', 'importsSettled', 'listSources']);
    expect(store.busy).toBeNull();
  });

  it("closes the demo the page opened by itself once the user's own data has opened", async () => {
    const demo = `${base}/demo.csv`;
    const { store } = setUp();
    store.markPlaceholders([demo]);
    await store.openUrl(demo, undefined, false);
    expect(store.list.map((s) => s.url)).toEqual([demo]);
    await store.openFiles([csvFile('plain.csv', PLAIN_CSV)]);
    expect(names(store)).toEqual(['plain.csv']);
  });

  it("keeps the demo when the user opens it, and closes it when the page opens it after the user's data", async () => {
    const demo = `${base}/demo.csv`;
    const first = setUp();
    first.store.markPlaceholders([demo]);
    await first.store.openUrl(demo);
    expect(first.store.list.map((s) => s.url)).toEqual([demo]);
    for (const source of engine.listSources()) await engine.removeSource(source.id);

    const late = setUp();
    late.store.markPlaceholders([demo]);
    await late.store.openUrl(`${base}/plain.csv`);
    await late.store.openUrl(demo, undefined, false);
    expect(late.store.list.map((s) => s.url)).toEqual([`${base}/plain.csv`]);
  });
});

describe("a link's sources on other origins", () => {
  it("opens the page's own sources at once and asks once per other origin", async () => {
    const { store } = setUp({ origin: base });
    expect(
      store.planLink([`${base}/plain.csv`, 'https://a.example/1.csv', 'https://a.example/2.csv', 'not a url'], {}),
    ).toEqual([`${base}/plain.csv`, 'not a url']);
    store.planLink(['https://a.example/3.csv'], {});
    expect(store.consent).toEqual([
      { origin: 'https://a.example', host: 'a.example', urls: ['https://a.example/1.csv', 'https://a.example/2.csv'] },
    ]);
  });

  it("opens a request's sources when allowed, and remembers the answer for its origin", async () => {
    const { store, persist, messages } = setUp({
      stored: { 'link-hosts': { 'https://b.example': 'deny', junk: 'allow' } },
    });
    expect(store.planLink([`${base}/plain.csv`, `${base}/other.csv`], await store.hostChoices())).toEqual([]);
    const origin = new URL(base).origin;
    await store.answerConsent(origin, true);
    expect(store.consent).toEqual([]);
    expect(persist.saved.get('link-hosts')).toEqual({ 'https://b.example': 'deny', [origin]: 'allow' });
    expect(store.list.map((s) => s.url).sort()).toEqual([`${base}/other.csv`, `${base}/plain.csv`]);
    expect(store.planLink([`${base}/demo.csv`], await store.hostChoices())).toEqual([`${base}/demo.csv`]);
    expect(messages.list).toEqual([]);
  });

  it('opens nothing when declined and says so; a declined origin is not asked again', async () => {
    const { store, persist, messages, client } = setUp();
    store.planLink([`${base}/plain.csv`], {});
    const origin = new URL(base).origin;
    await store.answerConsent(origin, false);
    expect(client.calls).toEqual([]);
    expect(messages.list.map((m) => m.text)).toEqual([
      `Not opened (you declined data from ${new URL(base).host}): ${base}/plain.csv`,
    ]);
    expect(store.planLink([`${base}/other.csv`], await store.hostChoices())).toEqual([]);
    expect(store.consent).toEqual([]);
    expect(messages.list[1]).toMatchObject({
      kind: 'info',
      text: `This link names data on ${new URL(base).host}, which you chose not to open from links: ${base}/other.csv`,
      hint: 'To open it anyway, paste its address in "Open URL".',
    });
    expect(persist.saved.get('link-hosts')).toEqual({ [origin]: 'deny' });
  });

  it('does not remember an answer the user did not want kept, and ignores an origin nobody asked about', async () => {
    const { store, persist, client } = setUp();
    await store.answerConsent('https://nobody.example', true);
    store.planLink(['https://c.example/1.csv'], {});
    await store.answerConsent('https://c.example', false, false);
    expect(persist.saved.has('link-hosts')).toBe(false);
    expect(client.calls).toEqual([]);
  });
});

describe('closing, mapping and runs', () => {
  it('closes a source and reads everything again', async () => {
    const { store, changes } = setUp();
    await store.openFiles([csvFile('plain.csv', PLAIN_CSV), csvFile('releases.csv', releasesCsv())]);
    const [first] = store.list;
    await store.remove(first.id);
    expect(store.list.map((s) => s.id)).not.toContain(first.id);
    expect(changes.list).toBe(2);
  });

  it('applies a column mapping and reads everything again; a refused mapping is said and false returned', async () => {
    const { store, changes, messages } = setUp();
    await store.openFiles([csvFile('releases.csv', releasesCsv())]);
    const source = store.list[0];
    const mapping = { ...source.mapping!, dimensions: ['bench'] };
    expect(await store.setMapping(source.id, mapping)).toBe(true);
    expect(changes.list).toBe(2);
    expect(store.list[0].dimensions).toEqual(['bench']);
    expect(await store.setMapping(999, mapping)).toBe(false);
    expect(messages.list).toHaveLength(1);
    expect(changes.list).toBe(2);
  });

  it('lists the runs of benchmark-tool files and moves one, then reads the views again', async () => {
    const runs = pytestNightlies({ runs: 3, benchmarks: 2, rounds: 3 });
    const { store, changes, messages } = setUp();
    await store.openFiles(
      runs.map((r) => new File([r.text], r.path.split('/').pop()!, { lastModified: Date.UTC(2025, 5, 1) })),
    );
    const source = store.list[0];
    const listed = await store.listRuns(source.id);
    expect(listed).toHaveLength(3);
    const moved = listed[2].ts + 86_400_000;
    expect(await store.setRunTime(source.id, listed[0].runGroup, moved)).toBe(true);
    expect(changes.data).toBe(1);
    expect((await store.listRuns(source.id)).find((r) => r.runGroup === listed[0].runGroup)?.ts).toBe(moved);
    expect(messages.list).toEqual([]);
  });

  it('says why runs cannot be listed or moved, with an empty list and false', async () => {
    const { store, changes, messages } = setUp();
    await store.openFiles([csvFile('plain.csv', PLAIN_CSV)]);
    const source = store.list[0];
    expect(await store.listRuns(source.id)).toEqual([]);
    expect(await store.setRunTime(source.id, 'run', 0)).toBe(false);
    expect(messages.list.map((m) => m.text)).toEqual([
      'Runs are listed only for sources opened from benchmark-tool files.',
      'Only runs of sources opened from benchmark-tool files can be moved.',
    ]);
    expect(changes.data).toBe(0);
  });

  it('counts the bytes of published histories, and names the sources opened from files', () => {
    const { store } = setUp();
    const source = (id: number, format: SourceInfo['format'], url: string | null, bytes: number) =>
      ({ id, name: `s${id}`, url, format, bytes }) as SourceInfo;
    store.list = [
      source(1, 'published', 'https://a.example/m.json', 1000),
      source(2, 'published', 'https://b.example/m.json', 24),
      source(3, 'csv', null, 5),
    ];
    expect(store.publishedBytes).toBe(1024);
    expect(store.localNames).toEqual(['s3']);
  });
});
