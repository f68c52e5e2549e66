// A file opened while DuckDB starts (SourcesStore.openFiles before the engine is ready): the page's reads are
// answered from the file's own parse through withPreview, the engine's load still starts as soon as DuckDB is
// ready, and its answers then replace the preview's with the same catalog.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { withPreview } from '../../../src/lib/sources/preview-client.ts';
import { MessagesStore } from '../../../src/lib/state/messages.svelte.ts';
import { SourcesStore } from '../../../src/lib/state/sources.svelte.ts';
import { REAL } from '../../real-files.ts';
import { newEngine } from '../helpers/engine.ts';
import { fakeClient, memoryPersist, until } from './fake-client.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});

function setUp() {
  const fake = fakeClient(engine);
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  const changes = { list: 0 };
  const client = withPreview(fake, () => store.previewSource);
  const store: SourcesStore = new SourcesStore({
    client,
    messages: new MessagesStore(),
    persist: memoryPersist(),
    engine: { whenReady },
    origin: () => 'https://perftrack.test',
    listChanged: async () => {
      changes.list++;
      await store.reload();
    },
    dataChanged: async () => {},
  });
  return { fake, client, store, ready, changes };
}

describe('a file opened while DuckDB starts', () => {
  it('is answered from its preview, then from the engine with the same catalog', async () => {
    const { fake, client, store, ready } = setUp();
    const opening = store.openFiles([new File([fs.readFileSync(TOKIO)], 'data.js')]);
    await until(() => store.preview !== null);
    expect(store.list.map((s) => s.name)).toEqual(['data.js']);
    expect(store.list[0].layout).toContain('preview');
    const catalog = await client.call((r) => r.catalog());
    expect(catalog.series).toBeGreaterThan(10);
    const [first] = await client.call((r) =>
      r.listSeries({ metric: catalog.metrics[0].metric, filter: {}, search: '', limit: 10 }),
    );
    const points = await client.call((r) => r.seriesPoints(first.seriesKey, catalog.metrics[0].metric));
    expect(points.value.length).toBe(first.points);
    expect(await client.call((r) => r.analyse({}))).toBeNull();
    // Nothing reached the engine: DuckDB is not ready.
    expect(fake.calls).not.toContain('openFiles');
    expect(fake.calls).not.toContain('catalog');
    // What needs the engine with the file (its runs) waits for it.
    let runs: unknown = null;
    const runsAsked = client.call((r) => r.listRuns(1)).then((answer) => (runs = answer));

    ready();
    const opened = await opening;
    expect(opened.map((s) => s.name)).toEqual(['data.js']);
    expect(store.preview).toBeNull();
    expect(store.list.map((s) => s.name)).toEqual(['data.js']);
    expect(store.list[0].layout).not.toContain('preview');
    expect(await client.call((r) => r.catalog())).toEqual(catalog);
    await runsAsked;
    expect((runs as unknown[]).length).toBeGreaterThan(100);
    await engine.removeSource(opened[0].id);
  });

  it('opens as before, with no preview, once DuckDB is ready', async () => {
    const { fake, store, ready } = setUp();
    ready();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const opened = await store.openFiles([new File([fs.readFileSync(TOKIO)], 'data.js')]);
    expect(store.preview).toBeNull();
    expect(fake.calls).toContain('openFiles');
    expect(store.list.map((s) => s.name)).toEqual(['data.js']);
    await engine.removeSource(opened[0].id);
  });

  it('has no preview for a table only DuckDB can type (m/d/Y dates), which opens when DuckDB is ready', async () => {
    const { store, ready, changes } = setUp();
    const opening = store.openFiles([new File(['time,latency_ms\n01/02/2024,1\n01/03/2024,2\n'], 't.csv')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.preview).toBeNull();
    expect(changes.list).toBe(0);
    ready();
    const opened = await opening;
    expect(opened.map((s) => s.name)).toEqual(['t.csv']);
    await engine.removeSource(opened[0].id);
  });
});
