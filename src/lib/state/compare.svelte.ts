// Compare's state: what is compared (versions, commits, run groups, time ranges), the sides on offer and chosen,
// and the comparison's rows.
import type { ComparisonRow, SideSpan } from '../analysis/compare.ts';
import type { CompareSpec, DimensionFilter } from '../model/api.ts';
import type { EngineClient } from '../worker-client.ts';
import type { MessagesStore } from './messages.svelte.ts';

export interface CompareDeps {
  client: EngineClient;
  messages: MessagesStore;
  /** Whether data is loaded (the catalog has been read). */
  hasData: () => boolean;
  /** Explore's filter: a comparison is limited to the series it shows. */
  filter: () => DimensionFilter;
}

export type CompareValue = { value: string; rows: number; firstTs: number; lastTs: number };

export class CompareStore {
  spec = $state<CompareSpec>({ kind: 'version', a: '', b: '' });
  values = $state.raw<CompareValue[]>([]);
  rows = $state.raw<ComparisonRow[] | null>(null);
  /** The spec the rows answer (the sides may have been changed since without comparing again). */
  compared = $state.raw<CompareSpec | null>(null);
  running = $state(false);
  /** The row charted, as `seriesKey|metric`. */
  selected = $state<string | null>(null);

  private kindPicked = false;

  constructor(private readonly deps: CompareDeps) {}

  /** What the user compares; sides are chosen afresh. */
  setKind(kind: CompareSpec['kind']): void {
    this.kindPicked = true;
    this.spec = { kind, a: '', b: '' };
    this.rows = null;
    this.compared = null;
  }

  setSide(side: 'a' | 'b', value: string): void {
    this.spec = { ...this.spec, [side]: value };
  }

  /**
   * When a side was measured: a time range as chosen (`from/to` in epoch ms), else the first and last run of the
   * version, commit or run group across the data. Null when it is not known (nothing chosen, an empty bound).
   */
  sideSpan(side: 'a' | 'b', spec: CompareSpec = this.spec): SideSpan | null {
    const value = spec[side];
    if (!value) return null;
    if (spec.kind === 'time') {
      const [from, to] = value.split('/').map((part) => (part ? Number(part) : NaN));
      return Number.isFinite(from) && Number.isFinite(to) ? { from, to } : null;
    }
    if (spec.kind !== this.spec.kind) return null;
    const found = this.values.find((v) => v.value === value);
    return found ? { from: found.firstTs, to: found.lastTs } : null;
  }

  /** Compare's effect: reads the kind and whether data is loaded, so the sides on offer follow both. */
  syncValues(): void {
    void this.spec.kind;
    if (this.deps.hasData()) void this.loadValues();
  }

  async loadValues(): Promise<void> {
    if (this.spec.kind === 'time') {
      this.values = [];
      return;
    }
    const kind = this.spec.kind;
    const values = await this.deps.client.call((r) => r.compareValues(kind));
    if (kind !== this.spec.kind) return;
    // Nothing to pick from in the default kind (no version tags, say) and nothing chosen: offer the next kind.
    const next = ({ version: 'commit', commit: 'run', run: null } as const)[kind];
    if (values.length < 2 && !this.kindPicked && !this.spec.a && !this.spec.b && next) {
      this.spec = { kind: next, a: '', b: '' };
      return;
    }
    this.values = values;
    // Default: the newest against the one before it (a PR against main, a release against the previous one).
    if (!values.some((v) => v.value === this.spec.a) || !values.some((v) => v.value === this.spec.b)) {
      const a = values[1]?.value ?? values[0]?.value ?? '';
      const b = values[0]?.value ?? '';
      // The same sides again are not a new spec: the effect that called this reads the spec, and with nothing to
      // offer (no values) a new object every time made it run again, forever.
      if (a !== this.spec.a || b !== this.spec.b) this.spec = { kind, a, b };
    }
  }

  async run(): Promise<void> {
    if (!this.spec.a || !this.spec.b) return;
    this.running = true;
    try {
      const spec = $state.snapshot(this.spec);
      this.rows = await this.deps.client.call((r) => r.compare(spec, $state.snapshot(this.deps.filter())));
      this.compared = spec;
      this.selected = null;
    } catch (error) {
      this.deps.messages.report(error);
    } finally {
      this.running = false;
    }
  }
}
