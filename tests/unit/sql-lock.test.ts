// The SQL console against a real engine with the page's file lock, and a real loopback server that must receive
// nothing: only the opened sources are readable; URLs, other paths, extensions and settings are refused by DuckDB.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/engine/db/db.ts';
import { openNodeDb } from '../../src/engine/db/node-wasm.ts';
import { Engine } from '../../src/engine/engine.ts';
import { LOCK_STATEMENTS } from '../../src/engine/file-lock.ts';
import { loadSqlLibrary } from '../../src/engine/sql-files-node.ts';
import { FIXTURES } from './helpers/engine.ts';

let engine: Engine;
/** The engine's DuckDB, held here to try statements the engine itself never runs. */
let db: Db;
let server: http.Server;
let origin = '';
const requests: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('a,b\n1,2\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = await openNodeDb();
  for (const statement of LOCK_STATEMENTS) await db.query(statement);
  engine = await Engine.create(db, loadSqlLibrary());
  // Sources still open after the lock: a CSV and a database, both read through DuckDB's file system.
  await engine.openBytes(
    'nightly.csv',
    new TextEncoder().encode('ts,bench,ms\n2026-01-01T00:00:00Z,a,1\n2026-01-02T00:00:00Z,a,2\n'),
  );
  await engine.openBytes(
    'native.duckdb',
    new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'duckdb', 'native-1.5-default.duckdb'))),
  );
});
afterAll(() => server.close());

describe('the SQL console with the file lock', () => {
  it('reads the opened sources', async () => {
    const result = await engine.runReadOnlySql('SELECT count(*) AS n FROM measurements');
    expect(Number(result.rows[0][0])).toBeGreaterThan(0);
    const sources = await engine.listSources();
    expect(sources.map((s) => s.name)).toEqual(['nightly.csv', 'native.duckdb']);
    const raw = await engine.runReadOnlySql(`SELECT * FROM read_csv('/perftrack/src_1.csv')`);
    expect(raw.rowCount).toBe(2);
  });

  it('refuses URLs and other paths, in the console and below it; the server receives nothing', async () => {
    const attempts = [
      `SELECT * FROM read_csv('${origin}/a.csv')`,
      `SELECT * FROM '${origin}/a.csv'`,
      `FROM read_text('${origin}/secret')`,
      `SELECT * FROM read_blob('/etc/passwd')`,
      `SELECT * FROM glob('/etc/*')`,
      `SELECT * FROM read_csv('/perftrack/../etc/passwd')`,
    ];
    for (const sql of attempts) {
      await expect(engine.runReadOnlySql(sql), sql).rejects.toThrow(
        /^The SQL console reads only the opened sources; it cannot read "/,
      );
      // The engine-level lock holds even without the console's wrapping.
      await expect(db.query(sql), sql).rejects.toThrow(/Permission Error|disabled by configuration/);
    }
    for (const sql of [
      `ATTACH '${origin}/x.duckdb' AS x`,
      `COPY measurements TO '${origin}/out.csv'`,
      'INSTALL httpfs',
      'LOAD httpfs',
      'SET enable_external_access = true',
    ]) {
      await expect(engine.runReadOnlySql(sql), sql).rejects.toThrow(/read-only/);
    }
    await expect(db.query('SET enable_external_access = true')).rejects.toThrow(/locked|Cannot change/);
    await expect(db.query('LOAD httpfs')).rejects.toThrow(/disabled/);
    expect(requests).toEqual([]);
  });
});
