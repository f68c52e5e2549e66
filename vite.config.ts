import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

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

const wasmBytes = (name: string) => fs.statSync(path.resolve('node_modules/@duckdb/duckdb-wasm/dist', name)).size;

export default defineConfig({
  // Relative asset URLs: the same build works at a domain root and under a project-page path.
  base: './',
  plugins: [svelte(), precompress()],
  worker: { format: 'es' },
  // The wasm's real size, for the start-up progress: servers send it compressed, with the compressed length.
  define: {
    __DUCKDB_WASM_BYTES__: JSON.stringify({ eh: wasmBytes('duckdb-eh.wasm'), mvp: wasmBytes('duckdb-mvp.wasm') }),
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  server: { fs: { allow: ['..'] } },
});
