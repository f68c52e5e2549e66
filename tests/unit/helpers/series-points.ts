// Test helper: a chart's series built from bare values, for the chart and axis tests.
import type { SeriesPoints } from '../../../src/lib/model/api.ts';

/** Series `benchmark=b` of metric `time` with these values at `ts` (else one a day from 2024-01-01), and no ranges,
 *  samples, commits, versions or run groups. */
export function seriesOf(values: number[], ts = values.map((_, i) => Date.UTC(2024, 0, i + 1))): SeriesPoints {
  const none = () => values.map(() => null);
  return {
    seriesKey: 'benchmark=b',
    metric: 'time',
    ts,
    value: values,
    low: none(),
    high: none(),
    nSamples: values.map(() => 0),
    commit: none(),
    versionTag: none(),
    runGroup: none(),
    downsampled: false,
  };
}
