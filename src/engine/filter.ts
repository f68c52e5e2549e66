// A dimension filter as one text parameter (SQL splits it again): pairs joined by control characters that
// no dimension name or value holds.
import type { DimensionFilter } from '../lib/model/api.ts';

export const FILTER_PAIR = String.fromCharCode(31);
export const FILTER_SEP = String.fromCharCode(30);

export function encodeFilter(filter: DimensionFilter): string {
  const pairs: string[] = [];
  for (const [dim, values] of Object.entries(filter)) {
    for (const value of values)
      pairs.push(
        value === null ? `${dim}${FILTER_PAIR}${FILTER_PAIR}null` : `${dim}${FILTER_PAIR}${value}${FILTER_PAIR}`,
      );
  }
  return pairs.join(FILTER_SEP);
}
