// The library API in the browser: backed by the worker, files become downloads.
import { downloadText } from '../charts/download.ts';
import type { EngineClient } from '../worker-client.ts';
import {
  TimeSeriesPerformance,
  type AnalysisBackend,
  type TimeSeriesPerformanceOptions,
} from './time-series-performance.ts';

export function browserBackend(client: EngineClient): AnalysisBackend {
  return {
    analyse: (options) => client.call((r) => r.analyse(options)),
    baselines: (options) => client.call((r) => r.baselines(options)),
    listSeries: (query) => client.call((r) => r.listSeries(query)),
    seriesPoints: (key, metric, options) => client.call((r) => r.seriesPoints(key, metric, options)),
    catalog: () => client.call((r) => r.catalog()),
    listSources: () => client.call((r) => r.listSources()),
  };
}

async function environmentHash(): Promise<string> {
  const facts = [
    navigator.userAgent,
    navigator.hardwareConcurrency,
    (navigator as { deviceMemory?: number }).deviceMemory ?? '',
  ].join('|');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(facts));
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function browserPerformanceApi(
  client: EngineClient,
  options: TimeSeriesPerformanceOptions = {},
): TimeSeriesPerformance {
  return new TimeSeriesPerformance(
    browserBackend(client),
    {
      environmentHash,
      document: () => document,
      async writeOutput(path, content) {
        const type = path.endsWith('.html') ? 'text/html' : path.endsWith('.svg') ? 'image/svg+xml' : 'text/markdown';
        downloadText(path, content, type);
      },
    },
    options,
  );
}
