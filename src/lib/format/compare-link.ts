// A repository's compare page from the last good to the first bad commit, built from what names the repository:
// a commit page the data gives (a data.js commit URL) or the Settings template. GitHub-style hosts (GitHub, Gitea,
// Forgejo) compare at /compare/A...B, GitLab at /-/compare/A...B; other URL shapes give no link.
import { normaliseCommitTemplate } from './commit-link.ts';

const REVISION = /^[0-9A-Za-z._-]{4,128}$/;

export interface Repository {
  /** The repository's page, e.g. https://github.com/tokio-rs/tokio. */
  url: string;
  host: 'github' | 'gitlab';
}

/** The repository a commit page belongs to: `…/commit/ID` (GitHub-style) or `…/-/commit/ID` (GitLab). */
export function repositoryOfCommitUrl(commitUrl: string | null | undefined): Repository | null {
  if (!commitUrl) return null;
  let url: URL;
  try {
    url = new URL(commitUrl.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const path = url.pathname.replace(/\/+$/, '');
  const gitlab = /^(\/.+)\/-\/commit\/[^/]+$/.exec(path);
  if (gitlab) return { url: `${url.origin}${gitlab[1]}`, host: 'gitlab' };
  const github = /^(\/.+)\/commit\/[^/]+$/.exec(path);
  if (github) return { url: `${url.origin}${github[1]}`, host: 'github' };
  return null;
}

/** The repository a Settings template names (`https://github.com/org/repo/commit/{commit}`), or null. */
export function repositoryOfTemplate(template: string): Repository | null {
  const normalised = normaliseCommitTemplate(template);
  return normalised ? repositoryOfCommitUrl(normalised.replaceAll('{commit}', 'x')) : null;
}

/** The page comparing `from` (last good) with `to` (first bad), or null without a repository or plain revisions. */
export function compareUrl(repository: Repository | null, from: string | null, to: string | null): string | null {
  if (!repository || !from || !to || !REVISION.test(from) || !REVISION.test(to) || from === to) return null;
  const range = `${encodeURIComponent(from)}...${encodeURIComponent(to)}`;
  return repository.host === 'gitlab' ? `${repository.url}/-/compare/${range}` : `${repository.url}/compare/${range}`;
}

/** The repository the data's commit pages name (the one most of them name), else the Settings template's. */
export function repositoryOf(pages: Iterable<string | null | undefined>, template: string): Repository | null {
  const counts = new Map<string, { repository: Repository; n: number }>();
  for (const page of pages) {
    const repository = repositoryOfCommitUrl(page);
    if (!repository) continue;
    const seen = counts.get(repository.url);
    if (seen) seen.n++;
    else counts.set(repository.url, { repository, n: 1 });
  }
  let best: { repository: Repository; n: number } | null = null;
  for (const entry of counts.values()) if (!best || entry.n > best.n) best = entry;
  return best?.repository ?? repositoryOfTemplate(template);
}

export interface CompareLink {
  url: string;
  /** "51fad066…e2589a0e": the last good and the first bad commit, short. */
  text: string;
}

/** A finding's compare link from its last good to its first bad commit (the commits Details names), or null. */
export function findingCompare(
  finding: { firstBad: { commit: string | null }; lastGood: { commit: string | null } | null },
  repository: Repository | null,
): CompareLink | null {
  const from = finding.lastGood?.commit ?? null;
  const to = finding.firstBad.commit;
  const url = compareUrl(repository, from, to);
  return url ? { url, text: `${from!.slice(0, 8)}…${to!.slice(0, 8)}` } : null;
}
