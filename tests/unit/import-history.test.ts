// `perftrack import data.js --to DIR`: a github-action-benchmark history moved into run files that read back
// (`--db DIR`) as the same history as data.js itself — series, values, commits and times — on native DuckDB,
// with each entry's commit URL, message, author, tool and range kept; bad inputs exit 2 and write nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNativeDb, type NativeDb } from '../../src/engine/db/native.ts';
import { Engine } from '../../src/engine/engine.ts';
import { loadSqlLibrary } from '../../src/engine/sql-files-node.ts';
import { openSources } from '../../src/node/sources.ts';
import { REAL } from '../real-files.ts';
import { runCli } from './helpers/cli.ts';
import { newEngine, tempDir } from './helpers/engine.ts';

const HISTORIES = path.join(REAL, 'github_action_benchmark');
const TOKIO = path.join(HISTORIES, 'tokio-rs_tokio/dev/bench/data.js');

/** Every data.js among the real histories. */
function histories(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'data.js') out.push(full);
    }
  };
  walk(HISTORIES);
  return out.sort();
}

const natives: NativeDb[] = [];
afterAll(() => {
  for (const db of natives) db.close();
});

async function nativeEngine(): Promise<Engine> {
  const db = await openNativeDb();
  natives.push(db);
  return Engine.create(db, loadSqlLibrary());
}

/** Every measurement of what `--db SPEC` opens: series, metric, time, value, commit, in one order. */
async function history(spec: string): Promise<string[]> {
  const engine = await nativeEngine();
  const opened = await openSources(engine, [spec]);
  expect(opened.failures).toEqual([]);
  expect(opened.sources).toHaveLength(1);
  const result = await engine.runReadOnlySql(
    `SELECT s.series_key, m.metric, epoch_ms(m.ts), m.value, m.git_commit
     FROM measurements m JOIN series s USING (series_id) ORDER BY ALL`,
    10_000_000,
  );
  expect(result.truncated).toBe(false);
  return result.rows.map((row) => JSON.stringify(row));
}

describe('perftrack import data.js --to DIR', () => {
  it('reads back as the same history as data.js: series, values, commits and times (every real data.js)', async () => {
    const files = histories();
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files).toContain(TOKIO);
    for (const file of files) {
      const dir = path.join(tempDir(), 'history');
      const result = await runCli('import', file, '--to', dir, '--format', 'json');
      expect(result.code, result.err).toBe(0);
      const summary = JSON.parse(result.out) as { runs: number; written: number; values: number };
      expect(summary.written).toBe(summary.runs);
      expect(fs.readdirSync(dir)).toHaveLength(summary.runs);
      const direct = await history(file);
      expect(direct.length).toBe(summary.values);
      expect(await history(dir)).toEqual(direct);
    }
  }, 240_000);

  it("keeps each entry's commit URL, message, author, tool and range, and adds only new entries again", async () => {
    const dir = path.join(tempDir(), 'tokio');
    const first = await runCli('import', TOKIO, '--to', dir);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^imported 1784 runs \(4 suites, 10698 values\) .*: 1784 new, 0 already there$/);

    const doc = JSON.parse(fs.readFileSync(TOKIO, 'utf8').replace(/^\s*window\.BENCHMARK_DATA\s*=\s*/, '')) as {
      entries: Record<
        string,
        {
          commit: { id: string; url: string; message: string; author: { name: string; username: string } };
          tool: string;
          benches: { name: string; value: number; range: string }[];
        }[]
      >;
    };
    const entry = doc.entries.sync_mpsc[7];
    const runFiles = fs
      .readdirSync(dir)
      .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')))
      .filter((f) => f.run.commit === entry.commit.id && f.records[0].dims[1][1] === 'sync_mpsc');
    expect(runFiles).toHaveLength(1);
    const [run] = runFiles;
    expect(run.perftrack_record).toBe(2);
    expect(run.run).toMatchObject({
      commit_url: entry.commit.url,
      message: entry.commit.message,
      author: { name: entry.commit.author.name, username: entry.commit.author.username },
      tool: entry.tool,
      inputs: [{ file: 'data.js', format: 'github-action-benchmark' }],
    });
    expect(run.records.map((r: { range: string }) => r.range)).toEqual(entry.benches.map((b) => b.range));
    expect(run.records.map((r: { value: number }) => r.value)).toEqual(entry.benches.map((b) => b.value));

    // A history that grew by one entry (and is called otherwise): the same folder gets one new file.
    const grown = path.join(tempDir(), 'history.js');
    const last = doc.entries.sync_mpsc.at(-1)!;
    doc.entries.sync_mpsc.push({
      ...last,
      commit: { ...last.commit, id: 'f'.repeat(40), url: `https://github.com/tokio-rs/tokio/commit/${'f'.repeat(40)}` },
    });
    fs.writeFileSync(grown, `window.BENCHMARK_DATA = ${JSON.stringify(doc)}`);
    const again = await runCli('import', grown, '--to', dir);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/: 1 new, 1784 already there$/);
    expect(fs.readdirSync(dir)).toHaveLength(1785);
  }, 120_000);

  it('a bad input exits 2 with a clear message and writes nothing', async () => {
    const root = tempDir();
    const text = fs.readFileSync(TOKIO, 'utf8');
    const inputs: [string, string | null, RegExp][] = [
      ['missing.js', null, /no such file/],
      ['empty.js', '', /is empty/],
      ['cut.js', text.slice(0, Math.floor(text.length / 2)), /cut short/],
      ['cut.json', text.replace(/^\s*window\.BENCHMARK_DATA\s*=\s*/, '').slice(0, 5000), /cut short/],
      ['other.json', JSON.stringify({ benchmarks: [{ name: 'x', stats: { mean: 1 } }] }), /not a github-action/],
      ['notes.txt', 'just some text\n', /not a github-action/],
    ];
    for (const [name, content, message] of inputs) {
      const file = path.join(root, name);
      if (content !== null) fs.writeFileSync(file, content);
      const dir = path.join(root, `out-${name}`);
      const result = await runCli('import', file, '--to', dir);
      expect(result.code, name).toBe(2);
      expect(result.err, name).toMatch(message);
      expect(fs.existsSync(dir), name).toBe(false);
    }
    // The page says the same of a data.js cut short: a github-action-benchmark file, not an unknown format.
    const page = await newEngine();
    const opened = await page.openFiles([{ name: 'data.js', bytes: new TextEncoder().encode(text.slice(0, 100_000)) }]);
    expect(opened.sources).toEqual([]);
    expect(opened.failures.map((f) => f.message).join('\n')).toMatch(/github-action-benchmark.*cut short/);

    const usage = await runCli('import', TOKIO);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/--to DIR/);
  });
});
