#!/usr/bin/env node
// The CLI as built JavaScript: src/cli/main.ts and the detector's worker bundled by esbuild into dist-cli/, so that
// bin/perftrack.mjs starts without compiling TypeScript (tsx) at every run. Packages stay in node_modules; the verbs'
// lazily loaded parts (DuckDB, the engine) are split into chunks loaded only by the verbs that need them.
import { build } from 'esbuild';
import fs from 'node:fs';

const OUT = 'dist-cli';
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
  packages: 'external',
  // Beside the entries: the detector pool's chunk finds detect-worker.mjs next to itself.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
console.log(`built the CLI into ${OUT}/`);
