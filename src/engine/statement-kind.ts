// What the SQL console is given: a query it runs, a command it refuses (it is read-only), or text that is no SQL
// statement at all (a typo such as "SELEC"), which deserves a different answer than "read-only".

const QUERY_KEYWORDS = [
  'SELECT',
  'WITH',
  'FROM',
  'VALUES',
  'TABLE',
  'DESCRIBE',
  'SUMMARIZE',
  'SHOW',
  'PIVOT',
  'UNPIVOT',
  'EXPLAIN',
];
const COMMAND_KEYWORDS = [
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'COPY',
  'ATTACH',
  'DETACH',
  'INSTALL',
  'LOAD',
  'SET',
  'RESET',
  'PRAGMA',
  'CALL',
  'EXPORT',
  'IMPORT',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'ABORT',
  'START',
  'CHECKPOINT',
  'FORCE',
  'VACUUM',
  'ANALYZE',
  'USE',
  'TRUNCATE',
  'MERGE',
  'UPSERT',
  'REPLACE',
  'GRANT',
  'REVOKE',
  'COMMENT',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
  'UNLOAD',
];

export type StatementKind =
  | { kind: 'query' }
  | { kind: 'command'; keyword: string }
  | { kind: 'unknown'; keyword: string; suggestion: string | null };

export function classifyStatement(text: string): StatementKind {
  const body = text.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  if (body.startsWith('(')) return { kind: 'query' };
  const keyword = /^[a-z_]+/i.exec(body)?.[0]?.toUpperCase() ?? '';
  if (QUERY_KEYWORDS.includes(keyword)) return { kind: 'query' };
  if (COMMAND_KEYWORDS.includes(keyword)) return { kind: 'command', keyword };
  return {
    kind: 'unknown',
    keyword: keyword || body.slice(0, 20),
    suggestion: nearest(keyword, [...QUERY_KEYWORDS, ...COMMAND_KEYWORDS]),
  };
}

/** The keyword at most two edits away, if exactly one is closest. */
function nearest(word: string, candidates: string[]): string | null {
  if (word.length < 3) return null;
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
    else if (d === bestDistance) best = null;
  }
  return best;
}

/** Levenshtein distance (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}
