// The rules that hold the layers (docs/architecture.md), checked on the import graph of src/: only the engine runs
// SQL, the UI never imports the engine, analysis and importers never import DuckDB, nothing imports upwards.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
  /** `new URL(…, import.meta.url)`: a file started (a worker), not imported. */
  started: boolean;
}

/** Every import of every file under src/, as paths relative to src/ (packages by name). */
function edges(): Edge[] {
  const out: Edge[] = [];
  const files = fs
    .readdirSync(SRC, { recursive: true })
    .map(String)
    .filter((f) => /\.(ts|svelte|mjs)$/.test(f));
  for (const file of files) {
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    for (const m of text.matchAll(
      /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|new URL\('([^']+)', import\.meta\.url\)/gm,
    )) {
      const spec = m[3] ?? m[4] ?? m[5];
      const to = spec.startsWith('.') ? path.relative(SRC, path.resolve(SRC, path.dirname(file), spec)) : spec;
      out.push({ from: file, to, typeOnly: Boolean(m[2]), started: Boolean(m[5]) });
    }
  }
  return out;
}

const all = edges();
const under = (dir: string) => (p: string) => p === dir || p.startsWith(`${dir}/`);
const broken = (from: (p: string) => boolean, to: (p: string) => boolean, allowTypes = false) =>
  all.filter((e) => from(e.from) && to(e.to) && !(allowTypes && e.typeOnly)).map((e) => `${e.from} → ${e.to}`);

describe('layers', () => {
  it('reads the import graph', () => {
    expect(all.length).toBeGreaterThan(300);
  });

  it('only the engine runs SQL: outside it, code reaches DuckDB through the Engine facade and a driver it opens', () => {
    const door = new Set([
      'engine/engine.ts',
      'engine/filter.ts',
      'engine/sql-files-node.ts',
      'engine/db/native.ts',
      'engine/db/node-wasm.ts',
    ]);
    const outside = (p: string) => !under('engine')(p) && !under('worker')(p);
    expect(broken(outside, (p) => under('engine')(p) && !door.has(p))).toEqual([]);
    expect(broken(outside, (p) => p.startsWith('@duckdb/'))).toEqual([]);
  });

  it('the UI never imports the engine, the worker, the CLI or Node code (the worker only as a type)', () => {
    const ui = (p: string) => under('ui')(p) || under('lib')(p) || p === 'main.ts';
    expect(
      broken(ui, (p) => under('engine')(p) || under('cli')(p) || under('node')(p) || p.startsWith('node:')),
    ).toEqual([]);
    expect(broken(ui, under('worker'), true).filter((e) => e !== 'lib/worker-client.ts → worker/worker.ts')).toEqual(
      [],
    );
    // The one place the page starts its worker: by URL, so the bundler builds it as a worker of its own.
    expect(
      all
        .filter((e) => under('worker')(e.to) && !e.typeOnly && !under('worker')(e.from))
        .map((e) => `${e.from} ${e.started}`),
    ).toEqual(['lib/worker-client.ts true']);
  });

  it('analysis, importers, units, reports and charts never import DuckDB or the engine', () => {
    const pure = (p: string) =>
      ['lib/analysis', 'lib/sources', 'lib/units', 'lib/report', 'lib/charts', 'lib/model', 'lib/format'].some((d) =>
        under(d)(p),
      );
    expect(broken(pure, (p) => under('engine')(p) || p.startsWith('@duckdb/') || p === 'apache-arrow')).toEqual([]);
  });

  it('nothing imports upwards: lib never imports ui, the worker (but its type), the CLI or Node code', () => {
    expect(broken(under('lib'), (p) => under('ui')(p) || under('cli')(p) || under('node')(p))).toEqual([]);
    expect(
      broken(
        under('engine'),
        (p) => under('ui')(p) || under('cli')(p) || under('node')(p) || under('worker')(p) || under('lib/state')(p),
      ),
    ).toEqual([]);
  });

  it('no two modules import each other, directly or through others (type imports count)', () => {
    const next = new Map<string, string[]>();
    for (const e of all)
      if (!e.started && /\.(ts|svelte|mjs)$/.test(e.to)) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const to of next.get(file) ?? []) visit(to, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of next.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
