// Chart axes read in one scaled unit (Observable Plot rendered in Node with linkedom's DOM).
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { facetChart } from '../../src/lib/charts/facet.ts';
import { timeSeriesChart } from '../../src/lib/charts/timeseries.ts';
import { seriesOf } from './helpers/series-points.ts';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

const ticks = (svg: Element) =>
  [...svg.querySelectorAll('[aria-label="y-axis tick label"] text')].map((t) => t.textContent);

describe('chart axes', () => {
  it('a series stored in ns reads in ms, ticks included', () => {
    const svg = timeSeriesChart(seriesOf([480e6, 497.7e6, 520e6]), {
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
        { label: 'a', facet: 'x', points: seriesOf([28 * mib, 30 * mib]) },
        { label: 'b', facet: 'y', points: seriesOf([40 * mib, 47 * mib]) },
      ],
      { unit: 'B', document: document as unknown as Document },
    ) as Element;
    expect(svg.outerHTML).toContain('time (MiB)');
    const labels = ticks(svg);
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) expect(Number(label)).toBeLessThanOrEqual(50);
  });
});
