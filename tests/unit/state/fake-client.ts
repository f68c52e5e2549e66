// The page's EngineClient for the state tests: the worker's remote methods answered by a real DuckDB-WASM engine
// in Node, making the engine calls src/worker/worker.ts makes. Every call is recorded by name; a test can hold an
// answer back (gate) or replace a method.
import type { Engine } from '../../../src/engine/engine.ts';
import type { WorkerApi } from '../../../src/worker/worker.ts';
import type { EngineClient } from '../../../src/lib/worker-client.ts';
import { SourceError } from '../../../src/lib/sources/errors.ts';
import type { Persist } from '../../../src/lib/state/persist.ts';

type Methods = {
  [K in keyof WorkerApi]: (...args: Parameters<WorkerApi[K]>) => Promise<Awaited<ReturnType<WorkerApi[K]>>>;
};

export interface FakeClient extends EngineClient {
  engine: Engine;
  /** The remote methods called, in order. */
  calls: (keyof WorkerApi)[];
  /** Told of each call as it is made. */
  onCall?: (method: keyof WorkerApi) => void;
  /** Answers of `method` wait until the returned function is called (each call made meanwhile waits too). */
  gate(method: keyof WorkerApi): () => void;
}

const bytesOf = async (file: File) => new Uint8Array(await file.arrayBuffer());

export function fakeClient(engine: Engine, overrides: Partial<Methods> = {}): FakeClient {
  const real: Methods = {
    init: async (onProgress) => {
      onProgress(1);
      return { version: await engine.version(), replaced: false, failure: null };
    },
    openFiles: async (files, onProgress) => {
      const loaded = await Promise.all(
        files.map(async (f) =>
          f instanceof File
            ? { name: f.name, bytes: await bytesOf(f), lastModified: f.lastModified }
            : { name: f.path, bytes: await bytesOf(f.file), lastModified: f.file.lastModified },
        ),
      );
      return engine.openFiles(loaded, onProgress);
    },
    openUrl: (url, onProgress) => engine.openUrl(url, onProgress),
    importsSettled: async () => {},
    cancelImports: async () => {},
    removeSource: (id) => engine.removeSource(id),
    listSources: async () => engine.listSources(),
    setMapping: (...args) => engine.setMapping(...args),
    setDirection: (...args) => engine.setDirection(...args),
    catalog: () => engine.catalog(),
    listSeries: (...args) => engine.listSeries(...args),
    seriesPoints: (...args) => engine.seriesPoints(...args),
    sparklines: (...args) => engine.sparklines(...args),
    runSql: (...args) => engine.runReadOnlySql(...args),
    analyse: (...args) => engine.analyse(...args),
    baselines: (...args) => engine.baselines(...args),
    listRuns: (...args) => engine.listRuns(...args),
    setRunTime: (...args) => engine.setRunTime(...args),
    compareValues: (kind) => engine.compareValues(kind),
    compare: (spec, filter) => engine.compare(spec, filter),
  };
  const calls: (keyof WorkerApi)[] = [];
  const gates = new Map<keyof WorkerApi, Promise<void>>();
  const remote = Object.fromEntries(
    (Object.keys(real) as (keyof WorkerApi)[]).map((name) => [
      name,
      async (...args: unknown[]) => {
        calls.push(name);
        client.onCall?.(name);
        const method = (overrides[name] ?? real[name]) as (...a: unknown[]) => Promise<unknown>;
        const answer = method(...args);
        answer.catch(() => undefined); // a failure held at the gate is the caller's, not unhandled
        await gates.get(name);
        // The worker's answers arrive as messages (a task, not a microtask), so a loop of requests never starves timers.
        await new Promise((resolve) => setImmediate(resolve));
        return answer;
      },
    ]),
  );
  const client: FakeClient = {
    engine,
    calls,
    remote: remote as unknown as EngineClient['remote'],
    async call(work) {
      try {
        return await work(client.remote);
      } catch (error) {
        const e = error as { message?: string; hint?: string };
        // As the real client: the worker's error rebuilt with its message and hint.
        throw new SourceError(e?.message ?? String(error), e?.hint ?? '');
      }
    },
    progress: (fn) => fn,
    gate(method) {
      let open!: () => void;
      gates.set(method, new Promise((resolve) => (open = resolve)));
      return () => {
        gates.delete(method);
        open();
      };
    },
  };
  return client;
}

/** What the page keeps between visits, in memory. */
export function memoryPersist(initial: Record<string, unknown> = {}): Persist & { saved: Map<string, unknown> } {
  const saved = new Map(Object.entries(initial));
  return {
    saved,
    load: async <T>(key: string, fallback: T) => (saved.has(key) ? (structuredClone(saved.get(key)) as T) : fallback),
    save: async (key, value) => void saved.set(key, structuredClone(value)),
  };
}

/** A CSV file as the page's file picker hands it over. */
export function csvFile(name: string, lines: string[]): File {
  return new File([lines.join('\n') + '\n'], name, { type: 'text/csv', lastModified: Date.UTC(2025, 5, 1) });
}

/** Time, benchmark and one value: no version tags, commits or run groups. */
export const PLAIN_CSV = [
  'time,bench,value',
  ...Array.from({ length: 6 }, (_, i) => `2025-01-0${i + 1}T00:00:00Z,${i % 2 ? 'parse' : 'render'},${10 + i}`),
];

/** Three releases of two benchmarks on two machines, each at its own commit. */
export function releasesCsv(): string[] {
  const lines = ['time,bench,machine,version,commit,latency_ms'];
  const versions = ['v1.0.0', 'v1.1.0', 'v1.2.0'];
  for (const [v, version] of versions.entries()) {
    for (let day = 0; day < 5; day++) {
      const ts = new Date(Date.UTC(2025, 0, 1 + v * 5 + day)).toISOString();
      for (const bench of ['parse', 'render']) {
        for (const machine of ['ci-1', 'ci-2']) {
          // render gets 30 % slower in v1.2.0.
          const value =
            (bench === 'parse' ? 10 : 20) * (bench === 'render' && v === 2 ? 1.3 : 1) * (1 + ((day * 7 + v) % 5) / 200);
          lines.push(`${ts},${bench},${machine},${version},c${v}${day}abcdef,${value.toFixed(3)}`);
        }
      }
    }
  }
  return lines;
}

/** Until `check` holds (state updated by answers still on their way); fails after `ms`. */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('the state never got there');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
