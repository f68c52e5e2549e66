// Hostile share links for the fuzz tests (Node and Chromium): crafted payloads that aim at each field, and
// mutations of valid links. Deterministic: the same seed gives the same links.
import { deflateSync, strToU8 } from 'fflate';
import { mulberry32 } from '../../../src/lib/analysis/stats.ts';

export function encodePayload(payload: unknown): string {
  const bytes = deflateSync(strToU8(JSON.stringify(payload)));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return 'v1.' + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Markup that would show itself if it ever reached the DOM as HTML (the page must only ever show it as text). */
export const MARKUP = [
  '<img src=x data-fuzz onerror="window.__fuzzHit=1">',
  '<b data-fuzz>bold</b>',
  '"><svg data-fuzz onload="window.__fuzzHit=1">',
  "'); window.__fuzzHit=1; //",
  '<script data-fuzz>window.__fuzzHit=1</script>',
  '{{constructor.constructor("window.__fuzzHit=1")()}}',
];

const NUMBERS = [
  0,
  -1,
  1e20,
  -1e20,
  8.64e15,
  8.64e15 + 1,
  -8.64e15 - 1,
  1.7976931348623157e308,
  -0,
  0.5,
  2 ** 53,
  253402300800000,
  -62135596800001,
  1e-300,
];

export interface LinkOptions {
  /** Origins a link may name sources on (a loopback "other site", the page's own). */
  foreignOrigins: string[];
  sameOrigin: string;
}

/** Values of every JSON type, hostile ones included. */
function anyValue(rand: () => number, depth = 0): unknown {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  switch (Math.floor(rand() * 9)) {
    case 0:
      return pick(NUMBERS);
    case 1:
      return pick(MARKUP);
    case 2:
      return 'x'.repeat(pick([0, 1, 499, 500, 501, 2001, 70_000]));
    case 3:
      return null;
    case 4:
      return rand() < 0.5;
    case 5:
      return depth < 3 ? Array.from({ length: Math.floor(rand() * 4) }, () => anyValue(rand, depth + 1)) : [];
    case 6:
      return depth < 3
        ? { kind: pick(['time', 'version', 'sql']), a: anyValue(rand, depth + 1), b: anyValue(rand, depth + 1) }
        : {};
    case 7:
      return pick([
        'overview',
        'explore',
        'compare',
        'sql',
        'notify',
        'settings',
        'latency',
        'throughput',
        '__proto__',
        'constructor',
      ]);
    default:
      return `${pick(['1e20', '-5', 'NaN', 'Infinity'])}/${pick(['', '1700000000000', '99999999999999999'])}`;
  }
}

function sourceUrl(rand: () => number, options: LinkOptions): unknown {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const origin = rand() < 0.7 ? pick(options.foreignOrigins) : options.sameOrigin;
  return pick([
    `${origin}/data-${Math.floor(rand() * 5)}.csv`,
    `${origin}/slow.csv`,
    'javascript:window.__fuzzHit=1',
    'data:text/csv,a,b',
    `${origin}/${encodeURIComponent(pick(MARKUP))}.duckdb`,
    'https://evil.example/a.csv',
    42,
  ]);
}

/** A crafted view: each field set to a random, mostly invalid value. */
export function craftedPayload(rand: () => number, options: LinkOptions): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const fields = ['s', 't', 'm', 'f', 'q', 'k', 'r', 'x', 'l', 'a', 'c', '__proto__', 'zz'];
  for (const field of fields) {
    if (rand() < 0.45) continue;
    if (field === 's')
      payload.s =
        rand() < 0.8
          ? Array.from({ length: 1 + Math.floor(rand() * 3) }, () => sourceUrl(rand, options))
          : anyValue(rand);
    else if (field === 'r') payload.r = rand() < 0.8 ? [anyValue(rand), anyValue(rand)] : anyValue(rand);
    else if (field === 'a')
      payload.a =
        rand() < 0.8
          ? {
              asOf: anyValue(rand),
              baselineDays: anyValue(rand),
              method: anyValue(rand),
              thresholds: { latency: anyValue(rand) },
              changepoint: { alpha: anyValue(rand) },
            }
          : anyValue(rand);
    else if (field === 'c')
      payload.c =
        rand() < 0.8
          ? { kind: rand() < 0.6 ? 'time' : 'version', a: anyValue(rand), b: anyValue(rand) }
          : anyValue(rand);
    else if (field === 'f')
      payload.f =
        rand() < 0.8
          ? { model: [anyValue(rand), anyValue(rand)], [String(anyValue(rand))]: anyValue(rand) }
          : anyValue(rand);
    else payload[field] = anyValue(rand);
  }
  return payload;
}

/** A valid link with a few characters changed, inserted or removed. */
export function mutateLink(link: string, rand: () => number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=%<>"\'#';
  let out = link;
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * out.length);
    const char = alphabet[Math.floor(rand() * alphabet.length)];
    const kind = rand();
    out =
      kind < 0.4
        ? out.slice(0, at) + char + out.slice(at + 1)
        : kind < 0.7
          ? out.slice(0, at) + char + out.slice(at)
          : out.slice(0, at) + out.slice(at + 1);
  }
  return out;
}

/** `count` links: about half crafted payloads, half mutations of crafted or valid ones, plus non-v1 garbage. */
export function fuzzLinks(seed: number, count: number, options: LinkOptions): string[] {
  const rand = mulberry32(seed);
  const links: string[] = [];
  for (let i = 0; i < count; i++) {
    const crafted = encodePayload(craftedPayload(rand, options));
    const roll = rand();
    if (roll < 0.5) links.push(crafted);
    else if (roll < 0.9) links.push(mutateLink(crafted, rand));
    else
      links.push(
        mutateLink(['v2.AAAA', 'v1.', 'v1.!!!!', '%00%ff', 'v1.' + 'A'.repeat(100)][Math.floor(rand() * 5)], rand),
      );
  }
  return links;
}
