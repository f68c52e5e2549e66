// A published history as a source of the engine: its summary tables at once, its rows per series on demand.
import type { SourceInfo } from '../lib/model/api.ts';
import { publishedSourceInfo } from '../lib/share/published-view.ts';
import { isManifest, type PublishedManifest } from '../lib/share/published.ts';
import type { EngineCore } from './core.ts';
import { FILTER_SEP } from './filter.ts';
import { insertSummaryTables, loadPublishedAll, loadPublishedSeries, publishedNotes, type PublishedState } from './published.ts';
import { tableRows } from './rows.ts';

export async function loadPublished(core: EngineCore, id: number, published: PublishedState): Promise<SourceInfo> {
  const { summary, manifest, manifestUrl } = published;
  for (const m of summary.metrics) await core.exec('schema/upsert_metric_info', { metric: m.metric, unit: m.unit, direction: m.direction });
  const info = await core.metricInfo();
  published.metricIds = new Map(summary.metrics.map((m) => [m.id, info.get(m.metric)!.id]));
  await insertSummaryTables(core.db, id, summary, published.metricIds);
  const sourceInfo = publishedSourceInfo(id, manifestUrl, manifest, summary, publishedNotes(published));
  const state = core.newState(id, { ...sourceInfo });
  state.published = published;
  // Rows fetched before DuckDB was ready go in now.
  await loadPublishedSeries(core.db, id, published, [...published.rows.keys()]);
  return state.info;
}

/** Take in a published history opened (and perhaps partly fetched) before the engine was ready. */
export function adoptPublished(core: EngineCore, published: PublishedState): Promise<SourceInfo> {
  return core.withCleanup(published.manifest.title, (id) => loadPublished(core, id, published));
}

/** Fetch what published histories have not fetched yet: these series, or everything. */
export async function loadPublishedData(core: EngineCore, seriesKeys: string[] | 'all'): Promise<void> {
  const published = [...core.sources.entries()].filter(([, s]) => s.published && !s.published.complete);
  if (published.length === 0) return;
  if (seriesKeys === 'all') {
    for (const [id, s] of published) await loadPublishedAll(core.db, id, s.published!);
    return;
  }
  const rows = tableRows(await core.db.query(`SELECT series_id FROM series_ids WHERE list_contains(string_split(?, chr(30)), series_key)`, [seriesKeys.join(FILTER_SEP)])) as { series_id: number }[];
  for (const [id, s] of published) await loadPublishedSeries(core.db, id, s.published!, rows.map((r) => r.series_id));
}

/** A published manifest (perftrack publish), or null for any other JSON. */
export function parseManifest(bytes: Uint8Array): PublishedManifest | null {
  if (bytes.length > 4 * 2 ** 20) return null;
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes));
    return isManifest(doc) ? doc : null;
  } catch {
    return null;
  }
}
