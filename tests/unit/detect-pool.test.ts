// The detector on worker threads (the CLI's) finds exactly what it finds one history after the other.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import type { AnalysisResult } from '../../src/lib/analysis/types.ts';
import { detectorPool } from '../../src/node/detect-pool.ts';
import { openNodeDb } from '../../src/engine/db/node-wasm.ts';
import { Engine } from '../../src/engine/engine.ts';
import { loadSqlLibrary } from '../../src/engine/sql-files-node.ts';
import { newEngine, seedDatabase } from './helpers/engine.ts';

const comparable = (result: AnalysisResult) => ({ ...result, elapsedMs: 0 });

describe('detector pool', () => {
  it('gives the analysis of the demo the same findings as the detector in turn, repeated rows included', async () => {
    const { bytes } = await seedDatabase(await newEngine());
    const pool = detectorPool({ threads: 2, minPoints: 0, batchPoints: 5000 });
    try {
      const results: AnalysisResult[][] = [];
      for (const findInHistories of [undefined, pool.find]) {
        const engine = await Engine.create(await openNodeDb(), loadSqlLibrary(), { findInHistories });
        await engine.openBytes('history.duckdb', bytes);
        const once = await engine.analyse({ settings: DEFAULT_SETTINGS });
        // The same file twice: every row repeated, which the detector drops (a history it changes comes back).
        await engine.openBytes('copy of history.duckdb', bytes);
        const twice = await engine.analyse({ settings: DEFAULT_SETTINGS });
        results.push([once, twice]);
      }
      const [inTurn, pooled] = results;
      expect(inTurn[0].regressions.length).toBeGreaterThan(0);
      expect(pooled.map(comparable)).toEqual(inTurn.map(comparable));
    } finally {
      await pool.close();
    }
  });

  it('fails with an error, not a hang, when a batch cannot be sent, and works for the next analysis', async () => {
    const pool = detectorPool({ threads: 2, minPoints: 0 });
    try {
      const history = {
        seriesKey: 's',
        metric: 'm',
        ts: Float64Array.from({ length: 40 }, (_, i) => i * 1000),
        value: Float64Array.from({ length: 40 }, (_, i) => 100 + (i >= 20 ? 30 : 0) + (i % 3)),
      };
      // Settings that cannot be cloned into a worker: the failure is an error, not a hang.
      await expect(pool.find([history], { ...DEFAULT_SETTINGS, bad: () => 1 } as never)).rejects.toThrow();
      const [found] = await pool.find([history], DEFAULT_SETTINGS);
      expect(found.changePoints.map((c) => c.index)).toEqual([20]);
    } finally {
      await pool.close();
    }
  });
});
