// The share-link decoder against thousands of hostile links, mutated byte by byte and in their structure
// (scripts/fuzz-links.ts), and the consent plan for a link's sources.
import { deflateSync, inflateSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { normaliseHostChoices, planLinkSources } from '../../src/lib/share/link-consent.ts';
import { decodeLink, droppedNote, isValidTime, TABS } from '../../src/lib/share/view-state.ts';
import { encodeJsonText, structureLinks } from '../../scripts/fuzz-links.ts';
import { encodePayload, fuzzLinks } from './helpers/link-fuzz.ts';

const options = { foreignOrigins: ['http://127.0.0.1:9', 'https://evil.example'], sameOrigin: 'http://127.0.0.1:4173' };

/** A link's JSON as written, or null when it is no JSON object. */
function payload(hash: string): Record<string, unknown> | null {
  try {
    const base64 = hash.slice('#v1.'.length).replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(strFromU8(inflateSync(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))));
  } catch {
    return null;
  }
}

const repeats = (list: unknown) =>
  Array.isArray(list) && new Set(list.map((v) => JSON.stringify(v))).size < list.length;

function href(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

describe('share-link decoder fuzz', () => {
  it('never throws and keeps only valid values, for 5,000 crafted and mutated links', () => {
    const links = fuzzLinks(20261129, 5000, options);
    let withDrops = 0;
    let withSources = 0;
    for (const link of links) {
      const { view, dropped } = decodeLink('#' + link, DEFAULT_SETTINGS);
      if (dropped.length) withDrops++;
      if (view.sources?.length) withSources++;
      if (view.tab !== undefined) expect(TABS).toContain(view.tab);
      for (const url of view.sources ?? []) expect(['http:', 'https:']).toContain(new URL(url).protocol);
      if (view.range) {
        for (const t of [view.range.from, view.range.to])
          if (t !== null) expect(() => new Date(t).toISOString()).not.toThrow();
      }
      if (view.settings?.asOf != null) expect(isValidTime(view.settings.asOf)).toBe(true);
      if (view.compare?.kind === 'time') {
        for (const side of [view.compare.a, view.compare.b])
          for (const part of side.split('/'))
            if (part) expect(() => new Date(Number(part)).toISOString()).not.toThrow();
      }
      for (const text of [view.metric, view.search, view.facet])
        if (typeof text === 'string') expect(text.length).toBeLessThanOrEqual(500);
      expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
      // One note at most, and it never quotes the link's own text.
      const note = droppedNote(dropped);
      if (note) expect(note).not.toMatch(/[<>]/);
    }
    // The corpus really exercises both paths.
    expect(withDrops).toBeGreaterThan(2500);
    expect(withSources).toBeGreaterThan(500);
  });

  it('keeps each value of a list once and plans each source once, for 5,000 links mutated in their structure', () => {
    const links = structureLinks(20261207, 5000, options);
    const seen = { repeats: 0, queries: 0, asked: 0 };
    const once = (list: unknown[] = []) => expect(new Set(list).size).toBe(list.length);
    for (const link of links) {
      const { view } = decodeLink(link.hash, DEFAULT_SETTINGS);
      once(view.sources?.map(href));
      once(view.selected);
      once(view.localFiles);
      for (const values of Object.values(view.filter ?? {})) once(values);
      const raw = payload(link.hash);
      if (raw && [raw.s, raw.k, raw.o].some(repeats)) seen.repeats++;
      // As the page reads a link: the view's sources, else ?source=.
      const named = view.sources?.length ? view.sources : new URLSearchParams(link.query).getAll('source');
      const plan = planLinkSources(named, options.sameOrigin, {});
      once([...plan.open, ...plan.ask.flatMap((r) => r.urls)].map(href));
      if (link.query) seen.queries++;
      if (plan.ask.length) seen.asked++;
    }
    // The corpus really names things twice, repeats ?source= and asks about other origins.
    expect(seen.repeats).toBeGreaterThan(500);
    expect(seen.queries).toBeGreaterThan(500);
    expect(seen.asked).toBeGreaterThan(1000);
  });

  it('reads nothing from a view nested 100,000 deep, wherever the nesting is, and throws nothing', () => {
    const deep = (open: string, close: string) => open.repeat(100_000) + close.repeat(100_000);
    for (const text of [
      `{"a":{"thresholds":${deep('[', ']')}}}`,
      `{"a":${deep('{"a":', '}').replace(/:}/, ':1}')}}`,
      `{"f":{"model":${deep('[', ']')}}}`,
      `{"zz":${deep('[', ']')}}`,
      `{"t":"explore","k":[${'['.repeat(9)}"x"${']'.repeat(9)}]}`,
    ])
      expect(decodeLink('#' + encodeJsonText(text), DEFAULT_SETTINGS)).toEqual({
        view: {},
        dropped: ['the whole view'],
      });
  });

  it('drops out-of-range times with one note naming the fields', () => {
    const { view, dropped } = decodeLink(
      '#' +
        encodePayload({
          r: [1e20, Date.UTC(2026, 0, 1)],
          a: { asOf: -1e20 },
          c: { kind: 'time', a: '1e20/', b: '0/1' },
          t: 'explore',
        }),
      DEFAULT_SETTINGS,
    );
    expect(view.range).toEqual({ from: null, to: Date.UTC(2026, 0, 1) });
    expect(view.settings?.asOf).toBeNull();
    expect(view.compare).toBeUndefined();
    expect(view.tab).toBe('explore');
    expect(dropped.sort()).toEqual(['comparison', 'settings', 'time range']);
    expect(droppedNote(dropped)).toBe(
      'Parts of this link were not valid and were left out: comparison, settings, time range.',
    );
  });

  it('refuses a link whose payload inflates past its bound (a deflate bomb in the hash)', () => {
    const bomb = deflateSync(new Uint8Array(50 * 2 ** 20).fill(32), { level: 9 });
    let binary = '';
    for (const b of bomb) binary += String.fromCharCode(b);
    const hash = '#v1.' + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(decodeLink(hash, DEFAULT_SETTINGS)).toEqual({ view: {}, dropped: ['the whole view'] });
  });

  it('a hash that is not a view at all is no link (no note); a damaged view is one note', () => {
    expect(decodeLink('', DEFAULT_SETTINGS)).toEqual({ view: {}, dropped: [] });
    expect(decodeLink('#section-2', DEFAULT_SETTINGS)).toEqual({ view: {}, dropped: [] });
    expect(droppedNote(decodeLink('#v1.AAAA', DEFAULT_SETTINGS).dropped)).toMatch(/could not be read/);
  });
});

describe('sources named by a link', () => {
  it('open on the page origin or where allowed; other origins wait for consent, grouped by origin', () => {
    const plan = planLinkSources(
      [
        'http://page.test/a.csv',
        'https://data.example/x.parquet',
        'https://data.example/y.csv',
        'http://mirror.test:8080/z.csv',
        'https://no.example/n.csv',
        'javascript:alert(1)',
      ],
      'http://page.test',
      { 'http://mirror.test:8080': 'allow', 'https://no.example': 'deny' },
    );
    expect(plan.open).toEqual(['http://page.test/a.csv', 'http://mirror.test:8080/z.csv', 'javascript:alert(1)']);
    expect(plan.ask).toEqual([
      {
        origin: 'https://data.example',
        host: 'data.example',
        urls: ['https://data.example/x.parquet', 'https://data.example/y.csv'],
      },
    ]);
    expect(plan.refused.map((r) => r.host)).toEqual(['no.example']);
  });

  it('are planned once each, however often and however spelled a link names them', () => {
    const plan = planLinkSources(
      [
        'http://127.0.0.1:9/a.csv',
        'http://127.0.0.1:9/a.csv',
        'HTTP://127.0.0.1:9/./a.csv',
        'http://page.test/b.csv',
        'http://PAGE.test/b.csv',
        'not a url',
        'not a url',
      ],
      'http://page.test',
      {},
    );
    expect(plan.open).toEqual(['http://page.test/b.csv', 'not a url']);
    expect(plan.ask).toEqual([
      { origin: 'http://127.0.0.1:9', host: '127.0.0.1:9', urls: ['http://127.0.0.1:9/a.csv'] },
    ]);
  });

  it('stored choices are validated like a link', () => {
    expect(
      normaliseHostChoices({
        'https://a.example': 'allow',
        'https://b.example/path': 'allow',
        'https://c.example': 'yes',
        x: 'deny',
      }),
    ).toEqual({ 'https://a.example': 'allow' });
    expect(normaliseHostChoices(['https://a.example'])).toEqual({});
  });
});
