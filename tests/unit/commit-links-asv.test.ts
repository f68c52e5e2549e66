// asv commits become links from the asv.conf.json opened with the results (django's copy): the conf's forms, the
// folder as the engine's batch sees it, results picked beside the conf, and no conf or a broken one.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asvCommitTemplate, asvImporter, linkAsvCommits } from '../../src/lib/sources/artifacts/asv.ts';
import { findingCompare, repositoryOf } from '../../src/lib/format/compare-link.ts';
import type { RunFile } from '../../src/lib/sources/run-order.ts';
import { expandSource } from '../../src/node/sources.ts';
import { REAL } from '../real-files.ts';

const DJANGO = path.join(REAL, 'asv_django');
const DJANGO_COMMIT = 'https://github.com/django/django/commit/';

/** Every file of a folder as a batch holds them (paths relative to the folder), and the asv results among them
 *  parsed, as the engine parses each file of the batch. */
function batchOf(files: { name: string; bytes: Uint8Array }[]): RunFile[] {
  const runs: RunFile[] = [];
  for (const file of files) {
    const text = new TextDecoder().decode(file.bytes);
    const input = { name: file.name, text, json: undefined };
    if (!asvImporter.detect(input)) continue;
    const run = asvImporter.parse(input);
    if (run.records.length) runs.push({ path: file.name, run });
  }
  return runs;
}

function folderFiles(folder: string): { name: string; bytes: Uint8Array }[] {
  return expandSource(folder).map(({ file, name }) => ({ name, bytes: new Uint8Array(fs.readFileSync(file)) }));
}

describe('asv.conf.json → commit page template', () => {
  it("prefers show_commit_url (django's, on https) and falls back to a GitHub or GitLab repo", () => {
    const django = JSON.parse(fs.readFileSync(path.join(DJANGO, 'asv.conf.json'), 'utf8'));
    expect(django.show_commit_url).toBe('http://github.com/django/django/commit/');
    expect(asvCommitTemplate(django)).toBe(`${DJANGO_COMMIT}{commit}`);
    expect(asvCommitTemplate({ repo: 'https://github.com/django/django.git' })).toBe(`${DJANGO_COMMIT}{commit}`);
    expect(asvCommitTemplate({ repo: 'git@github.com:numpy/numpy.git' })).toBe(
      'https://github.com/numpy/numpy/commit/{commit}',
    );
    expect(asvCommitTemplate({ repo: 'https://gitlab.com/group/sub/project.git' })).toBe(
      'https://gitlab.com/group/sub/project/-/commit/{commit}',
    );
    expect(asvCommitTemplate({ show_commit_url: 'https://hg.example.org/rev/', repo: '.' })).toBe(
      'https://hg.example.org/rev/{commit}',
    );
  });

  it('gives no template for local, unknown or unsafe repositories', () => {
    expect(asvCommitTemplate({ repo: '.' })).toBe('');
    expect(asvCommitTemplate({ repo: 'https://git.example.org/project.git' })).toBe('');
    expect(asvCommitTemplate({ show_commit_url: 'javascript:alert(1)//' })).toBe('');
    expect(asvCommitTemplate(null)).toBe('');
  });
});

describe('asv commits linked from the conf opened with them', () => {
  it("links every commit of django's results folder to its page, opened as a folder", () => {
    const files = folderFiles(DJANGO);
    expect(files.some((f) => f.name.endsWith('asv.conf.json'))).toBe(true);
    const runs = batchOf(files);
    expect(runs.length).toBeGreaterThan(200);
    linkAsvCommits(runs, files);
    const records = runs.flatMap((r) => r.run.records);
    expect(records.every((r) => /^[0-9a-f]{40}$/.test(r.commit ?? ''))).toBe(true);
    expect(records.every((r) => r.commitUrl === DJANGO_COMMIT + r.commit)).toBe(true);
    expect(runs.flatMap((r) => r.run.notes).filter((n) => n.includes('asv.conf.json'))).toEqual([]);
    // The pages name the repository, so a finding's last good … first bad becomes a compare link.
    const [good, bad] = [records[0].commit!, records.find((r) => r.commit !== records[0].commit)!.commit!];
    const repository = repositoryOf(
      records.map((r) => r.commitUrl),
      '',
    );
    expect(findingCompare({ lastGood: { commit: good }, firstBad: { commit: bad } }, repository)).toEqual({
      url: `https://github.com/django/django/compare/${good}...${bad}`,
      text: `${good.slice(0, 8)}…${bad.slice(0, 8)}`,
    });
  });

  it('links results picked beside the conf and benchmarks.json (no common folder)', () => {
    const results = path.join(DJANGO, 'results/ubuntu-latest');
    const picked = fs
      .readdirSync(results)
      .filter((n) => n.endsWith('-conda-py3.8.json'))
      .slice(0, 3);
    const files = [
      { name: 'asv.conf.json', bytes: new Uint8Array(fs.readFileSync(path.join(DJANGO, 'asv.conf.json'))) },
      { name: 'benchmarks.json', bytes: new Uint8Array(fs.readFileSync(path.join(DJANGO, 'results/benchmarks.json'))) },
      ...picked.map((n) => ({ name: `x/${n}`, bytes: new Uint8Array(fs.readFileSync(path.join(results, n))) })),
    ];
    const runs = batchOf(files);
    expect(runs.length).toBeGreaterThan(0);
    linkAsvCommits(runs, files);
    for (const { run } of runs) for (const r of run.records) expect(r.commitUrl).toBe(DJANGO_COMMIT + r.commit);
  });

  it('leaves commits unlinked, without a note, when no conf is opened', () => {
    const files = folderFiles(path.join(DJANGO, 'results'));
    const runs = batchOf(files).slice(0, 5);
    linkAsvCommits(runs, files);
    expect(runs.flatMap((r) => r.run.records).some((r) => r.commitUrl)).toBe(false);
    expect(runs.flatMap((r) => r.run.notes).some((n) => n.includes('conf'))).toBe(false);
  });

  it('says when a conf cannot be read or names no known host, and links nothing', () => {
    const results = folderFiles(path.join(DJANGO, 'results')).slice(0, 4);
    const broken = [{ name: 'asv.conf.json', bytes: new TextEncoder().encode('{"repo": ') }, ...results];
    let runs = batchOf(broken);
    linkAsvCommits(runs, broken);
    expect(runs.flatMap((r) => r.run.records).some((r) => r.commitUrl)).toBe(false);
    expect(runs[0].run.notes.join(' ')).toMatch(/asv\.conf\.json could not be read as JSON/);

    const local = [{ name: 'asv.conf.json', bytes: new TextEncoder().encode('{"repo": "."} // local') }, ...results];
    runs = batchOf(local);
    linkAsvCommits(runs, local);
    expect(runs.flatMap((r) => r.run.records).some((r) => r.commitUrl)).toBe(false);
    expect(runs[0].run.notes.join(' ')).toMatch(/names no GitHub or GitLab repository/);
  });
});
