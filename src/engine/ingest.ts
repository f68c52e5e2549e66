// The shared tail of every load: key the source's rows by series, materialise its measurements, samples, series
// dimensions and summary, register its metrics, and say what it holds.
import type { SchemaKind, SourceInfo } from '../lib/model/api.ts';
import { SourceError } from '../lib/sources/errors.ts';
import type { Direction } from '../lib/model/metrics.ts';
import type { EngineCore, SourceState } from './core.ts';
import { seriesIdExpression, seriesKeyExpression } from './series-id.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';

export async function finishSource(
  core: EngineCore,
  state: SourceState,
  schema: SchemaKind,
  layout: string,
  dims: string[],
  metrics: [string, string, Direction][],
  options: { replace?: boolean; wide?: string } = {},
): Promise<SourceInfo> {
  const id = state.info.id;
  const rows = quoteIdent(`src_${id}_rows`);
  // Rows unpivoted from a wide view already carry their series id.
  const keyed = options.wide ? rows : quoteIdent(`src_${id}_keyed`);
  if (!options.wide) await core.exec('ingest/keyed_rows', {}, { keyed, rows, series_id: seriesIdExpression(dims) });
  for (const [metric, unit, direction] of metrics)
    await core.exec('schema/upsert_metric_info', { metric, unit, direction });
  const measurements = quoteIdent(`src_${id}_m`);
  const seriesDims = quoteIdent(`src_${id}_sd`);
  await core.exec('ingest/source_measurements', {}, { target: measurements, source_id: String(id), keyed });
  if (state.hasSamples) await core.exec('ingest/source_samples', {}, { target: quoteIdent(`src_${id}_s`), keyed });
  if (dims.length) {
    const dimColumns = dims.map((d) => quoteIdent('d:' + d)).join(', ');
    const dimNames = `[${dims.map(quoteLiteral).join(', ')}]`;
    await core.exec(
      'ingest/source_series_dims',
      {},
      {
        target: seriesDims,
        series_rows: options.wide ?? rows,
        measurements,
        series_id: seriesIdExpression(dims),
        series_key: seriesKeyExpression(dims),
        dim_columns: dimColumns,
        dim_names: dimNames,
      },
    );
  } else {
    await core.exec('ingest/source_series_no_dims', {}, { target: seriesDims, measurements });
  }
  await core.exec('ingest/register_series', {}, { series_dims: seriesDims });
  await core.exec('ingest/source_summary', {}, { target: quoteIdent(`src_${id}_sum`), measurements });

  const [measured] = await core.rows<{ n: number; metrics: string[] | null }>(
    'ingest/source_totals',
    {},
    { summary: quoteIdent(`src_${id}_sum`) },
  );
  const [series] = await core.rows<{ n: number }>(
    'ingest/source_series_count',
    {},
    { series_dims: quoteIdent(`src_${id}_sd`) },
  );
  if (!measured.metrics) measured.metrics = [];
  if (measured.n === 0) {
    if (options.replace)
      throw new SourceError('This mapping leaves no measurements: every value or timestamp is empty or not a number.');
    throw new SourceError(`${state.info.name} has no usable measurements: every metric value or timestamp is empty.`);
  }
  Object.assign(state.info, {
    schema,
    layout,
    dimensions: dims,
    metrics: measured.metrics,
    rows: measured.n,
    series: series.n,
  });
  return state.info;
}
