import { defineConfig } from 'vitest/config';

export default defineConfig({
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
