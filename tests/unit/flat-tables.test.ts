// Flat tables as other projects write them: Otava's CSV layouts (its resources/, copied in tests/fixtures/real) and
// numeric columns holding NaN, Infinity, empty strings, thousands separators and out-of-range values; tables of many series.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { looksLikeTime } from '../../src/lib/sources/mapping.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { REAL } from '../real-files.ts';
import { newEngine, readBytes } from './helpers/engine.ts';

const OTAVA = path.join(REAL, 'otava/resources');
const text = (s: string) => new TextEncoder().encode(s);

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});

/** The rows of sample.csv as Otava reads them: time (with its offset), commit, metric1, metric2. */
function otavaRows(file: string): { ts: number; commit: string; metric1: number; metric2: number }[] {
  const [header, ...lines] = fs.readFileSync(path.join(OTAVA, file), 'utf8').trim().split('\n');
  const sep = header.includes(';') ? ';' : ',';
  const names = header.split(sep);
  return lines.map((line) => {
    const cells = Object.fromEntries(line.split(sep).map((v, i) => [names[i], v]));
    const m = /^(\d{4})\.(\d{2})\.(\d{2}) (\d{1,2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(cells.time)!;
    const local = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    const offset = (m[7] === '-' ? -1 : 1) * (+m[8] * 60 + +m[9]) * 60_000;
    return { ts: local - offset, commit: cells.commit, metric1: Number(cells.metric1), metric2: Number(cells.metric2) };
  });
}

describe('time text', () => {
  it('reads dotted and slashed dates, one-digit hours and offsets; not other text', () => {
    for (const t of [
      '2024.01.01 3:00:00 +0100',
      '2024-01-31',
      '2024/01/31T12:00:00.5Z',
      '2024-01-31 12:00:00+01:00',
      '20240131_120000',
    ])
      expect(looksLikeTime(t)).toBe(true);
    for (const t of ['aaa0', '1.2.3', '2024.13.01', '154023', '']) expect(looksLikeTime(t)).toBe(false);
  });
});

describe("Otava's CSV (real files)", () => {
  for (const file of ['sample.csv', 'sample-semicolons.csv']) {
    it(`${file}: time with its offset, commit, one series per metric`, async () => {
      const expected = otavaRows(file);
      const info = await engine.openBytes(file, readBytes(path.join(OTAVA, file)));
      expect(info.mapping).toMatchObject({ time: 'time', commit: 'commit', dimensions: [] });
      expect(info.metrics).toEqual(['metric1', 'metric2']);
      expect(info.rows).toBe(expected.length * 2);
      expect(info.notes.join(' ')).not.toMatch(/No time column/);
      const series = await engine.listSeries({ metric: 'metric1', filter: {}, search: '', limit: 10 });
      expect(series).toHaveLength(1);
      const points = await engine.seriesPoints(series[0].seriesKey, 'metric1');
      expect(points.ts).toEqual(expected.map((r) => r.ts));
      expect(points.commit).toEqual(expected.map((r) => r.commit));
      expect(points.value).toEqual(expected.map((r) => r.metric1));
      // 2024.01.01 3:00:00 +0100 is 02:00 UTC.
      expect(new Date(points.ts[0]).toISOString()).toMatch(/T02:00:00\.000Z$/);
      await engine.removeSource(info.id);
    });
  }

  it('sample_multi_branch.csv: one history per branch; a single branch stays one history', async () => {
    const multi = await engine.openBytes(
      'sample_multi_branch.csv',
      readBytes(path.join(OTAVA, 'sample_multi_branch.csv')),
    );
    expect(multi.mapping).toMatchObject({ time: 'time', commit: 'commit', branch: 'branch', dimensions: ['branch'] });
    const series = await engine.listSeries({ metric: 'metric1', filter: {}, search: '', limit: 10 });
    const branches = [
      ...new Set(
        fs
          .readFileSync(path.join(OTAVA, 'sample_multi_branch.csv'), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[2]),
      ),
    ];
    expect(branches.length).toBeGreaterThan(1);
    expect(series.map((s) => s.dims.branch).sort()).toEqual(branches.sort());
    await engine.removeSource(multi.id);
    const single = await engine.openBytes(
      'sample_single_branch.csv',
      readBytes(path.join(OTAVA, 'sample_single_branch.csv')),
    );
    expect(single.mapping).toMatchObject({ branch: 'branch', dimensions: [] });
    expect(await engine.listSeries({ metric: 'metric1', filter: {}, search: '', limit: 10 })).toHaveLength(1);
    await engine.removeSource(single.id);
  });

  it('sample-unix-time.csv gives the same times as sample.csv', async () => {
    const info = await engine.openBytes('sample-unix-time.csv', readBytes(path.join(OTAVA, 'sample-unix-time.csv')));
    const [series] = await engine.listSeries({ metric: 'metric2', filter: {}, search: '', limit: 10 });
    const points = await engine.seriesPoints(series.seriesKey, 'metric2');
    const dotted = otavaRows('sample.csv');
    // Same days and values; the unix variant starts on 2021-01-01 like the semicolon file.
    expect(points.value).toEqual(otavaRows('sample-semicolons.csv').map((r) => r.metric2));
    expect(points.ts.map((t) => t - points.ts[0])).toEqual(dotted.map((r) => r.ts - dotted[0].ts));
    await engine.removeSource(info.id);
  });

  it('a mapping whose time column cannot be read says so, naming a value', async () => {
    const csv = 'when,commit,runtime_ms\n31st of January,a1,10\n1st of February,a2,11\n2nd of February,a3,12\n';
    const info = await engine.openBytes('odd-times.csv', text(csv));
    expect(info.mapping!.time).toBeNull();
    await expect(engine.setMapping(info.id, { ...info.mapping!, time: 'when', dimensions: [] })).rejects.toThrow(
      /The time column "when" holds times in a format this page does not read \(e\.g\. "\d+(st|nd) of (January|February)"\)/,
    );
    // The previous mapping stays.
    expect(engine.listSources().find((s) => s.id === info.id)?.rows).toBe(3);
    await engine.removeSource(info.id);
  });
});

describe('numeric columns with values that are not numbers', () => {
  it('a Conbench-like series with one NaN: the NaN is a missing value with a note, not an engine error', async () => {
    const rows = ['timestamp,benchmark,value'];
    for (let i = 0; i < 12; i++)
      rows.push(
        `2024-01-${String(i + 1).padStart(2, '0')}T00:00:00Z,file-read,${i === 5 ? 'NaN' : (1.2 + i * 0.01).toFixed(2)}`,
      );
    const info = await engine.openBytes('conbench.csv', text(rows.join('\n') + '\n'));
    expect(info.rows).toBe(11);
    expect(info.notes.join(' ')).toMatch(/1 of 12 metric values are empty or not a finite number/);
    const analysis = await engine.analyse({ settings: { asOf: Date.UTC(2024, 0, 13) } });
    expect(analysis.seriesAnalysed).toBe(1);
    await engine.removeSource(info.id);
  });

  it('thousands separators, Infinity, empty strings and out-of-range values', async () => {
    const csv = [
      'timestamp,benchmark,ops,bytes',
      '2024-01-01,a,"1,234.5",1e400',
      '2024-01-02,a,"1,300.25",5',
      '2024-01-03,a,,7',
      '2024-01-04,a,Infinity,8',
      '2024-01-05,a,"2,000",9',
      '',
    ].join('\n');
    const info = await engine.openBytes('separators.csv', text(csv));
    expect(info.metrics).toEqual(['bytes', 'ops']);
    expect(info.notes.join(' ')).toMatch(/Read "ops" as numbers \(thousands separators removed/);
    expect(info.notes.join(' ')).toMatch(/3 of 10 metric values are empty or not a finite number/);
    const [series] = await engine.listSeries({ metric: 'ops', filter: {}, search: '', limit: 5 });
    expect((await engine.seriesPoints(series.seriesKey, 'ops')).value).toEqual([1234.5, 1300.25, 2000]);
    expect((await engine.seriesPoints(series.seriesKey, 'bytes')).value).toEqual([5, 7, 8, 9]);
    await engine.removeSource(info.id);
  });
});

describe('a run order instead of times', () => {
  it('time,value with whole numbers 0…59: time is the run order (not a metric), and the step at 30 is found there', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i},${(i < 30 ? 100 : 130) + ((i * 7) % 5) - 2}`);
    const info = await engine.openBytes('one-series.csv', text(['time,value', ...rows].join('\n')));
    expect(info.notes.join(' ')).toContain('read as the run order');
    const result = await engine.analyse();
    expect(result.seriesAnalysed).toBe(1);
    expect(result.changePoints.map((c) => [c.metric, c.index])).toEqual([['value', 30]]);
    expect(new Date(result.changePoints[0].firstBad.ts).toISOString()).toBe('2000-01-31T00:00:00.000Z');
    await engine.removeSource(info.id);
  });

  it('years as t: ascending whole numbers are the order; a "time" column of durations stays a metric', async () => {
    const years = await engine.openBytes(
      'years.csv',
      text(['t,value', '1960,5', '1961,6', '1962,5', '1963,7'].join('\n')),
    );
    expect(years.notes.join(' ')).toContain('"t" holds small numbers');
    await engine.removeSource(years.id);
    const durations = await engine.openBytes(
      'durations.csv',
      text(['bench,time', 'a,120', 'a,95', 'a,130', 'a,101'].join('\n')),
    );
    expect(durations.notes.join(' ')).not.toContain('run order');
    expect(durations.metrics).toContain('time');
    await engine.removeSource(durations.id);
  });
});

describe('many series', () => {
  it('30,000 series of 2 runs: the name column is a dimension, though a 20,000-row sample sees most names once', async () => {
    const lines = ['date,benchmark,threads,time_ms'];
    for (const day of ['2026-01-01', '2026-01-02'])
      for (let b = 0; b < 15_000; b++)
        for (const t of [1, 2]) lines.push(`${day},suite/case_${b},${t},${10 + (b % 7)}`);
    const info = await engine.openBytes('many.csv', text(lines.join('\n')));
    expect(info.dimensions).toEqual(['benchmark', 'threads']);
    expect(info.series).toBe(30_000);
    await engine.removeSource(info.id);
  });

  it('one run of many benchmarks: a column named like the benchmark is each row its own series', async () => {
    const lines = [
      'date,benchmark_name,time_ms',
      ...Array.from({ length: 200 }, (_, i) => `2026-01-01,case_${i},${i}`),
    ];
    const info = await engine.openBytes('one-run.csv', text(lines.join('\n')));
    expect(info.dimensions).toEqual(['benchmark_name']);
    expect(info.series).toBe(200);
    await engine.removeSource(info.id);
    // Free text under another name still does not split the history.
    const notes = [
      'date,remark_text,time_ms',
      ...Array.from({ length: 200 }, (_, i) => `2026-01-0${1 + (i % 9)},run ${i} went fine,${i}`),
    ];
    const free = await engine.openBytes('free.csv', text(notes.join('\n')));
    expect(free.dimensions).toEqual([]);
    await engine.removeSource(free.id);
  });
});
