// A repository's commit URL template, e.g. https://github.com/org/repo/commit/{commit}: turns a commit into a link;
// a URL the data gives for a commit comes first.

const COMMIT = /^[0-9A-Za-z._-]{4,128}$/;

/** The template as kept: an http(s) URL holding `{commit}`, else '' (nothing else may become a link). */
export function normaliseCommitTemplate(text: unknown): string {
  if (typeof text !== 'string') return '';
  const trimmed = text.trim();
  if (!/^https?:\/\/[^\s"'<>]+$/i.test(trimmed) || !trimmed.includes('{commit}')) return '';
  try {
    new URL(trimmed.replaceAll('{commit}', 'x'));
  } catch {
    return '';
  }
  return trimmed;
}

/** The commit's URL, or null when there is no usable template or the commit is not a plain revision id. */
export function commitLink(template: string, commit: string | null | undefined): string | null {
  if (!commit || !COMMIT.test(commit) || !normaliseCommitTemplate(template)) return null;
  return template.replaceAll('{commit}', encodeURIComponent(commit));
}

/** A commit's link: the data's own URL first (a data.js commit URL, a run file's commit_url), else the template. */
export function commitHref(
  dataUrl: string | null | undefined,
  template: string,
  commit: string | null | undefined,
): string | null {
  if (dataUrl && /^https?:\/\/[^\s"'<>]+$/i.test(dataUrl.trim())) {
    try {
      return new URL(dataUrl.trim()).href;
    } catch {
      // not a usable URL: the template may still give one
    }
  }
  return commitLink(template, commit);
}

/** A commit message's first line, for tips and lists (the whole message is on hover). */
export function firstLine(message: string | null | undefined): string {
  return (message ?? '').split(/\r?\n/, 1)[0].trim();
}

/**
 * The template the data's own commit pages follow (`https://github.com/org/repo/commit/{commit}` from data.js commit
 * URLs, recorded runs or an asv conf): the form most pages share with their commit id in it, else ''. Lets what takes
 * a template (reports, notifications) link the commits the data links.
 */
export function commitTemplateOfPages(
  pages: Iterable<{ commit: string | null | undefined; url: string | null | undefined }>,
): string {
  const counts = new Map<string, number>();
  for (const { commit, url } of pages) {
    if (!commit || !url || !COMMIT.test(commit)) continue;
    const at = url.indexOf(commit);
    if (at < 0) continue;
    const template = normaliseCommitTemplate(`${url.slice(0, at)}{commit}${url.slice(at + commit.length)}`);
    if (template) counts.set(template, (counts.get(template) ?? 0) + 1);
  }
  let best = '';
  for (const [template, n] of counts) if (!best || n > counts.get(best)!) best = template;
  return best;
}
