// The series list narrowed in the page: a dimension filter and a search applied to the whole list of a metric that
// the engine already answered, with the engine's own meaning (sql/analysis/scope_series.sql, sql/query/series_list.sql),
// so a filter chip on 100,000 series needs no round trip to DuckDB.
import type { DimensionFilter, SeriesSummary } from './api.ts';

const NOT_ASCII = /[\u{80}-\u{10ffff}]/gu;

/** Lower case as DuckDB's lower() gives it, or null where the page cannot be sure: outside ASCII, only characters
 *  that lower case leaves as they are (DuckDB maps a character at a time; JavaScript's rules differ for some). */
function lowerAsDuckDb(text: string): string | null {
  const other = text.match(NOT_ASCII);
  if (other && other.some((c) => c.toLowerCase() !== c)) return null;
  return text.toLowerCase();
}

/**
 * The series of `whole` (the engine's list with no filter and no search, in its order) that match, or null when the
 * page cannot be sure to match as DuckDB does (an upper-case letter outside ASCII in the search or, when there is a
 * search, in a label): then the engine is asked.
 */
export function filterSeries(
  whole: readonly SeriesSummary[],
  filter: DimensionFilter,
  search: string,
): SeriesSummary[] | null {
  const needle = lowerAsDuckDb(search.trim());
  if (needle === null) return null;
  const wanted = Object.entries(filter).filter(([, values]) => values.length > 0);
  const out: SeriesSummary[] = [];
  for (const s of whole) {
    // A dimension matches when the series has it with one of the values (null: has it without a value).
    if (!wanted.every(([dim, values]) => Object.hasOwn(s.dims, dim) && values.includes(s.dims[dim] ?? null))) continue;
    if (needle) {
      const label = lowerAsDuckDb(s.label);
      if (label === null) return null;
      if (!label.includes(needle)) continue;
    }
    out.push(s);
  }
  return out;
}
