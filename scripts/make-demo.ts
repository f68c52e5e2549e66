// Builds public/demo/benchmark.duckdb, the demo history the app opens on start, and public/demo/preview/, the
// same history published (perftrack publish's data layout): the page answers from it while DuckDB starts.
import fs from 'node:fs';
import path from 'node:path';
import { generateDemo } from '../src/lib/demo/seed-demo.ts';
import { publishData } from '../src/node/publish.ts';
import { openNodeDb } from '../src/engine/db/node-wasm.ts';
import { Engine } from '../src/engine/engine.ts';
import { loadSqlLibrary } from '../src/engine/sql-files-node.ts';

const out = path.resolve(process.argv[2] ?? 'public/demo/benchmark.duckdb');
const previewDir = path.join(path.dirname(out), 'preview');
fs.rmSync(out, { force: true });
fs.rmSync(previewDir, { recursive: true, force: true });
const demo = generateDemo();
const engine = await Engine.create(await openNodeDb(), loadSqlLibrary());
await engine.writeSeedHistory(out, demo);
console.log(
  `demo: ${demo.results.length} results → ${path.relative(process.cwd(), out)} (${fs.statSync(out).size} bytes)`,
);

await engine.openBytes(path.basename(out), new Uint8Array(fs.readFileSync(out)));
const preview = await publishData(engine, previewDir, { title: 'Demo preview' });
console.log(
  `demo preview: ${preview.partitions.length} partitions, ${preview.dataBytes + preview.summaryBytes} bytes → ${path.relative(process.cwd(), previewDir)}`,
);
