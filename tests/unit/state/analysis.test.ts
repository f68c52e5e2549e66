// AnalysisStore against a real engine: what is restored from earlier visits, running the analysis (the newest
// answer wins), settings saved and reset, triage and the commit URL kept.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { DEFAULT_SETTINGS } from '../../../src/lib/analysis/settings.ts';
import { AnalysisStore } from '../../../src/lib/state/analysis.svelte.ts';
import { newEngine } from '../helpers/engine.ts';
import { csvFile, fakeClient, memoryPersist, releasesCsv, until, type FakeClient } from './fake-client.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
  const file = csvFile('releases.csv', releasesCsv());
  await engine.openFiles([{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }]);
});

function setUp(options: { client?: FakeClient; stored?: Record<string, unknown>; hasRows?: () => boolean } = {}) {
  const client = options.client ?? fakeClient(engine);
  const persist = memoryPersist(options.stored);
  const store = new AnalysisStore({ client, persist, hasRows: options.hasRows ?? (() => true) });
  return { client, persist, store };
}

describe('what is kept between visits', () => {
  it('restores the settings, triage and commit URL, normalised', async () => {
    const { store } = setUp({
      stored: {
        settings: { ...DEFAULT_SETTINGS, regressionDays: 3, minSamples: -5 },
        triage: {
          abc: {
            fingerprint: 'abc',
            status: 'investigating',
            note: 'looking',
            issueLink: '',
            updatedAt: 1,
            label: 'x',
            metric: 'm',
            firstBadCommit: null,
            changePct: 5,
          },
          junk: 7,
        },
        'commit-url': 'https://github.com/org/repo/commit/{commit}',
      },
    });
    await store.restore();
    expect(store.settings.regressionDays).toBe(3);
    expect(store.settings.minSamples).toBeGreaterThanOrEqual(1);
    expect(Object.keys(store.triage)).toEqual(['abc']);
    expect(store.commitUrl).toBe('https://github.com/org/repo/commit/{commit}');
    expect(store.commitHref('0123456789abcdef')).toBe('https://github.com/org/repo/commit/0123456789abcdef');
  });

  it('keeps the defaults when nothing was kept, or a commit URL that is not usable', async () => {
    const { store } = setUp({ stored: { 'commit-url': 'javascript:alert(1)' } });
    await store.restore();
    expect(store.settings).toEqual(DEFAULT_SETTINGS);
    expect(store.triage).toEqual({});
    expect(store.commitUrl).toBe('');
    expect(store.commitHref('abc')).toBeNull();
  });
});

describe('running the analysis', () => {
  it('analyses everything loaded with the current settings', async () => {
    const { store, client } = setUp();
    store.settings.regressionDays = 10;
    const running = store.run();
    expect(store.running).toBe(true);
    await running;
    expect(client.calls).toEqual(['analyse']);
    expect(store.running).toBe(false);
    expect(store.error).toBeNull();
    expect(store.result?.settings.regressionDays).toBe(10);
    expect(store.result?.regressions.some((r) => r.metric === 'latency_ms' && r.label.includes('render'))).toBe(true);
  });

  it('has no result and asks nothing while nothing is loaded', async () => {
    let rows = true;
    const { store, client } = setUp({ hasRows: () => rows });
    await store.run();
    rows = false;
    await store.run();
    expect(store.result).toBeNull();
    expect(client.calls).toEqual(['analyse']);
  });

  it('keeps the newest answer when an older one arrives last', async () => {
    let releaseOlder!: () => void;
    const olderHeld = new Promise<void>((resolve) => (releaseOlder = resolve));
    let calls = 0;
    const client = fakeClient(engine, {
      analyse: async (options) => {
        const first = ++calls === 1;
        const result = await engine.analyse(options);
        if (first) await olderHeld;
        return result;
      },
    });
    const { store } = setUp({ client });
    const older = store.run();
    store.settings.regressionDays = 2;
    await store.run();
    expect(store.result?.settings.regressionDays).toBe(2);
    releaseOlder();
    await older;
    expect(store.result?.settings.regressionDays).toBe(2);
    expect(store.running).toBe(false);
  });

  it("keeps a failed analysis's message as the error until one succeeds", async () => {
    let fail = true;
    const client = fakeClient(engine, {
      analyse: async (options) => {
        if (fail) throw new Error('Out of memory.');
        return engine.analyse(options);
      },
    });
    const { store } = setUp({ client });
    await store.run();
    expect(store.error).toBe('Out of memory.');
    expect(store.running).toBe(false);
    fail = false;
    await store.run();
    expect(store.error).toBeNull();
    expect(store.result).not.toBeNull();
  });
});

describe('settings, triage and the commit URL', () => {
  it('saves changed settings, normalised, and analyses again with them', async () => {
    const { store, persist, client } = setUp();
    store.updateSettings({ regressionDays: 5, minSamples: 0 });
    expect(persist.saved.get('settings')).toMatchObject({ regressionDays: 5, minSamples: store.settings.minSamples });
    expect(store.settings.minSamples).toBeGreaterThanOrEqual(1);
    await until(() => store.result !== null);
    expect(store.result?.settings.regressionDays).toBe(5);
    expect(client.calls).toEqual(['analyse']);
  });

  it('resets to the defaults, forgets the kept settings and analyses again', async () => {
    const { store, persist, client } = setUp({ stored: { settings: { ...DEFAULT_SETTINGS, regressionDays: 3 } } });
    await store.restore();
    store.resetSettings();
    expect(store.settings).toEqual(DEFAULT_SETTINGS);
    expect(persist.saved.get('settings')).toBeNull();
    await until(() => !store.running && store.result !== null);
    expect(client.calls).toEqual(['analyse']);
  });

  it('records a triage status and note for a regression and keeps the book', async () => {
    const { store, persist } = setUp();
    await store.run();
    const regression = store.result!.regressions[0];
    store.setTriage(regression, { status: 'investigating' });
    store.setTriage(regression, { note: 'bisecting' });
    expect(store.triage[regression.fingerprint]).toMatchObject({
      status: 'investigating',
      note: 'bisecting',
      metric: regression.metric,
    });
    expect(persist.saved.get('triage')).toEqual(plain(store.triage));
  });

  it('refuses a commit URL without {commit} and keeps the old one; an empty one turns links off', async () => {
    const { store, persist } = setUp();
    expect(store.setCommitUrl('https://git.example/c/{commit}')).toBe(true);
    expect(store.setCommitUrl('https://git.example/commits')).toBe(false);
    expect(store.commitUrl).toBe('https://git.example/c/{commit}');
    expect(persist.saved.get('commit-url')).toBe('https://git.example/c/{commit}');
    expect(store.setCommitUrl('  ')).toBe(true);
    expect(store.commitUrl).toBe('');
    expect(store.commitHref('abc')).toBeNull();
    expect(persist.saved.get('commit-url')).toBe('');
  });
});

/** A plain copy of state (what was saved is a structured clone). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
