// Bucketing a series' rows for the answers given without DuckDB (lib/model/series-points.ts): one row a bucket
// when they fit, else even runs of neighbours in order, none empty, every row in exactly one bucket.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_POINTS, bucketRows, emptySeriesPoints } from '../../src/lib/model/series-points.ts';

describe('bucketRows', () => {
  it('keeps one row a bucket when the rows fit', () => {
    expect(bucketRows([4, 7, 9], 3)).toEqual([[4], [7], [9]]);
    expect(bucketRows([], 5)).toEqual([]);
  });

  it('groups neighbours into exactly maxPoints buckets when there are more rows', () => {
    expect(bucketRows([0, 1, 2, 3, 4, 5, 6], 3)).toEqual([
      [0, 1, 2],
      [3, 4],
      [5, 6],
    ]);
    const rows = Array.from({ length: 4999 }, (_, i) => 10 * i);
    const buckets = bucketRows(rows);
    expect(buckets).toHaveLength(DEFAULT_MAX_POINTS);
    expect(buckets.every((b) => b.length === 2 || b.length === 3)).toBe(true);
    expect(buckets.flat()).toEqual(rows);
  });

  it('starts an empty SeriesPoints for the buckets', () => {
    const p = emptySeriesPoints('k', 'time', true);
    expect(p).toMatchObject({ seriesKey: 'k', metric: 'time', downsampled: true, ts: [], value: [], commit: [] });
  });
});
