// Per-series analysis on the shapes real CI histories have: short histories, a wild newest run,
// runner modes, periodic patterns, repeated rows; statuses, culprits and incidents; the CLI check.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { findOutliers, type ChangePoint } from '../../src/lib/analysis/changepoints.ts';
import {
  allChangePointRegressions,
  findInHistory,
  withoutRepeatedRows,
  type SeriesContext,
  type SeriesHistory,
} from '../../src/lib/analysis/detect.ts';
import { generateRealNoiseCorpus, Rng } from '../../src/lib/analysis/corpus.ts';
import { hiddenNote, latestNote, percentWindowNote } from '../../src/lib/analysis/overview-text.ts';
import { analyseSeries, firstRunOnNewLevel } from '../../src/lib/analysis/series-analysis.ts';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { groupIncidents } from '../../src/lib/analysis/summary.ts';
import { REAL } from '../real-files.ts';
import { newEngine, tempDir } from './helpers/engine.ts';

const OTAVA = path.join(REAL, 'otava');
const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

function otavaSeries(name: string): number[] {
  return fs
    .readFileSync(path.join(OTAVA, 'series', name), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[1]));
}

/** Gaussian noise around a level (the corpus' seeded generator). */
function noisy(rng: Rng, n: number, level: number, sd: number): number[] {
  return Array.from({ length: n }, () => level + sd * rng.normal());
}

const history = (values: number[], day = 86_400_000): SeriesHistory => ({
  seriesKey: 's',
  metric: 'time',
  ts: Float64Array.from(values, (_, i) => 1_700_000_000_000 + i * day),
  value: Float64Array.from(values),
});
const lowerIsBetter: SeriesContext = { label: 's', series: {}, unit: 'ms', direction: 'lower' };
const noDetails = () => undefined;

describe('the newest run', () => {
  it('flags a run far out of a steady history as unconfirmed, and a run inside it as in line', () => {
    const values = [...noisy(new Rng(3), 40, 16, 0.4), 33.6];
    const a = analyseSeries(values);
    expect(a.latest?.outOfLine).toBe(true);
    expect(a.latest?.status).toBe('unconfirmed');
    expect(a.latest?.deviationPct).toBeGreaterThan(100);
    expect(a.changePoints).toEqual([]);
    const inLine = analyseSeries([...values.slice(0, 40), 16.2]);
    expect(inLine.latest?.outOfLine).toBe(false);
  });

  it('keeps a found step when wild runs are appended (Otava series2 + three points)', () => {
    const series2 = otavaSeries('series_test_series2.csv');
    expect(analyseSeries(series2).changePoints.map((c) => c.index)).toEqual([4]);
    const appended = analyseSeries([...series2, 1.97, 33.33, 46.46]);
    expect(appended.changePoints.map((c) => c.index)).toEqual([4]);
    expect(appended.latest).toMatchObject({ outOfLine: true, firstIndex: 12 });
  });
});

describe('steps in real series', () => {
  it("finds TigerBeetle's −3.9 % step at 95 on the whole 365-point series, and on its prefixes", () => {
    const tb = otavaSeries('tigerbeetle.csv');
    expect(analyseSeries(tb).changePoints.map((c) => c.index)).toEqual([15, 61, 71, 95]);
    for (const n of [120, 200, 250, 300]) {
      const found = analyseSeries(tb.slice(0, n)).changePoints.map((c) => c.index);
      expect(found.slice(0, 3)).toEqual([15, 61, 71]);
      expect(found.some((i) => Math.abs(i - 95) <= 2)).toBe(true);
    }
    // With Otava's 5 % minimum magnitude the steps of 15 and 71 remain (its test_tb_old_defaults).
    expect(analyseSeries(tb, { minRelativeChange: 0.05 }).changePoints.map((c) => c.index)).toEqual([15, 71]);
  });
});

describe('short histories', () => {
  it('reports a monotone 16x slowdown over 5 runs with its exact p, and does not call the first run a spike', () => {
    const values = [143, 376, 488, 950, 2312];
    const a = analyseSeries(values);
    expect(a.shortHistory).toMatchObject({ kind: 'monotone', n: 5 });
    expect(a.shortHistory!.pValue).toBeCloseTo(2 / 120, 10);
    expect(findOutliers([...values, 2400])).not.toContain(0);
    const findings = findInHistory(history(values), DEFAULT_SETTINGS);
    const [r] = allChangePointRegressions(findings, lowerIsBetter, DEFAULT_SETTINGS, noDetails);
    expect(r.changePct).toBeCloseTo((2312 / 143 - 1) * 100, 6);
    expect(r.explanation).toContain('5 runs');
  });

  it('finds a 3 v 3 step whose sides do not overlap (Otava graphite +300 %), not one whose sides do', () => {
    expect(analyseSeries([0.2, 0.3, 0.1, 0.8, 0.9, 0.7]).changePoints.map((c) => c.index)).toEqual([3]);
    expect(analyseSeries([0.2, 0.3, 0.75, 0.8, 0.25, 0.7]).changePoints).toEqual([]);
  });

  it('says why there is no answer', () => {
    expect(analyseSeries([10, 12, 11]).shortReason).toMatch(/too few/);
    expect(analyseSeries([10, 12, 11, 13]).shortReason).toMatch(/not in order/);
  });
});

describe('unstable series', () => {
  it('labels a periodic sawtooth unstable instead of listing a change point per tooth', () => {
    const rng = new Rng(7);
    const values = Array.from({ length: 200 }, (_, i) => (Math.floor(i / 10) % 2 ? 150 : 100) + rng.uniform());
    const a = analyseSeries(values);
    expect(a.stability.unstable).toBe(true);
    expect(a.stability.reason).toMatch(/back to a level it had before/);
    expect(a.changePoints.length).toBeLessThanOrEqual(2);
  });

  it('treats bursts into a second mode as noise but finds a shift of the main level', () => {
    const rng = new Rng(11);
    const burst = (values: number[]) => values.map((v, i) => (i % 13 === 5 || i % 13 === 6 ? v * 1.8 : v));
    const flat = burst(noisy(rng, 200, 125, 1.5));
    const a = analyseSeries(flat);
    expect(a.stability.unstable).toBe(true);
    expect(a.stability.reason).toMatch(/away from its main level/);
    expect(a.changePoints).toEqual([]);
    // Ending in one more visit to the known mode is not an out-of-line newest run; far beyond it is.
    expect(analyseSeries([...flat, 225, 226]).latest?.outOfLine).toBe(false);
    expect(analyseSeries([...flat, 400]).latest?.outOfLine).toBe(true);
    const shifted = burst([...noisy(rng, 100, 125, 1.5), ...noisy(rng, 100, 105, 1.5)]);
    const b = analyseSeries(shifted);
    expect(b.changePoints.length).toBe(1);
    expect(Math.abs(b.changePoints[0].index - 100)).toBeLessThanOrEqual(1);
    expect(b.changePoints[0].changePct).toBeLessThan(-10);
    expect(findInHistory(history(shifted), DEFAULT_SETTINGS).outliers).toEqual([]);
  });
});

describe('long visits to a known mode', () => {
  // A bursty runner: short visits to a +60 % mode make the series multi-modal; then one visit of 12 runs.
  const withVisits = (rng: Rng, n: number, longVisitAt: number) =>
    noisy(rng, n, 100, 1).map((v, i) => (i % 17 === 3 || (i >= longVisitAt && i < longVisitAt + 12) ? v * 1.6 : v));

  it('is no level shift: the 12 runs at the other mode are one more visit, and are listed as mode switches', () => {
    const a = analyseSeries(withVisits(new Rng(3), 220, 100));
    expect(a.stability.unstable).toBe(true);
    expect(a.changePoints).toEqual([]);
    expect(a.modeSwitches.map((c) => c.index)).toEqual(expect.arrayContaining([100, 112]));
  });

  it("still finds a step next to a visit, and a stay at the mode's distance too long to be a visit", () => {
    const rng = new Rng(5);
    const next = withVisits(rng, 220, 100).map((v, i) => (i >= 150 ? v * 0.8 : v));
    expect(analyseSeries(next).changePoints.map((c) => c.index)).toEqual([150]);
    // +60 % for 80 runs, then back: a regression that was fixed, not a visit.
    const stay = noisy(rng, 220, 100, 1).map((v, i) => (i % 17 === 3 || (i >= 80 && i < 160) ? v * 1.6 : v));
    expect(analyseSeries(stay).changePoints.map((c) => c.index)).toEqual([80, 160]);
  });

  it('keeps precision on the real-noise corpus (bimodal runners, quantised timers, right-skewed and wandering noise)', () => {
    const corpus = generateRealNoiseCorpus(20250101, { count: 240 });
    let truePositives = 0,
      falsePositives = 0,
      steps = 0,
      falseAlarms = 0;
    for (const s of corpus) {
      const found = analyseSeries(s.values).changePoints.map((c) => c.index);
      const matched = found.filter((f) => s.changes.some((c) => Math.abs(c.index - f) <= 3));
      truePositives += matched.length;
      falsePositives += found.length - matched.length;
      steps += s.changes.length;
      if (s.kind === 'noise') falseAlarms += found.length;
    }
    // Measured when written: 211 of 240 steps found, 32 false, 7 on the 80 noise-only series
    // (before long visits were recognised: 214 found, 110 false, 29 on noise).
    expect(truePositives / steps).toBeGreaterThan(0.8);
    expect(truePositives / (truePositives + falsePositives)).toBeGreaterThan(0.8);
    expect(falseAlarms).toBeLessThanOrEqual(12);
  });
});

describe('culprit, status and incidents', () => {
  it('moves the first bad run to the first run on the new level', () => {
    const x = [125, 126, 124, 125, 228, 230, 226, 229, 231, 227];
    const c: ChangePoint = {
      index: 5,
      beforeStart: 0,
      afterEnd: 10,
      beforeMedian: 125,
      afterMedian: 229,
      beforeMean: 125,
      afterMean: 229,
      changePct: 83,
      pValue: 1e-6,
      noisePct: 1,
      nBefore: 5,
      nAfter: 5,
      trendPctPerSample: 0,
    };
    expect(firstRunOnNewLevel(x, c, 3).index).toBe(4);
    expect(firstRunOnNewLevel(x, { ...c, index: 3 }, 3).index).toBe(4);
  });

  it('in a multi-modal series, the culprit and the last good run are on the levels, not visits to the other mode', () => {
    const rng = new Rng(9);
    // +20 % at run 100; runs 98 and 99 (and every 13th) visit a +60 % mode.
    const values = Array.from(
      { length: 200 },
      (_, i) => (100 + rng.normal()) * (i >= 100 ? 1.2 : 1) * (i % 13 === 5 || i === 98 || i === 99 ? 1.6 : 1),
    );
    const [c] = analyseSeries(values).changePoints;
    expect(c.index).toBe(100);
    expect(c.lastGoodIndex).toBe(95); // 96 is one of the every-13th visits
    const [r] = allChangePointRegressions(
      findInHistory(history(values), DEFAULT_SETTINGS),
      lowerIsBetter,
      DEFAULT_SETTINGS,
      noDetails,
    );
    expect(r.firstBad.value).toBeCloseTo(values[100], 6);
    expect(r.lastGood!.value).toBeCloseTo(values[95], 6);
  });

  it('is superseded when a later improvement outdid it, and the end of an improvement is no regression', () => {
    const rng = new Rng(5);
    const up = [...noisy(rng, 20, 100, 0.5), ...noisy(rng, 20, 120, 0.5), ...noisy(rng, 20, 90, 0.5)];
    const rs = allChangePointRegressions(
      findInHistory(history(up), DEFAULT_SETTINGS),
      lowerIsBetter,
      DEFAULT_SETTINGS,
      noDetails,
    );
    expect(rs.map((r) => r.status)).toEqual(['superseded']);
    const dip = [...noisy(rng, 20, 100, 0.5), ...noisy(rng, 4, 70, 0.5), ...noisy(rng, 20, 100, 0.5)];
    expect(
      allChangePointRegressions(
        findInHistory(history(dip), DEFAULT_SETTINGS),
        lowerIsBetter,
        DEFAULT_SETTINGS,
        noDetails,
      ),
    ).toEqual([]);
    const stays = [...noisy(rng, 20, 100, 0.5), ...noisy(rng, 20, 120, 0.5)];
    expect(
      allChangePointRegressions(
        findInHistory(history(stays), DEFAULT_SETTINGS),
        lowerIsBetter,
        DEFAULT_SETTINGS,
        noDetails,
      ).map((r) => r.status),
    ).toEqual(['active']);
  });

  it('counts a repeated row once, so a spike loaded twice is one outlier', () => {
    const values = noisy(new Rng(9), 40, 50, 0.5);
    values[20] = 80;
    const once = history(values);
    const twice: SeriesHistory = {
      ...once,
      ts: Float64Array.from([...once.ts].flatMap((t) => [t, t])),
      value: Float64Array.from([...once.value].flatMap((v) => [v, v])),
    };
    expect(withoutRepeatedRows(twice).value.length).toBe(40);
    expect(findInHistory(twice, DEFAULT_SETTINGS).outliers).toEqual([20]);
  });

  it('groups regressions at one commit into one incident', () => {
    const r = (seriesKey: string, commit: string, changePct: number) =>
      ({
        seriesKey,
        label: seriesKey,
        metric: 'time',
        changePct,
        fingerprint: `${seriesKey}${commit}`,
        status: 'active',
        firstBad: { ts: 1, value: 1, commit, versionTag: null, runGroup: null, resultId: null },
      }) as never;
    const incidents = groupIncidents([r('a', 'c1', 10), r('b', 'c1', 40), r('c', 'c2', 5)]);
    expect(incidents[0]).toMatchObject({ commit: 'c1', series: 2, worstPct: 40, worstLabel: 'b', active: 2 });
    expect(incidents).toHaveLength(2);
  });
});

describe('real histories through the engine', () => {
  it('tokio: the whole history by default; a 14-day window says how many older regressions it hides', async () => {
    const engine = await newEngine();
    await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(TOKIO)), lastModified: 0 }]);
    const whole = await engine.analyse();
    const medium = whole.regressions.find((r) => r.label.startsWith('send_medium'));
    expect(medium?.changePct).toBeGreaterThan(50);
    expect(medium?.lastGood?.value).toBeLessThan(medium!.firstBad.value);
    // send_large's +70 % at the same commit, under its second mode (~40 % of its runs later on).
    const large = whole.regressions.find(
      (r) => r.label.startsWith('send_large') && r.firstBad.commit === medium!.firstBad.commit,
    );
    expect(large?.changePct).toBeGreaterThan(50);
    expect(whole.hiddenOlderChanges).toBe(0);
    const recent = await engine.analyse({ settings: { regressionDays: 14 } });
    expect(recent.regressions).toHaveLength(0);
    expect(recent.hiddenOlderChanges).toBe(whole.regressions.length);
    expect(hiddenNote(recent)).toContain(`${whole.regressions.length} older regressions`);
    expect(latestNote(whole)).toMatch(/newest run/);
  }, 120_000);

  it('django asv: Compare of two adjacent commits where the runner switched modes is not "52 worse"', async () => {
    const engine = await newEngine();
    const folder = path.join(REAL, 'asv_django/results');
    const { openSources } = await import('../../src/node/sources.ts');
    await openSources(engine, [folder]);
    const [rawSql] = await engine.listSeries({ metric: 'time', filter: {}, search: 'RawSql', limit: 1 });
    const points = await engine.seriesPoints(rawSql.seriesKey, 'time');
    // Runs 8 and 9 (0-based 7, 8): 268 µs then 429 µs, every benchmark of run 9 in the slow mode.
    expect(points.value[8] / points.value[7]).toBeGreaterThan(1.5);
    const rows = await engine.compare({ kind: 'commit', a: points.commit[7]!, b: points.commit[8]! });
    expect(rows.length).toBe(52);
    expect(rows.filter((r) => r.verdict === 'worse').length).toBe(0);
    const raw = rows.find((r) => r.seriesKey === rawSql.seriesKey)!;
    expect(raw.test).toBe('mann-whitney (raw samples)');
    expect(raw.runToRun!.pValue).toBeGreaterThan(0.01);
  }, 120_000);

  it('percent method over the whole history: judges the newest run against the days before it, and says so', async () => {
    const engine = await newEngine();
    await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(TOKIO)), lastModified: 0 }]);
    const r = await engine.analyse({ settings: { method: 'percent' } });
    expect(r.percentWindowDays).toBeGreaterThan(0);
    expect(r.percentWindowDays).toBeLessThan(1);
    expect(r.regressions.length).toBeGreaterThan(0);
    expect(new Set(r.regressions.map((g) => g.firstBad.ts))).toEqual(new Set([r.referenceTs]));
    expect(percentWindowNote(r)).toMatch(/compared the newest run with the mean of the 7 days before it/);
    // A window that leaves a baseline is used as given, without the note.
    const windowed = await engine.analyse({ settings: { method: 'percent', regressionDays: 14 } });
    expect(windowed.percentWindowDays).toBeUndefined();
    expect(percentWindowNote(windowed)).toBe('');
  }, 120_000);

  it('perftrack check exits 1 when the newest run is worse than its history', async () => {
    const dir = tempDir();
    const rows = ['date,benchmark,metric,value,unit'];
    const steady = noisy(new Rng(21), 30, 16, 0.3);
    steady.forEach((v, i) => rows.push(`2025-01-${String(i + 1).padStart(2, '0')},C,time,${v.toFixed(3)},s`));
    fs.writeFileSync(path.join(dir, 'history.csv'), rows.join('\n') + '\n');
    const inLine = await main(
      ['check', '--db', path.join(dir, 'history.csv'), '--fail-on-regression'],
      () => {},
      () => {},
    );
    expect(inLine).toBe(0);
    fs.writeFileSync(path.join(dir, 'history.csv'), [...rows, '2025-01-31,C,time,33.6,s'].join('\n') + '\n');
    const out: string[] = [];
    const code = await main(
      ['check', '--db', path.join(dir, 'history.csv'), '--fail-on-regression'],
      (t) => out.push(t),
      () => {},
    );
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/1 worse than their history/);
    const alias: string[] = [];
    expect(
      await main(
        ['regression', '--latest', '--db', path.join(dir, 'history.csv'), '--fail-on-regression'],
        (t) => alias.push(t),
        () => {},
      ),
    ).toBe(1);
    expect(alias).toEqual(out);
  }, 120_000);

  it('perftrack changes lists every level shift of the whole history, better and worse, with run indices', async () => {
    const out: string[] = [];
    expect(
      await main(
        ['changes', '--db', TOKIO],
        (t) => out.push(t),
        () => {},
      ),
    ).toBe(0);
    const text = out.join('\n');
    // 13 before issue 22; the six more are +14–18 % at e2589a0e (spawn_many, chained_spawn), −13–19 % at d4075a44
    // (four series, with the 3 of sync_mpsc there) and contention_unbounded's 6.1 → 7.0 ms at run 315.
    expect(text).toMatch(/^19 level shifts in 13 of 24 series and metrics \(8 worse, 11 better\)/);
    expect(text).toMatch(/send_medium · sync_mpsc · time\n {2}worse +\+81\.9%.*from run 53, .*\(8efa6201\)/);
    expect(text).toMatch(/unstable: send_large · sync_mpsc · time: \d+ of 445 runs/);
    const json: string[] = [];
    await main(
      ['changes', '--db', path.join(OTAVA, 'series', 'series_test_series1.csv'), '--format', 'json'],
      (t) => json.push(t),
      () => {},
    );
    const parsed = JSON.parse(json.join(''));
    // Otava's test_change_point_detection expects the change at index 6 of this series.
    expect(parsed.changes.map((c: { index: number }) => c.index)).toEqual([6]);
  }, 120_000);
});
