// `perftrack check --head FILE… --base BRANCH` on the command line: the verdicts in text, JSON and Markdown, the job
// summary, the pull request comment posted once and then updated in place through a GitHub API on loopback, a fork's
// read-only token, and the clear lines and exit codes for usage mistakes, no base history, new and removed benchmarks.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Rng } from '../../src/lib/analysis/corpus.ts';
import { PR_COMMENT_MARKER } from '../../src/lib/report/pr-comment.ts';
import { REAL } from '../real-files.ts';
import { runCli as run } from './helpers/cli.ts';
import { tempDir } from './helpers/engine.ts';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts';

const GBENCH = path.join(REAL, 'harness_outputs/google_benchmark/tools/gbench/Inputs/test1_run1.json');
const PYTEST = path.join(
  REAL,
  'harness_outputs/pytest-benchmark/tests/test_storage/0001_b87b9aae14ff14a7887a6bbaa9731b9a8760555d_20150814_190343_uncommitted-changes.json',
);
const REPO = 'octo/bench';
const sha = (i: number) => i.toString(16).padStart(40, '0');

type GBench = { benchmarks: { name: string; real_time?: number; cpu_time?: number }[] };

function gbenchRun(file: string, rng: Rng, factor: Record<string, number> = {}): string {
  const doc = JSON.parse(fs.readFileSync(GBENCH, 'utf8')) as GBench;
  for (const b of doc.benchmarks) {
    const f = (factor[b.name] ?? 1) * (1 + 0.01 * rng.normal());
    if (b.real_time !== undefined) b.real_time *= f;
    if (b.cpu_time !== undefined) b.cpu_time *= f;
  }
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('check --head --base', () => {
  const dir = tempDir();
  const history = path.join(dir, 'history');
  const rng = new Rng(23);
  let gh: FakeGitHub;
  let slow: string;
  let same: string;

  beforeAll(async () => {
    for (let i = 1; i <= 20; i++) {
      const file = gbenchRun(path.join(dir, `run${i}.json`), rng);
      const time = new Date(Date.UTC(2026, 10, i)).toISOString();
      const args = ['--to', history, '--commit', sha(i), '--branch', 'main', '--time', time];
      expect((await run('record', file, ...args)).code).toBe(0);
    }
    // A feature branch's run in the history is not the base.
    const feature = gbenchRun(path.join(dir, 'feature.json'), rng, { BM_SameTimes: 3 });
    const args = ['--to', history, '--commit', sha(99), '--branch', 'feature', '--time', '2026-11-25T00:00:00Z'];
    expect((await run('record', feature, ...args)).code).toBe(0);
    slow = gbenchRun(path.join(dir, 'slow.json'), rng, { BM_2xFaster: 1.2 });
    same = gbenchRun(path.join(dir, 'same.json'), rng);
    gh = await startFakeGitHub({ tokens: { ghs_write: 'write', ghs_fork: 'read' } });
  }, 300_000);
  afterAll(() => gh?.close());
  afterEach(() => vi.unstubAllEnvs());

  const check = (...args: string[]) =>
    run('check', '--db', history, '--base', 'main', '--merge-base', sha(20), '--no-summary', ...args);

  it('text: the summary, the worse series named with its size, the rest counted; exit 1 only when asked', async () => {
    const result = await check('--head', slow);
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(
      /^check of 28 series and metrics against main at merge base 00000000 \(20 base runs, 1 head run\): 2 worse, 0 better/,
    );
    expect(lines.filter((l) => l.startsWith('- WORSE'))).toHaveLength(2);
    for (const l of lines.filter((l) => l.startsWith('- WORSE')))
      expect(l).toMatch(/\+(1[7-9]|2[0-3])\.\d% \w+ of BM_2xFaster/);
    expect(result.out).toMatch(/- \d+ in line: within their base's noise/);
    expect((await check('--head', slow, '--fail-on-regression')).code).toBe(1);
    expect((await check('--head', same, '--fail-on-regression')).code).toBe(0);
  }, 120_000);

  it('json: one verdict per series with the issue’s fields, and two head runs counted as two', async () => {
    const result = await check('--head', same, '--head', slow, '--format', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out);
    expect(json.base).toMatchObject({ branch: 'main', merge_base: sha(20), runs: 20 });
    expect(json.head.runs).toBe(2);
    expect(json.verdicts).toHaveLength(28);
    for (const v of json.verdicts) {
      expect(['worse', 'better', 'in line', 'inconclusive']).toContain(v.verdict);
      expect(v).toHaveProperty('series_label');
      expect(v).toHaveProperty('metric');
      expect(v).toHaveProperty('change_pct');
      expect(v).toHaveProperty('detectable_pct');
      expect(v.head_runs).toBe(2);
    }
    // One slow run and one unchanged: the two disagree, so it is not a confirmed change.
    expect(json.verdicts.filter((v: { verdict: string }) => v.verdict === 'worse')).toEqual([]);
  }, 120_000);

  it('no base history, new and removed benchmarks each get a clear line', async () => {
    const none = await run('check', '--db', history, '--head', slow, '--base', 'develop', '--no-summary');
    expect(none.code).toBe(0);
    expect(none.out).toMatch(
      /no run of branch develop in the history, so nothing to compare with \(its branches: feature, main\)/,
    );
    const other = await check('--head', PYTEST);
    expect(other.code).toBe(0);
    expect(other.out).toMatch(/^check of 0 series/);
    expect(other.out).toMatch(/- new: .*test_xfast_parametrized\[0\].*: no base history to compare with/);
    expect(other.out).toMatch(/- removed: .*BM_SameTimes: in main's history, not in the head results/);
  }, 120_000);

  it('usage mistakes exit 2 with what to do, analysing nothing', async () => {
    const noBase = await run('check', '--db', history, '--head', slow);
    expect(noBase.code).toBe(2);
    expect(noBase.err).toMatch(/needs --base BRANCH/);
    const noHead = await run('check', '--db', history, '--base', 'main');
    expect(noHead.code).toBe(2);
    expect(noHead.err).toMatch(/needs the head results: --head FILE/);
    const missing = await check('--head', path.join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*nope\.json: no such file/);
    const bad = await check('--head', slow, '--threshold', '0');
    expect(bad.code).toBe(2);
    const notBench = path.join(dir, 'notes.txt');
    fs.writeFileSync(notBench, 'hello\n');
    const unknown = await check('--head', notBench);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/not a benchmark tool output/);
  }, 120_000);

  it('--comment posts one comment, then updates it in place; the job summary gets the whole Markdown', async () => {
    const summary = path.join(dir, 'summary.md');
    const event = path.join(dir, 'event.json');
    fs.writeFileSync(
      event,
      JSON.stringify({
        action: 'synchronize',
        number: 7,
        pull_request: {
          number: 7,
          base: { ref: 'main', sha: sha(20) },
          head: { ref: 'faster', sha: sha(77), repo: { full_name: REPO } },
        },
        repository: { full_name: REPO },
      }),
    );
    vi.stubEnv('GITHUB_EVENT_PATH', event);
    vi.stubEnv('GITHUB_REPOSITORY', REPO);
    vi.stubEnv('GITHUB_API_URL', gh.url);
    vi.stubEnv('GITHUB_TOKEN', 'ghs_write');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summary);
    const args = ['--db', history, '--base', 'main', '--merge-base', sha(20), '--comment', '--fail-on-regression'];
    const first = await run('check', ...args, '--head', slow);
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/perftrack: posted comment \d+/);
    const second = await run('check', ...args, '--head', same);
    expect(second.code).toBe(0);
    expect(second.err).toMatch(/perftrack: updated comment \d+/);
    const comments = gh.comments(REPO, 7);
    expect(comments).toHaveLength(1);
    expect(comments[0].body.startsWith(PR_COMMENT_MARKER)).toBe(true);
    expect(comments[0].body).toMatch(/\*\*0 worse\*\*|0 worse/);
    const written = fs.readFileSync(summary, 'utf8');
    expect(written.split(PR_COMMENT_MARKER)).toHaveLength(3);
    expect(written).toContain('BM&#95;2xFaster');

    // A fork's pull request: its token is read-only. The verdict is printed, the summary written, and the step fails
    // with what to do.
    vi.stubEnv('GITHUB_TOKEN', 'ghs_fork');
    const fork = await run('check', ...args, '--head', same);
    expect(fork.code).toBe(2);
    expect(fork.out).toMatch(/^check of 28 series/);
    expect(fork.err).toMatch(/the comment was not posted: .*fork.*two-workflow pattern in docs\/ci\.md/);
    expect(fs.readFileSync(summary, 'utf8').split(PR_COMMENT_MARKER)).toHaveLength(4);
  }, 180_000);

  it('markdown: the comment body, with a link per series to the published page', async () => {
    const result = await check('--head', slow, '--format', 'markdown', '--site', 'https://octo.github.io/bench/');
    expect(result.code).toBe(0);
    expect(result.out.startsWith(PR_COMMENT_MARKER)).toBe(true);
    expect(result.out).toMatch(/\*\*2 worse\*\*/);
    expect(result.out).toMatch(/\[chart\]\(<https:\/\/octo\.github\.io\/bench\/#v1\./);
  }, 120_000);
});
