// The sources the page has open: opening files and URLs (with load progress and Cancel), closing them, their
// column mapping and runs, recent URLs, and a link's sources on other origins waiting for the user's consent.
import type { LoadProgress, SourceInfo } from '../model/api.ts';
import type { EngineClient } from '../worker-client.ts';
import type { FlatMapping } from '../sources/mapping.ts';
import type { FileWithPath } from '../sources/folder.ts';
import type { RunInfo } from '../sources/records.ts';
import { normaliseHostChoices, planLinkSources, type ConsentRequest } from '../share/link-consent.ts';
import type { EngineStore } from './engine.svelte.ts';
import type { MessagesStore } from './messages.svelte.ts';
import type { Persist } from './persist.ts';

export interface SourcesDeps {
  client: EngineClient;
  engine: Pick<EngineStore, 'whenReady'>;
  messages: MessagesStore;
  persist: Persist;
  /** The page's origin: a link's sources elsewhere wait for consent. */
  origin: () => string;
  /** The list of sources changed: everything shown is read again (the list first). */
  listChanged: () => Promise<void>;
  /** A source's data changed in place (a run moved): the views are read again. */
  dataChanged: () => Promise<void>;
}

export class SourcesStore {
  // Replaced, never edited (see ExploreStore).
  list = $state.raw<SourceInfo[]>([]);
  busy = $state<LoadProgress | null>(null);
  recent = $state<string[]>([]);
  /** A link's sources on other origins, waiting for the user's word (nothing is fetched from them until then). */
  consent = $state<ConsentRequest[]>([]);
  /** Bytes of published histories that are fetched only when a view needs all the data. */
  publishedBytes = $derived(this.list.filter((s) => s.format === 'published').reduce((n, s) => n + s.bytes, 0));
  /** Sources opened from files cannot travel in a link. */
  localNames = $derived(this.list.filter((s) => !s.url).map((s) => s.name));

  /** Sources the page opened by itself (the built-in demo): the user's first own data replaces them. */
  private placeholderUrls = new Set<string>();
  private userDataOpened = false;
  private loadToken: object | null = null;

  constructor(private readonly deps: SourcesDeps) {}

  markPlaceholders(urls: string[]): void {
    for (const url of urls) this.placeholderUrls.add(url);
  }

  async restoreRecent(): Promise<void> {
    const recent = await this.deps.persist.load<string[]>('recent-sources', []);
    this.recent = Array.isArray(recent) ? recent.filter((u) => typeof u === 'string').slice(0, 10) : [];
  }

  /** What the user answered for each origin before (unchecked: planLink normalises it). */
  hostChoices(): Promise<unknown> {
    return this.deps.persist.load('link-hosts', {});
  }

  async reload(): Promise<void> {
    this.list = await this.deps.client.call((r) => r.listSources());
  }

  /** Open files; those from a folder carry their path inside it, and `unreadable` names folder entries the browser could not read. */
  async openFiles(files: (File | FileWithPath)[], unreadable: string[] = []): Promise<void> {
    const { client, messages } = this.deps;
    if (unreadable.length)
      messages.push(
        'error',
        `${unreadable.length} file(s) in the folder could not be read: ${unreadable.slice(0, 10).join(', ')}${unreadable.length > 10 ? ', …' : ''}`,
        'Check that the files are readable.',
      );
    if (files.length === 0) return;
    await this.deps.engine.whenReady;
    const first = files[0] instanceof File ? files[0].name : files[0].path;
    const progress = this.beginLoad(`Opening ${files.length === 1 ? first : `${files.length} files`}`);
    try {
      const result = await client.call((r) => r.openFiles(files, progress));
      for (const failure of result.failures) messages.push('error', failure.message, failure.hint);
      if (result.skippedSummary)
        messages.push(
          'info',
          result.skippedSummary,
          '',
          result.skippedGroups.map((g) => ({ label: `${g.paths.length} ${g.reason}`, lines: g.paths })),
        );
      for (const source of result.sources)
        for (const note of source.notes) messages.push('info', `${source.name}: ${note}`, '');
      if (result.sources.length) {
        await this.closePlaceholders();
        await this.deps.listChanged();
      }
    } catch (error) {
      messages.report(error);
    } finally {
      this.endLoad(progress);
    }
  }

  /** Open a URL; `byUser` false for the sources the page opens at start (they never replace each other). */
  async openUrl(url: string, preview?: string, byUser = true): Promise<boolean> {
    const { client, messages } = this.deps;
    const progress = this.beginLoad(`Opening ${url}`);
    const opened = client.call((r) => r.openUrl(url, progress, preview));
    try {
      // The worker answers as soon as it can (a published history before DuckDB has started).
      const source = await opened;
      for (const note of source.notes) messages.push('info', `${source.name}: ${note}`, '');
      this.recent = [url, ...this.recent.filter((u) => u !== url)].slice(0, 10);
      void this.deps.persist.save('recent-sources', $state.snapshot(this.recent));
      if (byUser) await this.closePlaceholders(url);
      else if (this.userDataOpened && this.placeholderUrls.has(url)) await this.closePlaceholders();
      await this.deps.listChanged();
      return true;
    } catch (error) {
      messages.report(error);
      // A cancelled import goes on in the worker until DuckDB's statement ends, and is dropped then; a source list
      // read in between would keep showing it.
      void client
        .call((r) => r.importsSettled())
        .then(() => this.reloadIfChanged())
        .catch(() => undefined);
      return false;
    } finally {
      this.endLoad(progress);
    }
  }

  private async reloadIfChanged(): Promise<void> {
    const sources = await this.deps.client.call((r) => r.listSources());
    if (sources.length !== this.list.length || sources.some((s, i) => s.id !== this.list[i]?.id))
      await this.deps.listChanged();
  }

  /** Show a load's progress until it ends; progress reports that arrive after the end (they cross the worker
   *  boundary asynchronously) or from an older load are ignored, so the header never stays on "Done 100 %". */
  private beginLoad(stage: string) {
    const token = {};
    this.loadToken = token;
    this.busy = { stage, fraction: null };
    const progress = this.deps.client.progress<LoadProgress>((p) => {
      if (this.loadToken === token) this.busy = p;
    });
    return Object.assign(progress, { token });
  }

  private endLoad(progress: { token: object }): void {
    if (this.loadToken !== progress.token) return;
    this.loadToken = null;
    this.busy = null;
  }

  /** The user's own data replaces the demo the page opened by itself (only once that data has opened). */
  private async closePlaceholders(keepUrl?: string): Promise<void> {
    const { client } = this.deps;
    this.userDataOpened = true;
    if (this.placeholderUrls.size === 0) return;
    const sources = await client.call((r) => r.listSources());
    for (const source of sources) {
      if (source.url && this.placeholderUrls.has(source.url) && source.url !== keepUrl)
        await client.call((r) => r.removeSource(source.id));
    }
  }

  /** Stop the downloads and file reads under way; sources already open stay. */
  cancelImports(): void {
    void this.deps.client.call((r) => r.cancelImports());
  }

  /** A link's sources: those on the page's origin or allowed before are returned to open; others wait for consent. */
  planLink(urls: string[], storedChoices: unknown): string[] {
    const plan = planLinkSources(urls, this.deps.origin(), normaliseHostChoices(storedChoices));
    const asked = new Set(this.consent.map((r) => r.origin));
    this.consent = [...this.consent, ...plan.ask.filter((r) => !asked.has(r.origin))].slice(0, 10);
    for (const refused of plan.refused) {
      this.deps.messages.push(
        'info',
        `This link names data on ${refused.host}, which you chose not to open from links: ${refused.urls.join(', ')}`,
        'To open it anyway, paste its address in "Open URL".',
      );
    }
    return plan.open;
  }

  /** The user's answer to a link's request to open data from another origin; remembered for that origin. */
  async answerConsent(origin: string, allow: boolean, remember = true): Promise<void> {
    const request = this.consent.find((r) => r.origin === origin);
    if (!request) return;
    this.consent = this.consent.filter((r) => r.origin !== origin);
    if (remember) {
      const hosts = normaliseHostChoices(await this.hostChoices());
      hosts[origin] = allow ? 'allow' : 'deny';
      await this.deps.persist.save('link-hosts', hosts);
    }
    if (!allow) {
      this.deps.messages.push(
        'info',
        `Not opened (you declined data from ${request.host}): ${request.urls.join(', ')}`,
        '',
      );
      return;
    }
    for (const url of request.urls) await this.openUrl(url);
  }

  async remove(id: number): Promise<void> {
    await this.deps.client.call((r) => r.removeSource(id));
    await this.deps.listChanged();
  }

  async setMapping(id: number, mapping: FlatMapping): Promise<boolean> {
    try {
      await this.deps.client.call((r) => r.setMapping(id, mapping));
      await this.deps.listChanged();
      return true;
    } catch (error) {
      this.deps.messages.report(error);
      return false;
    }
  }

  /** The runs of a source of benchmark-tool files (one per file), in time order; empty after an error. */
  async listRuns(sourceId: number): Promise<RunInfo[]> {
    try {
      return await this.deps.client.call((r) => r.listRuns(sourceId));
    } catch (error) {
      this.deps.messages.report(error);
      return [];
    }
  }

  /** Move a run to another time (epoch ms, UTC), then chart and analyse the new order. */
  async setRunTime(sourceId: number, runGroup: string, tsMs: number): Promise<boolean> {
    try {
      await this.deps.client.call((r) => r.setRunTime(sourceId, runGroup, tsMs));
    } catch (error) {
      this.deps.messages.report(error);
      return false;
    }
    await this.deps.dataChanged();
    return true;
  }
}
