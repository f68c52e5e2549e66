// The one order of regressions that every view uses (Overview, reports, CLI, notifications, the engine's result):
// what is still wrong first — active regressions, then recovered ones, then those a later improvement superseded —
// and within a status the largest change of the level median first. "Worst" means the first in this order.
import type { Regression } from './types.ts';

export const STATUS_ORDER: readonly Regression['status'][] = ['active', 'recovered', 'superseded'];

type Ordered = Pick<Regression, 'status' | 'changePct' | 'label' | 'metric' | 'firstBad'>;

function statusRank(r: Ordered): number {
  const i = STATUS_ORDER.indexOf(r.status);
  return i < 0 ? 0 : i;
}

/** A change without a number (NaN) sorts after every measured one of its status. */
function size(r: Ordered): number {
  return Number.isFinite(r.changePct) ? Math.abs(r.changePct) : -1;
}

function text(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Active before recovered before superseded; then larger |change| first; then series, metric and time, for a stable order. */
export function compareRegressions(a: Ordered, b: Ordered): number {
  return (
    statusRank(a) - statusRank(b) ||
    size(b) - size(a) ||
    text(a.label, b.label) ||
    text(a.metric, b.metric) ||
    a.firstBad.ts - b.firstBad.ts
  );
}

/** A sorted copy. */
export function sortRegressions<T extends Ordered>(list: readonly T[]): T[] {
  return [...list].sort(compareRegressions);
}

/** How many of each status, in the shared order: "1 active, 2 recovered, 1 superseded" (zero counts left out). */
export function statusCounts(list: readonly Pick<Regression, 'status'>[]): Record<Regression['status'], number> {
  const counts: Record<Regression['status'], number> = { active: 0, recovered: 0, superseded: 0 };
  for (const r of list) counts[r.status in counts ? r.status : 'active']++;
  return counts;
}
