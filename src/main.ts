import { mount } from 'svelte';
import './app.css';
import App from './ui/App.svelte';
import { createEngineClient } from './lib/db/client.ts';
import { AppState } from './lib/state/app.svelte.ts';
import { TABS, type Tab } from './lib/share/view-state.ts';

const state = new AppState(createEngineClient());
mount(App, { target: document.getElementById('app')!, props: { app: state } });

// What to open: a share link's state (#v1…), else ?source=URL (repeatable), else the built-in demo.
const params = new URLSearchParams(location.search);
const link = AppState.parseLink(location.hash);
const tab = params.get('tab');
if (!link.tab && (TABS as readonly string[]).includes(tab ?? '')) link.tab = tab as Tab;
const demo = new URL('demo/benchmark.duckdb', location.href).href;
const sources = link.sources?.length ? link.sources : params.getAll('source').length ? params.getAll('source') : params.has('empty') ? [] : [demo];
void state.start(sources, link);
