// The change-point detector on worker threads. At 10 M measurements the analysis spends most of its time in
// findInHistory (about 4 ms per 2,500-point history here, one history at a time and pure), so the CLI hands histories
// to one worker per core in batches; the findings are the same objects findInHistory returns.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { findInHistory, type HistoryFindings, type SeriesHistory } from '../lib/analysis/detect.ts';
import type { AnalysisSettings } from '../lib/analysis/settings.ts';
import type { FindInHistories } from '../engine/engine.ts';
import type { BatchFindings } from './detect-worker.ts';

/** Points per batch: small enough to share work evenly, large enough that messages cost little. */
const BATCH_POINTS = 100_000;
/** Below this many points the analysis is quick anyway; starting workers (≈ 0.3 s each) would cost more. */
const MIN_POINTS = 500_000;

/** Old-generation heap of a worker: a batch needs a few MB. */
const WORKER_HEAP_MB = 96;

export interface DetectorPool {
  find: FindInHistories;
  close(): Promise<void>;
}

/** A pool of `threads` workers (default: one per core, at most 4), started on first use. */
export function detectorPool(
  options: { threads?: number; minPoints?: number; batchPoints?: number } = {},
): DetectorPool {
  const threads = options.threads ?? Math.min(os.availableParallelism(), 4);
  const minPoints = options.minPoints ?? MIN_POINTS;
  const batchPoints = options.batchPoints ?? BATCH_POINTS;
  const workers: Worker[] = [];
  const start = () => {
    while (workers.length < threads) {
      // A small heap: the detector's garbage is collected often instead of growing each worker by hundreds of MB.
      const worker = new Worker(new URL('./detect-worker.mjs', import.meta.url), {
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      worker.unref();
      workers.push(worker);
    }
  };

  const find: FindInHistories = async (histories, settings, outliersAfter = -Infinity) => {
    const points = histories.reduce((n, h) => n + h.ts.length, 0);
    if (threads < 2 || points < minPoints) return histories.map((h) => findInHistory(h, settings, outliersAfter));
    start();
    const batches: [number, number][] = [];
    for (let from = 0; from < histories.length;) {
      let to = from;
      for (let n = 0; to < histories.length && (to === from || n + histories[to].ts.length <= batchPoints); to++)
        n += histories[to].ts.length;
      batches.push([from, to]);
      from = to;
    }
    const findings: HistoryFindings[] = new Array(histories.length);
    let next = 0;
    const drain = async (worker: Worker) => {
      worker.ref();
      try {
        while (next < batches.length) {
          const [from, to] = batches[next++];
          const results = await runBatch(worker, histories.slice(from, to), settings, outliersAfter);
          for (let i = from; i < to; i++) {
            const f = results[i - from];
            findings[i] = { ...f, history: f.history ?? histories[i] };
          }
        }
      } finally {
        worker.unref();
      }
    };
    try {
      await Promise.all(workers.map(drain));
    } catch (error) {
      // A worker that failed is gone; the next analysis starts fresh ones.
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
      throw error;
    }
    return findings;
  };

  return {
    find,
    close: async () => {
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    },
  };
}

/** One batch on one worker; the histories are copied (they are views of one large buffer). */
function runBatch(
  worker: Worker,
  histories: SeriesHistory[],
  settings: AnalysisSettings,
  outliersAfter: number,
): Promise<BatchFindings> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (findings: BatchFindings) => (cleanup(), resolve(findings));
    const onError = (error: Error) => (cleanup(), reject(error));
    const onExit = (code: number) => (cleanup(), reject(new Error(`a detector worker stopped (exit code ${code})`)));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({
      histories: histories.map((h) => ({
        seriesKey: h.seriesKey,
        metric: h.metric,
        ts: h.ts.slice(),
        value: h.value.slice(),
      })),
      settings,
      outliersAfter,
    });
  });
}
