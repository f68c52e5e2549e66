// Chart axes read in one scaled unit (Observable Plot rendered in Node with linkedom's DOM).
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { facetChart } from '../../src/lib/charts/facet.ts';
import { timeSeriesChart } from '../../src/lib/charts/timeseries.ts';
import type { SeriesPoints } from '../../src/lib/model/api.ts';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

function points(values: number[]): SeriesPoints {
  const n = values.length;
  const none = () => Array.from({ length: n }, () => null);
  return {
    seriesKey: 'benchmark=b',
    metric: 'time',
    ts: values.map((_, i) => Date.UTC(2024, 0, i + 1)),
    value: values,
    low: none(),
    high: none(),
    nSamples: values.map(() => 0),
    commit: none(),
    versionTag: none(),
    runGroup: none(),
  } as unknown as SeriesPoints;
}

const ticks = (svg: Element) =>
  [...svg.querySelectorAll('[aria-label="y-axis tick label"] text')].map((t) => t.textContent);

describe('chart axes', () => {
  it('a series stored in ns reads in ms, ticks included', () => {
    const svg = timeSeriesChart(points([480e6, 497.7e6, 520e6]), {
      unit: 'ns',
      direction: 'lower',
      document: document as unknown as Document,
    }) as Element;
    expect(svg.outerHTML).toContain('time (ms) — ↓ lower is better');
    const labels = ticks(svg);
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) expect(Number(label!.replace(/,/g, ''))).toBeGreaterThanOrEqual(470);
    for (const label of labels) expect(Number(label!.replace(/,/g, ''))).toBeLessThanOrEqual(530);
  });

  it('facets of bytes read in MiB', () => {
    const mib = 1024 * 1024;
    const svg = facetChart(
      [
        { label: 'a', facet: 'x', points: points([28 * mib, 30 * mib]) },
        { label: 'b', facet: 'y', points: points([40 * mib, 47 * mib]) },
      ],
      { unit: 'B', document: document as unknown as Document },
    ) as Element;
    expect(svg.outerHTML).toContain('time (MiB)');
    const labels = ticks(svg);
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) expect(Number(label)).toBeLessThanOrEqual(50);
  });
});
