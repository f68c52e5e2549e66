// Commit context from the data itself, through the engine (native DuckDB): a data.js history gives each point and
// run its commit's page, message and author with no setting; its run files (perftrack import) give the same; a
// recorded run's --message shows on its run; sources without any carry none.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDb, type NativeDb } from '../../src/engine/db/native.ts';
import { Engine } from '../../src/engine/engine.ts';
import { loadSqlLibrary } from '../../src/engine/sql-files-node.ts';
import { commitHref, firstLine } from '../../src/lib/format/commit-link.ts';
import { openSources } from '../../src/node/sources.ts';
import { REAL } from '../real-files.ts';
import { runCli } from './helpers/cli.ts';
import { FIXTURES, newEngine, tempDir } from './helpers/engine.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

interface Entry {
  commit: { id: string; url: string; message: string; author: { name: string; username: string } };
}
const doc = JSON.parse(fs.readFileSync(TOKIO, 'utf8').replace(/^\s*window\.BENCHMARK_DATA\s*=\s*/, '')) as {
  repoUrl: string;
  entries: Record<string, Entry[]>;
};
/** What data.js says of each commit. */
const byCommit = new Map(Object.values(doc.entries).flatMap((list) => list.map((e) => [e.commit.id, e.commit])));

let db: NativeDb;
let engine: Engine;
beforeAll(async () => {
  db = await openNativeDb();
  engine = await Engine.create(db, loadSqlLibrary());
});
afterAll(() => db.close());

async function openOnly(spec: string): Promise<number> {
  for (const source of engine.listSources()) await engine.removeSource(source.id);
  const opened = await openSources(engine, [spec]);
  expect(opened.failures).toEqual([]);
  return opened.sources[0].id;
}

/** Every point of every time series: commit → [url, message, author] as the engine gives them. */
async function pointContext(): Promise<Map<string, [string | null, string | null, string | null]>> {
  const out = new Map<string, [string | null, string | null, string | null]>();
  const series = await engine.listSeries({ metric: 'time', filter: {}, search: '', limit: 1000 });
  expect(series.length).toBeGreaterThan(10);
  for (const s of series) {
    const points = await engine.seriesPoints(s.seriesKey, 'time', { maxPoints: 100_000 });
    expect(points.downsampled).toBe(false);
    expect(points.commitUrl).toHaveLength(points.ts.length);
    points.commit.forEach((c, i) =>
      out.set(c!, [points.commitUrl![i], points.message![i] ?? null, points.author![i] ?? null]),
    );
  }
  return out;
}

describe('commit context from the data, with no setting', () => {
  it("tokio's data.js: every point links to its commit on GitHub with its message and author; so does each run", async () => {
    const id = await openOnly(TOKIO);
    const context = await pointContext();
    expect(context.size).toBe(byCommit.size);
    for (const [commit, [url, message, author]] of context) {
      const entry = byCommit.get(commit)!;
      expect(url).toBe(`https://github.com/tokio-rs/tokio/commit/${commit}`);
      expect(url).toBe(entry.url);
      expect(message).toBe(entry.message.trim());
      const { name, username } = entry.author;
      expect(author).toBe(name === username ? name : `${name} (@${username})`);
    }
    const runs = await engine.listRuns(id);
    expect(runs.length).toBeGreaterThan(400);
    for (const run of runs) {
      const entry = byCommit.get(run.commit!)!;
      expect([run.commitUrl, run.message]).toEqual([entry.url, entry.message.trim()]);
    }
  });

  it('the run files perftrack import writes give the same context', async () => {
    const dir = path.join(tempDir(), 'tokio');
    expect((await runCli('import', TOKIO, '--to', dir)).code).toBe(0);
    await openOnly(TOKIO);
    const direct = await pointContext();
    await openOnly(dir);
    expect(await pointContext()).toEqual(direct);
  });

  it("data.js without commit URLs links through its repoUrl; a run's --message shows on its run and points", async () => {
    const root = tempDir();
    const stripped = structuredClone(doc);
    for (const list of Object.values(stripped.entries))
      for (const e of list) delete (e.commit as Partial<Entry['commit']>).url;
    const file = path.join(root, 'data.js');
    fs.writeFileSync(file, `window.BENCHMARK_DATA = ${JSON.stringify(stripped)}`);
    await openOnly(file);
    for (const [commit, [url]] of await pointContext()) expect(url).toBe(`${doc.repoUrl}/commit/${commit}`);

    const dir = path.join(root, 'runs');
    const output = path.join(FIXTURES, 'artifacts/go/go-bench.txt');
    const recorded = await runCli(
      'record',
      output,
      '--to',
      dir,
      '--commit',
      'abc1234',
      '--message',
      'Faster hashing\n\nDetails',
    );
    expect(recorded.code, recorded.err).toBe(0);
    const id = await openOnly(dir);
    const [run] = await engine.listRuns(id);
    expect([run.commit, run.message, run.commitUrl, run.author]).toEqual([
      'abc1234',
      'Faster hashing\n\nDetails',
      null,
      null,
    ]);
  });

  it('a source that carries no context gives none', async () => {
    await openOnly(path.join(FIXTURES, 'artifacts/go'));
    const catalog = await engine.catalog();
    const metric = catalog.metrics[0].metric;
    const [s] = await engine.listSeries({ metric, filter: {}, search: '', limit: 1 });
    const points = await engine.seriesPoints(s.seriesKey, metric);
    expect(points.commitUrl).toBeUndefined();
    expect(points.message).toBeUndefined();
  });
});

describe("the page's engine (DuckDB-WASM)", () => {
  it("keeps a run file's message with no commit URL, and a source with no context at all", async () => {
    const page = await newEngine();
    const runFile = (message: string | null) =>
      JSON.stringify({
        perftrack_record: 2,
        run: { commit: 'abc1234', branch: null, time: '2025-01-01T00:00:00Z', environment: {}, message, inputs: [] },
        records: [{ dims: [['benchmark', 'x']], metric: 'time', unit: 'ns', direction: 'lower', value: 5 }],
      });
    const encode = (text: string) => new TextEncoder().encode(text);
    const withMessage = await page.openFiles([{ name: 'a.json', bytes: encode(runFile('Hello\nworld')) }]);
    expect(withMessage.failures).toEqual([]);
    expect((await page.listRuns(withMessage.sources[0].id))[0].message).toBe('Hello\nworld');
    const [s] = await page.listSeries({ metric: 'time', filter: {}, search: '', limit: 5 });
    const points = await page.seriesPoints(s.seriesKey, 'time');
    expect([points.message, points.commitUrl]).toEqual([['Hello\nworld'], [null]]);
    await page.removeSource(withMessage.sources[0].id);

    const without = await page.openFiles([{ name: 'b.json', bytes: encode(runFile(null)) }]);
    expect(without.failures).toEqual([]);
    expect((await page.listRuns(without.sources[0].id))[0].message).toBeNull();
    expect((await page.seriesPoints(s.seriesKey, 'time')).message).toBeUndefined();
    await page.removeSource(without.sources[0].id);

    // A run file with the repository's URL and no commit URL links through it.
    const withRepo = JSON.parse(runFile(null));
    withRepo.run.repo_url = 'https://github.com/o/r/';
    const linked = await page.openFiles([{ name: 'c.json', bytes: encode(JSON.stringify(withRepo)) }]);
    expect((await page.listRuns(linked.sources[0].id))[0].commitUrl).toBe('https://github.com/o/r/commit/abc1234');
  });
});

describe('commitHref: the data first, then the template', () => {
  const template = 'https://git.example.org/c/{commit}';
  it('takes the data URL, else the template, and never a non-http URL', () => {
    expect(commitHref('https://github.com/o/r/commit/abc1234', template, 'abc1234')).toBe(
      'https://github.com/o/r/commit/abc1234',
    );
    expect(commitHref(null, template, 'abc1234')).toBe('https://git.example.org/c/abc1234');
    expect(commitHref('javascript:alert(1)', template, 'abc1234')).toBe('https://git.example.org/c/abc1234');
    expect(commitHref('javascript:alert(1)', '', 'abc1234')).toBeNull();
    expect(firstLine('Fix the thing\n\nLonger text')).toBe('Fix the thing');
    expect(firstLine(null)).toBe('');
  });
});
