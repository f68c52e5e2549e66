// SQL expressions for a series' id and key from its dimension columns (`d:<name>`).
import { quoteIdent, quoteLiteral } from './sql.ts';

/**
 * The series id of a row: a 53-bit hash of its dimension names and values, taken in name order, so the same
 * dimensions in two files give the same id whatever their column order, and rows carry an integer rather than the
 * key text (sorting and grouping by text is several times slower in DuckDB-WASM; hashing the columns costs a tenth
 * of building the key string for every row). The key text is built once per series (seriesKeyExpression).
 */
export function seriesIdExpression(dims: string[]): string {
  const hash = dims.length
    ? `hash(${[...dims]
        .sort()
        .map((d) => `${quoteLiteral(d)}, ${quoteIdent('d:' + d)}`)
        .join(', ')})`
    : `hash('')`;
  return `(${hash} >> 11)::BIGINT`;
}

/**
 * The series key: `name=value` pairs in name order, joined by `|`. It tells apart what the id tells apart: `\`, `|`
 * and `=` in names and values are escaped with `\`, and a missing value is the name alone (an empty one is `name=`).
 */
export function seriesKeyExpression(dims: string[]): string {
  if (!dims.length) return `''`;
  const escapeText = (text: string) => text.replace(/[\\|=]/g, (ch) => `\\${ch}`);
  const escapeSql = (column: string) => `replace(replace(replace(${column}, '\\', '\\\\'), '|', '\\|'), '=', '\\=')`;
  const pairs = [...dims].sort().map((d) => {
    const column = quoteIdent('d:' + d);
    return `CASE WHEN ${column} IS NULL THEN ${quoteLiteral(escapeText(d))} ELSE ${quoteLiteral(escapeText(d) + '=')} || ${escapeSql(column)} END`;
  });
  return `concat_ws('|', ${pairs.join(', ')})`;
}
