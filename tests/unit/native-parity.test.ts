// The same engine and sql/ files on both DuckDBs: DuckDB-WASM (the page's) and native DuckDB (the CLI's) must load
// the same sources and give identical findings — catalog, full analysis, series points and seed write-back.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { openNativeDb, type NativeDb } from '../../src/engine/db/native.ts';
import { Engine } from '../../src/engine/engine.ts';
import { loadSqlLibrary } from '../../src/engine/sql-files-node.ts';
import { FIXTURES, newEngine, seedDatabase } from './helpers/engine.ts';

const natives: NativeDb[] = [];

async function nativeEngine(): Promise<Engine> {
  const db = await openNativeDb();
  natives.push(db);
  return Engine.create(db, loadSqlLibrary());
}

afterAll(() => {
  for (const db of natives) db.close();
});

function filesUnder(root: string): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name !== 'README.md')
        out.push({ name: path.relative(root, full), bytes: new Uint8Array(fs.readFileSync(full)) });
    }
  };
  walk(root);
  return out;
}

/** Everything a user sees from a set of files: sources, catalog, the analysis, and the points of every series. */
async function findings(engine: Engine, files: { name: string; bytes: Uint8Array }[]) {
  const opened = await engine.openFiles(
    files.map((f) => ({ name: f.name, bytes: f.bytes.slice(), lastModified: Date.UTC(2025, 0, 15) })),
  );
  const catalog = await engine.catalog();
  const { elapsedMs: _a, ...analysis } = await engine.analyse({ settings: DEFAULT_SETTINGS });
  const { elapsedMs: _p, ...percent } = await engine.analyse({ settings: { ...DEFAULT_SETTINGS, method: 'percent' } });
  const series = [];
  const points = [];
  for (const metric of catalog.metrics.slice(0, 3)) {
    const list = await engine.listSeries({ metric: metric.metric, filter: {}, search: '', limit: 1000 });
    series.push(list);
    for (const s of list.slice(0, 10)) points.push(await engine.seriesPoints(s.seriesKey, metric.metric, {}));
  }
  return {
    opened: { ...opened, sources: opened.sources.map(({ id: _, ...s }) => s) },
    catalog,
    analysis,
    percent,
    series,
    points,
  };
}

let demoBytes: Uint8Array;

beforeAll(async () => {
  demoBytes = (await seedDatabase(await newEngine())).bytes;
});

describe('native DuckDB and DuckDB-WASM give identical findings', () => {
  const cases: [string, () => { name: string; bytes: Uint8Array }[]][] = [
    ['the demo database', () => [{ name: 'benchmark.duckdb', bytes: demoBytes }]],
    ['flat tables (CSV, JSON, NDJSON)', () => filesUnder(path.join(FIXTURES, 'flat'))],
    ['benchmark-tool outputs', () => filesUnder(path.join(FIXTURES, 'artifacts'))],
    [
      'a database written by DuckDB 1.5',
      () => [
        {
          name: 'native.duckdb',
          bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'duckdb/native-1.5-default.duckdb'))),
        },
      ],
    ],
  ];
  for (const [label, files] of cases) {
    it(label, async () => {
      const input = files();
      const wasm = await findings(await newEngine(), input);
      const native = await findings(await nativeEngine(), input);
      expect(wasm.opened.sources.length + wasm.opened.failures.length).toBeGreaterThan(0);
      expect(native).toEqual(wasm);
    });
  }

  it('the demo has findings to compare (regressions, trends, baselines)', async () => {
    const { analysis } = await findings(await nativeEngine(), [{ name: 'benchmark.duckdb', bytes: demoBytes }]);
    expect(analysis.regressions.length).toBeGreaterThan(0);
  });
});
