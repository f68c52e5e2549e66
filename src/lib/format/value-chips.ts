// Which of a dimension's values the filter shows as chips: all of them when there are few; else the chosen ones and
// the first that match the text typed in the dimension's box, so a dimension of 100,000 values puts at most a
// screenful of buttons in the page (and only their names are shortened).

export interface ChipValue {
  value: string | null;
  series: number;
}

export interface ChipWindow<T extends ChipValue> {
  /** The chips to draw, in the dimension's order. */
  shown: T[];
  /** Values that match the text and are not drawn. */
  more: number;
}

/** The values to draw as chips: every chosen one, then those whose name contains every word of `query` (any case),
 *  up to `limit` chips in all; `(none)` stands for a missing value. */
export function chipWindow<T extends ChipValue>(
  values: readonly T[],
  chosen: readonly (string | null)[] | undefined,
  query: string,
  limit: number,
): ChipWindow<T> {
  if (!(limit >= 1)) throw new Error(`chipWindow: limit must be at least 1, not ${limit}`);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const picked = new Set(chosen ?? []);
  const shown: T[] = [];
  let more = 0;
  let room = Math.max(0, limit - picked.size);
  for (const v of values) {
    if (picked.has(v.value)) {
      shown.push(v);
      continue;
    }
    const name = (v.value ?? '(none)').toLowerCase();
    if (!words.every((w) => name.includes(w))) continue;
    if (room > 0) {
      shown.push(v);
      room--;
    } else more++;
  }
  return { shown, more };
}
