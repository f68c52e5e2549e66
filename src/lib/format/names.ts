// Long benchmark names as lists show them: the part every name shares is said once, each row shows the rest, and a
// name too long for its place is shortened in the middle, keeping what tells it apart from the names beside it.

const SEPARATORS = new Set(['.', '/', ':', ' ', '·', '|', ',', '=']);

/** The longest prefix all labels share that ends at a separator, if it is worth hiding (≥ 8 characters and no
 *  label is left empty). Empty string otherwise. Linear in the labels' length, whatever their number. */
export function sharedPrefix(labels: readonly string[]): string {
  if (labels.length < 2) return '';
  const first = labels[0];
  let length = first.length;
  for (const label of labels) {
    length = Math.min(length, commonStart(first, label, length));
    if (length === 0) return '';
  }
  while (length > 0 && !SEPARATORS.has(first[length - 1])) length--;
  if (length < 8 || labels.some((label) => label.length <= length)) return '';
  return first.slice(0, length);
}

/** The longest suffix all labels share that starts at a separator (the same machine or environment on every
 *  series, say), if it is worth hiding; empty string otherwise. */
export function sharedSuffix(labels: readonly string[]): string {
  if (labels.length < 2) return '';
  const first = labels[0];
  let length = first.length;
  for (const label of labels) {
    length = Math.min(length, commonEnd(first, label, length));
    if (length === 0) return '';
  }
  while (length > 0 && !SEPARATORS.has(first[first.length - length])) length--;
  if (length < 8 || labels.some((label) => label.length <= length)) return '';
  return first.slice(first.length - length);
}

/** A label without the shared prefix and suffix, marked with an ellipsis where something was taken off. */
export function withoutShared(label: string, prefix: string, suffix = ''): string {
  let text = label;
  if (prefix && text.startsWith(prefix)) text = `…${text.slice(prefix.length)}`;
  if (suffix && text.endsWith(suffix) && text.length > suffix.length + 1)
    text = `${text.slice(0, text.length - suffix.length)}…`;
  return text;
}

/** The number of leading characters two strings share (at most `limit`). */
function commonStart(a: string, b: string, limit = Infinity): number {
  const n = Math.min(a.length, b.length, limit);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The number of trailing characters two strings share (at most `limit`). */
function commonEnd(a: string, b: string, limit = Infinity): number {
  const n = Math.min(a.length, b.length, limit);
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

// Names sorted by their start, and by their end, put the names most alike at either end next to each other: each name
// is compared with this many neighbours on each side in both orders, rather than with every other name.
const NEIGHBOURS = 8;

/** For each name, the names most like it at its start or at its end. */
function nearNames(names: readonly string[]): Map<string, Set<string>> {
  const out = new Map(names.map((name) => [name, new Set<string>()]));
  const reversed = new Map(names.map((name) => [[...name].reverse().join(''), name]));
  const orders = [[...names].sort(), [...reversed.keys()].sort().map((r) => reversed.get(r)!)];
  for (const order of orders)
    for (let i = 0; i < order.length; i++)
      for (let j = Math.max(0, i - NEIGHBOURS); j <= Math.min(order.length - 1, i + NEIGHBOURS); j++)
        if (j !== i) out.get(order[i])!.add(order[j]);
  return out;
}

function isSeparator(name: string, i: number): boolean {
  return i <= 0 || i >= name.length || SEPARATORS.has(name[i - 1]) || SEPARATORS.has(name[i]);
}

/** The best cut of a name into a head and a tail of at most `budget` characters together, such that for every
 *  other name the kept head or the kept tail differs; `words` keeps the cuts at word boundaries. */
function bestCut(
  name: string,
  budget: number,
  alike: { start: number; end: number }[],
  words: boolean,
): { head: number; tail: number } | null {
  // Within snake_case and kebab-case names, a word ends at "_" and "-" too.
  const isWord = (i: number) => i >= 0 && i < name.length && !SEPARATORS.has(name[i]) && !'_-'.includes(name[i]);
  const target = Math.round(budget * 0.35);
  // The tail must tell this name from every name whose start a head of h characters does not: longer than the
  // end it shares with any name sharing h characters or more at the start.
  const leastTail = new Array<number>(budget + 1).fill(1);
  for (const a of alike)
    leastTail[Math.min(a.start, budget)] = Math.max(leastTail[Math.min(a.start, budget)], a.end + 1);
  for (let h = budget - 1; h >= 0; h--) leastTail[h] = Math.max(leastTail[h], leastTail[h + 1]);
  let best: { head: number; tail: number; cost: number } | null = null;
  for (let head = 3; head <= budget - 1; head++) {
    if (words && !(isWord(head - 1) && !isWord(head))) continue;
    const least = leastTail[head];
    const most = budget - head;
    let tail = 0;
    for (let t = most; t >= least && !tail; t--) {
      const from = name.length - t;
      if (!words || (isWord(from) && !isWord(from - 1))) tail = t;
    }
    if (!tail) continue;
    // A head near a third of the way, and (cut at characters) separators where they are near.
    const cost =
      Math.abs(head - target) * 1.01 +
      (most - tail) * 0.3 +
      (words ? 0 : (isSeparator(name, head) ? 0 : 8) + (isSeparator(name, name.length - tail) ? 0 : 3));
    if (!best || cost < best.cost) best = { head, tail, cost };
  }
  return best;
}

/** One name in at most `max` characters, told apart from `others`: its start, an ellipsis and its end, cut at words
 *  where it can be, so that for every other name the kept start or the kept end differs. When no such cut exists:
 *  its start, the middle around where it differs from the names it is most like, and its end. */
function shortenOne(name: string, max: number, others: Iterable<string>): string {
  if (name.length <= max) return name;
  const budget = max - 1; // one character for the ellipsis
  // Another name sharing `start` characters at the start and `end` at the end reads the same unless the head is
  // longer than `start` or the tail longer than `end`.
  const alike = [...others].map((other) => ({ start: commonStart(name, other), end: commonEnd(name, other) }));
  const best = bestCut(name, budget, alike, true) ?? bestCut(name, budget, alike, false);
  if (best) return `${name.slice(0, best.head)}…${name.slice(name.length - best.tail)}`;
  // Names alike at both ends: the start, the middle from just before where it differs, and the end.
  const differsAt = Math.max(0, ...alike.map((a) => a.start));
  const part = Math.max(2, Math.floor((budget - 1) / 4));
  const room = budget - 1 - 2 * part;
  const middleFrom = Math.min(Math.max(part, differsAt - 4), name.length - part - room);
  return `${name.slice(0, part)}…${name.slice(middleFrom, middleFrom + room)}…${name.slice(name.length - part)}`;
}

/** The names of a set, each shortened to at most `max` characters with an ellipsis in the middle, keeping its start
 *  and the part that tells it apart from the others; names that fit stay whole. Two different names never get the
 *  same text: where shortening would make them alike, they stay whole. Keyed by name. */
export function shortNames(names: readonly string[], max: number): Map<string, string> {
  if (!Number.isFinite(max) || max < 8) throw new Error(`shortNames: max must be at least 8 characters, not ${max}`);
  const near = nearNames([...new Set(names)]);
  const out = new Map<string, string>();
  for (const [name, others] of near) out.set(name, shortenOne(name, max, others));
  // Whatever the rules above missed: every text names one name, else those names are shown whole.
  for (let alike = true; alike;) {
    const owners = new Map<string, string[]>();
    for (const [name, text] of out) {
      const group = owners.get(text);
      if (group) group.push(name);
      else owners.set(text, [name]);
    }
    alike = false;
    for (const group of owners.values())
      if (group.length > 1)
        for (const name of group.filter((n) => out.get(n) !== n)) {
          out.set(name, name);
          alike = true;
        }
  }
  return out;
}

/** The short names of a long list (a virtual list's rows), shortened a page of `pageSize` rows at a time when a row
 *  of that page is first asked for, each name told apart from the others of its page: the rows in view cost a page
 *  or two, whatever the list's length, and a row's text does not change as the list scrolls. */
export function pagedShortNames(
  count: number,
  nameAt: (index: number) => string,
  max: number,
  pageSize = 64,
): (index: number) => string {
  if (!(pageSize >= 1)) throw new Error(`pagedShortNames: pageSize must be at least 1, not ${pageSize}`);
  const pages = new Map<number, { names: string[]; short: Map<string, string> }>();
  return (index) => {
    if (!(index >= 0 && index < count)) throw new Error(`pagedShortNames: no row ${index} in ${count}`);
    const page = Math.floor(index / pageSize);
    let found = pages.get(page);
    if (!found) {
      const names: string[] = [];
      for (let i = page * pageSize; i < Math.min(count, (page + 1) * pageSize); i++) names.push(nameAt(i));
      found = { names, short: shortNames(names, max) };
      pages.set(page, found);
    }
    const name = found.names[index - page * pageSize];
    return found.short.get(name) ?? name;
  };
}
