// The analysis of everything loaded: its settings (kept between visits), the result, the user's triage of its
// regressions, and the repository's commit URL that turns commits into links.
import { runBacktest, type Backtest } from '../analysis/sensitivity.ts';
import { DEFAULT_SETTINGS, normaliseSettings, type AnalysisSettings } from '../analysis/settings.ts';
import type { AnalysisResult, Regression } from '../analysis/types.ts';
import { normaliseTriage, updateTriage, type TriageBook, type TriageRecord } from '../analysis/triage.ts';
import { commitLink, normaliseCommitTemplate } from '../format/commit-link.ts';
import type { EngineClient } from '../worker-client.ts';
import type { Persist } from './persist.ts';

export interface AnalysisDeps {
  client: EngineClient;
  persist: Persist;
  /** Whether any measurement is loaded (without, there is nothing to analyse). */
  hasRows: () => boolean;
}

export class AnalysisStore {
  settings = $state<AnalysisSettings>(structuredClone(DEFAULT_SETTINGS));
  // Replaced, never edited (see ExploreStore).
  result = $state.raw<AnalysisResult | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  triage = $state<TriageBook>({});
  /** A repository's commit URL with `{commit}` in it (e.g. https://github.com/org/repo/commit/{commit}): commits become links. */
  commitUrl = $state('');

  private request = 0;

  constructor(private readonly deps: AnalysisDeps) {}

  /** The settings, triage and commit URL kept from earlier visits. */
  async restore(): Promise<void> {
    const { persist } = this.deps;
    const [settings, triage, commitUrl] = await Promise.all([
      persist.load('settings', null),
      persist.load('triage', {}),
      persist.load('commit-url', ''),
    ]);
    this.commitUrl = normaliseCommitTemplate(commitUrl);
    if (settings) this.settings = normaliseSettings(settings);
    this.triage = normaliseTriage(triage);
  }

  /** Regressions, outliers and trends of everything loaded, with the current settings. */
  async run(): Promise<void> {
    const request = ++this.request;
    if (!this.deps.hasRows()) {
      this.result = null;
      return;
    }
    this.running = true;
    try {
      const result = await this.deps.client.call((r) => r.analyse({ settings: $state.snapshot(this.settings) }));
      if (request !== this.request) return;
      this.result = result;
      this.error = null;
    } catch (error) {
      if (request === this.request) this.error = (error as Error).message;
    } finally {
      if (request === this.request) this.running = false;
    }
  }

  updateSettings(patch: Partial<AnalysisSettings>): void {
    this.settings = normaliseSettings({ ...$state.snapshot(this.settings), ...patch });
    void this.deps.persist.save('settings', $state.snapshot(this.settings));
    void this.run();
  }

  resetSettings(): void {
    this.settings = structuredClone(DEFAULT_SETTINGS);
    void this.deps.persist.save('settings', null);
    void this.run();
  }

  /** The backtest of the whole history at the settings' alpha and one step either side (run on request). */
  backtest = $state.raw<Backtest | null>(null);
  backtestRunning = $state(false);
  backtestError = $state<string | null>(null);

  /** Three analyses of everything loaded, at alpha, alpha × 10 and alpha / 10; the result stays until run again. */
  async runBacktest(): Promise<void> {
    this.backtestRunning = true;
    try {
      this.backtest = await runBacktest(
        (settings) => this.deps.client.call((r) => r.analyse({ settings })),
        $state.snapshot(this.settings),
      );
      this.backtestError = null;
    } catch (error) {
      this.backtestError = (error as Error).message;
    } finally {
      this.backtestRunning = false;
    }
  }

  setTriage(r: Regression, patch: Partial<Pick<TriageRecord, 'status' | 'note' | 'issueLink'>>): void {
    this.triage = updateTriage($state.snapshot(this.triage), r, patch);
    void this.deps.persist.save('triage', $state.snapshot(this.triage));
  }

  /** Keep the repository's commit URL template; returns false (and keeps the old one) when it is not usable. */
  setCommitUrl(text: string): boolean {
    const template = normaliseCommitTemplate(text);
    if (text.trim() && !template) return false;
    this.commitUrl = template;
    void this.deps.persist.save('commit-url', template);
    return true;
  }

  commitHref(commit: string | null | undefined): string | null {
    return commitLink(this.commitUrl, commit);
  }
}
