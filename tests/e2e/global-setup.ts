// Builds the binary fixtures the browser tests upload: a Parquet file, copies of the demo database (whole,
// truncated, corrupt), and a database large enough to be read with range requests.
import fs from 'node:fs';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { writeMillionRowDatabase } from '../../scripts/bench-engine.ts';

export const E2E_FIXTURES = path.resolve('test-results/e2e-fixtures');

export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(E2E_FIXTURES, { recursive: true });
  const demo = path.resolve(process.env.E2E_DIST ?? 'dist', 'demo/benchmark.duckdb');
  if (!fs.existsSync(demo)) throw new Error('dist/ is missing: run `npm run build` before the browser tests');
  const bytes = fs.readFileSync(demo);
  fs.copyFileSync(demo, path.join(E2E_FIXTURES, 'history.duckdb'));
  fs.writeFileSync(path.join(E2E_FIXTURES, 'truncated.duckdb'), bytes.subarray(0, 20_000));
  const corrupt = Buffer.from(bytes);
  corrupt.write('DUCK', 8, 'latin1');
  for (let i = 12288; i < corrupt.length; i += 61) corrupt[i] ^= 0x5a;
  fs.writeFileSync(path.join(E2E_FIXTURES, 'corrupt.duckdb'), corrupt);

  const hours = Array.from({ length: 480 }, (_, i) => i);
  const parquet = parquetWriteBuffer({
    columnData: [
      { name: 'ts', data: hours.map((i) => new Date(Date.UTC(2025, 4, 1, i))), type: 'TIMESTAMP' },
      { name: 'query', data: hours.map((i) => `query_${i % 4}`), type: 'STRING' },
      { name: 'threads', data: hours.map((i) => (i % 3) + 1), type: 'INT32' },
      { name: 'duration_ms', data: hours.map((i) => 50 + (i % 7) + (i > 400 && i % 4 === 0 ? 20 : 0)), type: 'DOUBLE' },
      { name: 'rows_per_sec', data: hours.map((i) => 1000 - i), type: 'DOUBLE' },
    ],
  });
  fs.writeFileSync(path.join(E2E_FIXTURES, 'nightly.parquet'), new Uint8Array(parquet));
  // Above the size the page downloads whole (4 MB), so it is read with range requests.
  const large = path.join(E2E_FIXTURES, 'large.duckdb');
  if (!fs.existsSync(large)) await writeMillionRowDatabase(large, 200, 600);
}
