// The ingest scoreboard on other projects' real files (../shared/real) and the original project's data
// (../shared/data/ipfs_accelerate), through the real engine in Node (DuckDB-WASM), as the CLI opens them:
//
//   npx tsx scripts/eval-real-ingest.ts [--verbose]      (part of `npm run eval:real`)
//
// Per data set (a folder opened as one --db): files read / skipped / refused, sources, series, runs, metrics
// with unit and direction, and every mismatch against the upstream expectations (the github-action-benchmark
// Jest snapshot, Bencher's adapter tests, Google Benchmark's compare deltas, pytest-benchmark's compare values;
// see tests/upstream/expectations.ts). Refusals and skips are grouped by reason (--verbose lists the paths).
// Ends with a totals line.
import fs from 'node:fs';
import path from 'node:path';
import { openSources } from '../src/node/sources.ts';
import { openNodeDb } from '../src/engine/db/node-wasm.ts';
import { Engine } from '../src/engine/engine.ts';
import { loadSqlLibrary } from '../src/engine/sql-files-node.ts';
import {
  checkBencher,
  checkGithubActionBenchmark,
  checkGoogleBenchmark,
  checkPytestBenchmark,
  type FileCheck,
} from '../tests/upstream/expectations.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const REAL = path.resolve(REPO, '../shared/real');
const IPFS = path.resolve(REPO, '../shared/data/ipfs_accelerate');
if (!fs.existsSync(REAL)) {
  console.log(`eval:real: ${REAL} is absent (it sits beside a checkout of the project); nothing scored`);
  process.exit(0);
}
const verbose = process.argv.includes('--verbose');

interface DataSet {
  name: string;
  folder: string;
  /** Upstream checks whose files lie in this data set. */
  checks?: (root: string) => FileCheck[];
}

const DATA_SETS: DataSet[] = [
  { name: 'otava resources', folder: path.join(REAL, 'otava/resources') },
  { name: 'otava series', folder: path.join(REAL, 'otava/series') },
  { name: 'otava examples', folder: path.join(REAL, 'otava/examples') },
  { name: 'asv django', folder: path.join(REAL, 'asv_django') },
  { name: 'gab tokio data.js', folder: path.join(REAL, 'github_action_benchmark/tokio-rs_tokio') },
  {
    name: 'gab demo data.js',
    folder: path.join(REAL, 'github_action_benchmark/benchmark-action_github-action-benchmark_gh-pages'),
  },
  {
    name: 'gab mountpoint-s3 data.js',
    folder: path.join(REAL, 'github_action_benchmark/awslabs_mountpoint-s3_gh-pages'),
  },
  {
    name: 'gab extract fixtures',
    folder: path.join(REAL, 'harness_outputs/github-action-benchmark/test/data/extract'),
    checks: checkGithubActionBenchmark,
  },
  {
    name: 'bencher tool outputs',
    folder: path.join(REAL, 'harness_outputs/bencher_adapter/lib/bencher_adapter/tool_output'),
    checks: checkBencher,
  },
  {
    name: 'google benchmark inputs',
    folder: path.join(REAL, 'harness_outputs/google_benchmark/tools/gbench/Inputs'),
    checks: checkGoogleBenchmark,
  },
  {
    name: 'pytest-benchmark storage',
    folder: path.join(REAL, 'harness_outputs/pytest-benchmark/tests/test_storage'),
    checks: checkPytestBenchmark,
  },
  { name: 'ipfs measured', folder: path.join(IPFS, 'measured') },
  { name: 'ipfs schema fixtures', folder: path.join(IPFS, 'schema_fixtures') },
];

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) n += countFiles(path.join(dir, entry.name));
    else if (entry.isFile()) n++;
  }
  return n;
}

/** "reason ×n" groups of a list of (name, reason): the reason's numbers and quoted parts masked so alike ones group. */
function grouped(items: { name: string; reason: string }[]): string[] {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const key = item.reason
      .replace(item.name, '…')
      .replace(/\d[\d,.]*/g, 'N')
      .slice(0, 110);
    groups.set(key, [...(groups.get(key) ?? []), item.name]);
  }
  return [...groups]
    .sort((a, b) => b[1].length - a[1].length)
    .map(
      ([reason, names]) =>
        `${String(names.length).padStart(4)} × ${reason}${verbose ? `\n         ${names.join('\n         ')}` : ''}`,
    );
}

interface Row {
  name: string;
  files: number;
  read: number;
  skipped: number;
  refused: number;
  sources: number;
  series: number;
  runs: number;
  metrics: string;
  matched: number;
  expected: number;
  lines: string[];
}

async function evaluate(set: DataSet): Promise<Row> {
  const engine = await Engine.create(await openNodeDb(), loadSqlLibrary());
  const files = countFiles(set.folder);
  const opened = await openSources(engine, [set.folder]);
  const catalog = await engine.catalog();
  let runs = 0;
  if (opened.sources.length) {
    const result = await engine.runReadOnlySql(
      'SELECT count(DISTINCT coalesce(run_group_id, CAST(ts AS VARCHAR))) AS runs FROM measurements',
      1,
    );
    runs = Number(result.rows[0]?.[0] ?? 0);
  }
  const metrics = catalog.metrics.map(
    (m) => `${m.metric}${m.unit ? ` [${m.unit}]` : ''} ${m.direction === 'higher' ? '↑' : '↓'}`,
  );
  const lines: string[] = [];
  if (opened.failures.length)
    lines.push(
      '  refused:',
      ...grouped(opened.failures.map((f) => ({ name: f.name, reason: f.message }))).map((l) => `    ${l}`),
    );
  if (opened.skipped.length) lines.push('  skipped:', ...grouped(opened.skipped).map((l) => `    ${l}`));
  const notes = [...new Set(opened.sources.flatMap((s) => s.notes))];
  if (notes.length)
    lines.push(
      '  notes:',
      ...notes.slice(0, verbose ? notes.length : 6).map((n) => `    ${n.slice(0, 160)}`),
      ...(notes.length > 6 && !verbose ? [`    … ${notes.length - 6} more`] : []),
    );
  lines.push(`  metrics: ${metrics.join(', ') || '—'}`);
  let matched = 0;
  let expected = 0;
  if (set.checks) {
    const checks = set.checks(REAL);
    const byFormat = new Map<string, { files: number; matching: number }>();
    for (const c of checks) {
      matched += c.matched;
      expected += c.expected;
      const key = `${c.upstream} / ${c.format}`;
      const entry = byFormat.get(key) ?? { files: 0, matching: 0 };
      entry.files++;
      if (c.matched === c.expected && !c.mismatches.length) entry.matching++;
      byFormat.set(key, entry);
      for (const m of c.mismatches) lines.push(`  MISMATCH ${c.file}: ${m}`);
    }
    lines.push('  upstream, files matching per format:');
    for (const [key, { files: n, matching }] of byFormat) lines.push(`    ${key}: ${matching}/${n}`);
  }
  return {
    name: set.name,
    files,
    read: files - opened.failures.length - opened.skipped.length,
    skipped: opened.skipped.length,
    refused: opened.failures.length,
    sources: opened.sources.length,
    series: catalog.series,
    runs,
    metrics: `${catalog.metrics.length}`,
    matched,
    expected,
    lines,
  };
}

const header = [
  'data set',
  'files',
  'read',
  'skipped',
  'refused',
  'sources',
  'series',
  'runs',
  'metrics',
  'upstream values',
];
const widths = [26, 6, 6, 8, 8, 8, 7, 6, 8, 16];
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' ');

const rows: Row[] = [];
console.log(line(header));
for (const set of DATA_SETS) {
  if (!fs.existsSync(set.folder)) {
    console.log(`${set.name}: ${path.relative(REPO, set.folder)} is missing`);
    continue;
  }
  const started = performance.now();
  const row = await evaluate(set);
  rows.push(row);
  console.log(
    line([
      row.name,
      String(row.files),
      String(row.read),
      String(row.skipped),
      String(row.refused),
      String(row.sources),
      String(row.series),
      String(row.runs),
      row.metrics,
      row.expected ? `${row.matched}/${row.expected}` : '—',
    ]),
  );
  for (const l of row.lines) console.log(l);
  if (verbose) console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
const sum = (key: 'files' | 'read' | 'skipped' | 'refused' | 'sources' | 'series' | 'runs' | 'matched' | 'expected') =>
  rows.reduce((s, r) => s + r[key], 0);
console.log(
  line([
    'TOTAL',
    ...(['files', 'read', 'skipped', 'refused', 'sources', 'series', 'runs'] as const).map((k) => String(sum(k))),
    '',
    `${sum('matched')}/${sum('expected')}`,
  ]),
);
const mismatches = rows.reduce((s, r) => s + r.lines.filter((l) => l.startsWith('  MISMATCH')).length, 0);
console.log(
  `totals: ${rows.length} data sets, ${sum('files')} files: ${sum('read')} read, ${sum('skipped')} skipped, ${sum('refused')} refused; ${sum('series')} series, ${sum('runs')} runs; upstream values ${sum('matched')}/${sum('expected')} matching, ${mismatches} mismatches`,
);
