// What the CLI asks git: the merge base of a pull request and its ancestors. Null when git is missing, this is not
// a repository, or the commit is not there (a shallow clone): callers say so and carry on without it.
import { execFileSync } from 'node:child_process';

function git(cwd: string, ...args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8',
      maxBuffer: 256 * 2 ** 20,
    }).trim();
  } catch {
    return null;
  }
}

/** The merge base of HEAD and the base branch (its remote-tracking branch first). */
export function mergeBase(cwd: string, baseBranch: string): string | null {
  for (const ref of [`origin/${baseBranch}`, baseBranch]) {
    const sha = git(cwd, 'merge-base', 'HEAD', ref);
    if (sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
  }
  return null;
}

/**
 * The commit and its ancestors (at most `max`); null when git does not know the commit. In a shallow clone the list
 * stops at the clone's depth (`shallow`): older runs cannot be told from other branches' by their commits.
 */
export function ancestorCommits(
  cwd: string,
  commit: string,
  max = 200_000,
): { commits: Set<string>; shallow: boolean } | null {
  if (!/^[0-9a-fA-F]{4,64}$/.test(commit)) return null;
  const out = git(cwd, 'rev-list', `--max-count=${max}`, commit);
  if (!out) return null;
  return { commits: new Set(out.split('\n')), shallow: git(cwd, 'rev-parse', '--is-shallow-repository') === 'true' };
}
