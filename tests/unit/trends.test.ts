// Trends of the main level: steps are changes, not trends; a drift is found with its Mann–Kendall p; a runner's
// slow mode does not bias it; the window is one and named; the seed's label stays beside it. Constructed series,
// then the real tokio history through the engine.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/analysis/corpus.ts';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { mannKendall, theilSen } from '../../src/lib/analysis/stats.ts';
import {
  mainLevelTrend,
  seriesTrend,
  trendCounts,
  trendNote,
  type MainLevelTrendOptions,
  type TrendHistory,
} from '../../src/lib/analysis/trends.ts';
import { buildReportModel } from '../../src/lib/report/model.ts';
import { REAL } from '../real-files.ts';
import { newEngine } from './helpers/engine.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** One run a day from T0. */
function history(values: number[]): TrendHistory {
  return { seriesKey: 's', metric: 'time', ts: values.map((_, i) => T0 + i * DAY), value: values };
}

const options = (extra: Partial<MainLevelTrendOptions> = {}): MainLevelTrendOptions => ({
  fromTs: -Infinity,
  changePoints: [],
  direction: 'lower',
  minChangePct: 5,
  minRelativeChange: 0.01,
  ...extra,
});

/** level · (1 + drift · i / (n − 1)) · (1 + noise) for n runs. */
function drifting(rng: Rng, n: number, level: number, driftPct: number, noisePct: number): number[] {
  return Array.from(
    { length: n },
    (_, i) => level * (1 + ((driftPct / 100) * i) / (n - 1)) * (1 + (noisePct / 100) * rng.normal()),
  );
}

describe('the trend of the main level', () => {
  it('a step with no drift is a change, not a trend', () => {
    const rng = new Rng(1);
    const values = [...drifting(rng, 60, 100, 0, 2), ...drifting(rng, 60, 130, 0, 2)];
    const t = mainLevelTrend(history(values), options({ changePoints: [60] }))!;
    expect(t.label).toBe('stable');
    expect(t.steps).toBe(1);
    expect(t.stepsPct!).toBeGreaterThan(27);
    expect(t.stepsPct!).toBeLessThan(33);
    expect(Math.abs(t.driftPct!)).toBeLessThan(2);
    expect(t.changePct!).toBeCloseTo(((1 + t.stepsPct! / 100) * (1 + t.driftPct! / 100) - 1) * 100, 6);
    expect(t.mannKendallP!).toBeGreaterThan(0.01);
    // Without the detector's split the same runs read as a strong rising trend: the split is what makes it a step.
    const unsplit = mainLevelTrend(history(values), options())!;
    expect(unsplit.label).toBe('degrading');
    expect(unsplit.mannKendallP!).toBeLessThan(1e-10);
  });

  it('a −35 % drift is a trend with its Mann–Kendall p: improving when lower is better, degrading when higher is', () => {
    const values = drifting(new Rng(2), 200, 100, -35, 4);
    const t = mainLevelTrend(history(values), options())!;
    expect(t.label).toBe('improving');
    expect(t.driftPct!).toBeGreaterThan(-40);
    expect(t.driftPct!).toBeLessThan(-30);
    expect(t.stepsPct).toBe(0);
    expect(t.mannKendallP!).toBeLessThan(1e-8);
    // 200 runs over 199 days: the drift per week is the drift over the window spread over its 28.4 weeks.
    expect(t.slopePctPerWeek!).toBeCloseTo(((1 + t.driftPct! / 100) ** (7 / 199) - 1) * 100, 6);
    expect(mainLevelTrend(history(values), options({ direction: 'higher' }))!.label).toBe('degrading');
  });

  it('a drift the noise does not let the test confirm is no clear trend; a small one is stable', () => {
    const unclear = mainLevelTrend(history(drifting(new Rng(3), 12, 100, 10, 15)), options())!;
    expect(Math.abs(unclear.driftPct!)).toBeGreaterThanOrEqual(5);
    expect(unclear.mannKendallP!).toBeGreaterThan(0.01);
    expect(unclear.label).toBe('no clear trend');
    const small = mainLevelTrend(history(drifting(new Rng(4), 300, 100, 2, 0.5)), options())!;
    expect(small.mannKendallP!).toBeLessThan(0.01);
    expect(small.label).toBe('stable');
  });

  it('a slow mode in 20 % of the runs, more of them late, does not bias it', () => {
    const rng = new Rng(5);
    // A flat main level; the runner visits a +80 % mode in bursts of 1–3 runs, three times as often in the second half.
    const values = drifting(rng, 300, 100, 0, 1);
    let slow = 0;
    for (let i = 5; i < 295; i += rng.int(4, 8)) {
      if (i < 150 && rng.uniform() < 0.6) continue;
      const burst = rng.int(1, 3);
      for (let k = 0; k < burst && i + k < 295; k++, slow++) values[i + k] *= 1.8;
    }
    expect(slow / values.length).toBeGreaterThan(0.15);
    expect(slow / values.length).toBeLessThan(0.3);
    const t = mainLevelTrend(history(values), options())!;
    expect(t.label).toBe('stable');
    expect(Math.abs(t.driftPct!)).toBeLessThan(1);
    expect(t.used).toBeLessThanOrEqual(300 - slow + 3);
    // The same statistics on every run read the slow mode as a rising trend.
    expect(mannKendall(values).pValue).toBeLessThan(0.01);
    expect(((theilSen(values).slope * 299) / 100) * 100).toBeGreaterThan(0.5);
  });

  it('a drift under a slow mode is measured on the main level', () => {
    const rng = new Rng(6);
    const values = drifting(rng, 300, 100, 20, 1).map((v, i) => (i % 5 === 2 ? v * 1.6 : v));
    const t = mainLevelTrend(history(values), options())!;
    expect(t.label).toBe('degrading');
    expect(t.driftPct!).toBeGreaterThan(17);
    expect(t.driftPct!).toBeLessThan(23);
  });

  it('only the runs of the window count, and a step before it is not one of its steps', () => {
    const rng = new Rng(7);
    const values = [...drifting(rng, 50, 100, 0, 1), ...drifting(rng, 100, 150, -20, 1)];
    const h = history(values);
    const t = mainLevelTrend(h, options({ fromTs: T0 + 49 * DAY, changePoints: [50] }))!;
    expect(t.runs).toBe(100);
    expect(t.steps).toBe(0);
    expect(t.driftPct!).toBeLessThan(-17);
    expect(t.label).toBe('improving');
    expect(mainLevelTrend(h, options({ fromTs: T0 + 1000 * DAY }))).toBeNull();
  });

  it('values that are not all positive are fitted as they are, in % of the starting level', () => {
    const values = Array.from({ length: 100 }, (_, i) => -50 + i * 0.5 + (i % 2 ? 0.3 : -0.3));
    const t = mainLevelTrend(history(values), options({ direction: 'higher' }))!;
    expect(t.driftPct!).toBeCloseTo((49.5 / 50) * 100, 0);
    expect(t.label).toBe('improving');
  });
});

describe('one series, as the engine reports it', () => {
  it('keeps the seed label beside the robust trend, and skips series with too few runs in the window', () => {
    const values = [...drifting(new Rng(8), 60, 100, 0, 3), ...drifting(new Rng(9), 60, 140, 0, 3)];
    const h = history(values);
    const context = { label: 's', series: {}, unit: 'ms', direction: 'lower' as const };
    const t = seriesTrend(h, [60], context, DEFAULT_SETTINGS, T0 + 119 * DAY)!;
    expect(t.trend).toBe('stable');
    // The seed's rule sees first → last and a poor straight-line fit.
    expect(['volatile', 'degrading']).toContain(t.seedTrend);
    expect(t.magnitudePct).toBeCloseTo((values[119] / values[0] - 1) * 100, 6);
    expect(t.count).toBe(120);
    expect(seriesTrend(h, [60], context, { ...DEFAULT_SETTINGS, trendDays: 3 }, T0 + 119 * DAY)).toBeNull();
  });

  it('counts trends a published summary counts without listing them', () => {
    expect(trendCounts({ trends: [], omittedTrends: { stable: 4, unclear: 2 } })).toEqual({
      degrading: 0,
      improving: 0,
      'no clear trend': 2,
      stable: 4,
    });
  });
});

describe('the real tokio history', () => {
  it('reads as the charts do: ping_pong a step, send_large no trend, the window named the same everywhere', async () => {
    const engine = await newEngine();
    const file = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
    await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(file)), lastModified: 0 }]);
    const analysis = await engine.analyse();
    expect(analysis.settings.trendDays).toBe(3650);
    expect(analysis.trends).toHaveLength(24);
    const find = (name: string) => analysis.trends.find((t) => t.label.startsWith(name))!;
    // ping_pong: a flat level, then +40 % at one commit. The seed called it "volatile +33.6 %".
    const ping = find('ping_pong');
    expect(ping.seedTrend).toBe('volatile');
    expect(ping.trend).toBe('stable');
    expect(ping.steps).toBeGreaterThanOrEqual(1);
    expect(ping.stepsPct!).toBeGreaterThan(30);
    // The step reads as the detector's change, the same figure as the Overview's.
    const detector = analysis.regressions.find((r) => r.label.startsWith('ping_pong'))!;
    expect(ping.stepsPct!).toBeCloseTo(detector.changePct, 6);
    expect(Math.abs(ping.driftPct!)).toBeLessThan(5);
    // send_large: level shifts and a second mode; no drift the test can confirm.
    const large = find('send_large');
    expect(large.steps).toBeGreaterThanOrEqual(3);
    expect(large.used).toBeLessThan(large.count);
    expect(['improving', 'degrading']).not.toContain(large.trend);
    // read_concurrent_contended: the seed's "−35 %" is mostly one step down.
    const rwlock = find('read_concurrent_contended · ');
    expect(rwlock.magnitudePct).toBeLessThan(-30);
    expect(rwlock.stepsPct!).toBeLessThan(-10);
    // The seed called 21 of 24 volatile; now each has a direction or says it has none.
    expect(analysis.trends.filter((t) => t.seedTrend === 'volatile').length).toBe(21);
    const counts = trendCounts(analysis);
    expect(counts.stable + counts['no clear trend'] + counts.improving + counts.degrading).toBe(24);
    expect(counts.stable).toBeGreaterThanOrEqual(5);
    // The report of the same analysis names the same window as the page and the CLI.
    const report = buildReportModel({ title: 't', generatedAt: 0, sources: [], analysis, periodDays: 3650 });
    expect(report.trendNote).toBe(trendNote(analysis.settings));
    expect(report.trendNote).toMatch(/^Trends in the whole history/);
    expect(report.trendSummary).toMatch(/^in the whole history: \d+ degrading/);
  }, 120_000);
});
