// Sparklines of many series of one metric in one query: the page's grid asks for the window of cells in view at
// once instead of one worker round trip per cell.
import type { SparklinePoints } from '../lib/charts/sparkline.ts';
import type { EngineCore } from './core.ts';
import { loadPublishedData } from './published-source.ts';
import { publishedSeriesPoints } from './published.ts';
import { seriesPoints } from './queries.ts';
import { columnArray } from './rows.ts';

/** The keys travel to SQL joined by this character. */
const KEY_SEP = '\u001e';

/** Each series' history of `metric` averaged into at most `maxPoints` buckets, in the order of `seriesKeys` (a
 *  series without that metric gets empty arrays). */
export async function seriesSparklines(
  core: EngineCore,
  seriesKeys: readonly string[],
  metric: string,
  maxPoints: number,
): Promise<SparklinePoints[]> {
  if (!Number.isInteger(maxPoints) || maxPoints < 2)
    throw new Error(`sparklines: maxPoints must be an integer of at least 2, not ${maxPoints}`);
  const keys = [...new Set(seriesKeys)];
  if (keys.length === 0) return [];
  const found = new Map<string, SparklinePoints>();
  const sources = [...core.sources.values()];
  const published = sources.length === 1 ? sources[0].published : undefined;
  // A published history not yet loaded whole fetches each series' row groups (as one chart does).
  if (published && !published.complete) {
    for (const key of keys) {
      const p = await publishedSeriesPoints(published, key, metric, { maxPoints });
      found.set(key, { seriesKey: key, ts: p.ts, value: p.value });
    }
  } else {
    // A key holding the separator (a dimension value with U+001E in it) is asked for alone.
    const batched = keys.filter((k) => !k.includes(KEY_SEP));
    for (const key of keys.filter((k) => k.includes(KEY_SEP))) {
      const p = await seriesPoints(core, key, metric, { maxPoints });
      found.set(key, { seriesKey: key, ts: p.ts, value: p.value });
    }
    if (batched.length) {
      await loadPublishedData(core, batched);
      const table = await core.exec('query/sparklines', {
        keys: batched.join(KEY_SEP),
        metric,
        max_points: maxPoints,
      });
      const key = columnArray<string>(table, 'series_key');
      const ts = columnArray<number>(table, 'ts');
      const value = columnArray<number>(table, 'value');
      for (let i = 0; i < key.length; i++) {
        let line = found.get(key[i]);
        if (!line) found.set(key[i], (line = { seriesKey: key[i], ts: [], value: [] }));
        line.ts.push(ts[i]);
        line.value.push(value[i]);
      }
    }
  }
  return keys.map((k) => found.get(k) ?? { seriesKey: k, ts: [], value: [] });
}
