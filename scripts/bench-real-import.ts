// Import speed of real histories in Node (DuckDB-WASM, the page's engine): github-action-benchmark's data.js of
// tokio (4 suites, ~1,800 entries) and the ipfs_accelerate project's benchmark_results folder (174 files, most of
// them not results). Each is opened into a fresh engine; median of several runs.
//
//   npx tsx scripts/bench-real-import.ts [--runs 3]
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { expandSource } from '../src/node/sources.ts';
import { openNodeDb } from '../src/engine/db/node-wasm.ts';
import { Engine } from '../src/engine/engine.ts';
import { loadSqlLibrary } from '../src/engine/sql-files-node.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '../shared');
const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const inputs = [
  { label: 'tokio data.js', spec: path.join(SHARED, 'real/github_action_benchmark/tokio-rs_tokio/dev/bench/data.js') },
  {
    label: 'ipfs_accelerate benchmark_results/',
    spec: path.join(SHARED, 'data/ipfs_accelerate/measured/test/benchmark_results'),
  },
];

for (const { label, spec } of inputs) {
  if (!fs.existsSync(spec)) {
    console.log(`${label}: ${spec} not found, skipped`);
    continue;
  }
  const files = expandSource(spec).map(({ file, name }) => ({
    name,
    bytes: new Uint8Array(fs.readFileSync(file)),
    lastModified: fs.statSync(file).mtimeMs,
  }));
  const times: number[] = [];
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const engine = await Engine.create(await openNodeDb(), loadSqlLibrary());
    // openFiles empties the buffers it registers: hand each run its own copies.
    const copies = files.map((f) => ({ ...f, bytes: f.bytes.slice() }));
    const started = performance.now();
    const result = await engine.openFiles(copies);
    times.push(performance.now() - started);
    const runCount = (
      await Promise.all(result.sources.filter((s) => s.schema === 'json-records').map((s) => engine.listRuns(s.id)))
    ).reduce((n, r) => n + r.length, 0);
    summary = `${files.length} files → ${result.sources.length} source(s), ${result.sources.reduce((n, s) => n + s.rows, 0)} measurements, ${runCount} runs, ${result.skipped.length} skipped`;
  }
  console.log(
    `${label.padEnd(36)} median ${median(times).toFixed(0).padStart(6)} ms of ${runs} (${times.map((t) => t.toFixed(0)).join(', ')}); ${summary}`,
  );
}
