// The whole view in a link: sources (URLs only), tab, metric, filters, selected series, time range, facet,
// method and thresholds. Versioned, compressed (deflate + base64url in the URL hash), and validated on the way
// in: a crafted link can only set these fields to plain values, each list naming a value once; it can never carry
// SQL or markup that runs.
import { deflateSync, strFromU8, strToU8 } from 'fflate';
import { inflateBounded } from '../sources/inflate.ts';
import { normaliseSettings, type AnalysisSettings } from '../analysis/settings.ts';
import type { CompareSpec, DimensionFilter } from '../model/api.ts';

// New tabs go at the end of the list of names a link may carry; links made before keep decoding.
export const TABS = ['overview', 'explore', 'compare', 'sql', 'notify', 'settings', 'incident', 'grid'] as const;
export type Tab = (typeof TABS)[number];

export interface ViewState {
  sources: string[];
  tab: Tab;
  metric: string;
  filter: DimensionFilter;
  search: string;
  selected: string[];
  range: { from: number | null; to: number | null };
  facet: string | null;
  logScale: boolean;
  settings: AnalysisSettings;
  compare: CompareSpec | null;
  /** Names of the files the view was made with that were opened from a computer: they cannot travel in a link,
   *  so the page that opens it says what is missing. */
  localFiles: string[];
  /** The commit (or run group) the incident view shows; absent in links made before it. */
  incident?: string | null;
}

export const STATE_VERSION = 1;
const PREFIX = `v${STATE_VERSION}.`;
const LIMITS = {
  sources: 10,
  text: 500,
  selected: 24,
  filterDims: 30,
  filterValues: 200,
  localFiles: 20,
  fileName: 260,
};

function b64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** Only what differs from the defaults is written, with short keys, so links stay short. */
export function encodeViewState(state: ViewState, defaults: AnalysisSettings): string {
  const settingsDiff: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state.settings)) {
    if (JSON.stringify(value) !== JSON.stringify(defaults[key as keyof AnalysisSettings])) settingsDiff[key] = value;
  }
  const compact: Record<string, unknown> = {
    s: state.sources.length ? state.sources : undefined,
    t: state.tab !== 'overview' ? state.tab : undefined,
    m: state.metric || undefined,
    f: Object.keys(state.filter).length ? state.filter : undefined,
    q: state.search || undefined,
    k: state.selected.length ? state.selected : undefined,
    r: state.range.from !== null || state.range.to !== null ? [state.range.from, state.range.to] : undefined,
    x: state.facet ?? undefined,
    l: state.logScale ? 1 : undefined,
    a: Object.keys(settingsDiff).length ? settingsDiff : undefined,
    c: state.compare ?? undefined,
    o: state.localFiles.length
      ? state.localFiles.slice(0, LIMITS.localFiles).map((name) => name.slice(0, LIMITS.fileName))
      : undefined,
    i: state.incident ? state.incident.slice(0, LIMITS.text) : undefined,
  };
  return PREFIX + b64url(deflateSync(strToU8(JSON.stringify(compact)), { level: 9 }));
}

const text = (value: unknown, max = LIMITS.text): string | null =>
  typeof value === 'string' && value.length <= max ? value : null;

/** Times a link may carry (epoch ms): years 0001–9999, what dates and date inputs can show. */
export const TIME_RANGE = { min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') };

export function isValidTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= TIME_RANGE.min && value <= TIME_RANGE.max;
}

/** The link's JSON, inflated to at most this many bytes (a view is a few hundred). */
const MAX_LINK_JSON = 256 * 1024;
const KNOWN_KEYS = new Set(['s', 't', 'm', 'f', 'q', 'k', 'r', 'x', 'l', 'a', 'c', 'o', 'i']);
const FIELD_NAMES: Record<string, string> = {
  s: 'sources',
  t: 'tab',
  m: 'metric',
  f: 'filter',
  q: 'search',
  k: 'selected series',
  r: 'time range',
  x: 'facet',
  l: 'log scale',
  a: 'settings',
  c: 'comparison',
  o: 'local file names',
  i: 'incident commit',
};

export interface DecodedLink {
  view: Partial<ViewState>;
  /** What the link held that was not valid and was left out (field names; 'the whole view' when unreadable). */
  dropped: string[];
}

/** Parse a link's state; anything malformed or unexpected is dropped (never thrown at the user). */
export function decodeViewState(hash: string, defaults: AnalysisSettings): Partial<ViewState> {
  return decodeLink(hash, defaults).view;
}

/** One sentence for the page about what a link held that was left out, or null when nothing was. */
export function droppedNote(dropped: string[]): string | null {
  if (dropped.length === 0) return null;
  if (dropped.includes('the whole view'))
    return "This link's view could not be read (it is damaged or from a newer version); the page opened as usual.";
  return `Parts of this link were not valid and were left out: ${dropped.join(', ')}.`;
}

/** Parse a link's state and say which fields were dropped. Never throws: a link that cannot be read, however it
 *  was made, is "the whole view" dropped. */
export function decodeLink(hash: string, defaults: AnalysisSettings): DecodedLink {
  const payload = hash.replace(/^#/, '');
  const whole: DecodedLink = { view: {}, dropped: ['the whole view'] };
  if (payload === '') return { view: {}, dropped: [] };
  if (!payload.startsWith(PREFIX)) return /^v\d+\./.test(payload) ? whole : { view: {}, dropped: [] };
  try {
    const bytes = fromB64url(payload.slice(PREFIX.length));
    if (bytes.length > 64 * 1024) return whole;
    const raw: unknown = JSON.parse(
      strFromU8(inflateBounded(bytes, { format: 'deflate', limit: MAX_LINK_JSON, name: 'The link' })),
    );
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || nestedDeeperThan(raw, MAX_NESTING))
      return whole;
    return validate(raw as Record<string, unknown>, defaults);
  } catch {
    return whole;
  }
}

/** A view nests three levels deep (settings → changepoint → alpha); JSON nested deeper is not a view. */
const MAX_NESTING = 8;

function nestedDeeperThan(value: object, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The list without repeats (by `key`), each item where it first came. */
export function unique<T>(list: T[], key: (item: T) => unknown = (item) => item): T[] {
  const seen = new Set<unknown>();
  return list.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Each field kept when valid, else dropped (and named); a list keeps each value once. */
function validate(raw: Record<string, unknown>, defaults: AnalysisSettings): DecodedLink {
  const dropped = new Set<string>();
  const drop = (key: string) => dropped.add(FIELD_NAMES[key] ?? 'unknown fields');
  for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) drop(key);
  const out: Partial<ViewState> = {};
  const has = (key: string) => raw[key] !== undefined;

  if (has('s')) {
    const list = Array.isArray(raw.s) ? raw.s : [];
    const valid = list.map((u) => text(u, 2000)).filter((u): u is string => u !== null && isHttpUrl(u));
    // Two spellings of one address are one source.
    const kept = unique(valid, (u) => new URL(u).href);
    if (!Array.isArray(raw.s) || valid.length !== list.length || kept.length > LIMITS.sources) drop('s');
    out.sources = kept.slice(0, LIMITS.sources);
  }
  if (has('t')) {
    if (typeof raw.t === 'string' && (TABS as readonly string[]).includes(raw.t)) out.tab = raw.t as Tab;
    else drop('t');
  }
  if (has('m')) {
    const metric = text(raw.m);
    if (metric) out.metric = metric;
    else drop('m');
  }
  if (has('f')) {
    if (typeof raw.f === 'object' && raw.f !== null && !Array.isArray(raw.f)) {
      const filter: DimensionFilter = {};
      const entries = Object.entries(raw.f as Record<string, unknown>);
      if (entries.length > LIMITS.filterDims) drop('f');
      for (const [dim, values] of entries.slice(0, LIMITS.filterDims)) {
        if (!text(dim) || dim === '__proto__' || !Array.isArray(values)) {
          drop('f');
          continue;
        }
        const valid = values.filter((v) => v === null || text(v) !== null) as (string | null)[];
        const kept = unique(valid);
        if (valid.length !== values.length || kept.length > LIMITS.filterValues) drop('f');
        if (kept.length) filter[dim] = kept.slice(0, LIMITS.filterValues);
      }
      out.filter = filter;
    } else drop('f');
  }
  if (has('q')) {
    const search = text(raw.q);
    if (search !== null) out.search = search;
    else drop('q');
  }
  if (has('k')) {
    if (Array.isArray(raw.k)) {
      const valid = raw.k.map((k) => text(k, 2000)).filter((k): k is string => k !== null);
      const kept = unique(valid);
      if (valid.length !== raw.k.length || kept.length > LIMITS.selected) drop('k');
      out.selected = kept.slice(0, LIMITS.selected);
    } else drop('k');
  }
  if (has('r')) {
    if (Array.isArray(raw.r) && raw.r.length === 2) {
      const time = (v: unknown) => (isValidTime(v) ? v : null);
      const range = { from: time(raw.r[0]), to: time(raw.r[1]) };
      if ((raw.r[0] !== null && range.from === null) || (raw.r[1] !== null && range.to === null)) drop('r');
      out.range = range;
    } else drop('r');
  }
  if (has('x')) {
    const facet = text(raw.x, 200);
    if (facet) out.facet = facet;
    else drop('x');
  }
  if (has('l')) {
    if (raw.l === 1) out.logScale = true;
    else drop('l');
  }
  const settingsPatch =
    typeof raw.a === 'object' && raw.a !== null && !Array.isArray(raw.a) ? (raw.a as Record<string, unknown>) : {};
  if (has('a') && settingsPatch !== raw.a) drop('a');
  out.settings = normaliseSettings({ ...defaults, ...settingsPatch });
  for (const [key, value] of Object.entries(settingsPatch)) {
    if (JSON.stringify(out.settings[key as keyof AnalysisSettings]) !== JSON.stringify(value)) drop('a');
  }
  if (has('c')) {
    const c = typeof raw.c === 'object' && raw.c !== null ? (raw.c as Record<string, unknown>) : {};
    const kind = c.kind;
    const a = text(c.a);
    const b = text(c.b);
    const sidesOk = a !== null && b !== null && (kind !== 'time' || (isTimeSpan(a) && isTimeSpan(b)));
    if ((kind === 'version' || kind === 'commit' || kind === 'run' || kind === 'time') && sidesOk)
      out.compare = { kind, a: a!, b: b! };
    else drop('c');
  }
  if (has('o')) {
    const list = Array.isArray(raw.o) ? raw.o : [];
    const valid = list
      .map((name) => text(name, LIMITS.fileName))
      .filter((name): name is string => name !== null && name.trim() !== '');
    const kept = unique(valid);
    if (!Array.isArray(raw.o) || valid.length !== list.length || kept.length > LIMITS.localFiles) drop('o');
    out.localFiles = kept.slice(0, LIMITS.localFiles);
  }
  if (has('i')) {
    // A commit id or a run group's name: printable text without markup characters.
    const incident = text(raw.i);
    const plain = incident !== null && [...incident].every((ch) => ch >= ' ' && !'<>"\'`'.includes(ch));
    if (incident && incident.trim() && plain) out.incident = incident;
    else drop('i');
  }
  return { view: out, dropped: [...dropped] };
}

/** A compared time span: "from/to", each epoch ms in range or empty. */
function isTimeSpan(text: string): boolean {
  const parts = text.split('/');
  return (
    parts.length === 2 && parts.every((part) => part === '' || (/^-?\d{1,16}$/.test(part) && isValidTime(Number(part))))
  );
}

function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** What the page says when a link was made with files from another computer, or null when it was not. */
export function missingFilesNote(localFiles: string[] | undefined): string | null {
  if (!localFiles?.length) return null;
  const names =
    localFiles.length > 3
      ? `${localFiles.slice(0, 3).join(', ')} and ${localFiles.length - 3} more`
      : localFiles.join(', ');
  return `This link was made with ${localFiles.length === 1 ? 'a file' : 'files'} opened from a computer (${names}), which a link cannot carry: open ${localFiles.length === 1 ? 'it' : 'them'} here (Open files… or drop ${localFiles.length === 1 ? 'it' : 'them'} on the page) to see this view.`;
}
