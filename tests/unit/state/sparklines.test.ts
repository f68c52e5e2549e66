// Sparklines of many series in one call: the engine's batched query gives each series the points its own
// 60-point chart query gives, and the Explore store sends the sparklines asked for together as one worker call,
// keeps them, and draws a series fetched before without asking again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { ExploreStore } from '../../../src/lib/state/explore.svelte.ts';
import { MessagesStore } from '../../../src/lib/state/messages.svelte.ts';
import { newEngine } from '../helpers/engine.ts';
import { csvFile, fakeClient } from './fake-client.ts';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const BENCHES = ['parse', 'render', 'encode', 'decode', 'hash'];

/** Five benchmarks on two machines; "parse" on ci-1 has 150 days (downsampled to 60 buckets), the rest 30. */
function historyCsv(): string[] {
  const lines = ['time,bench,machine,latency_ms'];
  for (let day = 0; day < 150; day++)
    for (const [b, bench] of BENCHES.entries())
      for (const machine of ['ci-1', 'ci-2'])
        if (day < 30 || (bench === 'parse' && machine === 'ci-1'))
          lines.push(
            `${new Date(START + day * DAY).toISOString()},${bench},${machine},${10 + b + ((day * 7) % 11) / 10}`,
          );
  return lines;
}

let engine: Engine;
let keys: string[];
beforeAll(async () => {
  engine = await newEngine();
  const file = csvFile('history.csv', historyCsv());
  const result = await engine.openFiles([{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }]);
  expect(result.failures).toEqual([]);
  keys = (await engine.listSeries({ metric: 'latency_ms', filter: {}, search: '', limit: 100 })).map(
    (s) => s.seriesKey,
  );
  expect(keys).toHaveLength(10);
});
afterAll(async () => {
  for (const source of engine.listSources()) await engine.removeSource(source.id);
});

describe('engine.sparklines', () => {
  it('gives each series the points of its own chart query, in the order asked, and empty for an unknown key', async () => {
    const asked = [...keys].reverse().concat(['bench=nothing|machine=ci-1']);
    const lines = await engine.sparklines(asked, 'latency_ms', 60);
    expect(lines.map((l) => l.seriesKey)).toEqual(asked);
    for (const key of keys) {
      const line = lines.find((l) => l.seriesKey === key)!;
      const chart = await engine.seriesPoints(key, 'latency_ms', { maxPoints: 60 });
      expect(line.ts).toEqual(chart.ts);
      line.value.forEach((v, i) => expect(v).toBeCloseTo(chart.value[i], 9));
    }
    const long = lines.find((l) => l.ts.length > 30)!;
    expect(long.ts.length).toBe(60);
    expect(lines.at(-1)).toEqual({ seriesKey: 'bench=nothing|machine=ci-1', ts: [], value: [] });
    expect(await engine.sparklines(keys.slice(0, 2), 'no_such_metric', 60)).toEqual([
      { seriesKey: keys[0], ts: [], value: [] },
      { seriesKey: keys[1], ts: [], value: [] },
    ]);
  });

  it('refuses a point count that cannot draw a line', async () => {
    await expect(engine.sparklines(keys, 'latency_ms', 1)).rejects.toThrow(/maxPoints/);
  });
});

describe('ExploreStore.sparkline', () => {
  function setUp() {
    const client = fakeClient(engine);
    const store = new ExploreStore({
      client,
      messages: new MessagesStore(),
      hasSources: () => true,
      onScreen: () => false,
    });
    return { client, store, asked: (name: string) => client.calls.filter((c) => c === name).length };
  }

  it('sends the sparklines asked for together as one call, keeps them, and asks again after the sources change', async () => {
    const { store, asked } = setUp();
    expect(store.cachedSparkline(keys[0], 'latency_ms')).toBeUndefined();
    const lines = await Promise.all(keys.map((k) => store.sparkline(k, 'latency_ms')));
    expect(asked('sparklines')).toBe(1);
    expect(asked('seriesPoints')).toBe(0);
    expect(store.sparklineRequests).toBe(1);
    expect(lines.map((l) => l.seriesKey)).toEqual(keys);
    expect(lines.every((l) => l.ts.length >= 30)).toBe(true);
    // Asked again (a cell scrolled back into view): from the cache, nothing asked of the worker.
    expect(store.cachedSparkline(keys[3], 'latency_ms')).toBe(lines[3]);
    expect(await store.sparkline(keys[3], 'latency_ms')).toBe(lines[3]);
    expect(asked('sparklines')).toBe(1);
    // The same series asked twice before the answer: one request, one answer.
    const [a, b] = [store.sparkline(keys[0], 'nothing'), store.sparkline(keys[0], 'nothing')];
    expect(a).toBe(b);
    await a;
    expect(asked('sparklines')).toBe(2);
    store.forgetSparklines();
    expect(store.cachedSparkline(keys[3], 'latency_ms')).toBeUndefined();
    await store.sparkline(keys[3], 'latency_ms');
    expect(asked('sparklines')).toBe(3);
  });

  it('passes a failure to every sparkline of the call, and asks again next time', async () => {
    let fail = true;
    const client = fakeClient(engine, {
      sparklines: (...args) => (fail ? Promise.reject(new Error('worker gone')) : engine.sparklines(...args)),
    });
    const store = new ExploreStore({
      client,
      messages: new MessagesStore(),
      hasSources: () => true,
      onScreen: () => false,
    });
    const both = [store.sparkline(keys[0], 'latency_ms'), store.sparkline(keys[1], 'latency_ms')];
    for (const p of both) await expect(p).rejects.toThrow('worker gone');
    fail = false;
    expect((await store.sparkline(keys[0], 'latency_ms')).ts.length).toBeGreaterThan(0);
    expect(client.calls.filter((c) => c === 'sparklines')).toHaveLength(2);
  });
});
