// Lists of 100,000 series: names shortened a page at a time (each row's text fixed as the list scrolls), shared
// prefixes and suffixes found in one pass, and the grid's sort and search over every cell.
import { describe, expect, it } from 'vitest';
import { filterCells, gridCells, type MetricSeries } from '../../src/lib/charts/grid.ts';
import { pagedShortNames, sharedPrefix, sharedSuffix, shortNames } from '../../src/lib/format/names.ts';
import type { SeriesSummary } from '../../src/lib/model/api.ts';

const longName = (i: number) =>
  `runtime_scheduler/suite_${i % 40}/spawn_many_tasks_with_a_parameterised_payload_of_${i}_bytes`;

describe('pagedShortNames', () => {
  it('shortens a page of rows when one of them is first asked for, as shortNames shortens that page', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => longName(i));
    const asked: number[] = [];
    const rowText = pagedShortNames(names.length, (i) => (asked.push(i), names[i]), 40, 64);
    const page = names.slice(64 * 1000, 64 * 1001);
    const short = shortNames(page, 40);
    expect(rowText(64 * 1000 + 5)).toBe(short.get(page[5]));
    expect(rowText(64 * 1000 + 63)).toBe(short.get(page[63]));
    // Only that page's names were read, once each, however often a row is asked for.
    expect(asked).toHaveLength(64);
    rowText(64 * 1000 + 5);
    expect(asked).toHaveLength(64);
    expect(rowText(99_999).length).toBeLessThanOrEqual(40);
    expect(asked).toHaveLength(64 + 100_000 - 64 * 1562);
    // A short name is the page's own: the rows around it are told apart.
    const texts = new Set(Array.from({ length: 64 }, (_, i) => rowText(64 * 1000 + i)));
    expect(texts.size).toBe(64);
  });

  it('refuses a row outside the list', () => {
    const rowText = pagedShortNames(3, (i) => `name ${i}`, 40);
    expect(() => rowText(3)).toThrow(/no row 3 in 3/);
    expect(() => rowText(-1)).toThrow(/no row -1/);
  });
});

describe('shared parts of 100,000 names', () => {
  it('finds the shared start and end at separators, as of a few names', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `bench.suite.case_${i}.x86_64-linux`);
    expect(sharedPrefix(names)).toBe('bench.suite.');
    expect(sharedSuffix(names)).toBe('.x86_64-linux');
    expect(sharedSuffix([...names, 'bench.suite.other'])).toBe('');
    expect(sharedSuffix(['a · machine-one', 'b · machine-one'])).toBe(' · machine-one');
  });
});

describe('the grid over 100,000 cells', () => {
  const series = (n: number): SeriesSummary[] =>
    Array.from({ length: n }, (_, i) => ({
      seriesKey: `benchmark=${longName(i)}`,
      label: longName(i),
      dims: { benchmark: longName(i) },
      points: 3,
      firstTs: 0,
      lastTs: 2,
      lastValue: 1,
      minValue: 1,
      maxValue: 1,
    }));

  it('sorts by name in the order of localeCompare, and searches every word in the name or metric', () => {
    const lists: MetricSeries[] = [{ metric: 'time_ms', unit: 'ms', series: series(100_000) }];
    const cells = gridCells(lists, null);
    expect(cells).toHaveLength(100_000);
    const labels = cells.map((c) => c.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
    expect(filterCells(cells, 'SUITE_7/ of_99967_', null).map((c) => c.label)).toEqual([longName(99_967)]);
    expect(filterCells(cells, 'time_ms suite_39/', null)).toHaveLength(2_500);
    expect(filterCells(cells, '', new Set(['regressed']))).toEqual([]);
  });
});
