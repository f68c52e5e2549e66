// One number per question (issue 22): the shared order of regressions (active first, then by size), the headline
// that leads with the worst active regression, the labels that say what a percent compares (level medians, a
// baseline mean, single runs or means of runs), and the detector's change found between two compared sides —
// on made-up regressions and on tokio's real history through the engine.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { compareBasis, compareRows, detectedBetween, type CompareGroupRow } from '../../src/lib/analysis/compare.ts';
import {
  changeBasis,
  describeChange,
  incidentLine,
  regressionHeadline,
  windowsNote,
} from '../../src/lib/analysis/overview-text.ts';
import { compareRegressions, sortRegressions, statusCounts } from '../../src/lib/analysis/regression-order.ts';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { groupIncidents } from '../../src/lib/analysis/summary.ts';
import type { AnalysisResult, Regression } from '../../src/lib/analysis/types.ts';
import { headline } from '../../src/lib/notify/payloads.ts';
import { CompareStore } from '../../src/lib/state/compare.svelte.ts';
import { MessagesStore } from '../../src/lib/state/messages.svelte.ts';
import { sortForMessage } from '../../src/lib/notify/rules.ts';
import { markdownReport } from '../../src/lib/report/markdown.ts';
import { buildReportModel } from '../../src/lib/report/model.ts';
import { REAL } from '../real-files.ts';
import { newEngine } from './helpers/engine.ts';

const T0 = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;

function reg(over: Partial<Regression> & Pick<Regression, 'fingerprint'>): Regression {
  return {
    method: 'changepoint',
    seriesKey: `bench=${over.fingerprint}`,
    series: { bench: over.fingerprint },
    label: over.fingerprint,
    metric: 'time',
    unit: 'ns',
    direction: 'lower',
    changePct: 10,
    severity: 'medium',
    before: 100,
    after: 110,
    pValue: 1e-6,
    samplesTest: null,
    noisePct: 2,
    nBefore: 30,
    nAfter: 20,
    firstBad: { ts: T0, value: 111, commit: 'c0ffee00aa', versionTag: null, runGroup: null, resultId: null },
    lastGood: null,
    status: 'active',
    explanation: '',
    ...over,
  };
}

// tokio's shape: the largest change has recovered, the one still active is smaller.
const recoveredBig = reg({
  fingerprint: 'send_medium',
  changePct: 81.9,
  before: 824,
  after: 1499,
  severity: 'critical',
  status: 'recovered',
});
const supersededBig = reg({ fingerprint: 'send_large', changePct: 54.8, severity: 'critical', status: 'superseded' });
const activeSmall = reg({
  fingerprint: 'ping_pong',
  changePct: 42.7,
  before: 691_900,
  after: 987_200,
  severity: 'critical',
  firstBad: {
    ts: T0 + 5 * DAY,
    value: 1_049_000,
    commit: 'e2589a0e11',
    versionTag: null,
    runGroup: null,
    resultId: null,
  },
});
const activeSmaller = reg({ fingerprint: 'spawn_many', changePct: 18.2, severity: 'high' });

function analysisOf(regressions: Regression[], over: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    referenceTs: T0 + 10 * DAY,
    settings: DEFAULT_SETTINGS,
    regressions,
    outliers: [],
    trends: [],
    changePoints: [],
    seriesAnalysed: 24,
    elapsedMs: 1,
    ...over,
  };
}

describe('the shared order of regressions', () => {
  it('puts active before recovered before superseded, and the larger change first within a status', () => {
    const sorted = sortRegressions([recoveredBig, activeSmaller, supersededBig, activeSmall]);
    expect(sorted.map((r) => r.fingerprint)).toEqual(['ping_pong', 'spawn_many', 'send_medium', 'send_large']);
    // A fall of throughput counts by its size, not its sign.
    const fall = reg({ fingerprint: 'tp', changePct: -30, direction: 'higher' });
    expect(sortRegressions([activeSmall, fall]).map((r) => r.fingerprint)).toEqual(['ping_pong', 'tp']);
    expect(compareRegressions(activeSmall, activeSmall)).toBe(0);
    expect(statusCounts(sorted)).toEqual({ active: 2, recovered: 1, superseded: 1 });
  });

  it('is the order notifications use, so a recovered critical change comes after an active medium one', () => {
    const medium = reg({ fingerprint: 'm', changePct: 6, severity: 'medium' });
    expect(sortForMessage([recoveredBig, medium]).map((r) => r.fingerprint)).toEqual(['m', 'send_medium']);
    expect(headline({ regressions: [medium, recoveredBig], now: T0, viewUrl: null, test: false })).toBe(
      '2 performance regressions: 1 still active, 1 recovered (1 critical, 1 medium)',
    );
    expect(headline({ regressions: [medium], now: T0, viewUrl: null, test: false })).toBe(
      '1 performance regression (1 medium)',
    );
  });

  it('makes an incident lead with its worst active regression, and incidents with an active one come first', () => {
    const sameCommit = (r: Regression, commit: string) => ({ ...r, firstBad: { ...r.firstBad, commit } });
    const incidents = groupIncidents([
      sameCommit(recoveredBig, '8efa6201'),
      sameCommit(supersededBig, '8efa6201'),
      sameCommit(recoveredBig, '8efa6201'),
      sameCommit(activeSmall, 'e2589a0e'),
      sameCommit({ ...recoveredBig, fingerprint: 'x', label: 'x', seriesKey: 'bench=x' }, 'e2589a0e'),
    ]);
    expect(incidents.map((i) => i.commit)).toEqual(['e2589a0e', '8efa6201']);
    expect(incidents[0]).toMatchObject({ worstLabel: 'ping_pong', worstPct: 42.7, worstStatus: 'active', active: 1 });
    expect(incidentLine(incidents[0])).toContain('1 still active; worst active time of ping_pong +42.7%');
    expect(incidentLine(incidents[1])).toContain('none still active; largest time of send_medium +81.9% (recovered)');
  });
});

describe('the headline', () => {
  it('leads with the worst active regression, then the largest no longer active', () => {
    const text = regressionHeadline({ analysis: analysisOf([recoveredBig, supersededBig, activeSmall]) });
    expect(text).toBe(
      '3 regressions in the whole history, 1 still active. ' +
        'Worst active: time of ping_pong +42.7% (level median 691.9 µs → 987.2 µs) since 2025-01-06 00:00, commit e2589a0e. ' +
        'No longer active: 1 recovered, 1 superseded; the largest: time of send_medium +81.9% (level median 824 ns → 1.499 µs) ' +
        'since 2025-01-01 00:00, commit c0ffee00 (recovered).',
    );
  });

  it('says when none is active, leaves triaged findings out, and names a shorter window', () => {
    const none = regressionHeadline({
      analysis: analysisOf([recoveredBig], { settings: { ...DEFAULT_SETTINGS, regressionDays: 14 } }),
    });
    expect(none).toMatch(/^1 regression in the last 14 days, none still active\. All no longer active: 1 recovered;/);
    const triaged = regressionHeadline({
      analysis: analysisOf([activeSmall, recoveredBig]),
      settled: (r) => r.fingerprint === 'ping_pong',
    });
    expect(triaged).toMatch(/^1 regression in the whole history, none still active\./);
    expect(triaged).toMatch(/1 more triaged as resolved, false positive or expected\.$/);
    expect(regressionHeadline({ analysis: analysisOf([]) })).toBe(
      'No regressions in the whole history across 24 series and metrics.',
    );
  });

  it('is the report summary word for word, and the report lists regressions in the same order', () => {
    const analysis = analysisOf([recoveredBig, supersededBig, activeSmaller, activeSmall]);
    const model = buildReportModel({ title: 't', generatedAt: T0, sources: [], analysis, periodDays: 3650 });
    expect(model.summary.sentence.startsWith(regressionHeadline({ analysis }))).toBe(true);
    const label = model.regressionColumns.indexOf('Series');
    expect(model.regressions.map((r) => r.cells[label])).toEqual(
      sortRegressions(analysis.regressions).map((r) => r.label),
    );
    const status = model.regressionColumns.indexOf('Status');
    expect(model.regressions.map((r) => r.cells[status])).toEqual(['active', 'active', 'recovered', 'superseded']);
    expect(model.period).toBe('the whole history, up to 2025-01-11 00:00 UTC');
  });
});

describe('what a percent compares, said', () => {
  it('a regression: level medians, a baseline mean, or a short monotone history from its first run', () => {
    expect(changeBasis(activeSmall)).toBe('level medians');
    expect(describeChange(activeSmall)).toBe('+42.7% (level median 691.9 µs → 987.2 µs)');
    const percent = reg({
      fingerprint: 'p',
      method: 'percent',
      noisePct: null,
      before: 100,
      after: 112,
      changePct: 12,
    });
    expect(describeChange(percent)).toBe('+12.0% (baseline mean 100 ns → result 112 ns)');
    const monotone = reg({ fingerprint: 'm', noisePct: null, nBefore: 1, nAfter: 4, before: 143, after: 2312 });
    expect(changeBasis(monotone)).toBe('first and newest run');
  });

  it('the windows: where first bad runs are looked for, which history, and what a change is', () => {
    expect(windowsNote(analysisOf([]))).toBe(
      "Regressions: a first bad run in the whole history, up to 2025-01-11 00:00 UTC; each series' levels come from " +
        'all of its loaded history, and a change is the median of the level after it against the median of the level before it.',
    );
    const short = analysisOf([], { settings: { ...DEFAULT_SETTINGS, regressionDays: 14, historyDays: 90 } });
    expect(windowsNote(short)).toContain('the last 14 days (2024-12-28 00:00 – 2025-01-11 00:00 UTC)');
    expect(windowsNote(short)).toContain('its last 90 days');
    const percent = analysisOf([], { settings: { ...DEFAULT_SETTINGS, method: 'percent', regressionDays: 7 } });
    expect(windowsNote(percent)).toContain('against the mean of the 7 days before it (percent method)');
  });

  it('a comparison: single runs, or means of runs, by how many runs each side holds', () => {
    expect(compareBasis(1, 1)).toBe('single run vs single run');
    expect(compareBasis(5, 8)).toBe('mean of A vs mean of B');
    expect(compareBasis(1, 8)).toBe('single run (A) vs mean of B');
    expect(compareBasis(5, 1)).toBe('mean of A vs single run (B)');
    const row: CompareGroupRow = {
      series_key: 'k',
      label: 'k',
      metric: 'time',
      unit: 'ns',
      direction: 'lower',
      n_a: 1,
      mean_a: 664.2,
      sd_a: null,
      n_b: 1,
      mean_b: 1049,
      sd_b: null,
      samples_a: null,
      samples_b: null,
    };
    expect(compareRows([row])[0]).toMatchObject({ basis: 'single run vs single run' });
    expect(compareRows([{ ...row, n_a: 30, n_b: 20, sd_a: 1, sd_b: 1 }])[0].basis).toBe('mean of A vs mean of B');
  });

  it("finds the detector's regressions between two sides: after A's first run, no later than B's last", () => {
    const row = { seriesKey: activeSmall.seriesKey, metric: 'time' };
    const at = activeSmall.firstBad.ts;
    const found = (a: [number, number] | null, b: [number, number] | null) =>
      detectedBetween(row, [activeSmall, recoveredBig], a && { from: a[0], to: a[1] }, b && { from: b[0], to: b[1] });
    expect(found([at - 1, at - 1], [at, at])).toEqual([activeSmall]); // last good run against the first bad
    expect(found([at - DAY, at - 1], [at + DAY, at + 2 * DAY])).toEqual([activeSmall]);
    expect(found([at, at], [at + DAY, at + DAY])).toEqual([]); // both sides after the change
    expect(found([at - 2 * DAY, at - DAY], [at - DAY / 2, at - 1])).toEqual([]); // both before it
    expect(found([at + DAY, at + DAY], [at - 1, at - 1])).toEqual([]); // B before A
    expect(found(null, [at, at])).toEqual([]);
    expect(
      detectedBetween({ ...row, metric: 'memory' }, [activeSmall], { from: 0, to: 0 }, { from: at, to: at }),
    ).toEqual([]);
  });
});

describe("Compare's sides, named with when they were measured", () => {
  it('a time range as chosen, a commit by its runs, nothing for a half-chosen range or another kind', () => {
    const store = new CompareStore({
      client: {} as never, // sideSpan asks the engine nothing
      messages: new MessagesStore(),
      hasData: () => false,
      filter: () => ({}),
    });
    store.setKind('time');
    store.setSide('a', `${T0}/${T0 + DAY}`);
    store.setSide('b', `${T0 + 2 * DAY}/`);
    expect(store.sideSpan('a')).toEqual({ from: T0, to: T0 + DAY });
    expect(store.sideSpan('b')).toBeNull();
    store.setKind('commit');
    store.values = [{ value: 'e2589a0e11', rows: 24, firstTs: T0, lastTs: T0 + 60_000 }];
    store.setSide('b', 'e2589a0e11');
    expect(store.sideSpan('b')).toEqual({ from: T0, to: T0 + 60_000 });
    expect(store.sideSpan('a')).toBeNull();
    // The values on offer are the commits': a spec of another kind is not looked up in them.
    expect(store.sideSpan('b', { kind: 'version', a: '', b: 'e2589a0e11' })).toBeNull();
  });
});

describe("tokio's history, as a new user sees it", () => {
  let engine: Engine;
  let result: AnalysisResult;
  beforeAll(async () => {
    const file = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
    engine = await newEngine();
    await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(file)), lastModified: 0 }]);
    result = await engine.analyse();
  }, 120_000);

  it('the engine returns regressions in the shared order, and the headline names the active ping_pong first', () => {
    expect(result.regressions).toEqual(sortRegressions(result.regressions));
    const first = result.regressions[0];
    expect(first.status).toBe('active');
    expect(first.label).toMatch(/^ping_pong/);
    // The largest change of the history has recovered: it is not the headline's worst.
    const largest = [...result.regressions].sort((a, b) => Math.abs(b.changePct) - Math.abs(a.changePct))[0];
    expect(largest.status).not.toBe('active');
    const text = regressionHeadline({ analysis: result });
    expect(text).toContain(`Worst active: time of ${first.label} ${describeChange(first)}`);
    expect(text.indexOf('ping_pong')).toBeLessThan(text.indexOf(largest.label));
    // The Markdown report says the same sentence, and its first regression row is the same one.
    const md = markdownReport({
      title: 'tokio',
      generatedAt: T0,
      sources: ['data.js'],
      analysis: result,
      periodDays: 3650,
    });
    expect(md).toContain(text.replace(/[|*_`[\]#]/g, (c) => `\\${c}`));
    expect(md.split('\n').find((l) => l.startsWith('| ping\\_pong'))).toContain('| active |');
  }, 60_000);

  it("Compare of ping_pong's last good and first bad commits: single runs, labelled, with the detector's level-median change", async () => {
    const r = result.regressions.find((x) => x.label.startsWith('ping_pong') && x.status === 'active')!;
    const spec = { kind: 'commit' as const, a: r.lastGood!.commit!, b: r.firstBad.commit! };
    const rows = await engine.compare(spec);
    const row = rows.find((x) => x.seriesKey === r.seriesKey && x.metric === r.metric)!;
    const values = await engine.compareValues('commit');
    const span = (v: string) => {
      const found = values.find((x) => x.value === v)!;
      return { from: found.firstTs, to: found.lastTs };
    };
    // The single runs differ by more than the levels do: two numbers for two questions, each named.
    expect(row.basis).toBe(compareBasis(row.a.n, row.b.n));
    expect(Math.abs(row.changePct - r.changePct)).toBeGreaterThan(5);
    const detected = detectedBetween(row, result.regressions, span(spec.a), span(spec.b));
    expect(detected).toEqual([r]);
    expect(describeChange(detected[0])).toBe(describeChange(r));
  }, 60_000);
});
