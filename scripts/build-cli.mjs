#!/usr/bin/env node
// The CLI as built JavaScript: src/cli/main.ts and the detector's worker bundled by esbuild into dist-cli/ (or the
// folder given as the first argument), so that bin/perftrack.mjs starts without compiling TypeScript (tsx) at every
// run. The packages' JavaScript is bundled in too: Node resolving and loading apache-arrow's few hundred modules one
// by one took longer than the whole of node's own start. @duckdb/node-api is bundled as well (its hundred CommonJS
// files: 0.22 → 0.11 s of CPU to load here); left in node_modules: DuckDB's native addon (@duckdb/node-bindings and
// its platform package), DuckDB-WASM, and what only a rare verb loads (Plot, linkedom). The verbs'
// lazily loaded parts (DuckDB, the engine, each verb's run) are split into chunks loaded only by the verbs that need
// them. `--metafile FILE` writes esbuild's account of which sources went into which chunk (tests/unit/cli-built.test.ts).
import { build } from 'esbuild';
import fs from 'node:fs';

const args = process.argv.slice(2);
const metaAt = args.indexOf('--metafile');
const metafile = metaAt >= 0 ? args.splice(metaAt, 2)[1] : null;
if (metaAt >= 0 && !metafile) throw new Error('--metafile needs a file name');
const OUT = args[0] ?? 'dist-cli';
const EXTERNAL = [
  '@duckdb/node-bindings',
  '@duckdb/node-bindings-*',
  '@duckdb/duckdb-wasm',
  '@duckdb/duckdb-wasm/*',
  '@observablehq/plot',
  'linkedom',
  'tsx',
  'tsx/*',
];

/** The sources load @duckdb/node-api with createRequire (tsx runs them as ES modules, where require is not defined),
 *  which esbuild cannot follow; in the bundle a plain require, which it bundles. */
const NODE_API_LOAD = "createRequire(import.meta.url)('@duckdb/node-api')";
const bundleNodeApi = {
  name: 'bundle-node-api',
  setup(build) {
    build.onLoad({ filter: /src[\\/]engine[\\/]db[\\/]native-columns\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes(NODE_API_LOAD))
        throw new Error(`${args.path} no longer loads @duckdb/node-api as ${NODE_API_LOAD}: update build-cli.mjs`);
      return { contents: text.replace(NODE_API_LOAD, "require('@duckdb/node-api')"), loader: 'ts' };
    });
  },
};

/** fflate builds its tables when it is evaluated (about a tenth of `record`'s CPU). In the bundle, the sources that
 *  import it require it at their first call instead: esbuild keeps a required module unevaluated until then. Each
 *  imported name becomes a function that forwards to fflate's, as a call or with `new` (Gunzip, Inflate). */
const FFLATE_USERS = /src[\\/]lib[\\/](sources[\\/]inflate|share[\\/]view-state)\.ts$/;
const FFLATE_IMPORT = /^import \{ ([\w, ]+) \} from 'fflate';$/m;
const lazyFflate = {
  name: 'lazy-fflate',
  setup(build) {
    build.onLoad({ filter: FFLATE_USERS }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const m = FFLATE_IMPORT.exec(text);
      if (!m)
        throw new Error(`${args.path} no longer imports fflate as import { … } from 'fflate': update build-cli.mjs`);
      const lazy = [
        "const fflate = () => require('fflate');",
        ...m[1]
          .split(/,\s*/)
          .map(
            (name) =>
              `const ${name} = function (...args) { return new.target ? new (fflate().${name})(...args) : fflate().${name}(...args); };`,
          ),
      ];
      return { contents: text.replace(m[0], lazy.join('\n')), loader: 'ts' };
    });
  },
};

fs.rmSync(OUT, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: 'src/cli/main.ts', 'detect-worker': 'src/node/detect-worker.ts' },
  outdir: OUT,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [bundleNodeApi, lazyFflate],
  // A bundled CommonJS module's require of a Node built-in needs a require in an ES module.
  banner: {
    js: "import { createRequire as __perftrackRequire } from 'node:module';\nconst require = __perftrackRequire(import.meta.url);",
  },
  // Beside the entries: the detector pool's chunk finds detect-worker.mjs next to itself.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
  metafile: metafile !== null,
});
if (metafile) fs.writeFileSync(metafile, JSON.stringify(result.metafile));
console.log(`built the CLI into ${OUT}/`);
