// action.yml run step by step as GitHub runs it (tests/unit/helpers/action-runner.ts), against a local bare git
// repository as the remote: pushes to main record real tool outputs (Google Benchmark, pytest-benchmark, cargo bench)
// on the history branch, one run file each, and publish the site to gh-pages; a pull request with a +15 % slowdown
// is judged against the base as it was at the merge base, named in the step summary, and fails the step with
// fail-on-regression. Comments go to the fake GitHub API on loopback.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL } from '../real-files.ts';
import { tempDir } from './helpers/engine.ts';
import { startFakeGitHub } from './helpers/fake-github.ts';
import { loadAction, runAction, type ActionRun } from './helpers/action-runner.ts';
import { recordArgs } from './helpers/record.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REPO = 'acme/widgets';
const TOKEN = 'ghs_test_token';
const HISTORY = 'perftrack-history';
const OUTPUT = 'bench/*.json\nbench/cargo.txt\n';
/** Pushes to main: the pull request branches off after the fifth; GitHub's merge commit for it is made on top of
 *  the sixth; the seventh comes after that merge commit, so the check must leave its run out. */
const PUSHES = 7;
const BRANCH_AFTER = 5;
const MERGED_ONTO = 6;
/** Pushes from this one on publish the site (the first five only record: publishing is the slow part). */
const FIRST_PUBLISH = 6;
/** The push during which another runner's run of the same commit lands first (its push is rejected once). */
const RACE_AT = 2;

const GBENCH = path.join(REAL, 'harness_outputs/google_benchmark/tools/gbench/Inputs/test1_run1.json');
const PYTEST = path.join(
  REAL,
  'harness_outputs/pytest-benchmark/tests/test_storage/0030_5b78858eb718649a31fb93d8dc96ca2cee41a4cd_20150815_030419_uncommitted-changes.json',
);
const CARGO = path.join(REAL, 'harness_outputs/github-action-benchmark/test/data/extract/cargo_output.txt');
/** The benchmark the pull request slows down by 15 %. */
const SLOWED = 'bench_fib_20';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv(), encoding: 'utf8' }).trim();
}
function gitWith(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...gitEnv(), ...env }, encoding: 'utf8' }).trim();
}

let home: string;
function gitEnv(date?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Dev',
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: 'Dev',
    GIT_COMMITTER_EMAIL: 'dev@example.com',
  };
  if (date) env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = date;
  return env;
}

function commit(dev: string, message: string, date: string, file = 'src.txt'): string {
  fs.appendFileSync(path.join(dev, file), `${message}\n`);
  execFileSync('git', ['add', file], { cwd: dev, env: gitEnv() });
  execFileSync('git', ['commit', '-q', '-m', message], { cwd: dev, env: gitEnv(date) });
  return git(dev, 'rev-parse', 'HEAD');
}

/** What actions/checkout leaves: a shallow clone of one commit, `origin` the remote. */
function checkout(remote: string, ref: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  git(into, 'init', '-q');
  git(into, 'remote', 'add', 'origin', `file://${remote}`);
  git(into, 'fetch', '-q', '--no-tags', '--depth=1', 'origin', `+${ref}:refs/remotes/checkout`);
  git(into, 'checkout', '-q', '--detach', 'refs/remotes/checkout');
  return git(into, 'rev-parse', 'HEAD');
}

/** A seeded generator (mulberry32) and normal draws from it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * The three tools' real outputs with every time scaled by 1 ± 1 % (seeded per run and benchmark), and SLOWED by
 * `slowdown` on top: one run of a project's benchmark job.
 */
function writeOutputs(dir: string, seed: number, slowdown = 1): void {
  const normal = random(seed);
  const factor = () => 1 + 0.01 * normal();
  fs.mkdirSync(path.join(dir, 'bench'), { recursive: true });
  const gbench = JSON.parse(fs.readFileSync(GBENCH, 'utf8')) as { benchmarks: Record<string, number>[] };
  for (const b of gbench.benchmarks) {
    const f = factor();
    b.real_time *= f;
    b.cpu_time *= f;
  }
  fs.writeFileSync(path.join(dir, 'bench/gbench.json'), JSON.stringify(gbench, null, 2));
  const pytest = JSON.parse(fs.readFileSync(PYTEST, 'utf8')) as { benchmarks: { stats: Record<string, unknown> }[] };
  for (const b of pytest.benchmarks) {
    const f = factor();
    for (const key of ['min', 'max', 'mean', 'median', 'stddev', 'q1', 'q3', 'iqr', 'ld15iqr', 'hd15iqr'])
      b.stats[key] = (b.stats[key] as number) * f;
  }
  fs.writeFileSync(path.join(dir, 'bench/pytest.json'), JSON.stringify(pytest, null, 4));
  const cargo = fs
    .readFileSync(CARGO, 'utf8')
    .replace(
      /^(test (\S+) \.\.\. bench:\s+)([\d,]+)( ns\/iter)/gm,
      (_, head: string, name: string, value: string, tail: string) => {
        const scaled = Number(value.replace(/,/g, '')) * factor() * (name === SLOWED ? slowdown : 1);
        return `${head}${Math.round(scaled).toLocaleString('en-US')}${tail}`;
      },
    );
  fs.writeFileSync(path.join(dir, 'bench/cargo.txt'), cargo);
}

/** The remote's pre-receive hook: once armed (a commit in race-commit), another job's run lands on the history
 *  branch just before a push, which is then rejected as GitHub rejects a push whose base is no longer the tip. */
const RACE_HOOK = `#!/bin/bash
while read -r old new ref; do
  if [ "$ref" = refs/heads/${HISTORY} ] && [ -f race-commit ]; then
    commit="$(cat race-commit)"
    rm race-commit
    env -u GIT_QUARANTINE_PATH git update-ref "$ref" "$commit" "$old"
    echo "another job pushed first" >&2
    exit 1
  fi
done
`;

/** Another runner's run of `sha`, committed on top of the history branch in the remote but on no branch yet: the
 *  hook moves the branch to it during the next push. Returns its results. */
function armRace(root: string, remote: string, sha: string, time: string): number {
  const other = path.join(root, 'other-runner');
  writeOutputs(other, 555);
  const outputs = ['gbench.json', 'pytest.json', 'cargo.txt'].map((f) => path.join(other, 'bench', f));
  const recorded = JSON.parse(
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/perftrack.mjs'),
        ...recordArgs(outputs, path.join(other, 'runs'), { commit: sha, branch: 'main', time, env: 'runner=other' }),
        '--format',
        'json',
      ],
      { cwd: other, env: gitEnv(), encoding: 'utf8' },
    ),
  ) as { file: string; results: number };
  const index = { GIT_INDEX_FILE: path.join(root, 'race.index') };
  const blob = git(remote, 'hash-object', '-w', recorded.file);
  gitWith(index, remote, 'read-tree', `refs/heads/${HISTORY}`);
  gitWith(index, remote, 'update-index', '--add', '--cacheinfo', `100644,${blob},runs/${path.basename(recorded.file)}`);
  const tree = gitWith(index, remote, 'write-tree');
  const commit = git(remote, 'commit-tree', tree, '-p', `refs/heads/${HISTORY}`, '-m', 'another runner');
  fs.writeFileSync(path.join(remote, 'race-commit'), commit);
  return recorded.results;
}

/** Markdown as a reader sees it: entities decoded, code spans' tags dropped. */
function plain(markdown: string): string {
  return markdown
    .replace(/<\/?code>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The verdict's table rows shown before its collapsed sections (the worse and the better ones). */
function shownRows(markdown: string): string[] {
  return plain(markdown)
    .split('<details>')[0]
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| series') && !line.startsWith('| ---'));
}

const repository = { full_name: REPO, name: 'widgets', owner: { login: 'acme' }, default_branch: 'main' };

interface EventRun {
  workspace: string;
  event: Record<string, unknown>;
  eventName: string;
  sha: string;
  ref: string;
  headRef?: string;
  baseRef?: string;
  inputs: Record<string, string>;
  apiUrl?: string;
}

/** The variables GitHub sets for a job, and the `github` context, around one run of the action. */
async function runWith(root: string, run: EventRun): Promise<ActionRun> {
  const temp = fs.mkdtempSync(path.join(root, 'runner-'));
  const eventPath = path.join(temp, 'event.json');
  fs.writeFileSync(eventPath, JSON.stringify(run.event, null, 2));
  const refName = run.ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\//, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: run.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: run.sha,
    GITHUB_REF: run.ref,
    GITHUB_REF_NAME: refName.replace(/^pull\//, ''),
    GITHUB_REF_TYPE: 'branch',
    GITHUB_HEAD_REF: run.headRef ?? '',
    GITHUB_BASE_REF: run.baseRef ?? '',
    GITHUB_REPOSITORY: REPO,
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_WORKSPACE: run.workspace,
    GITHUB_API_URL: run.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1001',
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
  };
  return runAction({
    actionPath: ROOT,
    inputs: run.inputs,
    github: {
      token: TOKEN,
      event_name: run.eventName,
      event: run.event,
      sha: run.sha,
      ref: run.ref,
      repository: REPO,
      workspace: run.workspace,
    },
    env,
    temp,
  });
}

/** A branch of the bare remote: its files, or one file's text. */
function lsTree(remote: string, branch: string, folder = ''): string[] {
  const out = git(remote, 'ls-tree', '-r', '--name-only', `refs/heads/${branch}`, ...(folder ? [folder] : []));
  return out ? out.split('\n') : [];
}
function show(remote: string, branch: string, file: string): string {
  return git(remote, 'show', `refs/heads/${branch}:${file}`);
}

describe('action.yml', () => {
  it('is a composite action of plain bash steps with no ${{ }} inside a script', () => {
    const action = loadAction(path.join(ROOT, 'action.yml'));
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining([
        'output',
        'history-branch',
        'base',
        'publish',
        'site-url',
        'fail-on-regression',
        'comment',
        'github-token',
      ]),
    );
    expect(action.inputs['history-branch'].default).toBe(HISTORY);
    expect(action.inputs.publish.default).toBe('gh-pages');
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}');
    for (const step of action.runs.steps) {
      expect(step.uses).toBeUndefined();
      expect(step.shell).toBe('bash');
      expect(step.run).not.toMatch(/\$\{\{/);
    }
  });

  describe('on a repository (a bare remote), pushes then a pull request', () => {
    let root: string;
    let remote: string;
    let dev: string;
    const pushed: string[] = [];
    const pushRuns: ActionRun[] = [];
    let raceResults = 0;
    let prHead: string;
    let prMerge: string;

    beforeAll(async () => {
      root = tempDir();
      home = path.join(root, 'home');
      fs.mkdirSync(home);
      remote = path.join(root, 'remote.git');
      fs.mkdirSync(remote);
      git(remote, 'init', '-q', '--bare', '--initial-branch=main');
      fs.writeFileSync(path.join(remote, 'hooks/pre-receive'), RACE_HOOK, { mode: 0o755 });
      dev = path.join(root, 'dev');
      fs.mkdirSync(dev);
      git(dev, 'init', '-q', '--initial-branch=main');
      git(dev, 'remote', 'add', 'origin', remote);
      commit(dev, 'initial', '2026-11-01T09:00:00Z');
      git(dev, 'push', '-q', 'origin', 'main');

      for (let i = 0; i < PUSHES; i++) {
        if (i === BRANCH_AFTER) {
          // The pull request branches off here: its head slows SLOWED down by 15 %.
          git(dev, 'checkout', '-q', '-b', 'feature');
          prHead = commit(dev, 'feature: a slower fib', '2026-11-20T09:00:00Z', 'fib.txt');
          git(dev, 'push', '-q', 'origin', 'feature');
          git(dev, 'checkout', '-q', 'main');
        }
        const time = `2026-11-${String(10 + i).padStart(2, '0')}T09:00:00Z`;
        const sha = commit(dev, `change ${i + 1}`, time);
        git(dev, 'push', '-q', 'origin', 'main');
        pushed.push(sha);
        if (i + 1 === RACE_AT) raceResults = armRace(root, remote, sha, time);
        const workspace = path.join(root, `push-${i + 1}`);
        checkout(remote, 'refs/heads/main', workspace);
        writeOutputs(workspace, 100 + i);
        const run = await runWith(root, {
          workspace,
          eventName: 'push',
          sha,
          ref: 'refs/heads/main',
          event: {
            ref: 'refs/heads/main',
            before: i ? pushed[i - 1] : '0'.repeat(40),
            after: sha,
            repository,
            head_commit: { id: sha, message: `change ${i + 1}` },
          },
          inputs: {
            output: OUTPUT,
            publish: i + 1 >= FIRST_PUBLISH ? 'gh-pages' : '',
            // Inputs reach the scripts as data, never as code.
            env: i === 0 ? 'runner-label=$(touch injected)\nrustc=1.80' : 'rustc=1.80',
          },
        });
        pushRuns.push(run);
        if (process.env.PERFTRACK_ACTION_LOG) console.log(run.log);
        if (run.code !== 0) throw new Error(`push ${i + 1}: the action failed\n${run.log}`);
        if (i + 1 === MERGED_ONTO) {
          // GitHub's refs for pull request #7: its head, and the merge commit the pull_request event checks out.
          git(dev, 'checkout', '-q', '--detach', 'main');
          git(dev, 'merge', '-q', '--no-ff', '-m', 'Merge feature into main', 'feature');
          prMerge = git(dev, 'rev-parse', 'HEAD');
          git(dev, 'push', '-q', 'origin', `${prHead}:refs/pull/7/head`, `${prMerge}:refs/pull/7/merge`);
          git(dev, 'checkout', '-q', 'main');
        }
      }
    }, 600_000);

    it('records one run file per push on the history branch, stamped with its commit, branch and time', () => {
      const runs = lsTree(remote, HISTORY, 'runs');
      expect(runs).toHaveLength(PUSHES + 1);
      const ours = pushRuns.map((run) => run.outputs['run-file']);
      expect(runs).toEqual(expect.arrayContaining(ours));
      const stamps = ours.map(
        (file) => (JSON.parse(show(remote, HISTORY, file)) as { run: Record<string, unknown> }).run,
      );
      expect(stamps.map((s) => s.commit)).toEqual(pushed);
      expect(new Set(stamps.map((s) => s.branch))).toEqual(new Set(['main']));
      expect(stamps[0].time).toBe('2026-11-10T09:00:00.000Z');
      expect(stamps[0].message).toBe('change 1');
      expect(stamps[0].environment).toEqual({
        runner: 'Linux-X64',
        'runner-label': '$(touch injected)',
        rustc: '1.80',
      });
      expect(fs.existsSync(path.join(root, 'push-1', 'injected'))).toBe(false);
      // One commit per push, each adding its file to the last, and the other runner's in between.
      expect(git(remote, 'rev-list', '--count', `refs/heads/${HISTORY}`)).toBe(String(PUSHES + 1));
      expect(pushRuns.map((run) => run.outputs.mode)).toEqual(Array(PUSHES).fill('record'));
    });

    it('redoes a push another job beat on top of the new tip, keeping both runs', () => {
      const record = pushRuns[RACE_AT - 1].steps.find((s) => s.id === 'record')!;
      expect(record.stdout).toContain(`the push to ${HISTORY} was rejected (attempt 1)`);
      expect(record.stdout).toMatch(/recorded runs\/\S+ on perftrack-history \(attempt 2\)/);
      const other = lsTree(remote, HISTORY, 'runs').filter((f) => !pushRuns.some((r) => r.outputs['run-file'] === f));
      expect(other).toHaveLength(1);
      const run = (JSON.parse(show(remote, HISTORY, other[0])) as { run: Record<string, unknown> }).run;
      expect(run).toMatchObject({ commit: pushed[RACE_AT - 1], environment: { runner: 'other' } });
      expect(fs.existsSync(path.join(remote, 'race-commit'))).toBe(false);
    });

    it('publishes the history to gh-pages, a site whose data holds every push', () => {
      const files = lsTree(remote, 'gh-pages');
      expect(files).toEqual(
        expect.arrayContaining([
          '.nojekyll',
          'index.html',
          'perftrack.config.json',
          'data/manifest.json',
          'data/summary.json',
        ]),
      );
      const config = JSON.parse(show(remote, 'gh-pages', 'perftrack.config.json')) as Record<string, unknown>;
      expect(config).toMatchObject({
        source: 'data/manifest.json',
        title: 'widgets benchmarks',
        basePath: '/widgets/',
      });
      const manifest = JSON.parse(show(remote, 'gh-pages', 'data/manifest.json')) as {
        partitions: { rows: number }[];
      };
      // Every result each push recorded (its record step says how many) is a row of the published partitions.
      const recorded = pushRuns.map((run) => {
        const line = /recorded (\d+) results of /.exec(run.steps.find((s) => s.id === 'record')!.stdout);
        return Number(line?.[1]);
      });
      expect(recorded[0]).toBeGreaterThan(16);
      const rows = manifest.partitions.reduce((sum, p) => sum + p.rows, 0);
      expect(rows).toBe(recorded.reduce((a, b) => a + b, 0) + raceResults);
      // Each publishing push published once, on top of the previous site.
      expect(git(remote, 'rev-list', '--count', 'refs/heads/gh-pages')).toBe(String(PUSHES - FIRST_PUBLISH + 1));
    });

    function pullRequest(fork = false): Record<string, unknown> {
      const headRepo = fork ? { full_name: 'someone/widgets' } : { full_name: REPO };
      return {
        action: 'synchronize',
        number: 7,
        pull_request: {
          number: 7,
          head: { ref: 'feature', sha: prHead, repo: headRepo },
          base: { ref: 'main', sha: pushed[MERGED_ONTO - 1], repo: { full_name: REPO } },
        },
        repository,
      };
    }

    async function checkPullRequest(
      name: string,
      inputs: Record<string, string>,
      slowdown: number,
      fork = false,
      apiUrl?: string,
    ): Promise<ActionRun> {
      const workspace = path.join(root, name);
      checkout(remote, 'refs/pull/7/merge', workspace);
      writeOutputs(workspace, 999, slowdown);
      return runWith(root, {
        workspace,
        eventName: 'pull_request',
        sha: prMerge,
        ref: 'refs/pull/7/merge',
        headRef: 'feature',
        baseRef: 'main',
        event: pullRequest(fork),
        inputs: { output: OUTPUT, ...inputs },
        apiUrl,
      });
    }

    it('checks a pull request with a +15 % slowdown against main at the merge base and names it', async () => {
      const run = await checkPullRequest('pr-slow', {}, 1.15);
      expect(run.code, run.log).toBe(0);
      expect(run.outputs.mode).toBe('check');
      const check = run.steps.find((s) => s.id === 'check')!;
      // The merge commit holds main up to the sixth push: its runs count (and the other runner's), the seventh's not.
      expect(check.stdout).toContain(`merge base of main and ${prMerge.slice(0, 12)}: ${pushed[MERGED_ONTO - 1]}`);
      expect(plain(run.summary)).toContain(
        `at merge base ${pushed[MERGED_ONTO - 1].slice(0, 8)} (${MERGED_ONTO + 1} base runs)`,
      );
      expect(plain(run.summary)).toMatch(/\b1 worse\b/);
      const shown = shownRows(run.summary);
      expect(shown).toHaveLength(1);
      expect(shown[0]).toMatch(new RegExp(`^\\| ${SLOWED} \\|.*\\+1\\d(\\.\\d)?%`));
      expect(run.outputs['check-exit-code']).toBe('0');
      expect(shownRows(fs.readFileSync(run.outputs.report, 'utf8'))).toEqual(shown);
    });

    it('fails the step with fail-on-regression', async () => {
      const run = await checkPullRequest('pr-slow-fail', { 'fail-on-regression': 'true' }, 1.15);
      expect(run.code, run.log).toBe(1);
      expect(run.steps.at(-1)!.id).toBe('check');
      expect(run.outputs['check-exit-code']).toBe('1');
      expect(run.log).toContain('::error::perftrack: a benchmark is worse');
      expect(shownRows(run.summary)[0]).toMatch(new RegExp(`^\\| ${SLOWED} \\|`));
    });

    it('passes an unchanged pull request even with fail-on-regression', async () => {
      const run = await checkPullRequest('pr-same', { 'fail-on-regression': 'true' }, 1);
      expect(run.code, run.log).toBe(0);
      expect(run.outputs['check-exit-code']).toBe('0');
      expect(plain(run.summary)).toMatch(/\b0 worse\b/);
      expect(shownRows(run.summary)).toEqual([]);
    });

    it('comments on a pull request from the repository once, and updates that comment on the next run', async () => {
      const gh = await startFakeGitHub({ tokens: { [TOKEN]: 'write' } });
      try {
        gh.addComments(REPO, 7, ['looks good to me']);
        const first = await checkPullRequest('pr-comment-1', { comment: 'true' }, 1.15, false, gh.url);
        expect(first.code, first.log).toBe(0);
        const posted = gh.comments(REPO, 7);
        expect(posted).toHaveLength(2);
        expect(posted[1].body).toBe(fs.readFileSync(first.outputs.report, 'utf8').trimEnd());
        expect(shownRows(posted[1].body)[0]).toMatch(new RegExp(`^\\| ${SLOWED} \\|`));
        const second = await checkPullRequest('pr-comment-2', { comment: 'true' }, 1, false, gh.url);
        expect(second.code, second.log).toBe(0);
        const updated = gh.comments(REPO, 7);
        expect(updated.map((c) => c.id)).toEqual(posted.map((c) => c.id));
        expect(updated[1].body).not.toBe(posted[1].body);
        expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
      } finally {
        await gh.close();
      }
    });

    it('posts no comment for a pull request from a fork, and says why', async () => {
      const gh = await startFakeGitHub({ tokens: { [TOKEN]: 'read' } });
      try {
        const run = await checkPullRequest('pr-fork', { comment: 'true' }, 1.15, true, gh.url);
        expect(run.code, run.log).toBe(0);
        expect(run.log).toContain('a pull request from a fork gets a read-only token, so no comment is posted');
        expect(shownRows(run.summary)[0]).toMatch(new RegExp(`^\\| ${SLOWED} \\|`));
        expect(gh.requests).toEqual([]);
      } finally {
        await gh.close();
      }
    });

    it('does nothing on other events, whatever the outputs', async () => {
      const workspace = path.join(root, 'release');
      checkout(remote, 'refs/heads/main', workspace);
      const run = await runWith(root, {
        workspace,
        eventName: 'release',
        sha: pushed[PUSHES - 1],
        ref: 'refs/heads/main',
        event: { action: 'published', repository },
        inputs: { output: 'bench/*.json' },
      });
      expect(run.code, run.log).toBe(0);
      expect(run.outputs.mode).toBe('skip');
      expect(run.log).toContain('::notice::perftrack: nothing to do on a release event');
      expect(lsTree(remote, HISTORY, 'runs')).toHaveLength(PUSHES + 1);
    });

    it('refuses outputs that match no file, naming the pattern', async () => {
      const workspace = path.join(root, 'push-missing');
      checkout(remote, 'refs/heads/main', workspace);
      const run = await runWith(root, {
        workspace,
        eventName: 'push',
        sha: pushed[PUSHES - 1],
        ref: 'refs/heads/main',
        event: { ref: 'refs/heads/main', repository },
        inputs: { output: 'bench/*.json' },
      });
      expect(run.code).toBe(2);
      expect(run.steps.at(-1)!.id).toBe('plan');
      expect(run.log).toContain('no benchmark output matches "bench/*.json"');
      expect(lsTree(remote, HISTORY, 'runs')).toHaveLength(PUSHES + 1);
    });
  });
});
