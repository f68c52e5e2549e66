// Files the user opened are kept (in memory here, IndexedDB on the page) and reopened on the next visit, with a
// message and a way to forget them; a closed source is not reopened; bad stored data is said and dropped without
// touching anything else. Also: when the page restores them, the data's commits for the pickers, and the incident
// commit in a link.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { DEFAULT_SETTINGS } from '../../../src/lib/analysis/settings.ts';
import { decodeLink, encodeViewState, type ViewState } from '../../../src/lib/share/view-state.ts';
import { MessagesStore } from '../../../src/lib/state/messages.svelte.ts';
import { SourcesStore, shouldRestoreKept, type KeptSet } from '../../../src/lib/state/sources.svelte.ts';
import { newEngine } from '../helpers/engine.ts';
import { PLAIN_CSV, csvFile, fakeClient, memoryPersist, releasesCsv } from './fake-client.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});
afterEach(async () => {
  for (const source of engine.listSources()) await engine.removeSource(source.id);
});

function setUp(persist = memoryPersist()) {
  const messages = new MessagesStore();
  const store: SourcesStore = new SourcesStore({
    client: fakeClient(engine),
    messages,
    persist,
    engine: { whenReady: Promise.resolve() },
    origin: () => 'https://perftrack.test',
    listChanged: () => store.reload(),
    dataChanged: async () => undefined,
  });
  return { store, messages, persist };
}

/** A new visit: the engine empty again, a new store on the same storage. */
async function reloadPage(persist: ReturnType<typeof memoryPersist>) {
  for (const source of engine.listSources()) await engine.removeSource(source.id);
  return setUp(persist);
}

describe('files kept for the next visit', () => {
  it('reopens what was opened, each opening as it was, folder paths included, and says so', async () => {
    const first = setUp();
    await first.store.openFiles([csvFile('plain.csv', PLAIN_CSV)]);
    await first.store.openFiles([{ file: csvFile('releases.csv', releasesCsv()), path: 'runs/releases.csv' }]);
    expect(first.store.kept).toMatchObject({ sets: 2, files: 2 });
    const kept = first.persist.saved.get('kept-files') as KeptSet[];
    expect(kept.map((s) => [s.sources, s.files.map((f) => f.path)])).toEqual([
      [['plain.csv'], [null]],
      [['runs/releases.csv'], ['runs/releases.csv']],
    ]);

    const next = await reloadPage(first.persist);
    await next.store.restoreKept();
    expect(next.store.list.map((s) => s.name).sort()).toEqual(['plain.csv', 'runs/releases.csv']);
    const note = next.messages.list.find((m) => m.text.startsWith('Reopened '))!;
    expect(note.text).toMatch(
      /^Reopened plain\.csv, runs\/releases\.csv: files you opened are kept in this browser \(.+ of at most 256 MiB\)/,
    );
    expect(note.hint).toContain('Forget kept files');
    // Reopening does not keep them twice; opening the same file again replaces its set.
    expect((next.persist.saved.get('kept-files') as KeptSet[]).length).toBe(2);
    await next.store.openFiles([csvFile('plain.csv', PLAIN_CSV)]);
    expect((next.persist.saved.get('kept-files') as KeptSet[]).map((s) => s.sources[0])).toEqual([
      'runs/releases.csv',
      'plain.csv',
    ]);
  }, 60_000);

  it("withdraws the link's missing-files note for the files it reopened", async () => {
    const first = setUp();
    await first.store.openFiles([csvFile('plain.csv', PLAIN_CSV)]);
    const next = await reloadPage(first.persist);
    next.messages.push(
      'error',
      'This link was made with files opened from a computer (plain.csv, other.csv), which a link cannot carry: open them here (Open files… or drop them on the page) to see this view.',
      '',
    );
    await next.store.restoreKept(['plain.csv', 'other.csv']);
    const errors = next.messages.list.filter((m) => m.kind === 'error').map((m) => m.text);
    expect(errors).toEqual([
      expect.stringMatching(/^This link was made with a file opened from a computer \(other\.csv\)/),
    ]);
  }, 60_000);

  it('forgets a closed source, and everything on request', async () => {
    const first = setUp();
    await first.store.openFiles([csvFile('plain.csv', PLAIN_CSV)]);
    await first.store.openFiles([csvFile('releases.csv', releasesCsv())]);
    await first.store.remove(first.store.list.find((s) => s.name === 'plain.csv')!.id);
    expect((first.persist.saved.get('kept-files') as KeptSet[]).map((s) => s.sources)).toEqual([['releases.csv']]);
    await first.store.forgetKept();
    expect(first.persist.saved.get('kept-files')).toEqual([]);
    expect(first.store.kept.sets).toBe(0);
    const next = await reloadPage(first.persist);
    await next.store.restoreKept();
    expect(next.store.list).toEqual([]);
    expect(next.messages.list).toEqual([]);
  }, 60_000);

  it('says when stored data cannot be read, drops only that, and reopens the rest', async () => {
    const first = setUp();
    await first.store.openFiles([csvFile('plain.csv', PLAIN_CSV)]);
    const good = first.persist.saved.get('kept-files') as KeptSet[];
    const persist = memoryPersist({
      'kept-files': [{ sources: ['gone.csv'], files: [{ name: 'gone.csv', blob: 'not a blob' }] }, ...good],
      settings: { keep: 'me' },
    });
    const next = await reloadPage(persist);
    await next.store.restoreKept();
    expect(next.messages.list[0]).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('could not be read back'),
      hint: expect.stringContaining('settings and other data are unchanged'),
    });
    expect(next.store.list.map((s) => s.name)).toEqual(['plain.csv']);
    expect((persist.saved.get('kept-files') as KeptSet[]).length).toBe(1);
    expect(persist.saved.get('settings')).toEqual({ keep: 'me' });

    // Not a list at all: said, forgotten, nothing opened.
    const broken = await reloadPage(memoryPersist({ 'kept-files': 'garbage' }));
    await broken.store.restoreKept();
    expect(broken.messages.list.map((m) => m.kind)).toEqual(['error']);
    expect(broken.store.list).toEqual([]);
  }, 60_000);

  it('says when the browser refuses to keep them', async () => {
    const persist = { ...memoryPersist(), save: async () => false };
    const { store, messages } = setUp(persist as ReturnType<typeof memoryPersist>);
    await store.openFiles([csvFile('plain.csv', PLAIN_CSV)]);
    expect(messages.list.at(-1)?.text).toBe(
      'plain.csv could not be kept for your next visit: this browser did not allow the storage.',
    );
  }, 60_000);

  it('restores only when the address names no other data, or names the local files', () => {
    const none = new URLSearchParams('');
    expect(shouldRestoreKept({}, none)).toBe(true);
    expect(shouldRestoreKept({ sources: ['https://x.test/a.csv'] }, none)).toBe(false);
    expect(shouldRestoreKept({ sources: ['https://x.test/a.csv'], localFiles: ['a.csv'] }, none)).toBe(true);
    expect(shouldRestoreKept({}, new URLSearchParams('source=https://x.test/a.csv'))).toBe(false);
    expect(shouldRestoreKept({}, new URLSearchParams('empty'))).toBe(false);
  });
});

describe('the data’s commits for the pickers', () => {
  it('lists commits oldest first, else run groups', async () => {
    const { store } = setUp();
    await store.openFiles([csvFile('releases.csv', releasesCsv())]);
    const { kind, commits } = await store.commits();
    const values = await engine.compareValues('commit');
    expect(kind).toBe(values.length ? 'commit' : 'run');
    expect(commits.length).toBeGreaterThan(0);
    expect(commits.map((c) => c.ts)).toEqual([...commits.map((c) => c.ts)].sort((a, b) => a - b));
  }, 60_000);
});

describe('the incident commit in a link', () => {
  const view = (incident: string | null): ViewState => ({
    sources: [],
    tab: 'incident',
    metric: '',
    filter: {},
    search: '',
    selected: [],
    range: { from: null, to: null },
    facet: null,
    logScale: false,
    settings: DEFAULT_SETTINGS,
    compare: null,
    localFiles: [],
    incident,
  });

  it('round-trips; links without it decode as before; markup is dropped', () => {
    const link = encodeViewState(view('e2589a0e401e27457618920e66caa0f14e9a69ad'), DEFAULT_SETTINGS);
    expect(decodeLink(link, DEFAULT_SETTINGS)).toMatchObject({
      view: { tab: 'incident', incident: 'e2589a0e401e27457618920e66caa0f14e9a69ad' },
      dropped: [],
    });
    const old = decodeLink(encodeViewState({ ...view(null), tab: 'compare' }, DEFAULT_SETTINGS), DEFAULT_SETTINGS);
    expect(old.dropped).toEqual([]);
    expect(old.view.incident).toBeUndefined();
    const bad = decodeLink(encodeViewState(view('<img src=x>'), DEFAULT_SETTINGS), DEFAULT_SETTINGS);
    expect(bad.dropped).toEqual(['incident commit']);
    expect(bad.view.incident).toBeUndefined();
  });
});
