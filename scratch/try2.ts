import { openNodeDb } from '../src/worker/db-node.ts';
const db = await openNodeDb();
for (const q of [
  "ATTACH '/tmp/probe/t2.duckdb' AS t",
  "CREATE TABLE IF NOT EXISTS t.x (a INTEGER, d TIMESTAMP DEFAULT current_timestamp)",
  "INSERT INTO t.x (a) VALUES (1)",
  "SELECT * FROM t.x",
  "SELECT now()::TIMESTAMP AS n",
  "SELECT TRY_CAST('2025-03-03T05:31:01+02:00' AS TIMESTAMPTZ)::TIMESTAMP AS n",
  "SELECT strftime(TIMESTAMP '2025-01-01 10:00', '%Y-%m-%d') AS s",
  "SELECT date_trunc('day', TIMESTAMP '2025-01-01 10:00') AS s",
  "SELECT * FROM (SUMMARIZE SELECT 1 AS a) ",
  "SELECT 1 AS n FROM (DESCRIBE t.x)",
  "SELECT * FROM read_csv('x.csv')",
]) { try { const r = await db.query(q); console.log('OK', q, JSON.stringify(r.toArray().map(x => x.toJSON()))); } catch (e: any) { console.log('ERR', q, e.message.slice(0, 200)); } }
