// The incident view's model (lib/analysis/incident.ts) on real and synthetic histories through the engine, the
// compare link it offers, and the commit picker's search (lib/format/commit-search.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL } from '../real-files.ts';
import { newEngine } from './helpers/engine.ts';
import { buildIncident, resolveCommit, type CommitInfo } from '../../src/lib/analysis/incident.ts';
import { compareUrl, repositoryOfCommitUrl, repositoryOfTemplate } from '../../src/lib/format/compare-link.ts';
import { searchCommits } from '../../src/lib/format/commit-search.ts';
import type { Engine } from '../../src/engine/engine.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

/** The data's commits oldest first, with the run list's message, author and page (as the page's store builds them). */
async function commitsOf(engine: Engine): Promise<CommitInfo[]> {
  const values = await engine.compareValues('commit');
  const context = new Map<string, { message: string | null; author: string | null; url: string | null }>();
  for (const source of await engine.listSources())
    if (source.schema === 'json-records')
      for (const run of await engine.listRuns(source.id))
        if (run.commit) context.set(run.commit, { message: run.message, author: run.author, url: run.commitUrl });
  return values
    .map((v) => ({ id: v.value, ts: v.firstTs, ...context.get(v.value) }))
    .sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1));
}

describe('the incident at a commit', () => {
  it("tokio's e2589a0e: the three series that step there, their change, status and last good commit", async () => {
    const engine = await newEngine();
    await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(TOKIO)), lastModified: 0 }]);
    const analysis = await engine.analyse();
    const commits = await commitsOf(engine);
    const picked = resolveCommit(commits, 'e2589a0e')!;
    expect(picked.message).toBeTruthy();
    const repository = repositoryOfCommitUrl(picked.url);
    expect(repository).toEqual({ url: 'https://github.com/tokio-rs/tokio', host: 'github' });

    const incident = buildIncident({ commit: 'e2589a0e', analysis, commits, repository });
    const atIt = incident.series.filter((s) => s.offset === 0);
    expect(atIt.map((s) => s.label.split(' · ')[0]).sort()).toEqual(['chained_spawn', 'ping_pong', 'spawn_many']);
    // The Overview's numbers, in its words: ping_pong +42.7 % of the level medians, still active.
    const ping = atIt.find((s) => s.label.startsWith('ping_pong'))!;
    expect(ping.change).toMatch(/^\+42\.7% \(level median .+ → .+\)$/);
    expect(atIt.every((s) => s.worse && s.status === 'active')).toBe(true);
    const regressions = analysis.regressions.filter((r) => r.firstBad.commit === picked.id);
    expect(new Set(atIt.map((s) => s.regression))).toEqual(new Set(regressions.map((r) => r.fingerprint)));
    // The last good commit is the one the series stood on before; the data's run before it.
    expect(incident.lastGood?.id.startsWith('51fad066')).toBe(true);
    expect(commits[commits.indexOf(picked) - 1].id).toBe(incident.lastGood!.id);
    expect(incident.compareUrl).toBe(
      `https://github.com/tokio-rs/tokio/compare/${incident.lastGood!.id}...${picked.id}`,
    );
    expect(incident.headline).toMatch(
      /^Commit e2589a0e \(2021-07-07 .+ UTC\): 3 series moved at it, 3 worse \(3 still active\)\./,
    );

    // A commit where nothing moved says so; one the data does not have, too.
    const quiet = buildIncident({ commit: commits[5].id, analysis, commits });
    expect(quiet.series.filter((s) => s.offset === 0)).toEqual([]);
    expect(quiet.headline).toMatch(/no series' level moved at it/);
    expect(buildIncident({ commit: 'ffffffffff', analysis, commits }).headline).toBe('That commit is not in the data.');
  }, 120_000);

  it('lists a shift the detector placed one run off, and says where', async () => {
    // Three benchmarks over 60 commits; a and b step +30 % at commit 30, c steps +30 % at commit 31.
    const lines = ['date,benchmark,metric,value,unit,commit'];
    let seed = 7;
    const noise = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31 - 0.5) * 2;
    };
    const id = (i: number) => `c${String(i).padStart(3, '0')}deadbeef`;
    for (let i = 0; i < 60; i++) {
      const date = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      for (const [bench, stepAt] of [
        ['a', 30],
        ['b', 30],
        ['c', 31],
      ] as const) {
        const value = 100 * (i >= stepAt ? 1.3 : 1) * (1 + 0.01 * noise());
        lines.push(`${date},${bench},time,${value.toFixed(3)},ms,${id(i)}`);
      }
    }
    const engine = await newEngine();
    await engine.openFiles([
      { name: 'steps.csv', bytes: new TextEncoder().encode(lines.join('\n') + '\n'), lastModified: 0 },
    ]);
    const analysis = await engine.analyse();
    const commits = await commitsOf(engine);
    expect(commits).toHaveLength(60);
    const incident = buildIncident({ commit: id(30), analysis, commits });
    const byName = new Map(incident.series.map((s) => [s.label, s]));
    expect([...byName.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(byName.get('a')!.offset).toBe(0);
    expect(byName.get('b')!.offset).toBe(0);
    expect(byName.get('c')!.offset).toBe(1);
    expect(byName.get('c')!.placement).toBe(
      'The detector placed this shift 1 run later, at commit c031dead (2025-02-01 00:00).',
    );
    // Those at the commit come first; the shift a run off is counted apart in the headline.
    expect(incident.series.map((s) => s.offset)).toEqual([0, 0, 1]);
    expect(incident.headline).toMatch(
      /2 series moved at it, 2 worse \(2 still active\)\. 1 more shift placed within 2 runs of it\.$/,
    );
    expect(incident.lastGood?.id).toBe(id(29));
    // Without a repository there is no compare link; with only one run allowed, the shift two runs off is left out.
    expect(incident.compareUrl).toBeNull();
    const narrow = buildIncident({ commit: id(29), analysis, commits, near: 1 });
    expect(narrow.series.map((s) => s.label).sort()).toEqual(['a', 'b']);
    expect(narrow.series.every((s) => s.offset === 1)).toBe(true);
  }, 120_000);
});

describe('compare links', () => {
  it('from a commit page or the Settings template; nothing from other URL shapes', () => {
    const gh = repositoryOfCommitUrl('https://github.com/tokio-rs/tokio/commit/abc1234');
    expect(compareUrl(gh, 'abc1234', 'def5678')).toBe('https://github.com/tokio-rs/tokio/compare/abc1234...def5678');
    const gl = repositoryOfCommitUrl('https://gitlab.com/group/sub/project/-/commit/abc1234');
    expect(compareUrl(gl, 'abc1234', 'def5678')).toBe(
      'https://gitlab.com/group/sub/project/-/compare/abc1234...def5678',
    );
    expect(repositoryOfTemplate('https://github.com/org/repo/commit/{commit}')).toEqual({
      url: 'https://github.com/org/repo',
      host: 'github',
    });
    expect(repositoryOfCommitUrl('https://example.com/changes?id=abc')).toBeNull();
    expect(repositoryOfCommitUrl('javascript:alert(1)//commit/x')).toBeNull();
    expect(repositoryOfTemplate('not a url {commit}')).toBeNull();
    // Not plain revisions, or the same commit twice: no link.
    expect(compareUrl(gh, 'abc1234', 'a b')).toBeNull();
    expect(compareUrl(gh, 'abc1234', 'abc1234')).toBeNull();
    expect(compareUrl(null, 'abc1234', 'def5678')).toBeNull();
  });
});

describe('the commit picker search', () => {
  const commits: CommitInfo[] = [
    { id: 'e2589a0e401e', ts: Date.UTC(2021, 6, 7, 9, 33), message: 'rt: reduce spurious wakeups', author: 'Carl' },
    { id: '51fad066aa11', ts: Date.UTC(2021, 6, 6, 12, 0), message: 'sync: fix a race in Notify', author: 'Alice' },
    { id: 'ab12e258aaaa', ts: Date.UTC(2021, 5, 30, 8, 0), message: 'Merge e2589 follow-up', author: null },
    { id: 'ffff00001111', ts: Date.UTC(2020, 11, 16, 4, 24), message: null },
  ];
  const ids = (q: string, limit?: number) => searchCommits(commits, q, limit).shown.map((c) => c.id.slice(0, 4));

  it('finds by id prefix first, then message, author or date; every word must match', () => {
    expect(ids('')).toEqual(['e258', '51fa', 'ab12', 'ffff']);
    expect(ids('e2589')).toEqual(['e258', 'ab12']); // the id first, then the message that names it
    expect(ids('E2589A')).toEqual(['e258']);
    expect(ids('notify')).toEqual(['51fa']);
    expect(ids('alice')).toEqual(['51fa']);
    expect(ids('2021-07')).toEqual(['e258', '51fa']);
    expect(ids('2021-07-07 09:33')).toEqual(['e258']);
    expect(ids('2020-12-16T04')).toEqual(['ffff']);
    expect(ids('rt wakeups')).toEqual(['e258']);
    expect(ids('rt race')).toEqual([]);
    expect(ids('zzz')).toEqual([]);
  });

  it('shows at most the limit and counts the rest', () => {
    expect(searchCommits(commits, '2021', 2)).toMatchObject({ total: 3 });
    expect(ids('2021', 2)).toEqual(['e258', '51fa']);
  });
});

describe('resolving a commit', () => {
  it('takes an exact id or a unique prefix', () => {
    const commits: CommitInfo[] = [
      { id: 'abc123', ts: 1 },
      { id: 'abc456', ts: 2 },
    ];
    expect(resolveCommit(commits, 'abc456')?.ts).toBe(2);
    expect(resolveCommit(commits, 'abc4')?.ts).toBe(2);
    expect(resolveCommit(commits, 'abc')).toBeNull();
    expect(resolveCommit(commits, '  ')).toBeNull();
  });
});
