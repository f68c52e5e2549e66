// The run list of a source opened from benchmark-tool files, and moving a run in time (Engine.listRuns /
// setRunTime) against the real DuckDB-WASM engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTimeOrigin, TIME_NOTES } from '../../src/lib/sources/artifacts/common.ts';
import { RUN_SPACING_MS } from '../../src/lib/sources/run-order.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { STEPPED, pytestNightlies, type NightlyRun } from '../e2e/artifact-fixtures.ts';
import { newEngine } from './helpers/engine.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});
afterAll(async () => {
  for (const source of engine.listSources()) await engine.removeSource(source.id);
});

const encode = (text: string) => new TextEncoder().encode(text);
const DAY = 86_400_000;

/** A pytest-benchmark document without any time in it (no commit_info.time, no datetime). */
function timeless(means: number[], data: number[][]): string {
  return JSON.stringify({
    machine_info: { node: 'box', cpu: { brand_raw: 'Test CPU' } },
    commit_info: { id: null, dirty: false },
    benchmarks: means.map((mean, i) => ({
      name: `test_${i}`,
      fullname: `bench.py::test_${i}`,
      params: null,
      stats: { mean, data: data[i] },
    })),
  });
}

async function sampleRows(sourceId: number): Promise<{ run: string; ts: number; samples: number[] }[]> {
  const result = await engine.runReadOnlySql(
    `SELECT m.run_group_id AS run, epoch_ms(m.ts) AS ts, s.samples FROM src_${sourceId}_m m JOIN src_${sourceId}_s s USING (series_id, metric_id, ts) ORDER BY 1, 2, 3`,
  );
  return result.rows.map(([run, ts, samples]) => ({
    run: run as string,
    ts: ts as number,
    samples: samples as number[],
  }));
}

describe('runs of a folder of pytest-benchmark nightlies', () => {
  let runs: NightlyRun[];
  let sourceId: number;

  beforeAll(async () => {
    runs = pytestNightlies({ runs: 24, benchmarks: 6, stepAt: 14, stepPct: 15, rounds: 8 });
    const result = await engine.openFiles(
      runs.map((r) => ({ name: r.path, bytes: encode(r.text), lastModified: Date.UTC(2025, 5, 1) })),
    );
    expect(result.failures).toEqual([]);
    expect(result.sources).toHaveLength(1);
    sourceId = result.sources[0].id;
  });
  afterAll(async () => {
    await engine.removeSource(sourceId);
  });

  it('lists one run per file in time order, with its commit, format, size and where its time came from', async () => {
    const list = await engine.listRuns(sourceId);
    expect(list.map((r) => r.runGroup)).toEqual(runs.map((r) => r.path));
    expect(list.map((r) => r.commit)).toEqual(runs.map((r) => r.commit));
    expect(list.map((r) => r.ts)).toEqual(runs.map((r) => r.ts));
    for (const run of list) {
      expect(run).toMatchObject({
        format: 'pytest-benchmark',
        timeOrigin: 'content',
        corrected: false,
        branch: 'main',
        measurements: 6,
        series: 6,
      });
      expect(run.importedTs).toBe(run.ts);
      expect(run.lastTs).toBe(run.ts);
    }
  });

  it('finds the step at run 15, and after run 15 is moved behind run 16 blames run 16', async () => {
    const before = await engine.analyse();
    const found = before.regressions.find((r) => r.series.benchmark === STEPPED);
    expect(found?.firstBad.commit).toBe(runs[14].commit);
    expect(found?.changePct).toBeGreaterThan(10);

    const moved = runs[15].ts + DAY / 2;
    await engine.setRunTime(sourceId, runs[14].path, moved);
    const list = await engine.listRuns(sourceId);
    const run15 = list.find((r) => r.runGroup === runs[14].path)!;
    expect(run15).toMatchObject({
      ts: moved,
      lastTs: moved,
      importedTs: runs[14].ts,
      corrected: true,
      timeOrigin: 'content',
    });
    expect(list.map((r) => r.commit).slice(14, 16)).toEqual([runs[15].commit, runs[14].commit]);

    // Every measurement of the run moved, and its raw samples with it.
    const rows = await engine.runReadOnlySql(
      `SELECT count(*) AS n, min(epoch_ms(ts)) AS t FROM src_${sourceId}_m WHERE run_group_id = '${runs[14].path}'`,
    );
    expect(rows.rows[0]).toEqual([6, moved]);
    const samples = (await sampleRows(sourceId)).filter((s) => s.run === runs[14].path);
    expect(samples).toHaveLength(6);
    expect(samples.every((s) => s.ts === moved)).toBe(true);

    const after = await engine.analyse();
    expect(after.regressions.find((r) => r.series.benchmark === STEPPED)?.firstBad.commit).toBe(runs[15].commit);

    // Moving it back restores the finding.
    await engine.setRunTime(sourceId, runs[14].path, runs[14].ts);
    expect((await engine.listRuns(sourceId)).find((r) => r.runGroup === runs[14].path)?.corrected).toBe(false);
    expect((await engine.analyse()).regressions.find((r) => r.series.benchmark === STEPPED)?.firstBad.commit).toBe(
      runs[14].commit,
    );
  });

  it('the catalog and the series list follow a moved run', async () => {
    const last = runs[runs.length - 1];
    await engine.setRunTime(sourceId, last.path, runs[0].ts - DAY);
    const catalog = await engine.catalog();
    expect([catalog.firstTs, catalog.lastTs]).toEqual([runs[0].ts - DAY, runs[runs.length - 2].ts]);
    const [series] = await engine.listSeries({ metric: 'time', filter: {}, search: 'test_sort_ints', limit: 5 });
    expect([series.firstTs, series.lastTs, series.points]).toEqual([
      runs[0].ts - DAY,
      runs[runs.length - 2].ts,
      runs.length,
    ]);
    await engine.setRunTime(sourceId, last.path, last.ts);
    expect((await engine.catalog()).lastTs).toBe(last.ts);
  });

  it('refuses unknown runs and unusable times, and leaves the data as it was', async () => {
    await expect(engine.setRunTime(sourceId, 'no-such-file.json', Date.UTC(2025, 0, 1))).rejects.toThrow(
      /has no run "no-such-file\.json"/,
    );
    await expect(engine.setRunTime(sourceId, runs[0].path, Number.NaN)).rejects.toThrow(/not a usable time/);
    await expect(engine.setRunTime(sourceId, runs[0].path, 1e300)).rejects.toThrow(/not a usable time/);
    await expect(engine.listRuns(999)).rejects.toThrow(/benchmark-tool files/);
    expect((await engine.listRuns(sourceId)).map((r) => r.ts)).toEqual(runs.map((r) => r.ts));
  });
});

describe('runs whose files hold no time', () => {
  it('takes the time from the name, the modification time or the import, and says so', async () => {
    const started = Date.now();
    const doc = timeless([1e-3], [[1e-3, 1.1e-3]]);
    const result = await engine.openFiles([
      { name: 'nightly/2025-02-03/bench.json', bytes: encode(doc), lastModified: Date.UTC(2025, 5, 1) },
      { name: 'nightly/latest/bench.json', bytes: encode(doc), lastModified: Date.UTC(2025, 4, 1, 12) },
    ]);
    const id = result.sources[0].id;
    const list = await engine.listRuns(id);
    expect(list.map((r) => [r.runGroup, r.timeOrigin, r.ts])).toEqual([
      ['nightly/2025-02-03/bench.json', 'file name', Date.UTC(2025, 1, 3)],
      ['nightly/latest/bench.json', 'modification time', Date.UTC(2025, 4, 1, 12)],
    ]);
    await engine.removeSource(id);

    const imported = await engine.openFiles([{ name: 'bench.json', bytes: encode(doc) }]);
    const [run] = await engine.listRuns(imported.sources[0].id);
    expect(run.timeOrigin).toBe('import time');
    expect(run.ts).toBeGreaterThanOrEqual(started);
    await engine.removeSource(imported.sources[0].id);
  });

  it("moves only the moved run's raw samples when several runs shared one modification time", async () => {
    // Three files copied together: one modification time; the runs are placed 1 s apart in path order.
    const mtime = Date.UTC(2025, 3, 1);
    const docs = ['a', 'b', 'c'].map((name, i) => ({
      name: `copied/${name}.json`,
      samples: [[1 + i, 2 + i, 3 + i].map((v) => v * 1e-3), [4 + i, 5 + i].map((v) => v * 1e-3)],
    }));
    const result = await engine.openFiles(
      docs.map((d) => ({
        name: d.name,
        bytes: encode(
          timeless(
            d.samples.map((s) => s[0]),
            d.samples,
          ),
        ),
        lastModified: mtime,
      })),
    );
    const id = result.sources[0].id;
    expect((await engine.listRuns(id)).map((r) => [r.runGroup, r.ts, r.timeOrigin])).toEqual(
      docs.map((d, i) => [d.name, mtime + i * RUN_SPACING_MS, 'modification time']),
    );

    await engine.setRunTime(id, 'copied/b.json', mtime + DAY);
    await engine.setRunTime(id, 'copied/c.json', mtime + 2 * DAY);
    const rows = await sampleRows(id);
    expect(rows).toHaveLength(6);
    for (const [i, d] of docs.entries()) {
      const mine = rows.filter((r) => r.run === d.name);
      expect(mine.map((r) => r.ts)).toEqual([mtime + i * DAY, mtime + i * DAY]);
      expect(mine.map((r) => r.samples.map((v) => Math.round(v)))).toEqual(
        d.samples.map((s) => s.map((v) => Math.round(v * 1e9))).sort((x, y) => x[0] - y[0]),
      );
    }
    // The chart of a series shows the moved points with their own sample ranges.
    const [series] = await engine.listSeries({ metric: 'time', filter: {}, search: 'test_0', limit: 5 });
    const points = await engine.seriesPoints(series.seriesKey, 'time');
    expect(points.ts).toEqual([mtime, mtime + DAY, mtime + 2 * DAY]);
    expect(points.low.map((v) => Math.round(v as number))).toEqual([1e6, 2e6, 3e6]);
    await engine.removeSource(id);
  });

  it('does not list runs of flat tables', async () => {
    const info = await engine.openBytes('t.csv', encode('ts,bench,ms\n2025-01-01,a,1\n2025-01-02,a,2\n'));
    await expect(engine.listRuns(info.id)).rejects.toThrow(/benchmark-tool files/);
    await expect(engine.setRunTime(info.id, 'x', Date.UTC(2025, 0, 1))).rejects.toThrow(/benchmark-tool files/);
    await engine.removeSource(info.id);
  });
});

describe('runTimeOrigin', () => {
  const all = Object.values(TIME_NOTES);
  it('works back where resolveTs found a time', () => {
    expect(runTimeOrigin('a/0001_abc_20250103_020000.json', Date.UTC(2025, 0, 3, 2), [])).toBe('content');
    expect(runTimeOrigin('a/0001_abc_20250103_020000.json', Date.UTC(2025, 0, 3, 2), [TIME_NOTES['file name']])).toBe(
      'file name',
    );
    // A date in the name that is not the run's time: the content had one.
    expect(runTimeOrigin('nightly/2025-01-03/x.json', Date.UTC(2025, 0, 5), all)).toBe('content');
    expect(runTimeOrigin('x.json', Date.UTC(2025, 0, 5), [])).toBe('content');
    expect(runTimeOrigin('x.json', Date.UTC(2025, 0, 5), [TIME_NOTES['modification time']])).toBe('modification time');
    expect(runTimeOrigin('x.json', Date.UTC(2025, 0, 5), [TIME_NOTES['import time']], Date.UTC(2025, 0, 1))).toBe(
      'import time',
    );
    expect(runTimeOrigin('x.json', Date.UTC(2025, 0, 5), [TIME_NOTES['import time']], Date.UTC(2025, 6, 1))).toBe(
      'content',
    );
    expect(runTimeOrigin('x.json', Date.UTC(2025, 0, 5), all, Date.UTC(2025, 6, 1))).toBe('modification time');
  });
});
