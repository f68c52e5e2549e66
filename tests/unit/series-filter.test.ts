// The page's narrowing of a whole series list (filterSeries) against the engine's own listing with the same filter
// and search, on the demo history, tokio's data.js and a table whose rows lack some dimensions.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import type { DimensionFilter, SeriesSummary } from '../../src/lib/model/api.ts';
import { filterSeries } from '../../src/lib/model/series-filter.ts';
import { REAL } from '../real-files.ts';
import { newEngine, readBytes, seedDatabase } from './helpers/engine.ts';

const LIMIT = 200_000;

/** Filters of one and two dimensions from the catalog (each value, none, several), and searches. */
async function cases(engine: Engine): Promise<{ metric: string; filter: DimensionFilter; search: string }[]> {
  const catalog = await engine.catalog();
  const out: { metric: string; filter: DimensionFilter; search: string }[] = [];
  const searches = ['', 'a', 'Read', ' 1 ', 'no such series', '/', ' · ', 'ç'];
  for (const { metric } of catalog.metrics.slice(0, 2)) {
    for (const search of searches) out.push({ metric, filter: {}, search });
    const dims = catalog.dimensions;
    for (const dim of dims) {
      const values = dim.values.map((v) => v.value);
      for (const value of values.slice(0, 4)) out.push({ metric, filter: { [dim.name]: [value] }, search: '' });
      out.push({ metric, filter: { [dim.name]: values.slice(0, 2) }, search: 'e' });
      out.push({ metric, filter: { [dim.name]: [null] }, search: '' });
      out.push({ metric, filter: { [dim.name]: [] }, search: '' });
    }
    for (const [a, b] of dims.slice(1).map((d, i) => [dims[i], d]))
      out.push({ metric, filter: { [a.name]: [a.values[0].value], [b.name]: [b.values.at(-1)!.value] }, search: '' });
  }
  return out;
}

async function expectSameAsEngine(engine: Engine): Promise<number> {
  let compared = 0;
  const wholes = new Map<string, SeriesSummary[]>();
  for (const c of await cases(engine)) {
    const whole =
      wholes.get(c.metric) ?? (await engine.listSeries({ metric: c.metric, filter: {}, search: '', limit: LIMIT }));
    wholes.set(c.metric, whole);
    const expected = await engine.listSeries({ ...c, limit: LIMIT });
    expect(filterSeries(whole, c.filter, c.search), JSON.stringify(c)).toEqual(expected);
    compared++;
  }
  return compared;
}

describe('filterSeries answers as the engine does', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await newEngine();
  });

  it('on the demo history (several dimensions)', async () => {
    const { bytes } = await seedDatabase(engine);
    await engine.openFiles([{ name: 'demo.duckdb', bytes }]);
    expect(await expectSameAsEngine(engine)).toBeGreaterThan(30);
  }, 120_000);

  it("on tokio's data.js", async () => {
    const file = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
    await engine.openFiles([{ name: 'data.js', bytes: readBytes(file) }]);
    expect(await expectSameAsEngine(engine)).toBeGreaterThan(10);
  }, 120_000);

  it('on a table whose rows lack some dimension values', async () => {
    const csv = [
      'time,benchmark,machine,threads,time_ms',
      ...[1, 2, 3].flatMap((day) => [
        `2026-01-0${day},read_big,ci-1,1,${10 + day}`,
        `2026-01-0${day},read_big,,2,${11 + day}`,
        `2026-01-0${day},write_small,ci-2,,${12 + day}`,
        `2026-01-0${day},Write_Small,ci-1,4,${13 + day}`,
      ]),
    ].join('\n');
    await engine.openFiles([{ name: 'gaps.csv', bytes: new TextEncoder().encode(csv) }]);
    expect(await expectSameAsEngine(engine)).toBeGreaterThan(10);
  }, 120_000);

  it('asks the engine when it cannot match lower case as DuckDB does', () => {
    const row = (label: string): SeriesSummary => ({
      seriesKey: label,
      label,
      dims: {},
      points: 1,
      firstTs: 0,
      lastTs: 0,
      lastValue: 1,
      minValue: 1,
      maxValue: 1,
    });
    expect(filterSeries([row('İstanbul'), row('x')], {}, 'i')).toBeNull();
    expect(filterSeries([row('abc')], {}, 'Ç')).toBeNull();
    expect(filterSeries([row('\u{10400}x')], {}, 'x')).toBeNull();
    expect(filterSeries([row('façade · x'), row('Façade · y'), row('b')], {}, 'FAÇ')).toBeNull();
    expect(filterSeries([row('façade · x'), row('Façade · y'), row('b')], {}, 'faç')).toEqual([
      row('façade · x'),
      row('Façade · y'),
    ]);
    expect(filterSeries([row('İstanbul'), row('x')], {}, '')).toHaveLength(2);
    expect(filterSeries([row('ABC'), row('x')], {}, ' b ')).toEqual([row('ABC')]);
  });
});
