// The analysis engine on histories with known injected events: the seed's semantics exactly, and a
// default detector that finds sustained shifts, ignores spikes and improvements, and explains itself.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_END, demoEvents, type DemoResult } from '../../src/lib/demo/seed-demo.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { newEngine, readBytes, seedDatabase, tempDir } from './helpers/engine.ts';
import { tooShortNote } from '../../src/lib/report/model.ts';
import { driftNote } from '../../src/lib/analysis/overview-text.ts';
import fs from 'node:fs';
import { sortByTime } from '../../src/engine/analysis.ts';

let engine: Engine;
let demo: Awaited<ReturnType<typeof seedDatabase>>;
let sourceId: number;

const DAY = 86_400_000;
const key = (r: DemoResult) => `${r.model_id}/${r.hardware_id}/${r.batch_size}/${r.precision}`;

beforeAll(async () => {
  engine = await newEngine();
  demo = await seedDatabase(engine);
  sourceId = (await engine.openBytes('demo.duckdb', demo.bytes)).id;
});

describe('seed semantics', () => {
  it('baselines: mean of the last days_lookback days with at least min_samples, newest sample attribution', async () => {
    const { referenceTs, baselines } = await engine.baselines({
      settings: { baselineDays: 7, minSamples: 3 },
      filter: { model: ['t5-small'], hardware: ['cuda'] },
    });
    expect(referenceTs).toBe(DEMO_END);
    const inWindow = demo.demo.results.filter(
      (r) => r.model_id === 2 && r.hardware_id === 1 && r.timestamp > DEMO_END - 7 * DAY,
    );
    expect(inWindow).toHaveLength(28);
    const latency = baselines.find((b) => b.metric === 'latency')!;
    const mean = inWindow.reduce((s, r) => s + r.latency_ms, 0) / inWindow.length;
    expect(latency.count).toBe(28);
    expect(latency.mean).toBeCloseTo(mean, 3);
    expect(latency.lastTs).toBe(DEMO_END);
    expect(latency.commit).toBe(inWindow[inWindow.length - 1].git_commit_hash);
    expect(latency.versionTag).toBe('v1.7.0');
    expect(latency.median).toBeGreaterThan(0);
    expect(latency.mad).toBeGreaterThan(0);
    // min_samples: a window with fewer results gives no baseline.
    const none = await engine.baselines({ settings: { baselineDays: 0.3, minSamples: 3 } });
    expect(none.baselines).toHaveLength(0);
  });

  it('percent method: pct = (value / baseline − 1) × 100 against the preceding window, worse by the threshold', async () => {
    const result = await engine.analyse({
      settings: { method: 'percent', regressionDays: 3, baselineDays: 7, minSamples: 3 },
      filter: { model: ['vit-base'], hardware: ['webgpu'] },
    });
    const throughput = result.regressions.filter((r) => r.metric === 'throughput');
    const series = demo.demo.results.filter((r) => r.model_id === 3 && r.hardware_id === 3);
    const base = series.filter((r) => r.timestamp > DEMO_END - 10 * DAY && r.timestamp <= DEMO_END - 3 * DAY);
    const baseline = base.reduce((s, r) => s + r.throughput_items_per_second, 0) / base.length;
    const recent = series.filter((r) => r.timestamp > DEMO_END - 3 * DAY);
    const expected = recent
      .map((r) => ({ ts: r.timestamp, pct: (r.throughput_items_per_second / baseline - 1) * 100 }))
      .filter((r) => r.pct <= -5);
    expect(throughput.map((r) => r.firstBad.ts).sort()).toEqual(expected.map((e) => e.ts).sort());
    for (const r of throughput) {
      const e = expected.find((x) => x.ts === r.firstBad.ts)!;
      expect(r.changePct).toBeCloseTo(e.pct, 3);
      expect(r.before).toBeCloseTo(baseline, 3);
      expect(r.method).toBe('percent');
      expect(r.severity).toBe(Math.abs(r.changePct) > 25 ? 'critical' : Math.abs(r.changePct) > 15 ? 'high' : 'medium');
    }
    // Thresholds are configurable per metric; a looser one keeps fewer rows.
    const loose = await engine.analyse({
      settings: { method: 'percent', regressionDays: 3, thresholds: { throughput: -30, latency: 30 } },
      filter: { model: ['vit-base'], hardware: ['webgpu'] },
    });
    expect(loose.regressions.filter((r) => r.metric === 'throughput')).toHaveLength(0);
  });

  it('trends: the drift of the main level (Theil–Sen, Mann–Kendall), the seed label beside it', async () => {
    const result = await engine.analyse({ settings: { trendDays: 30, trendMinSamples: 5 } });
    const memory = result.trends.find(
      (t) => t.metric === 'memory' && t.series.model === 'vit-base' && t.series.hardware === 'cuda',
    )!;
    expect(memory.trend).toBe('degrading');
    expect(memory.seedTrend).toBe('degrading');
    expect(memory.driftPct).toBeGreaterThan(5);
    const series = demo.demo.results.filter(
      (r) => r.model_id === 3 && r.hardware_id === 1 && r.timestamp > DEMO_END - 30 * DAY,
    );
    expect(memory.magnitudePct).toBeCloseTo((series[series.length - 1].memory_mb / series[0].memory_mb - 1) * 100, 3);
    expect(memory.confidence).toBeGreaterThan(0.5);
    expect(memory.theilSenPctPerWeek).toBeGreaterThan(0);
    expect(memory.mannKendallP).toBeLessThan(1e-6);
    // Power has ±1 % noise and no drift: CV < 0.01 → stable, magnitude 0, confidence 1.
    const power = result.trends.find(
      (t) => t.metric === 'power' && t.series.model === 't5-small' && t.series.hardware === 'cuda',
    )!;
    expect(power).toMatchObject({ trend: 'stable', seedTrend: 'stable', magnitudePct: 0, confidence: 1 });
    expect(Math.abs(power.driftPct!)).toBeLessThan(5);
  });

  it('windows are relative to the newest measurement, or to an explicit as-of time', async () => {
    const beforeSteps = DEMO_END - 25 * 6 * 3600_000;
    const early = await engine.analyse({ settings: { asOf: beforeSteps, regressionDays: 14 } });
    expect(early.referenceTs).toBe(beforeSteps);
    // Only the memory drift had begun: a drift without a step is a trend, not a regression.
    expect(early.regressions.filter((r) => r.status === 'active')).toHaveLength(0);
    // By the end of the history it is a degrading trend of its main level, said beside the regressions.
    const whole = await engine.analyse({ settings: { regressionDays: 14 } });
    const leak = whole.trends.filter((t) => t.trend === 'degrading');
    expect(leak.map((t) => `${t.label} ${t.metric}`)).toEqual([expect.stringMatching(/^vit-base · cuda .* memory$/)]);
    expect(leak[0].driftPct).toBeGreaterThan(10);
    expect(driftNote(whole)).toMatch(/^1 series drifts worse without a step .* memory of vit-base · cuda/);
  });
});

describe('default detector: change points', () => {
  it('finds every injected step with its first bad commit, ignores the spike and the improvement', async () => {
    const result = await engine.analyse({ settings: { regressionDays: 14 } });
    const steps = demoEvents(120).filter((e) => e.kind === 'step');
    for (const step of steps) {
      const found = result.regressions.find(
        (r) =>
          r.series.model === step.model &&
          r.series.hardware === step.hardware &&
          r.series.batch_size === String(step.batch_size) &&
          r.series.precision === step.precision &&
          r.metric === step.metric,
      );
      expect(found, `${step.model}/${step.hardware} ${step.metric}`).toBeDefined();
      const first = demo.demo.results.filter(
        (r) =>
          key(r) ===
          `${found!.series.model === 'bert-base-uncased' ? 1 : found!.series.model === 't5-small' ? 2 : 3}/${found!.series.hardware === 'cuda' ? 1 : found!.series.hardware === 'rocm' ? 2 : 3}/${step.batch_size}/${step.precision}`,
      )[step.fromSample];
      expect(found!.firstBad.ts).toBe(first.timestamp);
      expect(found!.firstBad.commit).toBe(first.git_commit_hash);
      expect(found!.lastGood!.ts).toBe(first.timestamp - 6 * 3600_000);
      expect(Math.abs(found!.changePct)).toBeCloseTo(Math.abs((step.factor - 1) * 100), -0.5);
      expect(found!.pValue!).toBeLessThan(1e-6);
      expect(found!.status).toBe('active');
      expect(found!.explanation).toMatch(/samples before/);
    }
    // The injected single-sample spike is an outlier, not a regression.
    expect(
      result.regressions.some(
        (r) => r.series.model === 'bert-base-uncased' && r.series.hardware === 'rocm' && r.series.batch_size === '4',
      ),
    ).toBe(false);
    expect(result.outliers.map((o) => `${o.label}|${o.metric}`)).toContain(
      'bert-base-uncased · rocm · AMD MI250 · batch_size=4 · sequence_length=128 · fp32|latency',
    );
    // The throughput improvement of t5-small on cuda is a change point, but not a regression.
    expect(result.regressions.some((r) => r.series.model === 't5-small' && r.series.hardware === 'cuda')).toBe(false);
    expect(
      result.changePoints.some(
        (c) =>
          !c.worse && c.seriesKey.includes('t5-small') && c.seriesKey.includes('cuda') && c.metric === 'throughput',
      ),
    ).toBe(true);
  });

  it('explains a step in a steady series without an absurd noise multiple', async () => {
    const engine = await newEngine();
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
    const rows = Array.from({ length: 40 }, (_, i) => `${day(i)},steady,${i < 30 ? 100 : 120}`);
    await engine.openBytes('steady.csv', new TextEncoder().encode(`date,bench,time_ms\n${rows.join('\n')}\n`));
    const result = await engine.analyse({ settings: { regressionDays: 14 } });
    expect(result.regressions).toHaveLength(1);
    expect(result.regressions[0].explanation).toMatch(/noise below 0\.01 %/);
    expect(result.regressions[0].explanation).not.toMatch(/× noise/);
  });

  it('says when histories are too short for the change-point method to judge', async () => {
    const engine = await newEngine();
    const rows = ['2026-01-01', '2026-01-08', '2026-01-15'].flatMap((d, i) => [
      `${d},BM_Hash,${i === 2 ? 115 : 100}`,
      `${d},BM_Copy,50`,
    ]);
    await engine.openBytes('three-runs.csv', new TextEncoder().encode(`date,benchmark,cpu_time\n${rows.join('\n')}\n`));
    const result = await engine.analyse({ settings: { regressionDays: 14 } });
    expect(result.regressions).toHaveLength(0);
    expect(result.tooShort).toBe(2);
    expect(tooShortNote(result)).toMatch(/2 of them have fewer than \d+ points, too few for the change-point method/);
  });

  it('reports nothing on pure noise at several noise levels, where the percent method cries wolf', async () => {
    const engine = await newEngine(); // histories of their own: the demo's series keys would merge with these
    for (const noiseScale of [0.5, 2, 4]) {
      const noise = await seedDatabase(engine, { events: [], noiseScale, seed: 7 + noiseScale });
      const id = (await engine.openBytes('noise.duckdb', noise.bytes)).id;
      try {
        const cp = await engine.analyse({ settings: { regressionDays: 14 }, filter: {} });
        // The demo's slow drift (memory of vit-base on cuda) stays in the noise-only history; everything else is noise.
        const flagged = cp.regressions.filter(
          (r) => !(r.metric === 'memory' && r.series.model === 'vit-base' && r.series.hardware === 'cuda'),
        );
        expect(flagged.map((r) => r.explanation)).toEqual([]);
        if (noiseScale >= 4) {
          const percent = await engine.analyse({ settings: { method: 'percent', regressionDays: 14 } });
          expect(percent.regressions.length).toBeGreaterThan(50);
        }
      } finally {
        await engine.removeSource(id);
      }
    }
  }, 120_000);

  it('uses raw per-iteration samples as extra evidence when the source has them', async () => {
    const engine = await newEngine();
    const files = Array.from({ length: 12 }, (_, run) => {
      const slow = run >= 8 ? 1.2 : 1;
      const latencies = Array.from(
        { length: 20 },
        (_, i) => (0.05 + ((i * 7919 + run * 104729) % 97) / 97 / 1000) * slow,
      );
      const avg = latencies.reduce((a, b) => a + b, 0) / latencies.length;
      const stamp = `202501${String(run + 1).padStart(2, '0')}_120000`;
      return {
        name: `run-${run}.json`,
        bytes: new TextEncoder().encode(
          JSON.stringify({
            timestamp: stamp,
            benchmarks: {
              embedding: {
                'bert-tiny': {
                  cpu: {
                    status: 'completed',
                    model_name: 'bert-tiny',
                    hardware: 'cpu',
                    benchmark_results: {
                      batch_1_seq_32: { status: 'completed', latencies, avg_latency: avg, throughput: 1 / avg },
                    },
                  },
                },
              },
            },
          }),
        ),
      };
    });
    const opened = await engine.openFiles(files);
    const result = await engine.analyse({ settings: { regressionDays: 30 }, filter: { model: ['bert-tiny'] } });
    const latency = result.regressions.find((r) => r.metric === 'latency')!;
    expect(latency.samplesTest).not.toBeNull();
    expect(latency.samplesTest!.pMannWhitney).toBeLessThan(1e-6);
    expect(latency.samplesTest!.nBefore).toBe(60);
    expect(latency.explanation).toMatch(/raw samples: Mann–Whitney/);
    expect(opened.sources).toHaveLength(1);
  });
});

describe('writing results into the seed tables', () => {
  it('stores baselines, regressions and trends in a copy the Python side can read', async () => {
    const copy = path.join(tempDir(), 'with-results.duckdb');
    fs.writeFileSync(copy, demo.bytes);
    const baselines = (await engine.baselines({})).baselines;
    const analysis = await engine.analyse({ settings: { regressionDays: 14 } });
    const written = await engine.writeSeedResults(sourceId, copy, {
      baselines,
      regressions: analysis.regressions,
      trends: analysis.trends,
    });
    expect(written).toEqual({ baselines: 18, regressions: 6, trends: 72 });
    // Writing the same regressions again does not duplicate them; baselines are replaced.
    const again = await engine.writeSeedResults(sourceId, copy, { baselines, regressions: analysis.regressions });
    expect(again.regressions).toBe(0);
    expect(again.baselines).toBe(0);

    const reopened = await engine.openBytes('with-results.duckdb', readBytes(copy));
    const alias = `src_${reopened.id}`;
    const rows = await engine.runReadOnlySql(
      `SELECT (SELECT count(*) FROM ${alias}.performance_baselines), (SELECT count(*) FROM ${alias}.performance_regressions), (SELECT min(trend_data) FROM ${alias}.performance_trends)`,
    );
    expect(rows.rows[0][0]).toBe(18);
    expect(rows.rows[0][1]).toBe(6);
    expect(JSON.parse(String(rows.rows[0][2]))[0]).toMatchObject({ index: 0 });
    const regression = await engine.runReadOnlySql(
      `SELECT r.regression_type, r.severity, p.model_id, r.status FROM ${alias}.performance_regressions r JOIN ${alias}.performance_results p ON p.id = r.performance_id ORDER BY abs(r.severity) DESC LIMIT 1`,
    );
    expect(regression.rows[0][0]).toBe('latency');
    expect(regression.rows[0][1] as number).toBeCloseTo(analysis.regressions[0].changePct, 3);
    expect(regression.rows[0][2]).toBe(3);
    expect(regression.rows[0][3]).toBe('detected');
    await engine.removeSource(reopened.id);
  });
});

describe('sortByTime', () => {
  it('orders a history handed over in runs, keeping equal times in the order they came', () => {
    // Runs as a parallel scan hands them over: each in order, the runs shuffled; equal times tell apart by value.
    const runs = [[5, 6, 7, 7, 8], [1, 2, 3], [9, 10], [4, 4.5], [0]];
    const ts = Float64Array.from(runs.flat());
    const value = Float64Array.from(ts, (t, i) => t * 10 + i / 100);
    const expected = Array.from(ts.keys())
      .sort((a, b) => ts[a] - ts[b])
      .map((i) => [ts[i], value[i]]);
    sortByTime(ts, value);
    expect(Array.from(ts, (t, i) => [t, value[i]])).toEqual(expected);
    const once = [Float64Array.from([3, 1, 2]), Float64Array.from([30, 10, 20])];
    sortByTime(once[0], once[1]);
    expect([Array.from(once[0]), Array.from(once[1])]).toEqual([
      [1, 2, 3],
      [10, 20, 30],
    ]);
  });
});
