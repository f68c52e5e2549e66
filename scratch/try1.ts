import fs from 'node:fs';
import { openNodeDb } from '../src/worker/db-node.ts';
import { loadSqlLibrary } from '../src/worker/sql-files-node.ts';
import { Engine } from '../src/worker/engine.ts';
const D = '/work/shared/data/ipfs_accelerate';
const engine = await Engine.create(await openNodeDb(), loadSqlLibrary());
const tryOpen = async (p: string) => {
  try { const info = await engine.openBytes(p.split('/').pop()!, new Uint8Array(fs.readFileSync(p))); console.log('OK', JSON.stringify({ ...info, columns: info.columns?.length })); }
  catch (e: any) { console.log('ERR', e.name, e.message, '|', e.hint); }
};
await tryOpen(D + '/schema_fixtures/test/benchmark_db/benchmark.duckdb');
await tryOpen(D + '/measured/test/performance_results.csv');
await tryOpen(D + '/measured/test/benchmark_results/20250303_050233/20250303_050235/benchmark_results.json');
await tryOpen(D + '/measured/test/benchmark_results/20250302_201142/benchmark_results.json');
await tryOpen(D + '/measured/test/benchmark_results/benchmark_bert_cpu_20250305_195714.json');
console.log(JSON.stringify(await engine.catalog()).slice(0, 1500));
const s = await engine.listSeries({ metric: 'latency', filter: { hardware: ['cpu'] }, search: '', limit: 5 });
console.log(s);
console.log(await engine.seriesPoints(s[0].seriesKey, 'latency'));
console.log(await engine.runReadOnlySql('select metric, count(*) from measurements group by all'));
