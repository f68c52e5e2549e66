// The incident view's state: the commit picked (from the Overview's incidents, a chart point, the commit picker or a
// link) and the data's commits to pick from. AppState holds one (`app.incident`); its link carries the commit.
import type { CommitInfo } from '../analysis/incident.ts';
import { commitTemplateOfPages } from '../format/commit-link.ts';

export interface IncidentDeps {
  /** The open sources' list (a new value whenever it changes) and the data's commits. */
  sources: () => unknown;
  commits: () => Promise<{ kind: 'commit' | 'run'; commits: CommitInfo[] }>;
  /** The commit URL template typed in Settings. */
  commitSetting: () => string;
  showTab: () => void;
}

export class IncidentStore {
  /** The commit (or run group) shown; null until one is picked. */
  commit = $state<string | null>(null);
  /** The data's commits, oldest first, and whether they are commits or run groups. */
  commits = $state.raw<CommitInfo[]>([]);
  kind = $state<'commit' | 'run'>('commit');
  loading = $state(false);
  private loadedFor: unknown = null;

  constructor(private readonly deps: IncidentDeps) {}

  /** Show the incident at a commit. */
  show(commit: string): void {
    this.commit = commit;
    this.deps.showTab();
  }

  /** The commit URL template reports and notifications use: the one the data's own commit pages follow (loaded by
   *  loadCommits), else the setting's. */
  get commitTemplate(): string {
    return commitTemplateOfPages(this.commits.map((c) => ({ commit: c.id, url: c.url }))) || this.deps.commitSetting();
  }

  /** The commits of the data open now (read again when the sources change). */
  async loadCommits(): Promise<void> {
    const list = this.deps.sources();
    if (this.loadedFor === list) return;
    this.loadedFor = list;
    this.loading = true;
    try {
      const { kind, commits } = await this.deps.commits();
      if (this.loadedFor !== list) return;
      this.kind = kind;
      this.commits = commits;
    } finally {
      this.loading = false;
    }
  }

  /** The incident a chart point belongs to: its commit, or its run group when the data has no commits (or the
   *  point has none). */
  idOfPoint(point: { commit: string | null; runGroup: string | null }): string | null {
    if (this.kind === 'run' && this.commits.length) return point.runGroup ?? point.commit;
    return point.commit ?? point.runGroup;
  }
}
