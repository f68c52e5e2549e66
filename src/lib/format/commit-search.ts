// What the commit picker offers for a typed text: commits whose id starts with it, whose message or author holds it,
// or whose date (as the page writes dates, UTC) starts with it. Every word typed must match; commits found by their
// id come first, the rest keep the order given (newest first in the picker).
import type { CommitInfo } from '../analysis/incident.ts';
import { formatTime } from './format.ts';

export interface CommitMatches {
  /** The first `limit` matches. */
  shown: CommitInfo[];
  /** How many commits match in all. */
  total: number;
}

/** The picker's list for `query`; at most `limit` shown (a long history has thousands of commits). */
export function searchCommits(commits: readonly CommitInfo[], query: string, limit = 50): CommitMatches {
  // "2021-07-07 09:33" and "2021-07-07T09" are one date, not two words.
  const words = query
    .trim()
    .toLowerCase()
    .replace(/(\d{4}-\d\d-\d\d)[ t](\d)/g, '$1t$2')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return { shown: commits.slice(0, limit), total: commits.length };
  const byId: CommitInfo[] = [];
  const other: CommitInfo[] = [];
  for (const c of commits) {
    const id = c.id.toLowerCase();
    const text = `${c.message ?? ''}\n${c.author ?? ''}`.toLowerCase();
    const date = formatTime(c.ts);
    let idMatch = false;
    const all = words.every((w) => {
      if (id.startsWith(w)) return (idMatch = true);
      return text.includes(w) || isDatePrefix(date, w);
    });
    if (all) (idMatch ? byId : other).push(c);
  }
  const found = [...byId, ...other];
  return { shown: found.slice(0, limit), total: found.length };
}

/** `word` starts the date (YYYY-MM-DD HH:MM, with a space or a T), or the time of day when it holds a colon. */
function isDatePrefix(date: string, word: string): boolean {
  return date.replace(' ', 't').startsWith(word) || (word.includes(':') && date.slice(11).startsWith(word));
}
