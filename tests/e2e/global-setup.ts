// Builds the binary fixtures the browser tests upload: Parquet and a database from native DuckDB,
// corrupt and truncated copies of the demo database.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const E2E_FIXTURES = path.resolve('test-results/e2e-fixtures');

export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(E2E_FIXTURES, { recursive: true });
  const demo = path.resolve('dist/demo/benchmark.duckdb');
  if (!fs.existsSync(demo)) throw new Error('dist/ is missing: run `npm run build` before the browser tests');
  const bytes = fs.readFileSync(demo);
  fs.copyFileSync(demo, path.join(E2E_FIXTURES, 'history.duckdb'));
  fs.writeFileSync(path.join(E2E_FIXTURES, 'truncated.duckdb'), bytes.subarray(0, 20_000));
  const corrupt = Buffer.from(bytes);
  corrupt.write('DUCK', 8, 'latin1');
  for (let i = 12288; i < corrupt.length; i += 61) corrupt[i] ^= 0x5a;
  fs.writeFileSync(path.join(E2E_FIXTURES, 'corrupt.duckdb'), corrupt);

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const parquet = path.join(E2E_FIXTURES, 'nightly.parquet');
  await connection.run(`COPY (
      SELECT TIMESTAMP '2025-05-01' + INTERVAL (i) HOUR AS ts, 'query_' || (i % 4) AS query, ((i % 3) + 1)::INTEGER AS threads,
             50.0 + (i % 7) + CASE WHEN i > 400 AND i % 4 = 0 THEN 20 ELSE 0 END AS duration_ms, 1000.0 - i AS rows_per_sec
      FROM range(480) t(i)) TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`);
  connection.closeSync();
}
