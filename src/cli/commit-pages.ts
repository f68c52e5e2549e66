// The commit URL template a verb uses: the one the data's own commit pages follow (data.js commit URLs, recorded
// runs, asv results opened with their asv.conf.json), as the page links them, else the one given with --commit-url.
import type { Engine } from '../engine/engine.ts';
import { commitTemplateOfPages, normaliseCommitTemplate } from '../lib/format/commit-link.ts';
import { UsageError } from './options.ts';

/** The template of the data's commit pages, else the flag's; '' when neither names one. A bad flag is a usage error. */
export async function commitTemplate(engine: Engine, flag: string | undefined): Promise<string> {
  const given = normaliseCommitTemplate(flag ?? '');
  if (flag && !given) throw new UsageError(`--commit-url must be an http(s) address holding {commit}, got "${flag}"`);
  const pages: { commit: string | null; url: string | null }[] = [];
  for (const source of engine.listSources())
    if (source.schema === 'json-records')
      for (const run of await engine.listRuns(source.id)) pages.push({ commit: run.commit, url: run.commitUrl });
  return commitTemplateOfPages(pages) || given;
}
