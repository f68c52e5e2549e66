// Messages that name the file and what to do (issue 24): a cut-short github-action-benchmark data.js says so, asv's
// benchmarks.json is named as asv's metadata, and the SQL console answers a misspelt table or column with
// "did you mean" instead of DuckDB's raw Catalog or Binder Error.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainUnknownName, nearestName } from '../../src/engine/console-errors.ts';
import { cutShortHistory, lookalike, metadataFile } from '../../src/lib/sources/artifacts/lookalikes.ts';
import { REAL } from '../real-files.ts';
import { newEngine, seedDatabase } from './helpers/engine.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

function input(name: string, text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { name, text, json };
}

describe('a cut-short data.js', () => {
  const whole = fs.readFileSync(TOKIO, 'utf8');

  it('is named as a github-action-benchmark history cut short, with what to do', () => {
    for (const at of [200, Math.floor(whole.length / 2), whole.length - 3]) {
      const said = lookalike(input('data.js', whole.slice(0, at)));
      expect(said).toMatch(/github-action-benchmark data\.js history that is cut short/);
      expect(said).toMatch(/download or copy the whole file again/);
    }
  });

  it('a whole history, or a file of another kind, is not', () => {
    expect(cutShortHistory(input('data.js', whole))).toBeNull();
    expect(cutShortHistory(input('data.js', 'const BENCHMARK_DATA = {'))).toBeNull();
  });

  it('opened on its own, the page says what it is', async () => {
    const engine = await newEngine();
    const error = await engine.openBytes('data.js', new Uint8Array(Buffer.from(whole.slice(0, 5000)))).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^data\.js\b/);
    expect(error?.message).toMatch(/github-action-benchmark/);
    expect(error?.message).toMatch(/cut short/);
    expect(error?.message).not.toMatch(/not a format this page recognises/);
  }, 60_000);
});

describe("asv's benchmarks.json", () => {
  it('is read as asv metadata, not as an output without measurements', () => {
    const file = path.join(REAL, 'asv_django/results/benchmarks.json');
    expect(metadataFile(input('results/benchmarks.json', fs.readFileSync(file, 'utf8')))).toMatch(
      /asv's benchmark list \(benchmarks\.json/,
    );
    const tokioHead = input('data.json', JSON.stringify({ entries: {} }));
    expect(metadataFile(tokioHead)).toBeNull();
  });
});

describe('the SQL console: unknown names get "did you mean"', () => {
  it('a near name only; DuckDB far guesses are not offered', () => {
    expect(nearestName('measurments', ['measurements', 'series'])).toBe('measurements');
    expect(nearestName('nothinglike_xyz', ['measurements', 'pg_index'])).toBeNull();
    expect(nearestName('m.metrc', ['metric', 'series_id'])).toBe('metric');
    expect(
      explainUnknownName(
        'Catalog Error: Table with name nothinglike_xyz does not exist!\nDid you mean "pg_index"?\n\nLINE 1: …',
      )?.message,
    ).toBe('No table nothinglike_xyz.');
    expect(explainUnknownName('Conversion Error: Could not convert string "x" to INT32')).toBeNull();
  });

  it('measurments, metrc and valu on a real database', async () => {
    const engine = await newEngine();
    const { bytes } = await seedDatabase(engine);
    await engine.openBytes('benchmark.duckdb', bytes);
    const asked = async (sql: string) =>
      engine.runReadOnlySql(sql).then(
        () => null,
        (e: Error & { hint?: string }) => ({ message: e.message, hint: e.hint ?? '' }),
      );
    const table = await asked('SELECT * FROM measurments');
    expect(table?.message).toBe('No table measurments — did you mean measurements?');
    expect(table?.message).not.toMatch(/Catalog Error|LINE 1/);
    expect(table?.hint).toMatch(/measurements, series, series_dims, metric_info/);
    expect((await asked('SELECT metrc FROM measurements'))?.message).toBe('No column metrc — did you mean metric?');
    expect((await asked('SELECT valu FROM measurements'))?.message).toBe('No column valu — did you mean value?');
    // Qualified, DuckDB names no candidates through the console's wrapping: the name alone, and where to look.
    const qualified = await asked('SELECT m.valu FROM measurements m');
    expect(qualified?.message).toMatch(/^No column valu\b/);
    expect(qualified?.hint).toMatch(/DESCRIBE/);
    expect(await asked('SELECT count(*) AS n FROM measurements')).toBeNull();
  }, 120_000);
});
