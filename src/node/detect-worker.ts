// A detector worker (detect-pool.ts): findInHistory for each history of a batch. A history the detector kept as
// it was is not sent back (null): the caller has it.
import { parentPort } from 'node:worker_threads';
import { findInHistory, type HistoryFindings, type SeriesHistory } from '../lib/analysis/detect.ts';
import type { AnalysisSettings } from '../lib/analysis/settings.ts';

export type BatchFindings = (Omit<HistoryFindings, 'history'> & { history: SeriesHistory | null })[];

parentPort?.on(
  'message',
  ({
    histories,
    settings,
    outliersAfter,
  }: {
    histories: SeriesHistory[];
    settings: AnalysisSettings;
    outliersAfter: number;
  }) => {
    const findings: BatchFindings = histories.map((h) => {
      const f = findInHistory(h, settings, outliersAfter);
      return { ...f, history: f.history === h ? null : f.history };
    });
    parentPort!.postMessage(findings);
  },
);
