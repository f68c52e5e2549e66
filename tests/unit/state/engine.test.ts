// EngineStore against a real engine: DuckDB's start-up progress, its version once running, its remote reads, and
// `whenReady` holding work back until then.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { EngineStore } from '../../../src/lib/state/engine.svelte.ts';
import { newEngine } from '../helpers/engine.ts';
import { fakeClient } from './fake-client.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});

describe('DuckDB starting', () => {
  it('shows the start-up progress and remote reads the worker reports', async () => {
    const reading = { host: 'data.example', url: 'https://data.example/big.parquet', bytes: 2048, active: true };
    const client = fakeClient(engine, {
      init: async (onProgress, onRemoteRead) => {
        onProgress(0.4);
        onRemoteRead?.(reading);
        return { version: 'v1.0.0', replaced: false, failure: null };
      },
    });
    const store = new EngineStore(client);
    const answer = await store.init();
    expect(store.progress).toBe(0.4);
    expect(store.remoteRead).toEqual(reading);
    expect(answer).toEqual({ version: 'v1.0.0', replaced: false, failure: null });
    expect(store.ready).toBe(false);
  });

  it("is ready with the engine's version once started, and only then lets waiting work go on", async () => {
    const store = new EngineStore(fakeClient(engine));
    let released = false;
    void store.whenReady.then(() => (released = true));
    const { version } = await store.init();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(released).toBe(false);
    store.started(version);
    await store.whenReady;
    expect(released).toBe(true);
    expect(store).toMatchObject({ ready: true, progress: 1, version: await engine.version() });
    expect(store.version).toMatch(/^v\d/);
  });
});
