import { mount } from 'svelte';
import './app.css';
import App from './ui/App.svelte';
import { createEngineClient } from './lib/worker-client.ts';
import { AppState } from './lib/state/app.svelte.ts';
import { TABS, type Tab } from './lib/share/view-state.ts';

performance.mark('perftrack:main-start');
const state = new AppState(createEngineClient());
// The app replaces the static header index.html painted before any script ran.
const target = document.getElementById('app')!;
target.replaceChildren();
mount(App, { target, props: { app: state } });

// What to open: a share link's state (#v1…), else ?source=URL (repeatable), else the built-in demo.
const params = new URLSearchParams(location.search);
const { view: link, dropped } = AppState.parseLink(location.hash);
const tab = params.get('tab');
if (!link.tab && (TABS as readonly string[]).includes(tab ?? '')) link.tab = tab as Tab;
// A published site (perftrack publish) names its own data in perftrack.config.json; elsewhere it has no source and
// the demo opens, answered from its published preview (built beside it) until DuckDB has started.
const DEMO = new URL('demo/benchmark.duckdb', location.href).href;
const DEMO_PREVIEW = new URL('demo/preview/manifest.json', location.href).href;

async function defaultSources(): Promise<{ sources: string[]; preview?: string; demo?: boolean }> {
  try {
    const response = await fetch(new URL('perftrack.config.json', location.href), { cache: 'no-cache' });
    if (response.ok) {
      const config = (await response.json()) as { source?: unknown; title?: unknown };
      if (typeof config.title === 'string') document.title = `${config.title} — perftrack`;
      if (typeof config.source === 'string') return { sources: [new URL(config.source, location.href).href] };
    }
  } catch {
    // No config: not a published site.
  }
  return { sources: [DEMO], preview: DEMO_PREVIEW, demo: true };
}

/** `link`: the sources come from the address (a share link or ?source=), so those on other origins need consent. */
async function sourcesToOpen(): Promise<{ sources: string[]; preview?: string; link?: boolean; demo?: boolean }> {
  const named = link.sources?.length ? link.sources : [...new Set(params.getAll('source'))];
  // A link to the demo alone opens it with its preview too.
  if (named.length === 1 && named[0] === DEMO) return { sources: named, preview: DEMO_PREVIEW };
  if (named.length) return { sources: named, link: true };
  // A link made with local files only: the demo would stand in for data that is missing (the page says so).
  if (link.localFiles?.length) return { sources: [] };
  return params.has('empty') ? { sources: [] } : defaultSources();
}

const opening = await sourcesToOpen();
// The demo opened by default makes way for the user's own data; a demo named in a link stays.
void state.start(opening.sources, link, opening.preview, {
  link: opening.link,
  dropped,
  placeholder: opening.demo ?? false,
});

// A share link pasted into this tab's address bar (only the hash changes, so the page is not reloaded).
window.addEventListener('hashchange', () => void state.followLink(AppState.parseLink(location.hash)));
