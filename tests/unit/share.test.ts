// Share links, published summaries, triage and comparisons: pure functions, checked against hostile input too.
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compareRows, welchFromSummary } from '../../src/lib/analysis/compare.ts';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { welchTTest } from '../../src/lib/analysis/stats.ts';
import { normaliseTriage, safeLink, updateTriage } from '../../src/lib/analysis/triage.ts';
import type { Regression } from '../../src/lib/analysis/types.ts';
import type { PublishedSummary } from '../../src/lib/share/published.ts';
import { publishedCatalog, publishedSeriesList } from '../../src/lib/share/published-view.ts';
import {
  decodeLink,
  decodeViewState,
  encodeViewState,
  missingFilesNote,
  type ViewState,
} from '../../src/lib/share/view-state.ts';

const view: ViewState = {
  sources: ['https://example.org/bench/benchmark.duckdb'],
  tab: 'explore',
  metric: 'latency',
  filter: { model: ['bert-base-uncased'], sequence_length: [null] },
  search: 'cuda',
  selected: [
    'model=bert-base-uncased|hardware=cuda|device=NVIDIA A100|batch_size=1|sequence_length=128|precision=fp32',
  ],
  range: { from: Date.UTC(2026, 10, 1), to: null },
  facet: 'hardware',
  logScale: true,
  settings: { ...DEFAULT_SETTINGS, method: 'percent', thresholds: { ...DEFAULT_SETTINGS.thresholds, latency: 8 } },
  compare: { kind: 'version', a: 'v1.6.0', b: 'v1.7.0' },
  localFiles: ['nightly/benchmark_results.json'],
};

function rawLink(payload: unknown): string {
  const bytes = deflateSync(strToU8(JSON.stringify(payload)));
  return (
    'v1.' +
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  );
}

describe('share links', () => {
  it('name the local files a view was made with, so the page that opens it says what is missing', () => {
    const { view: decoded } = decodeLink(
      '#' + encodeViewState({ ...view, sources: [], localFiles: ['a.json', 'run 2/b.csv'] }, DEFAULT_SETTINGS),
      DEFAULT_SETTINGS,
    );
    expect(decoded.localFiles).toEqual(['a.json', 'run 2/b.csv']);
    expect(missingFilesNote(decoded.localFiles)).toContain(
      '(a.json, run 2/b.csv), which a link cannot carry: open them here',
    );
    expect(missingFilesNote([])).toBeNull();
    const hostile = decodeLink('#' + rawLink({ o: ['ok.json', 42, 'x'.repeat(300)] }), DEFAULT_SETTINGS);
    expect(hostile.view.localFiles).toEqual(['ok.json']);
    expect(hostile.dropped).toContain('local file names');
  });

  it('round-trip the whole view and stay short', () => {
    const hash = encodeViewState(view, DEFAULT_SETTINGS);
    expect(hash.startsWith('v1.')).toBe(true);
    expect(hash.length).toBeLessThan(450); // a long series key, a filter, settings and a comparison included
    expect(decodeViewState('#' + hash, DEFAULT_SETTINGS)).toEqual(view);
  });

  it("carry the incident view's commit or run group, and drop one that is not plain text", () => {
    const hash = encodeViewState(
      { ...view, tab: 'incident', incident: 'e2589a0e401e27457618920e66caa0f14e9a69ad' },
      DEFAULT_SETTINGS,
    );
    expect(decodeViewState('#' + hash, DEFAULT_SETTINGS)).toMatchObject({
      tab: 'incident',
      incident: 'e2589a0e401e27457618920e66caa0f14e9a69ad',
    });
    expect(decodeLink('#' + rawLink({ t: 'incident', i: 'nightly 2026-01-05' }), DEFAULT_SETTINGS).view.incident).toBe(
      'nightly 2026-01-05',
    );
    // A view without an incident writes none, and a link made before the field existed has none.
    expect(
      decodeViewState('#' + encodeViewState({ ...view, incident: null }, DEFAULT_SETTINGS), DEFAULT_SETTINGS),
    ).not.toHaveProperty('incident');
    for (const bad of [
      '<img src=x onerror=alert(1)>',
      'a"b',
      ' ',
      '',
      42,
      ['e2589a0e'],
      'x'.repeat(501),
      'tab\there',
    ]) {
      const decoded = decodeLink('#' + rawLink({ t: 'incident', i: bad }), DEFAULT_SETTINGS);
      expect(decoded.view.incident, String(bad)).toBeUndefined();
      expect(decoded.view.tab).toBe('incident');
      expect(decoded.dropped).toEqual(['incident commit']);
    }
  });

  it('ignores what does not fit: unknown versions, garbage, bad types, script URLs, oversized values', () => {
    expect(decodeViewState('#v9.abc', DEFAULT_SETTINGS)).toEqual({});
    expect(decodeViewState('#v1.%%%not-base64', DEFAULT_SETTINGS)).toEqual({});
    expect(decodeViewState('#v1.' + btoa('not deflate'), DEFAULT_SETTINGS)).toEqual({});
    const hostile = decodeViewState(
      '#' +
        rawLink({
          s: ['javascript:alert(1)', 'https://ok.example/data.parquet', 42],
          t: 'drop-tables',
          m: '<img src=x onerror=alert(1)>',
          f: { model: ['a', { sql: 'DROP TABLE measurements' }], '': 'x' },
          q: 'x'.repeat(10_000),
          k: 'not-a-list',
          r: ['yesterday', 5],
          a: {
            method: 'magic',
            baselineDays: -3,
            thresholds: { latency: 'DROP', throughput: -7 },
            changepoint: { alpha: 5 },
          },
          c: { kind: 'sql', a: 'SELECT 1', b: 'x' },
          sql: 'DROP TABLE measurements',
        }),
      DEFAULT_SETTINGS,
    );
    expect(hostile.sources).toEqual(['https://ok.example/data.parquet']);
    expect(hostile.tab).toBeUndefined();
    expect(hostile.metric).toBe('<img src=x onerror=alert(1)>'); // a plain string: rendered as text, matched as a value
    expect(hostile.filter).toEqual({ model: ['a'] });
    expect(hostile.search).toBeUndefined();
    expect(hostile.selected).toBeUndefined();
    expect(hostile.range).toEqual({ from: null, to: 5 });
    expect(hostile.settings!.method).toBe('changepoint');
    expect(hostile.settings!.baselineDays).toBe(7);
    expect(hostile.settings!.thresholds.latency).toBe(5);
    expect(hostile.settings!.thresholds.throughput).toBe(-7);
    expect(hostile.settings!.changepoint.alpha).toBe(DEFAULT_SETTINGS.changepoint.alpha);
    expect(hostile.compare).toBeUndefined();
    expect(JSON.stringify(hostile)).not.toContain('DROP');
  });

  it('keep each source, series, filter value and file name once, where the link first names it', () => {
    const { view, dropped } = decodeLink(
      '#' +
        rawLink({
          s: [
            'https://a.example/x.csv',
            'HTTPS://A.EXAMPLE/x.csv',
            'https://b.example/y.csv',
            'https://a.example/./x.csv',
            'https://a.example/x.csv',
          ],
          k: ['x', 'y', 'x', 'x'],
          f: { model: ['bert', null, 'bert', null] },
          o: ['a.json', 'b.json', 'a.json'],
        }),
      DEFAULT_SETTINGS,
    );
    expect(view.sources).toEqual(['https://a.example/x.csv', 'https://b.example/y.csv']);
    expect(view.selected).toEqual(['x', 'y']);
    expect(view.filter).toEqual({ model: ['bert', null] });
    expect(view.localFiles).toEqual(['a.json', 'b.json']);
    expect(dropped).toEqual([]);
    // An outside fuzzer's link, {"t":"explore","k":["x","x"]}: Explore keys its charts by series.
    expect(decodeLink('#v1.q1YqUbJSSq0oyMkvSlXSUcpWsopWqlDSUapQiq0FAA', DEFAULT_SETTINGS).view).toMatchObject({
      tab: 'explore',
      selected: ['x'],
    });
  });

  it('count a list against its limit once its repeats are gone', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `https://a.example/${i}.csv`);
    const { view, dropped } = decodeLink('#' + rawLink({ s: [...ten, ...ten] }), DEFAULT_SETTINGS);
    expect(view.sources).toEqual(ten);
    expect(dropped).toEqual([]);
  });

  it('never carries secrets: the state has no field for them', () => {
    const hash = encodeViewState(
      { ...view, settings: { ...view.settings, token: 'ghp_secret' } as never },
      DEFAULT_SETTINGS,
    );
    expect(JSON.stringify(decodeViewState('#' + hash, DEFAULT_SETTINGS))).not.toContain('ghp_secret');
  });
});

describe('published summaries', () => {
  it('list a metric, a dimension or a series they name twice once, the first time', () => {
    const summary = {
      format: 'perftrack-published',
      version: 1,
      title: 'twice',
      generated: 0,
      dimensions: [
        { name: 'model', ordinal: 1 },
        { name: 'model', ordinal: 2 },
      ],
      metrics: [
        { metric: 'latency', id: 1, unit: 'ms', direction: 'lower' },
        { metric: 'latency', id: 2, unit: 's', direction: 'lower' },
      ],
      series: [
        { id: 1, key: 'model=a', label: 'a', dims: ['a', 'b'] },
        { id: 2, key: 'model=a', label: 'a again', dims: ['b', 'a'] },
      ],
      summary: [
        [1, 1, 3, 0, 10, 1, 1, 1],
        [2, 1, 3, 0, 10, 2, 2, 2],
        [1, 2, 3, 0, 10, 3, 3, 3],
      ],
      analysis: {},
    } as unknown as PublishedSummary;
    const catalog = publishedCatalog(summary);
    expect(catalog.metrics.map((m) => [m.metric, m.unit])).toEqual([['latency', 'ms']]);
    expect(catalog.dimensions.map((d) => d.name)).toEqual(['model']);
    const series = publishedSeriesList(summary, { metric: 'latency', filter: {}, search: '', limit: 100 });
    expect(series.map((s) => s.label)).toEqual(['a']);
  });
});

describe('triage', () => {
  const regression = {
    fingerprint: 'abc',
    label: 'bert · cuda',
    metric: 'latency',
    firstBad: { commit: 'deadbeef' },
    changePct: 9.5,
  } as unknown as Regression;
  it('records status, note and only http(s) issue links', () => {
    let book = updateTriage(
      {},
      regression,
      { status: 'investigating', note: 'looking', issueLink: 'https://github.com/o/r/issues/1' },
      1000,
    );
    expect(book.abc).toMatchObject({
      status: 'investigating',
      note: 'looking',
      issueLink: 'https://github.com/o/r/issues/1',
      updatedAt: 1000,
      firstBadCommit: 'deadbeef',
    });
    book = updateTriage(book, regression, { issueLink: 'javascript:alert(1)', status: 'nonsense' as never });
    expect(book.abc.issueLink).toBe('');
    expect(book.abc.status).toBe('investigating');
    expect(safeLink(' https://x.example/a b ')).toBe('');
  });
  it('drops malformed stored records', () => {
    expect(
      normaliseTriage({
        abc: { fingerprint: 'abc', status: 'resolved', note: 1 },
        bad: { fingerprint: 'other', status: 'resolved' },
        x: 'y',
      }),
    ).toEqual({
      abc: expect.objectContaining({ fingerprint: 'abc', status: 'resolved', note: '1' }),
    });
  });
});

describe('compare', () => {
  it('Welch from summaries equals Welch from the values', () => {
    const a = [10, 11, 9.5, 10.2, 10.8];
    const b = [12, 11.7, 12.4, 11.9];
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const sd = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + (v - mean(x)) ** 2, 0) / (x.length - 1));
    expect(welchFromSummary(mean(a), sd(a), a.length, mean(b), sd(b), b.length)).toBeCloseTo(
      welchTTest(a, b).pValue,
      10,
    );
  });
  it('ranks worse first and uses raw samples when each side has one result', () => {
    const rows = compareRows([
      {
        series_key: 'k1',
        label: 'fast',
        metric: 'latency',
        unit: 'ms',
        direction: 'lower',
        n_a: 10,
        mean_a: 10,
        sd_a: 0.1,
        n_b: 10,
        mean_b: 10.01,
        sd_b: 0.1,
        samples_a: null,
        samples_b: null,
      },
      {
        series_key: 'k2',
        label: 'slow',
        metric: 'latency',
        unit: 'ms',
        direction: 'lower',
        n_a: 1,
        mean_a: 10,
        sd_a: null,
        n_b: 1,
        mean_b: 12,
        sd_b: null,
        samples_a: [10, 10.1, 9.9, 10.05, 9.95, 10.02],
        samples_b: [12, 12.1, 11.9, 12.05, 11.95, 12.02],
      },
      {
        series_key: 'k3',
        label: 'single',
        metric: 'throughput',
        unit: 'ops/s',
        direction: 'higher',
        n_a: 1,
        mean_a: 100,
        sd_a: null,
        n_b: 1,
        mean_b: 80,
        sd_b: null,
        samples_a: null,
        samples_b: null,
      },
    ]);
    expect(rows.map((r) => [r.label, r.verdict, r.test])).toEqual([
      ['slow', 'worse', 'mann-whitney (raw samples)'],
      ['fast', 'no significant change', 'welch'],
      ['single', 'too few samples', 'none'],
    ]);
  });
  it("judges single runs against how much the series' runs differ from each other in its history", () => {
    const single = {
      series_key: 'k',
      label: 'one run each',
      metric: 'latency',
      unit: 'ms',
      direction: 'lower' as const,
      n_a: 1,
      mean_a: 125,
      sd_a: null,
      n_b: 1,
      mean_b: 230,
      sd_b: null,
      samples_a: [125, 125.5, 124.8, 125.2, 124.9, 125.1],
      samples_b: [230, 231, 229.5, 230.2, 229.8, 230.4],
    };
    // A runner that switches modes: 40 of 200 consecutive runs differ as much. The samples alone say p < 0.01.
    const [noisy] = compareRows([{ ...single, hist_pairs: 200, hist_as_large: 40 }]);
    expect(noisy.verdict).toBe('no significant change');
    expect(noisy.runToRun).toEqual({ asLarge: 40, pairs: 200, pValue: 41 / 201 });
    // A steady history where no two consecutive runs ever differed that much.
    const [steady] = compareRows([{ ...single, hist_pairs: 200, hist_as_large: 0 }]);
    expect(steady.verdict).toBe('worse');
    // Without raw samples the history is the test; too short a history is none.
    expect(
      compareRows([{ ...single, samples_a: null, samples_b: null, hist_pairs: 200, hist_as_large: 0 }])[0],
    ).toMatchObject({ test: 'run-to-run history', verdict: 'worse' });
    expect(
      compareRows([{ ...single, samples_a: null, samples_b: null, hist_pairs: 5, hist_as_large: 0 }])[0],
    ).toMatchObject({ test: 'none', verdict: 'too few samples' });
  });
});
