// The sources the page has open: opening files and URLs (with load progress and Cancel), closing them, their
// column mapping and runs, recent URLs, and a link's sources on other origins waiting for the user's consent.
import type { LoadProgress, SourceInfo } from '../model/api.ts';
import type { EngineClient } from '../worker-client.ts';
import type { FlatMapping } from '../sources/mapping.ts';
import type { FileWithPath } from '../sources/folder.ts';
import type { RunInfo } from '../sources/records.ts';
import type { CommitInfo } from '../analysis/incident.ts';
import { formatBytes } from '../format/format.ts';
import { missingFilesNote, type ViewState } from '../share/view-state.ts';
import { normaliseHostChoices, planLinkSources, type ConsentRequest } from '../share/link-consent.ts';
import { PREVIEW_MAX_BYTES, buildPreview, type Preview, type PreviewFile } from '../sources/preview.ts';
import type { PreviewSource } from '../sources/preview-client.ts';
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

/** Files the user opened are kept in this browser up to this many bytes in all, and reopened on the next visit. */
export const KEPT_FILES_LIMIT = 256 * 1024 * 1024;
const KEPT_KEY = 'kept-files';

/** One opening of files (a pick, a drop, a folder) as kept: the files, and the names of the sources they became. */
export interface KeptSet {
  sources: string[];
  files: { name: string; path: string | null; type: string; lastModified: number; blob: Blob }[];
  bytes: number;
  keptAt: number;
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
  /** What is kept of the opened files for the next visit (files opened from URLs reload from their URL). */
  kept = $state.raw<{ sets: number; files: number; bytes: number }>({ sets: 0, files: 0, bytes: 0 });

  /** Files opened while DuckDB starts, drawn from the importers' own parse until the engine has them (the page's
   *  reads go through withPreview, which answers from it). */
  preview = $state.raw<Preview | null>(null);

  /** Sources the page opened by itself (the built-in demo): the user's first own data replaces them. */
  private placeholderUrls = new Set<string>();
  private userDataOpened = false;
  private loadToken: object | null = null;
  private listRequest = 0;
  private engineReady = false;
  /** The opening a preview is made for (one at a time: the first opening while DuckDB starts). */
  private previewFor: object | null = null;
  private previewEnded: Promise<void> = Promise.resolve();
  private endPreviewShown: () => void = () => {};

  constructor(private readonly deps: SourcesDeps) {
    void deps.engine.whenReady.then(() => (this.engineReady = true));
  }

  /** What withPreview answers from. */
  readonly previewSource: PreviewSource = {
    current: () => this.preview,
    ended: () => this.previewEnded,
  };

  /**
   * Before DuckDB is ready, draw an opening's files from their own parse (benchmark-tool outputs, and a CSV or JSON
   * table when its typing and mapping are sure; see preview.ts). Returns the token that ends it (endPreview), or null when no preview is tried. The engine's load
   * is not held up: the preview is made beside it and never shown once the engine has answered.
   */
  private startPreview(read: () => Promise<PreviewFile[]>): object | null {
    if (this.engineReady || this.previewFor) return null;
    const token = {};
    this.previewFor = token;
    void (async () => {
      let preview: Preview | null = null;
      try {
        preview = buildPreview(await read());
      } catch {
        preview = null; // the engine says what is wrong with the files
      }
      // Shown only while DuckDB starts (a running page's openings answer from the engine, as before).
      if (!preview || this.previewFor !== token || this.engineReady) return;
      this.previewEnded = new Promise((resolve) => (this.endPreviewShown = resolve));
      this.preview = preview;
      performance.mark('perftrack:preview');
      await this.deps.listChanged();
    })();
    return token;
  }

  /** The engine has the opening (or failed to open it): its answers replace the preview. Returns whether one was
   *  shown (the views then read again). */
  private endPreview(token: object | null): boolean {
    if (!token || this.previewFor !== token) return false;
    this.previewFor = null;
    const shown = this.preview !== null;
    this.preview = null;
    this.endPreviewShown();
    return shown;
  }

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
    // An older read answered late (the worker's, behind a preview's at once) must not replace a newer one.
    const request = ++this.listRequest;
    const list = await this.deps.client.call((r) => r.listSources());
    if (request === this.listRequest) this.list = list;
  }

  /** Open files; those from a folder carry their path inside it, and `unreadable` names folder entries the browser
   *  could not read. They are kept for the next visit unless `keep` is false (files reopened from what was kept). */
  async openFiles(files: (File | FileWithPath)[], unreadable: string[] = [], keep = true): Promise<SourceInfo[]> {
    const { client, messages } = this.deps;
    if (unreadable.length)
      messages.push(
        'error',
        `${unreadable.length} file(s) in the folder could not be read: ${unreadable.slice(0, 10).join(', ')}${unreadable.length > 10 ? ', …' : ''}`,
        'Check that the files are readable.',
      );
    if (files.length === 0) return [];
    const preview = this.startPreview(() => readForPreview(files));
    await this.deps.engine.whenReady;
    const first = files[0] instanceof File ? files[0].name : files[0].path;
    const progress = this.beginLoad(`Opening ${files.length === 1 ? first : `${files.length} files`}`);
    try {
      const result = await client.call((r) => r.openFiles(files, progress));
      const shown = this.endPreview(preview);
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
        if (keep)
          await this.keepFiles(
            files,
            result.sources.map((s) => s.name),
          );
      } else if (shown) await this.deps.listChanged();
      return result.sources;
    } catch (error) {
      messages.report(error);
      if (this.endPreview(preview)) await this.deps.listChanged();
      return [];
    } finally {
      this.endLoad(progress);
    }
  }

  // ---- files kept for the next visit ------------------------------------------------------------

  private async keptSets(): Promise<KeptSet[]> {
    return (await this.deps.persist.load<unknown>(KEPT_KEY, [])) as KeptSet[];
  }

  private async saveKept(sets: KeptSet[]): Promise<boolean> {
    const saved = await this.deps.persist.save(KEPT_KEY, sets);
    if (saved === false) return false;
    this.kept = {
      sets: sets.length,
      files: sets.reduce((n, s) => n + s.files.length, 0),
      bytes: sets.reduce((n, s) => n + s.bytes, 0),
    };
    return true;
  }

  /** Keep what was just opened, newest last; older sets make way when the limit is reached, and a set larger than
   *  the limit is not kept (the page says so). The same files opened again replace their earlier set. */
  private async keepFiles(files: (File | FileWithPath)[], sources: string[]): Promise<void> {
    const entries = files.map((f) => {
      const file = f instanceof File ? f : f.file;
      return {
        name: file.name,
        path: f instanceof File ? null : f.path,
        type: file.type,
        lastModified: file.lastModified,
        blob: file as Blob,
      };
    });
    const bytes = entries.reduce((n, e) => n + e.blob.size, 0);
    if (bytes > KEPT_FILES_LIMIT) {
      this.deps.messages.push(
        'info',
        `${sources.join(', ')} (${formatBytes(bytes)}) is not kept for your next visit: files are kept up to ${formatBytes(KEPT_FILES_LIMIT)} in all.`,
        'Open it again after a reload, or serve it and open its URL.',
      );
      return;
    }
    const signature = (set: Pick<KeptSet, 'files'>) =>
      set.files.map((f) => `${f.path ?? f.name}\u0000${f.blob.size}\u0000${f.lastModified}`).join('\u0001');
    const set: KeptSet = { sources, files: entries, bytes, keptAt: Date.now() };
    let sets = (await this.readKept()).filter((s) => signature(s) !== signature(set));
    while (sets.length && sets.reduce((n, s) => n + s.bytes, 0) + bytes > KEPT_FILES_LIMIT) sets = sets.slice(1);
    if (!(await this.saveKept([...sets, set])))
      this.deps.messages.push(
        'info',
        `${sources.join(', ')} could not be kept for your next visit: this browser did not allow the storage.`,
        'Open it again after a reload.',
      );
  }

  /** The kept sets, each checked; unreadable ones are dropped (and said). Never throws. */
  private async readKept(): Promise<KeptSet[]> {
    let raw: unknown;
    try {
      raw = await this.keptSets();
    } catch {
      raw = null;
    }
    const valid = Array.isArray(raw) ? raw.filter(isKeptSet) : [];
    if (!Array.isArray(raw) || valid.length !== raw.length) {
      this.deps.messages.push(
        'error',
        "Some files kept from your last visit could not be read back from this browser's storage, and were forgotten.",
        'Open them again; your settings and other data are unchanged.',
      );
      await this.saveKept(valid);
    }
    return valid;
  }

  /**
   * Reopen the files kept from the last visit (each opening as it was), and say so. `linked`: the local files the
   * address names (a reload's own address): those reopened are no longer reported missing.
   */
  async restoreKept(linked: string[] = []): Promise<void> {
    const sets = await this.readKept();
    this.kept = {
      sets: sets.length,
      files: sets.reduce((n, s) => n + s.files.length, 0),
      bytes: sets.reduce((n, s) => n + s.bytes, 0),
    };
    if (sets.length === 0) return;
    const opened: string[] = [];
    for (const set of sets) {
      const files = set.files.map((f) => {
        const file = new File([f.blob], f.name, { type: f.type, lastModified: f.lastModified });
        return f.path ? { file, path: f.path } : file;
      });
      for (const source of await this.openFiles(files, [], false)) opened.push(source.name);
    }
    const { messages } = this.deps;
    const note = missingFilesNote(linked);
    const stillMissing = linked.filter((name) => !this.localNames.includes(name));
    if (note && stillMissing.length < linked.length) {
      messages.list = messages.list.filter((m) => m.text !== note);
      const rest = missingFilesNote(stillMissing);
      if (rest) messages.push('error', rest, '');
    }
    if (opened.length)
      messages.push(
        'info',
        `Reopened ${opened.join(', ')}: files you opened are kept in this browser (${formatBytes(this.kept.bytes)} of at most ${formatBytes(KEPT_FILES_LIMIT)}) and reopen when the page reloads.`,
        'Use "Forget kept files" to remove them from this browser.',
      );
  }

  /** Remove every kept file from this browser (the sources open now stay open until closed). */
  async forgetKept(): Promise<void> {
    await this.saveKept([]);
    this.deps.messages.list = this.deps.messages.list.filter((m) => !m.text.startsWith('Reopened '));
    this.deps.messages.push(
      'info',
      'The kept files were removed from this browser: a reload will not reopen them.',
      '',
    );
  }

  /** A closed local source is not reopened: a kept set goes once none of its sources is open. */
  private async forgetClosed(name: string): Promise<void> {
    const sets = await this.readKept();
    const open = new Set(this.localNames);
    const left = sets
      .map((s) =>
        s.sources.includes(name) ? { ...s, sources: s.sources.filter((n) => n !== name || open.has(n)) } : s,
      )
      .filter((s) => s.sources.length > 0);
    if (left.length !== sets.length || left.some((s, i) => s.sources.length !== sets[i].sources.length))
      await this.saveKept(left);
  }

  /** Open a URL; `byUser` false for the sources the page opens at start (they never replace each other). */
  async openUrl(url: string, preview?: string, byUser = true): Promise<boolean> {
    const { client, messages } = this.deps;
    const progress = this.beginLoad(`Opening ${url}`);
    const opened = client.call((r) => r.openUrl(url, progress, preview));
    // Without a published preview, a small file of benchmark-tool output is drawn from its own parse meanwhile.
    const previewed = preview ? null : this.startPreview(() => fetchForPreview(url));
    try {
      // The worker answers as soon as it can (a published history before DuckDB has started).
      const source = await opened;
      this.endPreview(previewed);
      for (const note of source.notes) messages.push('info', `${source.name}: ${note}`, '');
      this.recent = [url, ...this.recent.filter((u) => u !== url)].slice(0, 10);
      void this.deps.persist.save('recent-sources', $state.snapshot(this.recent));
      if (byUser) await this.closePlaceholders(url);
      else if (this.userDataOpened && this.placeholderUrls.has(url)) await this.closePlaceholders();
      await this.deps.listChanged();
      return true;
    } catch (error) {
      messages.report(error);
      if (this.endPreview(previewed)) void this.deps.listChanged();
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
    const source = this.list.find((s) => s.id === id);
    await this.deps.client.call((r) => r.removeSource(id));
    await this.deps.listChanged();
    if (source && !source.url) await this.forgetClosed(source.name);
  }

  /**
   * The data's commits, oldest first, with the message, author and page its runs carry; run groups when the data
   * has no commits. Empty after an error (said).
   */
  async commits(): Promise<{ kind: 'commit' | 'run'; commits: CommitInfo[] }> {
    const { client } = this.deps;
    try {
      let kind: 'commit' | 'run' = 'commit';
      let values = await client.call((r) => r.compareValues('commit'));
      if (values.length === 0) {
        kind = 'run';
        values = await client.call((r) => r.compareValues('run'));
      }
      const context = new Map<string, RunInfo>();
      for (const source of this.list.filter((s) => s.schema === 'json-records'))
        for (const run of await client.call((r) => r.listRuns(source.id))) {
          const id = kind === 'commit' ? run.commit : run.runGroup;
          if (id && !context.has(id)) context.set(id, run);
        }
      const commits = values.map((v) => {
        const run = context.get(v.value);
        return {
          id: v.value,
          ts: v.firstTs,
          message: run?.message ?? null,
          author: run?.author ?? null,
          url: run?.commitUrl ?? null,
        };
      });
      return { kind, commits: commits.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
    } catch (error) {
      this.deps.messages.report(error);
      return { kind: 'commit', commits: [] };
    }
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

/** An opening's files as the preview reads them (nothing when they are too large to parse on the page's thread). */
async function readForPreview(files: (File | FileWithPath)[]): Promise<PreviewFile[]> {
  const all = files.map((f) => (f instanceof File ? { file: f, path: f.name } : f));
  if (all.reduce((n, f) => n + f.file.size, 0) > PREVIEW_MAX_BYTES) return [];
  return Promise.all(
    all.map(async ({ file, path }) => ({
      name: path,
      bytes: new Uint8Array(await file.arrayBuffer()),
      lastModified: file.lastModified,
    })),
  );
}

/** A URL's bytes for its preview, fetched beside the worker's download; nothing for databases, Parquet, a published
 *  history's manifest (the worker answers it at once itself, and a host that answers a file once must not be asked
 *  twice), files larger than the preview reads, or any failure (the worker's load reports those). */
async function fetchForPreview(url: string): Promise<PreviewFile[]> {
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
  if (/\.(duckdb|db|parquet)$|^manifest\.json$/i.test(name)) return [];
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const size = Number(response.headers.get('content-length') ?? NaN);
  if (!response.ok || size > PREVIEW_MAX_BYTES) {
    controller.abort();
    return [];
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return bytes.length > PREVIEW_MAX_BYTES ? [] : [{ name, bytes }];
}

/**
 * Whether the page reopens the files kept from the last visit: not when the address names data to open instead
 * (a link's URLs, ?source=, ?empty), unless the link itself names local files (a reload of a view made with them).
 */
export function shouldRestoreKept(view: Partial<ViewState>, params: URLSearchParams): boolean {
  if (view.localFiles?.length) return true;
  return !view.sources?.length && !params.has('source') && !params.has('empty');
}

function isKeptSet(value: unknown): value is KeptSet {
  const set = value as KeptSet;
  return (
    typeof set === 'object' &&
    set !== null &&
    Array.isArray(set.sources) &&
    set.sources.every((n) => typeof n === 'string') &&
    Array.isArray(set.files) &&
    set.files.length > 0 &&
    set.files.every(
      (f) =>
        typeof f === 'object' &&
        f !== null &&
        typeof f.name === 'string' &&
        (f.path === null || typeof f.path === 'string') &&
        typeof f.lastModified === 'number' &&
        f.blob instanceof Blob,
    ) &&
    typeof set.bytes === 'number'
  );
}
