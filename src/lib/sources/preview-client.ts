// The page's client to the worker while a file opened before DuckDB was ready is previewed (preview.ts): the reads
// the overview and the charts make are answered from the preview; what needs the engine with the file in it (runs,
// commits, comparisons, SQL, mappings) waits until the preview ends; the rest (start, opening, cancelling) goes on.
import type { EngineClient } from '../worker-client.ts';
import type { WorkerApi } from '../../worker/worker.ts';
import { previewCatalog, previewSeriesList, previewSeriesPoints, type Preview } from './preview.ts';

/** Calls that go to the worker at once, preview or not: they start DuckDB, open or close sources, cancel. */
const CONTROL = new Set<keyof WorkerApi>([
  'init',
  'openFiles',
  'openUrl',
  'importsSettled',
  'cancelImports',
  'removeSource',
]);

export interface PreviewSource {
  /** The preview shown now, or null. */
  current(): Preview | null;
  /** Resolves when no preview is shown (at once when none is). */
  ended(): Promise<void>;
}

/** Answers from the preview for the calls it can answer (the analysis: none until the engine has the data). */
function previewAnswers(p: Preview): Record<string, (...args: never[]) => Promise<unknown>> {
  return {
    listSources: async () => [p.info],
    catalog: async () => previewCatalog(p),
    listSeries: async (query: Parameters<WorkerApi['listSeries']>[0]) => previewSeriesList(p, query),
    seriesPoints: async (...args: Parameters<WorkerApi['seriesPoints']>) =>
      previewSeriesPoints(p, args[0], args[1], args[2] ?? {}),
    // A grid's sparklines, several series in one call (as the worker answers a published history).
    sparklines: async (keys: string[], metric: string, maxPoints: number) =>
      [...new Set(keys)].map((key) => {
        const points = previewSeriesPoints(p, key, metric, { maxPoints });
        return { seriesKey: key, ts: points.ts, value: points.value };
      }),
    analyse: async () => null,
  };
}

/** `source`: where the preview is kept (read at each call: the store is made after the client). */
export function withPreview(client: EngineClient, source: () => PreviewSource): EngineClient {
  const { remote } = client;
  return {
    remote,
    progress: client.progress,
    call<T>(work: (r: typeof remote) => Promise<T>): Promise<T> {
      const preview = source();
      const shown = preview.current();
      if (!shown) return client.call(work);
      const answers = previewAnswers(shown);
      const answering = new Proxy(remote, {
        get(target, name: string) {
          if (Object.hasOwn(answers, name)) return answers[name];
          if (CONTROL.has(name as keyof WorkerApi)) return target[name as keyof typeof target];
          // Asked of the data: once the engine has the previewed file.
          return (...args: unknown[]) =>
            preview
              .ended()
              .then(() =>
                client.call((r) => (r[name as keyof typeof r] as (...a: unknown[]) => Promise<unknown>)(...args)),
              );
        },
      });
      return client.call(() => work(answering));
    },
  };
}
