// The SQL console's answer to a misspelt table or column: "no table measurments — did you mean measurements?"
// instead of DuckDB's Catalog or Binder Error with its caret lines. Only a near name is offered (DuckDB's own
// guess can be far off: "pg_index" for an unknown table); other errors are left as DuckDB wrote them.
import { editDistance } from './statement-kind.ts';

/** The tables every console query can use, besides src_N.* of opened databases. */
export const CONSOLE_TABLES = ['measurements', 'series', 'series_dims', 'metric_info', 'samples'];

export interface ConsoleError {
  message: string;
  hint: string;
}

/** DuckDB's error text (all its lines) → our message, or null when it is not about an unknown name. */
export function explainUnknownName(duckdbMessage: string): ConsoleError | null {
  const table = /Table with name ([^\s!]+) does not exist!/.exec(duckdbMessage);
  if (table) {
    const name = table[1];
    const guessed = /Did you mean "([^"]+)"/.exec(duckdbMessage)?.[1];
    const suggestion = nearestName(name, [...CONSOLE_TABLES, ...(guessed ? [guessed] : [])]);
    return {
      message: `No table ${name}${suggestion ? ` — did you mean ${suggestion}?` : '.'}`,
      hint: `Tables: ${CONSOLE_TABLES.join(', ')}, and src_N.* for opened databases (SHOW ALL TABLES lists them).`,
    };
  }
  const column =
    /Referenced column "([^"]+)" not found/.exec(duckdbMessage) ??
    /does not have a column named "([^"]+)"/.exec(duckdbMessage);
  if (column) {
    const name = column[1];
    const candidates = [...(/Candidate bindings:([^\n]*)/.exec(duckdbMessage)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map(
      (m) => m[1],
    );
    const suggestion = nearestName(name, candidates);
    return {
      message: `No column ${name}${suggestion ? ` — did you mean ${suggestion}?` : '.'}`,
      hint: candidates.length
        ? `Columns near it: ${candidates.join(', ')}. DESCRIBE a table lists all of its columns.`
        : 'DESCRIBE a table lists its columns.',
    };
  }
  return null;
}

/** The candidate nearest to `name` (case aside, a qualifier such as "m." aside) when it is a likely typo. */
export function nearestName(name: string, candidates: string[]): string | null {
  const bare = (text: string) => text.toLowerCase().replace(/^.*\./, '');
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of new Set(candidates)) {
    const d = editDistance(bare(name), bare(candidate));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // A typo is a few letters off: at most 2, and at most a third of the name.
  return best !== null && bestDistance <= Math.min(2, Math.floor(bare(name).length / 3)) ? best : null;
}
