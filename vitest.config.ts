import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The page's state (src/lib/state/*.svelte.ts) holds runes: compiled as in the browser, where they run. Only
  // .svelte and .svelte.ts files pass through the plugin, and only those import 'svelte' (its browser entry here:
  // flushSync and effects are no-ops in its server entry); the other tests run as before.
  plugins: [svelte({ configFile: false, dynamicCompileOptions: () => ({ generate: 'client' }) })],
  resolve: {
    alias: [
      {
        find: /^svelte$/,
        replacement: fileURLToPath(new URL('node_modules/svelte/src/index-client.js', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One DuckDB-WASM instance per file is ~1.5 s of start-up; files run in parallel on the 2 cores.
    pool: 'forks',
    env: { TZ: 'UTC' },
  },
});
