// Several series of one metric in one figure, one row per value of a dimension (Observable Plot facets):
// "latency of every configuration, by hardware".
import * as Plot from '@observablehq/plot';
import type { SeriesPoints } from '../model/api.ts';
import { commonDisplayUnit, formatTime, formatValue, shortCommit } from '../format/format.ts';

export interface FacetInput {
  label: string;
  facet: string;
  points: SeriesPoints;
}

export function facetChart(
  inputs: FacetInput[],
  options: { width?: number; unit?: string; logScale?: boolean; document?: Document } = {},
): SVGSVGElement | HTMLElement {
  const unit = options.unit ?? '';
  // The axis reads in one scaled unit (ms rather than millions of ns), chosen from the largest value drawn.
  const axis = commonDisplayUnit(
    inputs.flatMap((input) => input.points.value),
    unit,
  );
  const rows = inputs.flatMap((input) =>
    input.points.ts.map((ts, i) => ({
      ts: new Date(ts),
      value: input.points.value[i],
      shown: axis.scale(input.points.value[i]),
      series: input.label,
      facet: input.facet,
      commit: input.points.commit[i],
    })),
  );
  const facets = [...new Set(inputs.map((i) => i.facet))];
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: Math.max(160, facets.length * 140),
    marginLeft: 56,
    marginRight: 90,
    style: { background: 'transparent', fontSize: '11px' },
    x: { type: 'utc', label: null },
    y: {
      type: options.logScale ? 'log' : 'linear',
      label: `${inputs[0]?.points.metric ?? ''}${axis.label ? ` (${axis.label})` : ''}`,
      grid: true,
      nice: true,
    },
    fy: { label: null },
    color: { legend: inputs.length <= 10 },
    marks: [
      Plot.lineY(rows, { x: 'ts', y: 'shown', z: 'series', stroke: 'series', fy: 'facet', strokeWidth: 1.3 }),
      Plot.tip(
        rows,
        Plot.pointerX({
          x: 'ts',
          y: 'shown',
          fy: 'facet',
          title: (d) =>
            `${d.series}\n${formatTime(d.ts.getTime())}\n${formatValue(d.value, unit)}\ncommit ${shortCommit(d.commit)}`,
        }),
      ),
    ],
  });
}
