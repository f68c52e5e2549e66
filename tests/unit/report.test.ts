// Markdown and HTML reports against golden files, and escaping of every value that comes from data.
// Regenerate the golden files after an intended change with UPDATE_GOLDEN=1 and review the diff.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import type { AnalysisResult, Regression, Trend } from '../../src/lib/analysis/types.ts';
import { htmlReport } from '../../src/lib/report/html.ts';
import { markdownReport } from '../../src/lib/report/markdown.ts';
import type { ReportInput } from '../../src/lib/report/model.ts';
import { expectGolden } from './helpers/golden.ts';

const REF = Date.UTC(2026, 10, 20, 18);

function regression(overrides: Partial<Regression>): Regression {
  return {
    fingerprint: 'f00d',
    method: 'changepoint',
    seriesKey: 'k',
    series: { model: 'bert-base-uncased', hardware: 'cuda', batch_size: '1', precision: 'fp32' },
    label: 'bert-base-uncased · cuda · batch_size=1 · fp32',
    metric: 'latency',
    unit: 'ms',
    direction: 'lower',
    changePct: 10.2,
    severity: 'medium',
    before: 9.9,
    after: 10.91,
    pValue: 1.4e-12,
    samplesTest: null,
    noisePct: 0.7,
    nBefore: 100,
    nAfter: 20,
    firstBad: {
      ts: REF - 5 * 86_400_000,
      value: 10.9,
      commit: 'b67bc951aa',
      versionTag: 'v1.7.0',
      runGroup: 'nightly',
      resultId: 7,
    },
    lastGood: {
      ts: REF - 5 * 86_400_000 - 21_600_000,
      value: 9.8,
      commit: 'a1b2c3d4ee',
      versionTag: 'v1.7.0',
      runGroup: 'nightly',
      resultId: 6,
    },
    status: 'active',
    explanation: 'latency rose +10.2% (median 9.9 ms → 10.91 ms) from 2026-11-15 18:00.',
    ...overrides,
  };
}

function trend(overrides: Partial<Trend>): Trend {
  return {
    seriesKey: 'k',
    series: { model: 'vit-base', hardware: 'cuda' },
    label: 'vit-base · cuda',
    metric: 'memory',
    unit: 'MB',
    direction: 'lower',
    trend: 'degrading',
    theilSenPctPerWeek: 3.61,
    mannKendallP: 1.1e-34,
    changePct: 17.1,
    steps: 1,
    stepsPct: 2.1,
    driftPct: 14.7,
    count: 120,
    used: 118,
    startLevel: 1520,
    endLevel: 1780,
    seedTrend: 'degrading',
    magnitudePct: 15.8,
    confidence: 0.79,
    cv: 0.05,
    r2: 0.79,
    startTs: REF - 30 * 86_400_000,
    endTs: REF,
    ...overrides,
  };
}

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  const analysis: AnalysisResult = {
    referenceTs: REF,
    // The report names the analysis's own detection window: the 30 days it was asked for.
    settings: { ...DEFAULT_SETTINGS, regressionDays: 30, trendDays: 30 },
    regressions: [
      regression({}),
      regression({
        fingerprint: 'beef',
        metric: 'throughput',
        unit: 'items/s',
        direction: 'higher',
        changePct: -25.3,
        severity: 'critical',
        before: 45.4,
        after: 33.9,
        series: { model: 'vit-base', hardware: 'webgpu' },
        label: 'vit-base · webgpu',
      }),
    ],
    outliers: [
      {
        seriesKey: 'k',
        label: 'bert · rocm',
        metric: 'latency',
        point: { ts: REF - 86_400_000, value: 21, commit: null, versionTag: null, runGroup: null, resultId: null },
        deviationPct: 38.8,
        explanation: 'latency +38.8% away from its neighbours.',
      },
    ],
    trends: [
      trend({}),
      trend({
        trend: 'stable',
        seedTrend: 'stable',
        magnitudePct: 0,
        confidence: 1,
        metric: 'power',
        theilSenPctPerWeek: 0.01,
        mannKendallP: 0.8,
        changePct: 0.1,
        steps: 0,
        stepsPct: 0,
        driftPct: 0.1,
      }),
    ],
    changePoints: [],
    seriesAnalysed: 72,
    elapsedMs: 12,
  };
  return {
    title: 'Nightly performance',
    generatedAt: Date.UTC(2026, 10, 21, 6, 30),
    sources: ['benchmark.duckdb'],
    analysis,
    periodDays: 30,
    ...overrides,
  };
}

describe('reports', () => {
  it('Markdown matches its golden file (the seed sections, plus evidence)', () => {
    expectGolden('report.md', markdownReport(input()));
  });

  it('HTML matches its golden file and is self-contained', () => {
    const html = htmlReport({
      ...input(),
      charts: [
        {
          title: 'vit-base · webgpu — throughput',
          svg: '<svg width="10" height="10"><rect width="10" height="10"/></svg>',
        },
      ],
    });
    expectGolden('report.html', html);
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
  });

  it('escapes values from data: no HTML injection, no broken Markdown tables', () => {
    const evil = '<img src=x onerror=alert(1)>|**x**';
    const hostile = input({
      title: 'Report <script>alert(1)</script>',
      sources: ['"><svg onload=alert(2)>.csv'],
      link: 'javascript:alert(3)',
    });
    hostile.analysis.regressions = [
      regression({
        label: evil,
        series: { model: evil, hardware: 'cuda|gpu' },
        metric: 'lat<b>ency',
        explanation: evil,
      }),
    ];
    const html = htmlReport({
      ...hostile,
      charts: [
        {
          title: evil,
          svg: '<svg onload="alert(4)"><script>alert(5)</script><a href="javascript:alert(6)"></a></svg>',
        },
      ],
    });
    // Hostile text appears only as text: no tag, no event-handler attribute, no script URL.
    expect(html).not.toMatch(/<script|<img|<[^>]*\son\w+\s*=|(href|src)\s*=\s*["']?javascript:/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const md = markdownReport(hostile);
    const row = md.split('\n').find((l) => l.startsWith('| ') && l.includes('cuda'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(12); // 10 columns: nothing in the cells split the row
    expect(md).not.toContain('<img');
    expect(md).not.toContain('javascript:');
  });

  it('says so when there is nothing to report', () => {
    const empty = input();
    empty.analysis.regressions = [];
    empty.analysis.trends = [];
    empty.analysis.outliers = [];
    const md = markdownReport(empty);
    expect(md).toContain('No regressions detected in this period.');
    expect(md).toContain('No regressions in the last 30 days across 72 series and metrics.');
  });

  it('links commits through the repository template, in both formats', () => {
    const linked = input({ commitUrl: 'https://github.com/org/repo/commit/{commit}' });
    expect(markdownReport(linked)).toContain('[b67bc951 (v1.7.0)](<https://github.com/org/repo/commit/b67bc951aa>)');
    expect(htmlReport(linked)).toContain(
      '<a href="https://github.com/org/repo/commit/b67bc951aa">b67bc951 (v1.7.0)</a>',
    );
    expect(markdownReport(input({ commitUrl: 'javascript:{commit}' }))).not.toContain('javascript:');
  });

  it('leaves triaged findings out of the headline', () => {
    const triaged = input({ triage: { beef: { status: 'false_positive', note: '', issueLink: '' } } });
    const sentence = markdownReport(triaged)
      .split('\n')
      .find((l) => l.includes('regression') && l.includes('Worst active'))!;
    expect(sentence).toContain('1 regression in the last 30 days, 1 still active. Worst active: latency of bert-base');
    expect(sentence).toContain('1 more triaged as resolved, false positive or expected.');
    expect(sentence).not.toContain('vit-base · webgpu'); // the triaged one (vit-base · cuda's memory drift is a trend)
  });
});
