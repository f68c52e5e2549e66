import { openNodeDb } from '../src/worker/db-node.ts';
const db = await openNodeDb();
const r = await db.query(`WITH p AS (SELECT range AS i, count(*) OVER () AS total FROM range(100)) SELECT count(*) AS n FROM p GROUP BY CASE WHEN total <= ? THEN i ELSE i * ? // total END`, [10, 10]);
console.log(r.numRows);
const r2 = await db.query(`WITH p AS (SELECT range AS i, count(*) OVER () AS total FROM range(100)) SELECT count(*) AS n FROM p GROUP BY CASE WHEN total <= 10 THEN i ELSE i * 10 // total END`);
console.log(r2.numRows);
const r3 = await db.query(`SELECT ? AS a, typeof(?) AS t`, [10, 10]);
console.log(r3.toArray().map(x=>x.toJSON()));
