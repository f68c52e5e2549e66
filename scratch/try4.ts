import { openNodeDb } from '../src/worker/db-node.ts';
const db = await openNodeDb();
await db.query("ATTACH '/work/main/public/demo/benchmark.duckdb' AS d (READ_ONLY)");
console.log((await db.query("SELECT database_name, table_name, estimated_size FROM duckdb_tables()")).toArray().map(r => r.toJSON()));
console.log((await db.query("SELECT table_catalog, table_name FROM information_schema.columns WHERE table_catalog='d' LIMIT 3")).toArray().map(r => r.toJSON()));
