// The chart tools' pure parts: the summary grid's cells and statuses (on tokio's real history, analysed by the
// engine), the virtual grid's window, the sparkline's shape, drag-to-zoom and the zoom keys' ranges, series
// normalised to their baselines, and ranges drawn as error bars or a band.
import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import {
  GRID_STATUSES,
  filterCells,
  gridCells,
  gridColumns,
  gridStep,
  gridWindow,
  statusCounts,
  type MetricSeries,
} from '../../src/lib/charts/grid.ts';
import { firstLevelLength, normaliseSeries, overlayChart } from '../../src/lib/charts/overlay.ts';
import { ERROR_BAR_POINTS, pointRanges } from '../../src/lib/charts/ranges.ts';
import { sparklineShape } from '../../src/lib/charts/sparkline.ts';
import { timeSeriesChart } from '../../src/lib/charts/timeseries.ts';
import { MIN_ZOOM_MS, panStep, rangeFromDrag, rangeZoom, zoomStep } from '../../src/lib/charts/zoom.ts';
import type { SeriesPoints } from '../../src/lib/model/api.ts';
import { REAL } from '../real-files.ts';
import { newEngine } from './helpers/engine.ts';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
const DAY = 86_400_000;

function points(values: number[], extra: Partial<SeriesPoints> = {}): SeriesPoints {
  const none = () => values.map(() => null);
  return {
    seriesKey: 'benchmark=b',
    metric: 'time',
    ts: values.map((_, i) => Date.UTC(2024, 0, 1) + i * DAY),
    value: values,
    low: none(),
    high: none(),
    nSamples: none(),
    commit: values.map((_, i) => `c${i}`),
    versionTag: none(),
    runGroup: none(),
    downsampled: false,
    ...extra,
  };
}

describe('summary grid cells', () => {
  it("tokio: one cell per series and metric, each status the analysis' own verdict", async () => {
    const engine = await newEngine();
    await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(TOKIO)), lastModified: 0 }]);
    const catalog = await engine.catalog();
    const lists: MetricSeries[] = [];
    for (const m of catalog.metrics)
      lists.push({
        metric: m.metric,
        unit: m.unit,
        series: await engine.listSeries({ metric: m.metric, filter: {}, search: '', limit: 20000 }),
      });
    const analysis = await engine.analyse();
    const cells = gridCells(lists, analysis);

    const total = lists.reduce((n, l) => n + l.series.length, 0);
    expect(total).toBeGreaterThan(10);
    expect(cells).toHaveLength(total);
    expect(new Set(cells.map((c) => c.id)).size).toBe(total);

    // Every active regression's series is "regressed", marked at its first bad sample; no other cell is.
    const active = analysis.regressions.filter((r) => r.status === 'active');
    expect(active.length).toBeGreaterThan(0);
    for (const r of active) {
      const cell = cells.find((c) => c.seriesKey === r.seriesKey && c.metric === r.metric)!;
      expect(cell.status).toBe('regressed');
      expect([...analysis.regressions.filter((x) => x.seriesKey === r.seriesKey).map((x) => x.firstBad.ts)]).toContain(
        cell.markTs,
      );
    }
    const regressed = new Set(active.map((r) => `${r.seriesKey}\u001f${r.metric}`));
    expect(cells.filter((c) => c.status === 'regressed').every((c) => regressed.has(c.id))).toBe(true);

    // A series without a regression whose trend is degrading is "degrading", and one whose trend is stable (and has
    // no change point, unstable mode or regression) is "stable".
    for (const t of analysis.trends) {
      const cell = cells.find((c) => c.seriesKey === t.seriesKey && c.metric === t.metric)!;
      if (analysis.regressions.some((r) => r.seriesKey === t.seriesKey && r.metric === t.metric)) continue;
      if (t.trend === 'degrading') expect(cell.status).toBe('degrading');
      const moved = analysis.changePoints.some((c) => c.seriesKey === t.seriesKey && c.metric === t.metric);
      const unstable = (analysis.unstable ?? []).some((u) => u.seriesKey === t.seriesKey && u.metric === t.metric);
      if (t.trend === 'stable' && !moved && !unstable) expect(cell.status).toBe('stable');
    }

    // Sorted by status (what needs a look first), and the counts add up.
    const rank = cells.map((c) => GRID_STATUSES.indexOf(c.status));
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    const counts = statusCounts(cells);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(total);

    // Without an analysis every cell is "not judged".
    expect(gridCells(lists, null).every((c) => c.status === 'not judged')).toBe(true);
  }, 60_000);

  it('filters by words in the label or metric and by status', () => {
    const summary = (key: string) => ({
      seriesKey: key,
      label: key,
      dims: {},
      points: 3,
      firstTs: 0,
      lastTs: 1,
      lastValue: 1,
      minValue: 1,
      maxValue: 1,
    });
    const cells = gridCells(
      [
        { metric: 'time', unit: 'ns', series: [summary('rt_multi_threaded/ping_pong'), summary('chained_spawn')] },
        { metric: 'memory', unit: 'B', series: [summary('chained_spawn')] },
      ],
      null,
    );
    expect(filterCells(cells, 'spawn time', null).map((c) => c.id)).toEqual(['chained_spawn\u001ftime']);
    expect(filterCells(cells, 'PING', null)).toHaveLength(1);
    expect(filterCells(cells, '', new Set(['stable']))).toHaveLength(0);
    expect(filterCells(cells, '', new Set(['not judged']))).toHaveLength(3);
  });
});

describe('virtual grid window', () => {
  it('keeps the rows in view and the overscan, whatever the size', () => {
    const w = gridWindow({
      count: 10_000,
      columns: 4,
      rowHeight: 100,
      scrollTop: 50_000,
      viewHeight: 600,
      overscan: 2,
    });
    expect(w).toEqual({
      firstRow: 498,
      endRow: 508,
      firstIndex: 1992,
      endIndex: 2032,
      offsetTop: 49_800,
      totalHeight: 250_000,
    });
    // The cells in the page stay few at any scroll position.
    for (const scrollTop of [0, 1, 99, 123_456, 249_400, 1e9]) {
      const at = gridWindow({ count: 10_000, columns: 4, rowHeight: 100, scrollTop, viewHeight: 600, overscan: 2 });
      expect(at.endIndex - at.firstIndex).toBeLessThanOrEqual((6 + 1 + 4) * 4);
      expect(at.endIndex).toBeLessThanOrEqual(10_000);
      expect(at.firstIndex).toBeLessThanOrEqual(at.endIndex);
    }
    const end = gridWindow({ count: 10_001, columns: 4, rowHeight: 100, scrollTop: 1e9, viewHeight: 600, overscan: 2 });
    expect(end.endIndex).toBe(10_001);
    expect(gridWindow({ count: 0, columns: 3, rowHeight: 10, scrollTop: 0, viewHeight: 100, overscan: 1 })).toEqual({
      firstRow: 0,
      endRow: 0,
      firstIndex: 0,
      endIndex: 0,
      offsetTop: 0,
      totalHeight: 0,
    });
    expect(() => gridWindow({ count: 5, columns: 1, rowHeight: 0, scrollTop: 0, viewHeight: 10, overscan: 0 })).toThrow(
      /rowHeight/,
    );
  });

  it('fits columns to the width and steps with the arrow keys', () => {
    expect(gridColumns(1000, 220, 8)).toBe(4);
    expect(gridColumns(227, 220, 8)).toBe(1);
    expect(gridColumns(0, 220, 8)).toBe(1);
    expect(gridColumns(456, 220, 8)).toBe(2);
    expect(gridStep(5, 'ArrowRight', 4, 10)).toBe(6);
    expect(gridStep(5, 'ArrowDown', 4, 10)).toBe(9);
    expect(gridStep(9, 'ArrowDown', 4, 10)).toBe(9);
    expect(gridStep(0, 'ArrowLeft', 4, 10)).toBe(0);
    expect(gridStep(5, 'ArrowUp', 4, 10)).toBe(1);
    expect(gridStep(5, 'End', 4, 10)).toBe(9);
    expect(gridStep(5, 'Home', 4, 10)).toBe(0);
    expect(gridStep(1, 'PageDown', 4, 100)).toBe(21);
    expect(gridStep(5, 'x', 4, 10)).toBe(5);
  });
});

describe('sparkline shape', () => {
  it('scales the points into the box, marks the first bad sample, and draws nothing from fewer than two values', () => {
    const shape = sparklineShape([0, 10, 20], [5, 15, 10], { width: 104, height: 28, markTs: 10 });
    // x from 2 to width − 2, y from height − 2 (the minimum) to 2 (the maximum).
    expect(shape).toEqual({ points: '2.0,26.0 52.0,2.0 102.0,14.0', markX: 52 });
    expect(sparklineShape([0, 10], [3, 3], { width: 24, height: 28 })).toEqual({
      points: '2.0,26.0 22.0,26.0',
      markX: null,
    });
    // A mark before the first point is not drawn; nor is a line from one value.
    expect(sparklineShape([5, 10], [1, 2], { width: 24, height: 28, markTs: 0 })?.markX).toBeNull();
    expect(sparklineShape([5], [1], { width: 24, height: 28 })).toBeNull();
  });
});

describe('zoom', () => {
  const ts = [1000, 2000, 3000, 4000, 5000];
  it('a drag on a time axis selects its times; on a run axis, the runs inside it', () => {
    expect(rangeFromDrag(4200.4, 1999.6, 'time', ts)).toEqual({ from: 2000, to: 4200 });
    expect(rangeFromDrag(3000, 3000.2, 'time', ts)).toBeNull();
    expect(rangeFromDrag(1.6, 4.2, 'run', ts)).toEqual({ from: 2000, to: 4000 });
    expect(rangeFromDrag(0, 99, 'run', ts)).toEqual({ from: 1000, to: 5000 });
    expect(rangeFromDrag(2.2, 2.8, 'run', ts)).toBeNull();
    expect(rangeFromDrag(NaN, 3, 'time', ts)).toBeNull();
  });

  const extent = { first: 0, last: 100 * DAY };
  it('+ halves the range about its middle, − doubles it up to the whole history, ← and → move it', () => {
    expect(zoomStep({ from: null, to: null }, extent, 0.5)).toEqual({ from: 25 * DAY, to: 75 * DAY });
    expect(zoomStep({ from: 25 * DAY, to: 75 * DAY }, extent, 2)).toEqual({ from: null, to: null });
    // Zooming out near an end shifts the range inside the data, with an open end there.
    expect(zoomStep({ from: 0, to: 20 * DAY }, extent, 2)).toEqual({ from: null, to: 40 * DAY });
    expect(zoomStep({ from: 90 * DAY, to: null }, extent, 2)).toEqual({ from: 80 * DAY, to: null });
    // Never narrower than a minute.
    const narrow = { from: DAY, to: DAY + MIN_ZOOM_MS };
    expect(zoomStep(narrow, extent, 0.5)).toBe(narrow);
    expect(() => zoomStep(narrow, extent, 0)).toThrow(/factor/);
    expect(panStep({ from: 10 * DAY, to: 30 * DAY }, extent, 0.25)).toEqual({ from: 15 * DAY, to: 35 * DAY });
    expect(panStep({ from: 10 * DAY, to: 30 * DAY }, extent, -1)).toEqual({ from: null, to: 20 * DAY });
    expect(panStep({ from: null, to: null }, extent, 0.25)).toEqual({ from: null, to: null });
  });

  it("drives a page's shared range", () => {
    const page = {
      range: { from: null as number | null, to: null as number | null },
      setRange(from: number | null, to: number | null) {
        this.range = { from, to };
      },
    };
    expect(rangeZoom(page, extent, 'time', []).zoomed).toBe(false);
    rangeZoom(page, extent, 'time', []).select(10 * DAY, 20 * DAY);
    expect(page.range).toEqual({ from: 10 * DAY, to: 20 * DAY });
    const zoom = rangeZoom(page, extent, 'time', []);
    expect(zoom.zoomed).toBe(true);
    expect(zoom.key('-')).toBe(true);
    expect(page.range).toEqual({ from: 5 * DAY, to: 25 * DAY });
    expect(zoom.key('q')).toBe(false);
    expect(zoom.key('0')).toBe(true);
    expect(page.range).toEqual({ from: null, to: null });
    rangeZoom(page, null, 'run', ts).select(2, 3);
    expect(page.range).toEqual({ from: 2000, to: 3000 });
    rangeZoom(page, null, 'run', ts).reset();
    expect(page.range).toEqual({ from: null, to: null });
  });
});

describe('series normalised to their baselines', () => {
  it('divides each by the median of its first level: the points before its first change point', () => {
    const small = points([10, 11, 9, 10, 20, 21, 19]);
    const large = points([5000, 5100, 4900, 5000, 5050, 4950, 5000], { seriesKey: 'benchmark=large' });
    expect(firstLevelLength(small.ts, [small.ts[4]])).toBe(4);
    // A change point before the first point shown does not end its first level.
    expect(firstLevelLength(small.ts, [small.ts[0] - DAY, small.ts[4]])).toBe(4);
    expect(firstLevelLength(small.ts, [])).toBe(7);
    const n = normaliseSeries([
      { label: 'ping_pong', points: small, changeTs: [small.ts[4]] },
      { label: 'chained_spawn', points: large },
    ]);
    expect(n.skipped).toEqual([]);
    expect(n.series[0].baseline).toBe(10);
    expect(n.series[0].baselinePoints).toBe(4);
    [100, 110, 90, 100, 200, 210, 190].forEach((pct, i) => expect(n.series[0].pct[i]).toBeCloseTo(pct, 9));
    expect(n.series[1].baseline).toBe(5000);
    expect(n.series[1].pct[1]).toBeCloseTo(102);
  });

  it('skips a series it cannot divide, and says why', () => {
    const n = normaliseSeries([
      { label: 'zero', points: points([0, 0, 1]) },
      { label: 'empty', points: points([]) },
      { label: 'ok', points: points([2, 4]) },
    ]);
    expect(n.series.map((s) => s.label)).toEqual(['ok']);
    expect(n.skipped.map((s) => s.label)).toEqual(['zero', 'empty']);
    expect(n.skipped[0].reason).toMatch(/baseline is 0/);
  });

  it('draws one line per series in % of its baseline, with a legend and a rule at 100 %', () => {
    const n = normaliseSeries([
      { label: 'ping_pong', points: points([10, 11, 12]) },
      { label: 'chained_spawn', points: points([5000, 5000, 7500]) },
    ]);
    const figure = overlayChart(n, { width: 500, document: document as unknown as Document });
    // With a legend Plot returns a figure: the chart is its SVG with the marks.
    const svg = [...figure.querySelectorAll('svg')].find((s) => s.querySelector('[aria-label="line"]'))!;
    expect(svg.querySelectorAll('[aria-label="line"] path')).toHaveLength(2);
    expect(figure.textContent).toContain('ping_pong');
    expect(figure.textContent).toContain('chained_spawn');
    expect(svg.querySelector('[aria-label="y-axis label"]')?.textContent).toMatch(/% of its baseline/);
    const ticks = [...svg.querySelectorAll('[aria-label="y-axis tick label"] text')].map((t) => Number(t.textContent));
    expect(Math.min(...ticks)).toBeLessThanOrEqual(100);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(150);
  });
});

describe('ranges', () => {
  it("uses a reported ± range before the samples' min–max, and nothing when no point has one", () => {
    const p = points([10, 20], { low: [9, 18], high: [12, 20] });
    expect(pointRanges(p)).toEqual({ low: [9, 18], high: [12, 20], what: 'samples min–max' });
    expect(pointRanges({ ...p, spread: [1, null] })).toEqual({
      low: [9, null],
      high: [11, null],
      what: 'reported ± range',
    });
    expect(pointRanges(points([10, 20], { low: [10, 20], high: [10, 20] }))).toBeNull();
    expect(pointRanges(points([10, 20]))).toBeNull();
  });

  it('draws error bars on a short history and a band on a long one', () => {
    const bars = (n: number, spread?: number[]) => {
      const values = Array.from({ length: n }, (_, i) => 100 + (i % 3));
      const p = points(values, { low: values.map((v) => v - 2), high: values.map((v) => v + 2) });
      const svg = timeSeriesChart(p, { width: 600, spread, document: document as unknown as Document });
      return {
        rules: svg.querySelectorAll('[aria-label="rule"] line').length,
        areas: svg.querySelectorAll('[aria-label="area"] path').length,
      };
    };
    expect(bars(12)).toEqual({ rules: 12, areas: 0 });
    expect(bars(ERROR_BAR_POINTS + 1)).toEqual({ rules: 0, areas: 1 });
    expect(bars(3, [5, 5, 5]).rules).toBe(3);
  });
});
