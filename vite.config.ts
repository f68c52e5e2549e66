import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { usedExports, withExports } from './scripts/duckdb-exports.ts';

/** Write .br and .gz beside big assets (the DuckDB wasm is 34 MB; some static hosts cap a file at ~25 MB). */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'perftrack-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(wasm|js|css|html|svg|json)$/.test(file) || fs.statSync(file).size < 1024) continue;
        const data = fs.readFileSync(file);
        fs.writeFileSync(file + '.gz', zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(
          file + '.br',
          zlib.brotliCompressSync(data, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: file.endsWith('.wasm') ? 9 : 11 },
          }),
        );
      }
    },
  };
}

const DUCKDB_DIST = path.resolve('node_modules/@duckdb/duckdb-wasm/dist');
type Bundle = 'eh' | 'mvp';

/** DuckDB-WASM's module with only the exports its JavaScript uses (scripts/duckdb-exports.ts): 34 → 27 MB, and
 *  its start no longer gives 75,011 exports a GOT entry each. Built once per bundle. */
const trimmed = new Map<Bundle, { kept: string[]; bytes: Uint8Array }>();
function trimmedModule(bundle: Bundle): { kept: string[]; bytes: Uint8Array } {
  let module = trimmed.get(bundle);
  if (!module) {
    const wasm = path.join(DUCKDB_DIST, `duckdb-${bundle}.wasm`);
    const kept = usedExports(wasm, path.join(DUCKDB_DIST, `duckdb-browser-${bundle}.worker.js`));
    module = { kept, bytes: withExports(fs.readFileSync(wasm), kept) };
    trimmed.set(bundle, module);
  }
  return module;
}

/** The build emits the trimmed modules in place of DuckDB-WASM's (the dev server serves the originals, and the
 *  worker hands DuckDB the same exports at run time). */
function trimmedDuckdb(): Plugin {
  return {
    name: 'perftrack-trimmed-duckdb',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      const bundle = /[\\/]@duckdb[\\/]duckdb-wasm[\\/]dist[\\/]duckdb-(eh|mvp)\.wasm\?url$/.exec(id)?.[1] as Bundle;
      if (!bundle) return null;
      const ref = this.emitFile({ type: 'asset', name: `duckdb-${bundle}.wasm`, source: trimmedModule(bundle).bytes });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
  };
}

export default defineConfig(({ command }) => ({
  // Relative asset URLs: the same build works at a domain root and under a project-page path.
  base: './',
  plugins: [svelte(), precompress()],
  worker: { format: 'es' as const, plugins: () => [trimmedDuckdb()] },
  // The wasm's real size, for the start-up progress: servers send it compressed, with the compressed length.
  define: {
    __DUCKDB_WASM_BYTES__: JSON.stringify({ eh: wasmBytes('eh', command), mvp: wasmBytes('mvp', command) }),
    // The exports DuckDB's JavaScript uses: it is handed only those (engine/db/browser.ts).
    __DUCKDB_WASM_EXPORTS__: JSON.stringify({ eh: trimmedModule('eh').kept, mvp: trimmedModule('mvp').kept }),
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  server: { fs: { allow: ['..'] } },
}));

/** The size of the module the page loads: trimmed in a build, DuckDB-WASM's own from the dev server. */
function wasmBytes(bundle: Bundle, command: 'build' | 'serve'): number {
  if (command === 'build') return trimmedModule(bundle).bytes.length;
  return fs.statSync(path.join(DUCKDB_DIST, `duckdb-${bundle}.wasm`)).size;
}
