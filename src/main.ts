import { mount } from 'svelte';
import './app.css';
import App from './ui/App.svelte';
import { createEngineClient } from './lib/db/client.ts';
import { AppState } from './lib/state/app.svelte.ts';

const state = new AppState(createEngineClient());
const initialTab = new URLSearchParams(location.search).get('tab');
if (initialTab === 'overview' || initialTab === 'explore' || initialTab === 'sql' || initialTab === 'notify') state.tab = initialTab;
mount(App, { target: document.getElementById('app')!, props: { app: state } });

// Sources named in the page address (?source=URL, repeatable) open instead of the demo.
const params = new URLSearchParams(location.search);
const sources = params.getAll('source');
const demo = new URL('demo/benchmark.duckdb', location.href).href;
void state.start(sources.length ? sources : params.has('empty') ? [] : [demo]);
