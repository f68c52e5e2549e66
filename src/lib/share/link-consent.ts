// Sources named by a link (a share link's state or ?source=) that live on another origin than the page's are not
// fetched until the user agrees; the answer is kept per origin. Sources the user typed, and the site's own, open as
// they are.

export type HostChoice = 'allow' | 'deny';
export type HostChoices = Record<string, HostChoice>;

export interface ConsentRequest {
  origin: string;
  /** What the prompt shows: the host (and port) the data would come from. */
  host: string;
  urls: string[];
}

export interface LinkSourcePlan {
  /** Same origin as the page, or an origin the user allowed before. */
  open: string[];
  /** Origins the user has not answered for yet, with their URLs. */
  ask: ConsentRequest[];
  /** URLs on origins the user refused before. */
  refused: ConsentRequest[];
}

export function planLinkSources(urls: string[], pageOrigin: string, choices: HostChoices): LinkSourcePlan {
  const plan: LinkSourcePlan = { open: [], ask: [], refused: [] };
  const add = (list: ConsentRequest[], url: URL) => {
    const entry = list.find((r) => r.origin === url.origin);
    if (entry) entry.urls.push(url.href);
    else list.push({ origin: url.origin, host: url.host, urls: [url.href] });
  };
  const planned = new Set<string>();
  for (const text of urls) {
    let url: URL | null = null;
    try {
      url = new URL(text);
    } catch {
      url = null;
    }
    // A source named twice (?source= repeated, two spellings of one address) is planned once.
    if (planned.has(url?.href ?? text)) continue;
    planned.add(url?.href ?? text);
    // Not an http(s) address: nothing can be fetched; opening it gives the clear error.
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) plan.open.push(text);
    else if (url.origin === pageOrigin) plan.open.push(text);
    else if (choices[url.origin] === 'allow') plan.open.push(text);
    else if (choices[url.origin] === 'deny') add(plan.refused, url);
    else add(plan.ask, url);
  }
  return plan;
}

/** Stored choices, keeping only well-formed entries (storage is not trusted more than a link). */
export function normaliseHostChoices(value: unknown): HostChoices {
  const out: HostChoices = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [origin, choice] of Object.entries(value)) {
    if ((choice === 'allow' || choice === 'deny') && /^https?:\/\/[^/]+$/.test(origin)) out[origin] = choice;
  }
  return out;
}
