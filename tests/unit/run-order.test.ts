// Run order and run identity on real files (copies in tests/fixtures/real) and generated ones, through the real
// engine: entry order of a data.js history, equal modification times, one file name in many folders, one file twice,
// and the skip summary of a real project folder.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { naturalCompare, orderRuns } from '../../src/lib/sources/run-order.ts';
import type { MeasurementRecord } from '../../src/lib/sources/records.ts';
import { describeSkipped, namePattern } from '../../src/lib/sources/skipped.ts';
import { expandSource } from '../../src/node/sources.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { REAL } from '../real-files.ts';
import { IPFS_DATA, newEngine, readBytes, runnerResultFiles, tempDir } from './helpers/engine.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
});

function folderFiles(folder: string): { name: string; bytes: Uint8Array; lastModified: number }[] {
  return expandSource(folder).map(({ file, name }) => ({
    name,
    bytes: readBytes(file),
    lastModified: fs.statSync(file).mtimeMs,
  }));
}

describe('run order (pure)', () => {
  it('orders paths naturally', () => {
    expect(['run10.json', 'run2.json', 'run1.json', 'a/run1.json'].sort(naturalCompare)).toEqual([
      'a/run1.json',
      'run1.json',
      'run2.json',
      'run10.json',
    ]);
  });

  it('keeps a history file in entry order per benchmark, and leaves other benchmarks of the file alone', () => {
    const rec = (suite: string, ts: number, commit: string): MeasurementRecord => ({
      ts,
      dims: [
        ['benchmark', 'b'],
        ['suite', suite],
      ],
      metric: 'time',
      unit: 'ns',
      direction: 'lower',
      value: 1,
      commit,
      runGroup: `data.js@${commit}`,
    });
    // Suite a: the second entry's commit is older than the first's; suite b starts earlier than suite a ends.
    const records = [
      rec('a', 5000, 'c1'),
      rec('a', 1000, 'c2'),
      rec('a', 9000, 'c1'),
      rec('b', 2000, 'c3'),
      rec('b', 3000, 'c1'),
    ];
    const { records: out, notes } = orderRuns([{ path: 'data.js', run: { format: 'x', records, notes: [] } }]);
    const suiteA = out.filter((r) => r.dims[1][1] === 'a').sort((x, y) => x.ts - y.ts);
    expect(suiteA.map((r) => r.commit)).toEqual(['c1', 'c2', 'c1']);
    expect(suiteA.map((r) => r.ts)).toEqual([5000, 6000, 9000]);
    // The same commit measured again is another run; suite b's entry of c1 is the run of c1 in another suite.
    expect(suiteA.map((r) => r.runGroup)).toEqual(['data.js@c1', 'data.js@c2', 'data.js@c1 #2']);
    expect(out.filter((r) => r.dims[1][1] === 'b').map((r) => [r.ts, r.runGroup])).toEqual([
      [2000, 'data.js@c3'],
      [3000, 'data.js@c1'],
    ]);
    expect(notes.join(' ')).toMatch(/1 entry is dated before an earlier entry/);
  });
});

describe('run order and identity (real engine)', () => {
  it("tokio's data.js: runs in push order although commit times go backwards and commits repeat", async () => {
    const text = fs.readFileSync(TOKIO, 'utf8');
    const doc = JSON.parse(text.replace(/^\s*window\.BENCHMARK_DATA\s*=\s*/, '').replace(/;\s*$/, '')) as {
      entries: Record<string, { commit: { id: string; timestamp: string }; benches: { name: string }[] }[]>;
    };
    const info = await engine.openBytes('data.js', readBytes(TOKIO));
    expect(info.series).toBe(24);
    const runs = await engine.listRuns(info.id);
    const first = Object.values(doc.entries).map((e) => e[0].commit.id);
    const last = Object.values(doc.entries).map((e) => e[e.length - 1].commit.id);
    expect(new Set(first)).toEqual(new Set([runs[0].commit]));
    expect(new Set(last)).toEqual(new Set([runs[runs.length - 1].commit]));
    // Every series, point by point, follows its suite's entries (commit times would reorder 33 of them).
    const suite = 'sync_mpsc';
    const entries = doc.entries[suite];
    const bench = entries[0].benches[0].name;
    const [series] = await engine.listSeries({
      metric: 'time',
      filter: { suite: [suite], benchmark: [bench] },
      search: '',
      limit: 2,
    });
    const points = await engine.seriesPoints(series.seriesKey, 'time', { maxPoints: 10_000 });
    const expected = entries.filter((e) => e.benches.some((b) => b.name === bench)).map((e) => e.commit.id);
    expect(points.commit).toEqual(expected);
    for (let i = 1; i < points.ts.length; i++) expect(points.ts[i]).toBeGreaterThan(points.ts[i - 1]);
    const backwards = entries.filter(
      (e, i) => i > 0 && Date.parse(e.commit.timestamp) < Date.parse(entries[i - 1].commit.timestamp),
    ).length;
    expect(backwards).toBeGreaterThan(0);
    expect(info.notes.join(' ')).toMatch(/entries are dated before an earlier entry of the same benchmarks/);
    // Repeated commits are runs of their own.
    expect(new Set(runs.map((r) => r.runGroup)).size).toBe(runs.length);
    expect(runs.some((r) => / #2$/.test(r.runGroup))).toBe(true);
    await engine.removeSource(info.id);
  });

  it('20 hyperfine outputs with one modification time: a +15 % step at run 17 stays at run 17', async () => {
    const dir = tempDir();
    const mtime = Date.UTC(2025, 5, 1, 12, 0, 0);
    const names: string[] = [];
    for (let run = 1; run <= 20; run++) {
      // Deterministic noise around 1.00 s, then 1.15 s from run 17.
      const times = Array.from(
        { length: 10 },
        (_, k) => (run >= 17 ? 1.15 : 1.0) * (1 + 0.004 * Math.sin(run * 7 + k)),
      );
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      const name = `run${run}.json`;
      fs.writeFileSync(
        path.join(dir, name),
        JSON.stringify({
          results: [
            {
              command: './bench',
              mean,
              stddev: 0.004,
              median: mean,
              min: Math.min(...times),
              max: Math.max(...times),
              times,
            },
          ],
        }),
      );
      names.push(name);
    }
    // Handed over in a scrambled order, as a file list may come.
    const files = [...names]
      .reverse()
      .map((name) => ({ name, bytes: readBytes(path.join(dir, name)), lastModified: mtime }));
    const result = await engine.openFiles(files);
    expect(result.failures).toEqual([]);
    const source = result.sources[0];
    const runs = await engine.listRuns(source.id);
    expect(runs.map((r) => r.runGroup)).toEqual(names);
    expect(new Set(runs.map((r) => r.ts)).size).toBe(20);
    expect(source.notes.join(' ')).toMatch(/19 runs share a time with another run .* natural order of their paths/);
    const analysis = await engine.analyse({
      settings: {
        method: 'changepoint',
        changepoint: { alpha: 0.05, minSegment: 3, minRelativeChange: 0.05, minNoiseMultiple: 2 },
      },
      metric: 'time',
    });
    const step = analysis.changePoints.find((c) => c.metric === 'time');
    expect(step?.firstBad.runGroup).toBe('run17.json');
    expect(step?.lastGood.runGroup).toBe('run16.json');
    expect(step!.changePct).toBeCloseTo(15, 0);
    await engine.removeSource(source.id);
  });

  it('eight benchmark_results.json of different folders opened by name are their five runs; the same file twice is read once', async () => {
    const files = runnerResultFiles().map((file) => ({ name: 'benchmark_results.json', bytes: readBytes(file) }));
    const result = await engine.openFiles([...files, files[files.length - 1]]);
    expect(result.failures).toEqual([]);
    expect(result.sources).toHaveLength(1);
    const runs = await engine.listRuns(result.sources[0].id);
    const withResults =
      files.length - result.skippedGroups.find((g) => /without completed measurements/.test(g.reason))!.paths.length;
    expect(withResults).toBe(8);
    // Three of the eight are parts of a run another file gathers whole (the same measurements at the same times).
    expect(runs).toHaveLength(5);
    expect(runs.map((r) => r.runGroup).sort()).toEqual([
      'benchmark_results.json',
      ...[2, 3, 4, 5].map((n) => `benchmark_results.json #${n}`),
    ]);
    expect(result.sources[0].notes.join(' ')).toMatch(/3 runs were already in another file .* read once/);
    expect(result.skippedGroups.find((g) => /given twice/.test(g.reason))?.paths).toEqual(['benchmark_results.json']);
    await engine.removeSource(result.sources[0].id);
  });

  it('a real project folder: its results import; configs, matrices, summaries and test logs are one grouped note', async () => {
    const result = await engine.openFiles(folderFiles(path.join(IPFS_DATA, 'measured/test/benchmark_results')));
    expect(result.failures).toEqual([]);
    expect(result.sources).toHaveLength(1);
    expect(result.sources[0].layout).toMatch(/IPFS Accelerate benchmark runner/);
    const group = (pattern: RegExp) => result.skippedGroups.find((g) => pattern.test(g.reason));
    const notResults = group(/JSON in no benchmark format/)!;
    const names = notResults.paths.map(namePattern);
    for (const expected of [
      'benchmark_config.json',
      'hardware_compatibility_matrix.json',
      'benchmark_summary.json',
      'benchmark_models.json',
    ])
      expect(names).toContain(expected);
    expect(
      group(/tables beside benchmark results/)!.paths.every((p) => /model_functionality_\d+_\d+\.json$/.test(p)),
    ).toBe(true);
    expect(group(/tables beside benchmark results/)!.paths).toHaveLength(30);
    expect(group(/without completed measurements/)!.paths.every((p) => p.endsWith('benchmark_results.json'))).toBe(
      true,
    );
    expect(result.skippedSummary).toBe(describeSkipped(result.skippedGroups));
    // bert-base-uncased on cpu: five runs, 143 ms → 2.3 s, each slower than the one before (not seven points: the
    // folder's summary files repeat their parts), reported as a regression with its exact p.
    const [bert] = await engine.listSeries({
      metric: 'latency',
      filter: {},
      search: 'bert-base-uncased · cpu · batch_size=1 · sequence_length=128',
      limit: 1,
    });
    const points = await engine.seriesPoints(bert.seriesKey, 'latency');
    expect(Array.from(points.value).map(Math.round)).toEqual([143, 376, 488, 950, 2312]);
    const analysis = await engine.analyse({ metric: 'latency' });
    const slowdown = analysis.regressions.find((r) => r.seriesKey === bert.seriesKey);
    expect(slowdown?.changePct).toBeCloseTo((2311.74 / 142.86 - 1) * 100, 0);
    expect(slowdown?.pValue).toBeCloseTo(2 / 120, 6);
    expect(result.skippedSummary).toMatch(
      /^Skipped \d+ files that hold no benchmark results: \d+ JSON in no benchmark format .*hardware_compatibility_matrix\.json ×25/,
    );
    // No series came from the skipped files.
    const catalog = await engine.catalog();
    expect(catalog.metrics.map((m) => m.metric).sort()).toEqual(['latency', 'memory', 'throughput']);
    expect(catalog.dimensions.map((d) => d.name)).not.toContain('stdout');
    await engine.removeSource(result.sources[0].id);
  });

  it("django's asv folder: 209 result files, and one grouped note for failed-only results and asv's own metadata", async () => {
    const result = await engine.openFiles(folderFiles(path.join(REAL, 'asv_django')));
    expect(result.failures).toEqual([]);
    expect(result.sources).toHaveLength(1);
    expect(await engine.listRuns(result.sources[0].id)).toHaveLength(209);
    const skipped = result.skipped.length;
    expect(skipped).toBe(fs.readdirSync(path.join(REAL, 'asv_django/results/ubuntu-latest')).length + 2 - 209);
    expect(result.skipped.map((f) => f.name)).toEqual(
      expect.arrayContaining(['asv.conf.json', 'results/benchmarks.json', 'results/ubuntu-latest/machine.json']),
    );
    await engine.removeSource(result.sources[0].id);
  });
});
