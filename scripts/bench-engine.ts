// Engine benchmark: 1 M measurements (200 configurations × 1,250 results × 4 metrics, 90 days) in the seed
// schema. Times loading and the full analysis in DuckDB-WASM (Node), and the same analysis SQL in native
// DuckDB (1 and 2 threads). Prints medians of several runs and the wasm / native ratios, measured in one run.
//
//   npx tsx scripts/bench-engine.ts [--runs 5]
//
// Native DuckDB is @duckdb/node-api (a dependency: the CLI runs on it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EngineCore } from '../src/engine/core.ts';
import type { Db } from '../src/engine/db/db.ts';
import { withWritableDatabase } from '../src/engine/db/file-writer.ts';
import { openNativeDb } from '../src/engine/db/native.ts';
import { openNodeDb } from '../src/engine/db/node-wasm.ts';
import { Engine } from '../src/engine/engine.ts';
import type { SqlName } from '../src/engine/sql-names.ts';
import { createSeedTables } from '../src/engine/seed-db.ts';
import { bindParams, fillSlots } from '../src/engine/sql.ts';
import { loadSqlLibrary } from '../src/engine/sql-files-node.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn: () => Promise<unknown>, n = runs): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

/** configurations × results each over `days` days ending 2026-01-01 (default 200 × 1,250 over 90 days = 250,000
 *  results = 1 M measurements); one configuration in ten gets a 15 % throughput step in the last 7 days. */
export const GENERATE_RESULTS = (configs = 200, results = 1250, days = 90) => `
INSERT INTO {{db}}.performance_results
SELECT
  (c * ${results} + i + 1)::INTEGER, (c % 10 + 1)::INTEGER, (c // 10 % 5 + 1)::INTEGER, [1, 2, 4, 8][c // 50 % 4 + 1]::INTEGER,
  (128 * (1 + c // 200))::INTEGER, 'fp32',
  (100 + c) * (1 + 0.02 * ((hash(c, i, 1) % 20001)::DOUBLE / 10000 - 1)) * CASE WHEN c % 10 = 0 AND i >= ${results - Math.max(6, Math.round((7 * results) / days))} THEN 0.85 ELSE 1 END,
  (10 + c / 10) * (1 + 0.02 * ((hash(c, i, 2) % 20001)::DOUBLE / 10000 - 1)),
  (1000 + c) * (1 + 0.005 * ((hash(c, i, 3) % 20001)::DOUBLE / 10000 - 1)),
  (150 + c / 5) * (1 + 0.01 * ((hash(c, i, 4) % 20001)::DOUBLE / 10000 - 1)),
  TIMESTAMP '2026-01-01' - to_days(${days}) + to_seconds((i * ${Math.round((days * 86400) / results)})::BIGINT),
  'v1.' || (i // 250), md5((i * 7919)::VARCHAR), 'env-' || (c // 10 % 5), 'run-' || i
FROM range(${configs}) t(c), range(${results}) u(i)`;

/** A new database file of the seed tables holding GENERATE_RESULTS' history, written through `db`. */
async function writeGeneratedDatabase(db: Db, file: string, configs: number, results: number, days: number) {
  const core = new EngineCore(db, loadSqlLibrary());
  await withWritableDatabase(core, file, 'bench', async (alias) => {
    await createSeedTables(core, alias);
    await db.query(
      `INSERT INTO bench.models SELECT range + 1, 'model-' || (range + 1), 'bench', 'family', 'base' FROM range(10)`,
    );
    await db.query(
      `INSERT INTO bench.hardware_platforms SELECT range + 1, ['cpu','cuda','rocm','mps','webgpu'][range + 1], 'device-' || range, 8, 16 FROM range(5)`,
    );
    // Configurations: 10 models × 5 hardware × 4 batch sizes, then sequence lengths 128, 256, … for more than 200.
    await db.query(GENERATE_RESULTS(configs, results, days).replace('{{db}}', alias));
  });
}

/** The generated history written by DuckDB-WASM in Node (the browser benchmark and the e2e tests open it). */
export async function writeMillionRowDatabase(file: string, configs = 200, results = 1250, days = 90): Promise<void> {
  await writeGeneratedDatabase(await openNodeDb(), file, configs, results, days);
}

/** The generated history cached at `file`: made once with native DuckDB, written beside it and renamed into place
 *  (an interrupted run leaves no half-written cache). True when it was made by this call. */
export async function cachedGeneratedDatabase(
  file: string,
  configs: number,
  results: number,
  days: number,
): Promise<boolean> {
  if (fs.existsSync(file)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  const db = await openNativeDb();
  await writeGeneratedDatabase(db, partial, configs, results, days);
  db.close();
  fs.renameSync(partial, file);
  return true;
}

/** The part of @duckdb/node-api this benchmark uses. */
interface NativeDuckDB {
  DuckDBInstance: {
    create(
      path: string,
      options?: Record<string, string>,
    ): Promise<{
      connect(): Promise<{
        run(sql: string): Promise<unknown>;
        prepare(sql: string): Promise<{
          bindVarchar(i: number, v: string): void;
          bindNull(i: number): void;
          bindDouble(i: number, v: number): void;
          runAndReadAll(): Promise<unknown>;
        }>;
        closeSync(): void;
      }>;
    }>;
  };
}

async function loadNative(): Promise<NativeDuckDB | null> {
  try {
    return (await import('@duckdb/node-api')) as unknown as NativeDuckDB;
  } catch (error) {
    console.log(`native DuckDB unavailable (${(error as Error).message.split('\n')[0]}): wasm figures only`);
    return null;
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-bench-'));
  const sql = loadSqlLibrary();
  const file = path.join(dir, 'million.duckdb');
  let t0 = performance.now();
  await writeMillionRowDatabase(file);
  console.log(
    `generated ${file}: ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // --- DuckDB-WASM in Node, through the engine --------------------------------------------------
  const db = await openNodeDb();
  const engine = await Engine.create(db, sql);
  // The same connection, to time single statements of the analysis on the loaded data.
  const core = new EngineCore(db, sql);
  const bytes = new Uint8Array(fs.readFileSync(file));
  t0 = performance.now();
  const info = await engine.openBytes('million.duckdb', bytes);
  const loadMs = performance.now() - t0;
  console.log(
    `wasm: loaded ${info.rows.toLocaleString('en-US')} measurements, ${info.series} series in ${loadMs.toFixed(0)} ms`,
  );

  const [{ ref_ms: ref }] = await core.rows<{ ref_ms: number }>('analysis/reference_time', { as_of_ms: null });
  await core.exec('analysis/scope_series', { filters: '' });
  const statements: [SqlName, Record<string, unknown>][] = [
    ['analysis/baselines', { ref_ms: ref, end_offset_days: 0, days: 7, min_samples: 3 }],
    [
      'analysis/regressions_percent',
      { ref_ms: ref, regression_days: 1, baseline_days: 7, min_samples: 3, thresholds: '', default_threshold: 5 },
    ],
    // One batch: the whole window in one result, as the analysis reads up to 4 M rows.
    ['analysis/history_values', { ref_ms: ref, days: 90, batches: 1, batch: 0 }],
  ];
  const wasm: Record<string, number> = {};
  for (const [name, params] of statements) wasm[name] = await time(() => core.exec(name, params));
  // The full analysis: baselines + regressions + change points + outliers + trends, every series and metric.
  const full = (method: 'changepoint' | 'percent') => async () => {
    await engine.baselines({});
    await engine.analyse({ settings: { method, regressionDays: 14 } });
  };
  const analyseCp = await time(full('changepoint'), 3);
  const analysePercent = await time(full('percent'), 3);
  const result = await engine.analyse({ settings: { method: 'changepoint', regressionDays: 14 } });
  const filterChange = await time(
    () =>
      engine.listSeries({
        metric: 'throughput',
        filter: { hardware: ['cuda'], batch_size: ['4'] },
        search: '',
        limit: 5000,
      }),
    7,
  );

  // Canonical tables out, for native DuckDB to run the same SQL on the same rows.
  for (const table of ['measurements', 'series', 'series_dims', 'metric_info', 'series_ids']) {
    await db.query(`COPY (SELECT * FROM ${table}) TO '${path.join(dir, table + '.csv')}' (HEADER)`);
  }

  // --- native DuckDB -------------------------------------------------------------------------------
  const native = await loadNative();
  const nativeTimes: Record<string, Record<string, number>> = {};
  if (native) {
    for (const threads of [1, 2]) {
      const instance = await native.DuckDBInstance.create(':memory:', { threads: String(threads) });
      const connection = await instance.connect();
      for (const table of ['series', 'series_dims', 'metric_info', 'series_ids'])
        await connection.run(`CREATE TABLE ${table} AS FROM read_csv('${path.join(dir, table + '.csv')}')`);
      t0 = performance.now();
      await connection.run(
        `CREATE TABLE measurements AS SELECT *, NULL::DOUBLE[] AS samples FROM read_csv('${path.join(dir, 'measurements.csv')}', types = {'ts': 'TIMESTAMP'}) ORDER BY series_id, metric_id, ts`,
      );
      const nativeLoad = performance.now() - t0;
      await connection.run(sql['analysis/scope_series'].text.replace(/\?/g, "''"));
      const times: Record<string, number> = { load: nativeLoad };
      for (const [name, params] of statements) {
        const statement = sql[name];
        const text = statement.slots.length ? fillSlots(statement, {}) : statement.text;
        const values = bindParams(statement, params);
        times[name] = await time(async () => {
          const prepared = await connection.prepare(text);
          values.forEach((v, i) =>
            typeof v === 'string'
              ? prepared.bindVarchar(i + 1, v)
              : v === null
                ? prepared.bindNull(i + 1)
                : prepared.bindDouble(i + 1, Number(v)),
          );
          await prepared.runAndReadAll();
        });
      }
      nativeTimes[threads] = times;
      connection.closeSync();
    }
  }

  const rows: string[][] = [
    ['step', 'wasm (Node) ms', 'native 1 thread ms', 'native 2 threads ms', 'wasm / native 1t'],
  ];
  const add = (label: string, w: number, key: string) => {
    const n1 = nativeTimes[1]?.[key];
    const n2 = nativeTimes[2]?.[key];
    rows.push([
      label,
      w.toFixed(0),
      n1 === undefined ? '—' : n1.toFixed(0),
      n2 === undefined ? '—' : n2.toFixed(0),
      n1 ? (w / n1).toFixed(2) : '—',
    ]);
  };
  add('baselines (7 days)', wasm['analysis/baselines'], 'analysis/baselines');
  add('regressions, percent method', wasm['analysis/regressions_percent'], 'analysis/regressions_percent');
  add('history for change points and trends (90 days)', wasm['analysis/history_values'], 'analysis/history_values');
  const sqlTotal = statements.reduce((s, [name]) => s + wasm[name], 0);
  const nativeTotal = (t: number) =>
    nativeTimes[t] ? statements.reduce((s, [name]) => s + nativeTimes[t][name], 0) : undefined;
  rows.push([
    'all analysis SQL',
    sqlTotal.toFixed(0),
    nativeTotal(1)?.toFixed(0) ?? '—',
    nativeTotal(2)?.toFixed(0) ?? '—',
    nativeTotal(1) ? (sqlTotal / nativeTotal(1)!).toFixed(2) : '—',
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('\n1 M measurements, median of ' + runs + ' runs:');
  for (const r of rows)
    console.log('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  console.log(
    `\nfull analysis in DuckDB-WASM (baselines + regressions + change points + outliers + trends; SQL and TS), median of 3:`,
  );
  console.log(
    `  change-point method: ${analyseCp.toFixed(0)} ms (${result.seriesAnalysed} series×metrics, ${result.regressions.length} regressions, ${result.changePoints.length} change points)`,
  );
  console.log(`  percent method:      ${analysePercent.toFixed(0)} ms`);
  console.log(
    `filter change (series list for 2 dimension values, 1 M rows): ${filterChange.toFixed(0)} ms median of 7`,
  );
  if (nativeTimes[1])
    console.log(
      `load: wasm ${loadMs.toFixed(0)} ms (.duckdb → canonical table) vs native ${nativeTimes[1].load.toFixed(0)} ms (CSV → table)`,
    );
  fs.rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
