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
