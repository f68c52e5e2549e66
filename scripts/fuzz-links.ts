// Hostile share links against the page. Beside the byte-level links of tests/unit/helpers/link-fuzz.ts, links
// mutated in their structure: values and keys named again and reordered, ?source= and other parameters repeated,
// arrays where objects belong and objects where arrays belong, empty, huge, negative, fractional and NaN-like
// numbers in every field. The driver opens a share of them as new pages and pastes the rest into a running page,
// and counts page errors, hangs, injected markup or dialogs, requests to other origins, and new pages that open
// another origin's data without asking. The unit and e2e link fuzz tests use both; this runs thousands against the
// production build (run `npm run build` first):
//
//   npm run fuzz -- [--links 3000] [--seed 1]
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page, Request } from '@playwright/test';
import { deflateSync, strToU8 } from 'fflate';
import { DEFAULT_SETTINGS } from '../src/lib/analysis/settings.ts';
import { mulberry32 } from '../src/lib/analysis/stats.ts';
import { planLinkSources } from '../src/lib/share/link-consent.ts';
import { decodeLink, TABS } from '../src/lib/share/view-state.ts';
import { MARKUP, fuzzLinks, type LinkOptions } from '../tests/unit/helpers/link-fuzz.ts';
import { createStaticServer } from './serve.mjs';

export interface FuzzLink {
  /** `?…` or empty: read only when the page loads. */
  query: string;
  /** `#v1.…` or empty. */
  hash: string;
  /** Opened as a new page; otherwise set as the hash of a running page, as if pasted in its address bar. */
  fresh: boolean;
}

/** JSON text written as it is: what JSON.stringify cannot write (1e999 reads as Infinity, -0, NaN is no JSON). */
class Literal {
  constructor(readonly text: string) {}
}

/** An object as its pairs in order, so a key can come twice (JSON.parse keeps the last). */
class Pairs {
  constructor(public pairs: [string, unknown][]) {}
}

type Container = Pairs | unknown[];

function jsonText(value: unknown): string {
  if (value instanceof Literal) return value.text;
  if (value instanceof Pairs)
    return `{${value.pairs.map(([key, v]) => `${JSON.stringify(key)}:${jsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  return JSON.stringify(value) ?? 'null';
}

export function encodeJsonText(text: string): string {
  const bytes = deflateSync(strToU8(text));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return 'v1.' + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Empty, huge, negative, fractional and NaN-like numbers: JSON numbers, literals JSON.stringify would not write,
 *  and text. */
const ODD_NUMBERS: unknown[] = [
  '',
  0,
  new Literal('-0'),
  -1,
  -1e20,
  0.5,
  -0.5,
  1e-9,
  1.000001,
  2 ** 53 + 2,
  2 ** 64,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  new Literal('1e999'),
  new Literal('-1e999'),
  new Literal('1e-400'),
  new Literal('NaN'),
  'NaN',
  'Infinity',
  '-Infinity',
  '1e3',
  ' 7 ',
  '0x10',
  null,
];

/** Keys a view or its settings have, so an odd value can land in a field that was not there. */
const FIELD_KEYS = [
  ...['s', 't', 'm', 'f', 'q', 'k', 'r', 'x', 'l', 'a', 'c', 'o'],
  ...['method', 'asOf', 'baselineDays', 'minSamples', 'regressionDays', 'historyDays', 'defaultThreshold'],
  ...['trendDays', 'trendMinSamples', 'thresholds', 'changepoint', 'alpha', 'minSegment', 'latency', 'kind'],
];

/** Series of the demo (so a selection named twice has charts to draw), and keys that are none. */
const SERIES = [
  'batch_size=1|device=NVIDIA A100|hardware=cuda|model=bert-base-uncased|precision=fp32|sequence_length=128',
  'batch_size=1|device=NVIDIA A100|hardware=cuda|model=t5-small|precision=fp32|sequence_length=128',
  'batch_size=4|device=AMD MI250|hardware=rocm|model=bert-base-uncased|precision=fp16|sequence_length=128',
  'x',
  'constructor',
];

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/** Data on another origin, or on the page's own: a published history there (it opens before DuckDB has started),
 *  a file that is not there, a name with markup. */
function sourceUrl(rand: Rand, options: LinkOptions): string {
  const roll = rand();
  if (roll < 0.6) return `${pick(rand, options.foreignOrigins)}/data-${Math.floor(rand() * 3)}.csv`;
  if (roll < 0.8) return `${options.sameOrigin}/demo/preview/manifest.json`;
  if (roll < 0.95) return `${options.sameOrigin}/data-${Math.floor(rand() * 3)}.csv`;
  return `${options.sameOrigin}/${encodeURIComponent(pick(rand, MARKUP))}.csv`;
}

/** The same address written another way. */
function respell(url: string, rand: Rand): string {
  return pick(rand, [
    url.replace(/^https?/i, (scheme) => scheme.toUpperCase()),
    url.replace(/^(https?:\/\/[^/]+)\//i, '$1/./'),
    url.replace(/^https?:\/\/[^/]+/i, (origin) => origin.toUpperCase()),
  ]);
}

/** A valid view: about half its fields, each set as the page would write it; Explore, which shows most of a view,
 *  is its tab more often than the others. */
function validView(rand: Rand, options: LinkOptions): Pairs {
  const fields: [string, unknown][] = [
    ['s', Array.from({ length: 1 + Math.floor(rand() * 2) }, () => sourceUrl(rand, options))],
    ['t', pick(rand, ['explore', 'explore', 'explore', ...TABS])],
    ['m', pick(rand, ['latency', 'throughput', 'memory', 'power'])],
    [
      'f',
      new Pairs([
        ['model', ['bert-base-uncased', 't5-small']],
        ['hardware', ['cuda', null]],
      ]),
    ],
    ['q', pick(rand, ['', 'cuda', 'bert'])],
    ['k', SERIES.slice(0, 1 + Math.floor(rand() * 3))],
    ['r', [Date.UTC(2026, 9, 1), pick(rand, [null, Date.UTC(2026, 11, 1)])]],
    ['x', 'hardware'],
    ['l', 1],
    [
      'a',
      new Pairs([
        ['method', 'percent'],
        ['baselineDays', 14],
        ['thresholds', new Pairs([['latency', 8]])],
        ['changepoint', new Pairs([['alpha', 0.01]])],
      ]),
    ],
    [
      'c',
      pick(rand, [
        new Pairs([
          ['kind', 'version'],
          ['a', 'v1.6.0'],
          ['b', 'v1.7.0'],
        ]),
        new Pairs([
          ['kind', 'time'],
          ['a', '1759276800000/1761955200000'],
          ['b', '1761955200000/'],
        ]),
      ]),
    ],
    ['o', ['bench.json', 'run 2/b.csv']],
  ];
  // A facet stays on a page until a link names another, and Explore then shows one chart instead of the selection's:
  // few links set one.
  return new Pairs(fields.filter(([key]) => rand() < (key === 'x' ? 0.1 : 0.5)));
}

/** Every object and array in a view, the view first. */
function containers(node: unknown, out: Container[] = []): Container[] {
  if (node instanceof Pairs) {
    out.push(node);
    for (const [, value] of node.pairs) containers(value, out);
  } else if (Array.isArray(node)) {
    out.push(node);
    for (const value of node) containers(value, out);
  }
  return out;
}

const size = (c: Container) => (c instanceof Pairs ? c.pairs.length : c.length);
const valueAt = (c: Container, i: number) => (c instanceof Pairs ? c.pairs[i][1] : c[i]);
function setAt(c: Container, i: number, value: unknown): void {
  if (c instanceof Pairs) c.pairs[i][1] = value;
  else c[i] = value;
}

function shuffle<T>(list: T[], rand: Rand): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
}

/** A field or item anywhere in the view, or null when the view is empty. */
function slot(view: Pairs, rand: Rand): [Container, number] | null {
  const filled = containers(view).filter((c) => size(c) > 0);
  if (!filled.length) return null;
  const c = pick(rand, filled);
  return [c, Math.floor(rand() * size(c))];
}

/** Structure-level mutations; each changes the view in place. */
const MUTATIONS: Record<string, (view: Pairs, rand: Rand) => void> = {
  /** An item named again (a source perhaps spelled another way): usually once or twice, sometimes 30 times. Lists
   *  of names (sources, series, filter values, files) first. */
  repeatItem(view, rand) {
    const lists = containers(view).filter((c): c is unknown[] => Array.isArray(c) && c.length > 0);
    const names = lists.filter((list) => list.some((item) => typeof item === 'string'));
    if (!lists.length) return;
    const list = pick(rand, names.length && rand() < 0.8 ? names : lists);
    const item = pick(rand, list);
    const copies = rand() < 0.8 ? 1 + Math.floor(rand() * 2) : 30;
    for (let n = 0; n < copies; n++) {
      const copy = typeof item === 'string' && /^https?:/i.test(item) && rand() < 0.5 ? respell(item, rand) : item;
      list.splice(Math.floor(rand() * (list.length + 1)), 0, copy);
    }
  },
  /** A key named again in its object, with the same value or another. */
  repeatKey(view, rand) {
    const objects = containers(view).filter((c): c is Pairs => c instanceof Pairs && c.pairs.length > 0);
    if (!objects.length) return;
    const object = pick(rand, objects);
    const [key, value] = pick(rand, object.pairs);
    object.pairs.splice(Math.floor(rand() * (object.pairs.length + 1)), 0, [
      key,
      rand() < 0.5 ? value : pick(rand, ODD_NUMBERS),
    ]);
  },
  /** Keys or items in another order. */
  reorder(view, rand) {
    const c = pick(rand, containers(view));
    shuffle(c instanceof Pairs ? c.pairs : c, rand);
  },
  /** An array where an object belongs, an object where an array belongs, a plain value wrapped in either. */
  swap(view, rand) {
    const at = slot(view, rand);
    if (!at) return;
    const value = valueAt(...at);
    setAt(
      ...at,
      Array.isArray(value)
        ? new Pairs(value.map((item, i) => [String(i), item]))
        : value instanceof Pairs
          ? rand() < 0.5
            ? value.pairs.map(([, item]) => item)
            : value.pairs.map(([key, item]) => [key, item])
          : rand() < 0.5
            ? [value]
            : new Pairs([['value', value]]),
    );
  },
  /** An odd number in any field, or in a field that was not there. */
  oddNumber(view, rand) {
    const at = slot(view, rand);
    if (at && rand() < 0.7) return setAt(...at, pick(rand, ODD_NUMBERS));
    const objects = containers(view).filter((c): c is Pairs => c instanceof Pairs);
    pick(rand, objects).pairs.push([pick(rand, FIELD_KEYS), pick(rand, ODD_NUMBERS)]);
  },
};

/** ?source= named again (the same address, or spelled another way), other parameters repeated, odd values. */
function repeatedQuery(rand: Rand, options: LinkOptions): string {
  const url = sourceUrl(rand, options);
  const params: [string, string][] = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => [
    'source',
    rand() < 0.6 ? url : rand() < 0.5 ? respell(url, rand) : sourceUrl(rand, options),
  ]);
  if (rand() < 0.2) params.push(['source', pick(rand, ['', 'javascript:window.__fuzzHit=1', pick(rand, MARKUP)])]);
  if (rand() < 0.3) params.push(['tab', pick(rand, TABS)], ['tab', pick(rand, [...TABS, '__proto__', ''])]);
  if (rand() < 0.1) params.push(['empty', ''], ['empty', '']);
  shuffle(params, rand);
  return '?' + params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
}

/** How many links open as new pages: those with a query (a share of the structure-level links), and a share of
 *  the others. */
export interface FreshShares {
  query: number;
  fresh: number;
}

/** `count` links mutated in their structure, the two an outside fuzzer found first. */
export function structureLinks(
  seed: number,
  count: number,
  options: LinkOptions,
  shares: FreshShares = { query: 0.15, fresh: 0.03 },
): FuzzLink[] {
  const rand = mulberry32(seed);
  const doubled = encodeURIComponent(`${options.foreignOrigins[0]}/a.csv`);
  const links: FuzzLink[] = [
    { query: '', hash: '#' + encodeJsonText('{"t":"explore","k":["x","x"]}'), fresh: true },
    { query: `?source=${doubled}&source=${doubled}`, hash: '', fresh: true },
  ];
  const names = Object.keys(MUTATIONS);
  while (links.length < count) {
    const view = validView(rand, options);
    for (let edits = 1 + Math.floor(rand() * 3); edits > 0; edits--) MUTATIONS[pick(rand, names)](view, rand);
    const hash = '#' + encodeJsonText(jsonText(view));
    // A view with sources of its own wins over ?source=: most links with a query have no view.
    if (rand() < shares.query)
      links.push({ query: repeatedQuery(rand, options), hash: rand() < 0.7 ? '' : hash, fresh: true });
    else links.push({ query: '', hash, fresh: rand() < shares.fresh });
  }
  return links.slice(0, count);
}

/** Half structure-level links, half byte-level ones. */
export function fuzzCorpus(seed: number, count: number, options: LinkOptions, shares?: FreshShares): FuzzLink[] {
  const structure = structureLinks(seed, count - Math.floor(count / 2), options, shares);
  const rand = mulberry32(seed ^ 0x5eed);
  const bytes = fuzzLinks(seed, Math.floor(count / 2), options).map((link) => ({
    query: '',
    hash: '#' + link,
    fresh: rand() < (shares?.fresh ?? 0.03),
  }));
  return [...structure, ...bytes];
}

/** Whether a new page opened on this link must ask before opening data (as src/main.ts reads a link). */
export function asksConsent(link: FuzzLink, pageOrigin: string): boolean {
  const fromHash = decodeLink(link.hash, DEFAULT_SETTINGS).view.sources ?? [];
  const named = fromHash.length ? fromHash : new URLSearchParams(link.query).getAll('source');
  return planLinkSources(named, pageOrigin, {}).ask.length > 0;
}

export interface FuzzReport {
  links: number;
  fresh: number;
  pasted: number;
  pageErrors: string[];
  hangs: string[];
  /** Markup from a link that ran or reached the DOM as elements, and dialogs. */
  injections: string[];
  foreignRequests: string[];
  /** New pages whose link names another origin's data and that did not ask first. */
  unasked: string[];
  seconds: number;
}

const BATCH = 50;
/** What a page gets to answer a batch of pasted links, or to load: longer is a hang. */
const PATIENCE_MS = 20_000;
/** How long a new page is watched for its link's sources to open (data on the page's own origin that is not a
 *  published history waits for DuckDB, ≈ 8 s here: it is not waited for). */
const SETTLE_MS = 3000;

/** The promise's value, or why there is none: no answer within `ms`, or the rejection's message. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T | { failed: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ failed: string }>((resolve) => {
    timer = setTimeout(() => resolve({ failed: `no answer within ${ms / 1000} s` }), ms);
  });
  try {
    return await Promise.race([promise.catch((error: Error) => ({ failed: error.message.split('\n')[0] })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const failed = (value: unknown): value is { failed: string } =>
  typeof value === 'object' && value !== null && 'failed' in value;

/** Run the links in pages of `context` against the app at `appUrl`; `log` hears about progress. */
export async function fuzzPage(
  context: BrowserContext,
  appUrl: string,
  links: FuzzLink[],
  log: (line: string) => void = () => {},
): Promise<FuzzReport> {
  const started = performance.now();
  const origin = new URL(appUrl).origin;
  const fresh = links.filter((l) => l.fresh);
  const pasted = links.filter((l) => !l.fresh);
  const report: FuzzReport = {
    links: links.length,
    fresh: fresh.length,
    pasted: pasted.length,
    pageErrors: [],
    hangs: [],
    injections: [],
    foreignRequests: [],
    unasked: [],
    seconds: 0,
  };
  let current = '';
  const short = (link: FuzzLink) => (link.query + link.hash).slice(0, 160);
  const onRequest = (request: Request) => {
    const url = request.url();
    if (!/^(data|blob):/.test(url) && new URL(url).origin !== origin)
      report.foreignRequests.push(`${url} (${current})`);
  };
  context.on('request', onRequest);

  let page = null as Page | null;
  async function newPage(): Promise<Page> {
    await page?.close().catch(() => {});
    const opened = await context.newPage();
    opened.on('pageerror', (error) =>
      report.pageErrors.push(`${error.message.split('\n')[0]} (${current}; at ${opened.url().slice(-120)})`),
    );
    opened.on('dialog', (dialog) => {
      report.injections.push(`dialog "${dialog.message()}" (${current})`);
      void dialog.dismiss();
    });
    return (page = opened);
  }
  /** A page with the demo open, for pasted links. */
  async function runningPage(): Promise<Page> {
    const opened = await newPage();
    await opened.goto(appUrl);
    await opened.getByTestId('source').first().waitFor({ timeout: 30_000 });
    return opened;
  }

  try {
    let running = await runningPage();
    for (let i = 0; i < pasted.length; i += BATCH) {
      current = `pasted links ${i}–${Math.min(i + BATCH, pasted.length) - 1}`;
      const errors = report.pageErrors.length;
      // Each link is set as the hash one task apart, so every hashchange is handled and the view renders.
      const state = await within(
        PATIENCE_MS,
        running.evaluate(
          async (hashes) => {
            for (const hash of hashes) {
              location.hash = hash;
              await new Promise((resolve) => setTimeout(resolve, 0));
            }
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            return {
              hit: (window as unknown as { __fuzzHit?: number }).__fuzzHit ?? 0,
              markup: document.querySelectorAll('[data-fuzz], img[src="x"]').length,
            };
          },
          pasted.slice(i, i + BATCH).map((l) => l.hash),
        ),
      );
      if (failed(state)) report.hangs.push(`${current}: ${state.failed}`);
      else if (state.hit || state.markup) report.injections.push(`${current}: ${JSON.stringify(state)}`);
      // A page that broke is not used again (its later errors would be the same error), and every few hundred links
      // a new page starts from the default view again.
      const broke = failed(state) || state.hit || report.pageErrors.length > errors;
      if (broke || (i + BATCH) % (BATCH * 4) === 0) running = await runningPage();
      if (i % (BATCH * 10) === 0) log(`${i} of ${pasted.length} pasted links`);
    }

    let opened = await newPage();
    for (const [n, link] of fresh.entries()) {
      current = short(link);
      await opened.goto('about:blank');
      const settled = await within(
        PATIENCE_MS,
        (async () => {
          await opened.goto(new URL(link.query + link.hash, appUrl).href);
          // Settled: something opened, was asked about or said, and no load is under way.
          await opened
            .waitForFunction(
              () =>
                !document.querySelector('header .cancel') &&
                document.querySelector('[data-testid=source], [data-testid=link-consent], [data-testid^=message-]'),
              undefined,
              { timeout: SETTLE_MS, polling: 50 },
            )
            .catch(() => {});
          return opened.evaluate(async () => {
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            return {
              hit: (window as unknown as { __fuzzHit?: number }).__fuzzHit ?? 0,
              markup: document.querySelectorAll('[data-fuzz], img[src="x"]').length,
              asked: document.querySelector('[data-testid=consent-host]') !== null,
            };
          });
        })(),
      );
      if (failed(settled)) {
        report.hangs.push(`${current}: ${settled.failed}`);
        opened = await newPage();
        continue;
      }
      if (settled.hit || settled.markup) report.injections.push(`${current}: ${JSON.stringify(settled)}`);
      if (!settled.asked && asksConsent(link, origin)) report.unasked.push(current);
      if (n % 10 === 0) log(`${n} of ${fresh.length} new pages`);
    }
  } finally {
    context.off('request', onRequest);
    await page?.close().catch(() => {});
    report.seconds = (performance.now() - started) / 1000;
  }
  return report;
}

/** One line per figure. */
export function describeReport(report: FuzzReport): string {
  const list = (items: string[]) => (items.length ? `\n    ${items.slice(0, 20).join('\n    ')}` : '');
  return [
    `links tried:      ${report.links} (${report.fresh} as new pages, ${report.pasted} pasted)`,
    `page errors:      ${report.pageErrors.length}${list(report.pageErrors)}`,
    `hangs:            ${report.hangs.length}${list(report.hangs)}`,
    `injections:       ${report.injections.length}${list(report.injections)}`,
    `foreign requests: ${report.foreignRequests.length}${list(report.foreignRequests)}`,
    `opened unasked:   ${report.unasked.length}${list(report.unasked)}`,
    `wall time:        ${report.seconds.toFixed(1)} s`,
  ].join('\n');
}

async function main(): Promise<void> {
  const arg = (name: string) => Number(process.argv[process.argv.indexOf(name) + 1]);
  const count = (process.argv.includes('--links') && arg('--links')) || 3000;
  const seed = (process.argv.includes('--seed') && arg('--seed')) || 1;
  const dist = path.resolve('dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error('No build in dist/: run `npm run build` first.');

  const app = createStaticServer({ root: dist });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  // Another site, on loopback: it must see no request.
  const reached: string[] = [];
  const foreign = http.createServer((request, response) => {
    reached.push(`${request.method} ${request.url}`);
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.end('a,b\n1,2\n');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  const foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;

  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Nothing leaves the machine: requests to other origins are counted (by the driver) and refused here.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      return /^(data|blob):/.test(url) || new URL(url).origin === origin ? route.fallback() : route.abort();
    });
    const links = fuzzCorpus(seed, count, {
      foreignOrigins: [foreignOrigin, 'https://evil.example'],
      sameOrigin: origin,
    });
    console.log(`${links.length} links (seed ${seed}) against ${origin}`);
    const start = performance.now();
    const report = await fuzzPage(context, `${origin}/`, links, (line) =>
      console.log(`${((performance.now() - start) / 1000).toFixed(0).padStart(5)} s  ${line}`),
    );
    console.log(describeReport(report));
    console.log(`the other site was reached ${reached.length} times`);
    const problems =
      report.pageErrors.length +
      report.hangs.length +
      report.injections.length +
      report.foreignRequests.length +
      report.unasked.length +
      reached.length;
    process.exitCode = problems ? 1 : 0;
  } finally {
    await browser.close();
    app.close();
    foreign.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
