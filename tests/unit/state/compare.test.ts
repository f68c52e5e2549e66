// CompareStore against a real engine: the kind and sides on offer, following the data as Compare's effect does
// (and settling: it once looped forever on data with nothing to compare by), and running a comparison.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import type { DimensionFilter } from '../../../src/lib/model/api.ts';
import { CompareStore } from '../../../src/lib/state/compare.svelte.ts';
import { MessagesStore } from '../../../src/lib/state/messages.svelte.ts';
import { newEngine } from '../helpers/engine.ts';
import { effect } from './effects.svelte.ts';
import { PLAIN_CSV, csvFile, fakeClient, releasesCsv, until, type FakeClient } from './fake-client.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});
afterEach(async () => {
  for (const source of engine.listSources()) await engine.removeSource(source.id);
});

async function open(lines: string[]): Promise<void> {
  const file = csvFile('bench.csv', lines);
  const result = await engine.openFiles([{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }]);
  expect(result.failures).toEqual([]);
}

function setUp(options: { filter?: DimensionFilter; hasData?: () => boolean; client?: FakeClient } = {}) {
  const client = options.client ?? fakeClient(engine);
  const messages = new MessagesStore();
  const store = new CompareStore({
    client,
    messages,
    hasData: options.hasData ?? (() => true),
    filter: () => options.filter ?? {},
  });
  return { client, messages, store, asked: () => client.calls.filter((c) => c === 'compareValues').length };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the sides on offer, as Compare shows them', () => {
  it('settles on run groups with nothing to pick when the data has no version tags, commits or run groups, and stops asking', async () => {
    await open(PLAIN_CSV);
    const { store, asked } = setUp();
    let specs = 0;
    const stop = effect(() => store.syncValues());
    const count = effect(() => void (store.spec, specs++));
    try {
      await until(() => store.spec.kind === 'run' && asked() >= 3);
      await pause(300);
      const settled = { asked: asked(), specs };
      await pause(300);
      // Versions, then commits, then run groups: three questions, and the spec replaced twice (commit, run).
      expect({ asked: asked(), specs }).toEqual(settled);
      expect(settled).toEqual({ asked: 3, specs: 3 });
      expect(store.spec).toEqual({ kind: 'run', a: '', b: '' });
      expect(store.values).toEqual([]);
    } finally {
      stop();
      count();
    }
  });

  it('keeps a kind the user picked even when it offers nothing, and asks once', async () => {
    await open(PLAIN_CSV);
    const { store, asked } = setUp();
    const stop = effect(() => store.syncValues());
    try {
      await until(() => store.spec.kind === 'run');
      store.setKind('version');
      await pause(300);
      expect(store.spec).toEqual({ kind: 'version', a: '', b: '' });
      expect(asked()).toBe(4);
    } finally {
      stop();
    }
  });

  it('offers version tags first, newest against the one before', async () => {
    await open(releasesCsv());
    const { store } = setUp();
    const stop = effect(() => store.syncValues());
    try {
      await until(() => store.values.length > 0);
      expect(store.values.map((v) => v.value)).toEqual(['v1.2.0', 'v1.1.0', 'v1.0.0']);
      expect(store.values[0]).toMatchObject({ rows: 20 });
      expect(store.spec).toEqual({ kind: 'version', a: 'v1.1.0', b: 'v1.2.0' });
    } finally {
      stop();
    }
  });

  it('picks sides afresh when the kind changes, and keeps a side the user chose', async () => {
    await open(releasesCsv());
    const { store } = setUp();
    const stop = effect(() => store.syncValues());
    try {
      await until(() => store.spec.b === 'v1.2.0');
      store.setSide('a', 'v1.0.0');
      await pause(100);
      expect(store.spec).toEqual({ kind: 'version', a: 'v1.0.0', b: 'v1.2.0' });
      store.setKind('commit');
      expect(store.spec).toEqual({ kind: 'commit', a: '', b: '' });
      await until(() => store.spec.b !== '');
      expect(store.values).toHaveLength(15);
      expect(store.spec).toEqual({ kind: 'commit', a: store.values[1].value, b: store.values[0].value });
    } finally {
      stop();
    }
  });

  it('asks nothing before data is loaded, nor for time ranges', async () => {
    let loaded = false;
    const { store, asked } = setUp({ hasData: () => loaded });
    const stop = effect(() => store.syncValues());
    try {
      await pause(100);
      expect(asked()).toBe(0);
      store.setKind('time');
      loaded = true;
      await store.loadValues();
      expect(asked()).toBe(0);
      expect(store.values).toEqual([]);
    } finally {
      stop();
    }
  });
});

describe('a comparison', () => {
  it("compares the chosen sides within Explore's filter and clears the selected row", async () => {
    await open(releasesCsv());
    const { store } = setUp({ filter: { machine: ['ci-1'] } });
    store.spec = { kind: 'version', a: 'v1.1.0', b: 'v1.2.0' };
    store.selected = 'old|row';
    const running = store.run();
    expect(store.running).toBe(true);
    await running;
    expect(store.running).toBe(false);
    expect(store.selected).toBeNull();
    expect(store.rows?.map((r) => [r.label, r.verdict]).sort()).toEqual([
      [expect.stringContaining('parse'), expect.not.stringMatching(/worse/)],
      [expect.stringContaining('render'), 'worse'],
    ]);
    expect(store.rows!.every((r) => r.label.includes('ci-1'))).toBe(true);
  });

  it('does nothing without both sides, and says what failed', async () => {
    const client = fakeClient(engine, {
      compare: async () => {
        throw Object.assign(new Error('No rows for side A.'), { hint: 'Pick another version.' });
      },
    });
    const { store, messages, asked } = setUp({ client });
    store.spec = { kind: 'version', a: 'v1', b: '' };
    await store.run();
    expect(client.calls).toEqual([]);
    store.setSide('b', 'v2');
    await store.run();
    expect(store.running).toBe(false);
    expect(store.rows).toBeNull();
    expect(messages.list).toMatchObject([
      { kind: 'error', text: 'No rows for side A.', hint: 'Pick another version.' },
    ]);
    expect(asked()).toBe(0);
  });

  it('a new kind clears the rows of the last comparison', async () => {
    const { store } = setUp();
    store.rows = [];
    store.setKind('run');
    expect(store.rows).toBeNull();
  });
});
