// Several series of one metric in one figure, one row per value of a dimension (Observable Plot facets):
// "latency of every configuration, by hardware".
import * as Plot from '@observablehq/plot';
import type { SeriesPoints } from '../model/api.ts';
import { commonDisplayUnit, formatTime, formatValue, shortCommit } from '../format/format.ts';
import { shortNames } from '../format/names.ts';
import { utcTickFormat } from './time-axis.ts';
import { metricName } from '../units/units.ts';

// The facet labels are drawn at the right at 11 px: about this many pixels a character.
const LABEL_CHAR_PX = 6.2;

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
  const width = options.width ?? 720;
  // The right margin holds the facet labels whole ("rt_multi_threaded"), up to half the chart; a longer
  // label is shortened in the middle, keeping what tells it apart from the other facets.
  const longest = Math.max(0, ...facets.map((f) => f.length));
  const marginRight = Math.ceil(Math.min(width * 0.5, Math.max(90, longest * LABEL_CHAR_PX + 16)));
  const facetText = shortNames(facets, Math.max(8, Math.floor((marginRight - 16) / LABEL_CHAR_PX)));
  return Plot.plot({
    document: options.document,
    width,
    height: Math.max(160, facets.length * 140),
    marginLeft: 56,
    marginRight,
    style: { background: 'transparent', fontSize: '11px' },
    x: { type: 'utc', label: null, tickFormat: utcTickFormat },
    y: {
      type: options.logScale ? 'log' : 'linear',
      label: axis.label
        ? `${metricName(inputs[0]?.points.metric ?? '', unit)} (${axis.label})`
        : (inputs[0]?.points.metric ?? ''),
      grid: true,
      nice: true,
    },
    fy: { label: null, tickFormat: (f: string) => facetText.get(f) ?? f },
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
