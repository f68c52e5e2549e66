// The share-link decoder against thousands of hostile links, and the consent plan for a link's sources.
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { normaliseHostChoices, planLinkSources } from '../../src/lib/share/link-consent.ts';
import { decodeLink, droppedNote, isValidTime, TABS } from '../../src/lib/share/view-state.ts';
import { encodePayload, fuzzLinks } from './helpers/link-fuzz.ts';

const options = { foreignOrigins: ['http://127.0.0.1:9', 'https://evil.example'], sameOrigin: 'http://127.0.0.1:4173' };

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
