// `perftrack record FILE… --to DIR`: real benchmark tool outputs recorded as stamped run files, read back by the CLI
// (--db DIR) and by the page's engine with their commit, branch, time and environment; the stamp's defaults from CI
// variables and from git; bad input refused with exit 2 and nothing written.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArtifact } from '../../src/lib/sources/artifacts/index.ts';
import type { MeasurementRecord } from '../../src/lib/sources/records.ts';
import { runStamp } from '../../src/node/run-stamp.ts';
import { REAL } from '../real-files.ts';
import { newEngine, readBytes, tempDir } from './helpers/engine.ts';
import { runCli as run } from './helpers/cli.ts';

const CARGO = path.join(REAL, 'harness_outputs/bencher_adapter/lib/bencher_adapter/tool_output/rust/bench/many.txt');
const GBENCH = path.join(REAL, 'harness_outputs/google_benchmark/tools/gbench/Inputs');
const PYTEST = path.join(
  REAL,
  'harness_outputs/pytest-benchmark/tests/test_storage/0001_b87b9aae14ff14a7887a6bbaa9731b9a8760555d_20150814_190343_uncommitted-changes.json',
);
const NO_CI = { env: {}, cwd: tempDir(), now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };

describe('record FILE… --to DIR', () => {
  it('stores two runs of real outputs that --db DIR and the engine read back with their stamps', async () => {
    const dir = path.join(tempDir(), 'runs');
    const first = await run(
      'record',
      path.join(GBENCH, 'test1_run1.json'),
      CARGO,
      '--to',
      dir,
      '--commit',
      'aaaa1111',
      '--branch',
      'main',
      '--time',
      '2026-11-01T10:00:00Z',
      '--env',
      'runner=linux-x64',
      '--env',
      'rustc=1.80',
      '--message',
      'nightly',
      '--format',
      'json',
    );
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const second = await run(
      'record',
      path.join(GBENCH, 'test1_run2.json'),
      CARGO,
      '--to',
      dir,
      '--commit',
      'bbbb2222',
      '--branch',
      'main',
      '--time',
      '2026-11-02T10:00:00Z',
      '--env',
      'runner=linux-x64',
      '--format',
      'json',
    );
    expect(second.code).toBe(0);
    const files = fs.readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^20261101T100000Z-aaaa1111-[0-9a-f]{12}\.json$/);
    const written = JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
    expect(written.run).toMatchObject({
      commit: 'aaaa1111',
      branch: 'main',
      time: '2026-11-01T10:00:00.000Z',
      environment: { runner: 'linux-x64', rustc: '1.80' },
      message: 'nightly',
    });
    expect(written.run.inputs.map((i: { format: string }) => i.format)).toEqual([
      'Google Benchmark',
      'cargo bench (libtest)',
    ]);
    const results = JSON.parse(first.out).results;
    expect(results).toBe(written.records.length);

    const changes = await run('changes', '--db', dir, '--format', 'json');
    expect(changes.code).toBe(0);
    // Every (series, metric) pair of both runs is analysed.
    const pairs = new Set(
      files.flatMap((f) =>
        (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).records as { dims: unknown; metric: string }[]).map(
          (r) => JSON.stringify([r.dims, r.metric]),
        ),
      ),
    );
    expect((JSON.parse(changes.out) as { series: number }).series).toBe(pairs.size);

    const engine = await newEngine();
    const opened = await engine.openFiles(files.map((f) => ({ name: f, bytes: readBytes(path.join(dir, f)) })));
    expect(opened.sources).toHaveLength(1);
    const runs = await engine.listRuns(opened.sources[0].id);
    expect(runs.map((r) => [r.commit, r.branch, new Date(r.ts).toISOString()]).sort()).toEqual([
      ['aaaa1111', 'main', '2026-11-01T10:00:00.000Z'],
      ['bbbb2222', 'main', '2026-11-02T10:00:00.000Z'],
    ]);
    expect(runs.every((r) => r.format === 'perftrack record')).toBe(true);
    const env = await engine.runReadOnlySql(
      'SELECT git_commit, environment_hash, count(*) AS n FROM measurements GROUP BY ALL ORDER BY git_commit',
    );
    expect(env.rows.map((r) => [r[0], r[1]])).toEqual([
      ['aaaa1111', 'runner=linux-x64, rustc=1.80'],
      ['bbbb2222', 'runner=linux-x64'],
    ]);
    expect(Number(env.rows[0][2])).toBe(results);
  });

  it('keeps what the page reads of a pytest-benchmark file, the stamp added', async () => {
    const dir = path.join(tempDir(), 'runs');
    const r = await run(
      'record',
      PYTEST,
      '--to',
      dir,
      '--commit',
      'cccc3333',
      '--time',
      '2026-11-03',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const [file] = fs.readdirSync(dir);
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const direct = parseArtifact({
      name: path.basename(PYTEST),
      text: fs.readFileSync(PYTEST, 'utf8'),
      json: JSON.parse(fs.readFileSync(PYTEST, 'utf8')),
    });
    const back = parseArtifact({ name: file, text, json: JSON.parse(text) });
    expect(direct?.format).toBe('pytest-benchmark');
    expect(back?.format).toBe('perftrack record');
    const strip = (x: MeasurementRecord) => [x.dims, x.metric, x.unit, x.direction, x.value];
    expect(back!.records.map(strip)).toEqual(direct!.records.map(strip));
    expect(back!.records.every((x) => x.commit === 'cccc3333' && x.ts === Date.UTC(2026, 10, 3))).toBe(true);
  });

  it('concurrent jobs with the same commit and time each get a file of their own', async () => {
    const dir = path.join(tempDir(), 'runs');
    const args = ['record', CARGO, '--to', dir, '--commit', 'eeee5555', '--time', '2026-11-04T00:00:00Z'];
    const runs = await Promise.all(Array.from({ length: 8 }, () => run(...args)));
    expect(runs.map((r) => r.code)).toEqual(Array(8).fill(0));
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(8);
    expect(files.every((f) => /^20261104T000000Z-eeee5555-[0-9a-f]{12}\.json$/.test(f))).toBe(true);
  });

  it('--db FILE.duckdb: runs appended to its perftrack_runs table, read back as a folder of them would be', async () => {
    const root = tempDir();
    const db = path.join(root, 'history.duckdb');
    const folder = path.join(root, 'runs');
    for (const [i, file] of [path.join(GBENCH, 'test1_run1.json'), path.join(GBENCH, 'test1_run2.json')].entries()) {
      const stamp = ['--commit', `c${i}`.padEnd(8, '0'), '--branch', 'main', '--time', `2026-11-0${i + 1}T10:00:00Z`];
      const toDb = await run('record', file, CARGO, '--db', db, ...stamp, '--format', 'json');
      expect(toDb.err).toBe('');
      expect(toDb.code).toBe(0);
      expect(JSON.parse(toDb.out)).toMatchObject({ db, commit: `c${i}`.padEnd(8, '0'), branch: 'main' });
      expect((await run('record', file, CARGO, '--to', folder, ...stamp)).code).toBe(0);
    }
    const fromDb = JSON.parse((await run('changes', '--db', db, '--format', 'json')).out);
    const fromFolder = JSON.parse((await run('changes', '--db', folder, '--format', 'json')).out);
    expect(fromDb.series).toBe(fromFolder.series);
    expect(fromDb.series).toBeGreaterThan(10);
    // The page's engine (DuckDB-WASM) opens the database as the same runs, stamps and values.
    const engine = await newEngine();
    const opened = await engine.openFiles([{ name: 'history.duckdb', bytes: readBytes(db) }]);
    expect(opened.failures).toEqual([]);
    const runs = await engine.listRuns(opened.sources[0].id);
    expect(runs.map((r) => [r.commit, r.branch, new Date(r.ts).toISOString()]).sort()).toEqual([
      ['c0000000', 'main', '2026-11-01T10:00:00.000Z'],
      ['c1000000', 'main', '2026-11-02T10:00:00.000Z'],
    ]);
    const sums = await engine.runReadOnlySql('SELECT count(*), sum(value) FROM measurements');
    const other = await newEngine();
    await other.openFiles(fs.readdirSync(folder).map((f) => ({ name: f, bytes: readBytes(path.join(folder, f)) })));
    expect((await other.runReadOnlySql('SELECT count(*), sum(value) FROM measurements')).rows).toEqual(sums.rows);
  });

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const root = tempDir();
    const dir = path.join(root, 'runs');
    const notBench = path.join(root, 'notes.txt');
    fs.writeFileSync(notBench, 'hello\nthis is not a benchmark\n');
    const empty = path.join(root, 'empty.json');
    fs.writeFileSync(empty, '');
    const cases: [string[], RegExp][] = [
      [[notBench], /not a benchmark tool output/],
      [[empty], /empty/i],
      [[path.join(root, 'missing.json')], /cannot read .*missing\.json: no such file/],
      [[root], /is a folder/],
      [[CARGO, notBench], /notes\.txt/],
      [[CARGO, '--env', 'bad key=1'], /--env takes KEY=VALUE/],
      [[CARGO, '--env', 'novalue'], /--env takes KEY=VALUE/],
      [[CARGO, '--time', 'yesterday-ish'], /--time must be/],
      [[CARGO, '--db', path.join(root, 'x.duckdb')], /not both/],
    ];
    for (const [args, message] of cases) {
      const r = await run('record', ...args, '--to', dir, '--commit', 'dddd4444');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    const notDuckDb = await run('record', CARGO, '--db', path.join(root, 'x.parquet'));
    expect(notDuckDb.code).toBe(2);
    expect(notDuckDb.err).toMatch(/one \.duckdb file/);
    const badToDb = await run('record', notBench, '--db', path.join(root, 'x.duckdb'), '--commit', 'dddd4444');
    expect(badToDb.code).toBe(2);
    const noDir = await run('record', CARGO);
    expect(noDir.code).toBe(2);
    expect(noDir.err).toMatch(/needs --to DIR .* or --db FILE\.duckdb/);
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(path.join(root, 'x.duckdb'))).toBe(false);
  });
});

describe('runStamp defaults', () => {
  it('takes options first, then GitHub, then GitLab variables', () => {
    const github = { GITHUB_SHA: 'gh1', GITHUB_HEAD_REF: 'feature', GITHUB_REF_NAME: '12/merge' };
    expect(runStamp({}, { ...NO_CI, env: github }).stamp).toMatchObject({
      commit: 'gh1',
      branch: 'feature',
      time: '2026-01-02T03:04:05.000Z',
    });
    // A push: GITHUB_HEAD_REF is set but empty.
    expect(runStamp({}, { ...NO_CI, env: { ...github, GITHUB_HEAD_REF: '' } }).stamp.branch).toBe('12/merge');
    const gitlab = { CI_COMMIT_SHA: 'gl1', CI_COMMIT_REF_NAME: 'release' };
    expect(runStamp({}, { ...NO_CI, env: gitlab }).stamp).toMatchObject({ commit: 'gl1', branch: 'release' });
    expect(
      runStamp({ commit: 'mine', branch: 'b', time: '2026-05-01T00:00:00+02:00' }, { ...NO_CI, env: gitlab }).stamp,
    ).toMatchObject({ commit: 'mine', branch: 'b', time: '2026-04-30T22:00:00.000Z' });
  });

  it('outside a repository and without CI variables: no commit, said in a note, and the time is now', () => {
    const { stamp, notes } = runStamp({ env: ['a=b=c'] }, NO_CI);
    expect(stamp).toMatchObject({ commit: null, branch: null, time: '2026-01-02T03:04:05.000Z' });
    expect(stamp.environment).toEqual({ a: 'b=c' });
    expect(notes.join(' ')).toMatch(/no commit/);
  });

  it('in a git repository: the commit, its commit time and the branch from git', () => {
    const repo = tempDir();
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
          GIT_COMMITTER_DATE: '2026-03-04T05:06:07Z',
          GIT_AUTHOR_DATE: '2026-03-04T05:06:07Z',
        },
      }).trim();
    git('init', '-q', '-b', 'trunk');
    fs.writeFileSync(path.join(repo, 'a.txt'), 'a');
    git('add', 'a.txt');
    git('commit', '-q', '-m', 'first');
    const head = git('rev-parse', 'HEAD');
    const { stamp, notes } = runStamp({}, { ...NO_CI, cwd: repo });
    expect(stamp).toMatchObject({ commit: head, branch: 'trunk', time: '2026-03-04T05:06:07.000Z' });
    expect(notes).toEqual([]);
    // Another commit named by CI: git's branch still fills in, but its commit time is not that run's.
    const other = runStamp({}, { ...NO_CI, cwd: repo, env: { GITHUB_SHA: 'elsewhere' } }).stamp;
    expect(other).toMatchObject({ commit: 'elsewhere', branch: 'trunk', time: '2026-01-02T03:04:05.000Z' });
  });
});
