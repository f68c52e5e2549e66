// The incident view's state: the commit picked (from the Overview's incidents, a chart point, the commit picker or a
// link), the data's commits to pick from, and the view's link. Kept beside the AppState it belongs to.
import { DEFAULT_SETTINGS } from '../analysis/settings.ts';
import type { CommitInfo } from '../analysis/incident.ts';
import { encodeViewState, type ViewState } from '../share/view-state.ts';
import type { AppState } from './app.svelte.ts';

export class IncidentStore {
  /** The commit (or run group) shown; null until one is picked. */
  commit = $state<string | null>(null);
  /** The data's commits, oldest first, and whether they are commits or run groups. */
  commits = $state.raw<CommitInfo[]>([]);
  kind = $state<'commit' | 'run'>('commit');
  loading = $state(false);
  private loadedFor: unknown = null;

  constructor(private readonly app: AppState) {}

  /** Show the incident at a commit. */
  show(commit: string): void {
    this.commit = commit;
    this.app.tab = 'incident';
  }

  /** The commits of the data open now (read again when the sources change). */
  async loadCommits(): Promise<void> {
    const list = this.app.sources.list;
    if (this.loadedFor === list) return;
    this.loadedFor = list;
    this.loading = true;
    try {
      const { kind, commits } = await this.app.sources.commits();
      if (this.loadedFor !== list) return;
      this.kind = kind;
      this.commits = commits;
    } finally {
      this.loading = false;
    }
  }

  /** A link's incident commit. */
  applyView(view: Partial<ViewState>): void {
    if (view.incident) this.commit = view.incident;
  }

  /** The page's link with the incident's commit in it when the incident view is on screen. */
  link(base: string): string {
    const url = new URL(base);
    url.search = '';
    const view: ViewState = { ...this.app.viewState(), incident: this.app.tab === 'incident' ? this.commit : null };
    url.hash = encodeViewState(view, DEFAULT_SETTINGS);
    return url.href;
  }
}

const stores = new WeakMap<AppState, IncidentStore>();

/** The incident state of a page (one per AppState). */
export function incidentOf(app: AppState): IncidentStore {
  let store = stores.get(app);
  if (!store) {
    store = new IncidentStore(app);
    stores.set(app, store);
  }
  return store;
}
