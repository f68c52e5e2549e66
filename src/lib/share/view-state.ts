// The whole view in a link: sources (URLs only), tab, metric, filters, selected series, time range, facet,
// method and thresholds. Versioned, compressed (deflate + base64url in the URL hash), and validated on the way
// in: a crafted link can only set these fields to plain values; it can never carry SQL or markup that runs.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { normaliseSettings, type AnalysisSettings } from '../analysis/settings.ts';
import type { DimensionFilter } from '../db/api.ts';

export const TABS = ['overview', 'explore', 'compare', 'sql', 'notify', 'settings'] as const;
export type Tab = (typeof TABS)[number];

export interface CompareSpec {
  kind: 'version' | 'commit' | 'run' | 'time';
  a: string;
  b: string;
}

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
}

export const STATE_VERSION = 1;
const PREFIX = `v${STATE_VERSION}.`;
const LIMITS = { sources: 10, text: 500, selected: 24, filterDims: 30, filterValues: 200 };

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
  };
  return PREFIX + b64url(deflateSync(strToU8(JSON.stringify(compact)), { level: 9 }));
}

const text = (value: unknown, max = LIMITS.text): string | null => (typeof value === 'string' && value.length <= max ? value : null);

/** Parse a link's state; anything malformed or unexpected is dropped (never thrown at the user). */
export function decodeViewState(hash: string, defaults: AnalysisSettings): Partial<ViewState> {
  const payload = hash.replace(/^#/, '');
  if (!payload.startsWith(PREFIX)) return {};
  let raw: Record<string, unknown>;
  try {
    const bytes = fromB64url(payload.slice(PREFIX.length));
    if (bytes.length > 64 * 1024) return {};
    raw = JSON.parse(strFromU8(inflateSync(bytes)));
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  } catch {
    return {};
  }
  const out: Partial<ViewState> = {};
  if (Array.isArray(raw.s)) {
    out.sources = raw.s.map((u) => text(u, 2000)).filter((u): u is string => u !== null && /^https?:\/\//i.test(u)).slice(0, LIMITS.sources);
  }
  if (typeof raw.t === 'string' && (TABS as readonly string[]).includes(raw.t)) out.tab = raw.t as Tab;
  const metric = text(raw.m);
  if (metric) out.metric = metric;
  if (typeof raw.f === 'object' && raw.f !== null && !Array.isArray(raw.f)) {
    const filter: DimensionFilter = {};
    for (const [dim, values] of Object.entries(raw.f as Record<string, unknown>).slice(0, LIMITS.filterDims)) {
      if (!text(dim) || !Array.isArray(values)) continue;
      const kept = values.filter((v) => v === null || text(v) !== null).slice(0, LIMITS.filterValues) as (string | null)[];
      if (kept.length) filter[dim] = kept;
    }
    out.filter = filter;
  }
  const search = text(raw.q);
  if (search !== null) out.search = search;
  if (Array.isArray(raw.k)) out.selected = raw.k.map((k) => text(k, 2000)).filter((k): k is string => k !== null).slice(0, LIMITS.selected);
  if (Array.isArray(raw.r) && raw.r.length === 2) {
    const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    out.range = { from: time(raw.r[0]), to: time(raw.r[1]) };
  }
  const facet = text(raw.x, 200);
  if (facet) out.facet = facet;
  if (raw.l === 1) out.logScale = true;
  out.settings = normaliseSettings({ ...defaults, ...(typeof raw.a === 'object' && raw.a !== null ? (raw.a as object) : {}) });
  if (typeof raw.c === 'object' && raw.c !== null) {
    const c = raw.c as Record<string, unknown>;
    const kind = c.kind;
    const a = text(c.a);
    const b = text(c.b);
    if ((kind === 'version' || kind === 'commit' || kind === 'run' || kind === 'time') && a !== null && b !== null) out.compare = { kind, a, b };
  }
  return out;
}
