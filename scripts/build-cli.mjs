#!/usr/bin/env node
// The CLI as built JavaScript: src/cli/main.ts and the detector's worker bundled by esbuild into dist-cli/ (or the
// folder given as the first argument), so that bin/perftrack.mjs starts without compiling TypeScript (tsx) at every
// run. The packages' JavaScript is bundled in too: Node resolving and loading apache-arrow's few hundred modules one
// by one took longer than the whole of node's own start. Left in node_modules: DuckDB's native addon (and the
// @duckdb/node-api it comes with, loaded by require), and what only a rare verb loads (Plot, linkedom). The verbs'
// lazily loaded parts (DuckDB, the engine) are split into chunks loaded only by the verbs that need them.
import { build } from 'esbuild';
import fs from 'node:fs';

const OUT = process.argv[2] ?? 'dist-cli';
const EXTERNAL = ['@duckdb/*', '@observablehq/plot', 'linkedom', 'tsx', 'tsx/*'];

fs.rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts', 'detect-worker': 'src/node/detect-worker.ts' },
  outdir: OUT,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // A bundled CommonJS module's require of a Node built-in needs a require in an ES module.
  banner: {
    js: "import { createRequire as __perftrackRequire } from 'node:module';\nconst require = __perftrackRequire(import.meta.url);",
  },
  // Beside the entries: the detector pool's chunk finds detect-worker.mjs next to itself.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
console.log(`built the CLI into ${OUT}/`);
