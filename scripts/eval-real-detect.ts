// Detection scoreboard on real data (../shared/real, ../shared/data/ipfs_accelerate).
//
//   npx tsx scripts/eval-real-detect.ts [--otava-only] [--histories-only] [--verbose]
//
// Part 1 — Otava's test suite (otava/expected.json). Every case that names a series is run through
// the same per-series analysis the engine uses (analyseSeries: change points plus the newest-run
// verdict), with our defaults; only a case's min_magnitude is passed on (as minRelativeChange), since
// it is a user's explicit "smaller shifts do not interest me". A found index matches an expected one
// when it is within ±1 (Otava reports the first point of the new regime, as we do). Printed per case:
// matched / missed / extra. The headline total is the set the issue counts: one expectation per
// distinct series that Otava analyses with its default (or CLI default) options, and the "old
// defaults" case of the TigerBeetle series; the cases that sweep Otava's own p-value and magnitude
// over TigerBeetle are printed but not totalled (they contradict each other by design).
//
// Part 2 — real histories, opened and analysed by the real engine (DuckDB-WASM in Node), the whole
// loaded history (the defaults): series analysed, change points, regressions by status, grouped
// incidents, unstable series, newest-run verdicts; then with a 14-day detection window (the default
// before issue 13), to show what a narrowing filter hides and that it says so.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseSeries } from '../src/lib/analysis/series-analysis.ts';
import { openNodeDb } from '../src/engine/db/node-wasm.ts';
import { Engine } from '../src/engine/engine.ts';
import { loadSqlLibrary } from '../src/engine/sql-files-node.ts';
import { openSources } from '../src/node/sources.ts';
import type { AnalysisResult } from '../src/lib/analysis/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REAL = path.resolve(ROOT, '../shared/real');
const IPFS = path.resolve(ROOT, '../shared/data/ipfs_accelerate');
if (!fs.existsSync(REAL)) {
  console.log(`eval:real: ${REAL} is absent (it sits beside a checkout of the project); nothing scored`);
  process.exit(0);
}
const OTAVA = path.join(REAL, 'otava');
const args = new Set(process.argv.slice(2));
const verbose = args.has('--verbose');

// ---- Otava -----------------------------------------------------------------------------------------

interface OtavaCase {
  file: string;
  column: string;
  expected_change_indices: number[] | Record<string, number[]> | string | null;
  asserted_by: string;
  options: Record<string, unknown>;
  values_oldest_to_newest?: Record<string, number[]>;
  kind?: string;
}

interface Scored {
  name: string;
  expected: number[];
  found: number[];
  matched: number;
  missed: number[];
  extra: number[];
  headline: boolean;
}

function readSeries(rel: string): number[] {
  const lines = fs.readFileSync(path.join(OTAVA, rel), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => Number(l.split(',')[1]));
}

function readCsvColumn(rel: string, column: string): number[] {
  const [head, ...rows] = fs.readFileSync(path.join(OTAVA, rel), 'utf8').trim().split('\n');
  const at = head.split(',').indexOf(column);
  return rows.map((r) => Number(r.split(',')[at]));
}

/** process_cumulative_rate_mean of one config, in commit_ts order, from the Postgres seed's INSERTs. */
function readPostgresSeed(configId: number): number[] {
  const sql = fs.readFileSync(path.join(OTAVA, 'examples/postgresql_schema_seed.sql'), 'utf8');
  const commitTs = new Map<string, string>();
  for (const m of sql.matchAll(/\('([\w-]+)',\s*'[^']*',\s*'trunk',\s*'\w+',\s*'([^']+)'/g)) commitTs.set(m[1], m[2]);
  const rows: { ts: string; value: number }[] = [];
  for (const m of sql.matchAll(/\('([\w-]+)',\s*(\d+),\s*([\d.]+),\s*[\d.]+,\s*[\d.]+\)/g)) {
    if (Number(m[2]) === configId && commitTs.has(m[1])) rows.push({ ts: commitTs.get(m[1])!, value: Number(m[3]) });
  }
  return rows.sort((a, b) => a.ts.localeCompare(b.ts)).map((r) => r.value);
}

/** Indices the per-series analysis reports: confirmed change points and an out-of-line newest run. */
function foundIndices(values: number[], minRelativeChange?: number): number[] {
  const a = analyseSeries(values, minRelativeChange === undefined ? {} : { minRelativeChange });
  const found = a.changePoints.map((c) => c.index);
  if (a.latest && a.latest.outOfLine && !found.includes(a.latest.firstIndex)) found.push(a.latest.firstIndex);
  return found.sort((x, y) => x - y);
}

function score(name: string, expected: number[], found: number[], headline: boolean): Scored {
  const left = found.slice();
  let matched = 0;
  const missed: number[] = [];
  for (const e of expected) {
    const j = left.findIndex((f) => Math.abs(f - e) <= 1);
    if (j >= 0) {
      matched++;
      left.splice(j, 1);
    } else missed.push(e);
  }
  return { name, expected, found, matched, missed, extra: left, headline };
}

function otava(): Scored[] {
  const doc = JSON.parse(fs.readFileSync(path.join(OTAVA, 'expected.json'), 'utf8')) as { cases: OtavaCase[] };
  const out: Scored[] = [];
  for (const c of doc.cases) {
    c.options ??= {};
    c.file ??= '';
    const test = c.asserted_by.split('::').slice(1).join('::') || c.asserted_by.split(' ').pop()!;
    const magnitude =
      typeof c.options.min_magnitude === 'number' && c.options.min_magnitude > 0 ? c.options.min_magnitude : undefined;
    if (c.file.startsWith('series/tigerbeetle')) {
      const oldDefaults = test.endsWith('test_tb_old_defaults');
      out.push(
        score(
          `tigerbeetle ${test} (p ${c.options.max_pvalue}, magnitude ${c.options.min_magnitude})`,
          c.expected_change_indices as number[],
          foundIndices(readSeries(c.file), magnitude),
          oldDefaults,
        ),
      );
    } else if (c.file.startsWith('series/') && !c.file.includes('+') && Array.isArray(c.expected_change_indices)) {
      // The same single-series expectation asserted twice (Otava's method and the original e-divisive) counts once.
      const duplicate = out.some((s) => s.name.startsWith(`${c.file} `) && s.headline);
      out.push(score(`${c.file} ${test}`, c.expected_change_indices, foundIndices(readSeries(c.file)), !duplicate));
    } else if (c.file.startsWith('series/div_by_zero')) {
      // Only the first of two change points is asserted: the second is neither missed nor extra.
      const s = score(`${c.file} ${test}`, [3], foundIndices(readSeries(c.file)), true);
      s.extra = s.extra.slice(1);
      out.push(s);
    } else if (c.column === 'series1 and series2 analysed together') {
      const want = c.expected_change_indices as Record<string, number[]>;
      out.push(
        score(
          'series1 min_magnitude 0.2',
          want.series1,
          foundIndices(readSeries('series/series_test_series1.csv'), magnitude),
          false,
        ),
      );
      out.push(
        score(
          'series2 min_magnitude 0.2',
          [],
          foundIndices(readSeries('series/series_test_series2.csv'), magnitude),
          false,
        ),
      );
    } else if (c.column === 'incremental append') {
      const want = c.expected_change_indices as Record<string, number[]>;
      const s1 = [...readSeries('series/series_test_series1.csv'), 0.5, 0.51];
      const s2 = [...readSeries('series/series_test_series2.csv'), 1.97, 33.33, 46.46];
      out.push(score('series1 + appended points', want.series1, foundIndices(s1), true));
      out.push(score('series2 + appended points', want.series2, foundIndices(s2), true));
    } else if (c.file === 'resources/sample.csv') {
      out.push(
        score(
          'sample.csv metric2',
          c.expected_change_indices as number[],
          foundIndices(readCsvColumn(c.file, 'metric2')),
          true,
        ),
      );
      out.push(score('sample.csv metric1', [], foundIndices(readCsvColumn(c.file, 'metric1')), true));
    } else if (c.file.startsWith('examples/postgresql')) {
      out.push(
        score(
          'postgres seed aggregate MEM',
          c.expected_change_indices as number[],
          foundIndices(readPostgresSeed(1)),
          true,
        ),
      );
    } else if (c.values_oldest_to_newest) {
      const want = c.expected_change_indices as Record<string, number[]>;
      for (const [metric, values] of Object.entries(c.values_oldest_to_newest)) {
        const key = Object.keys(want).find((k) => metric.startsWith(k)) ?? metric;
        out.push(score(`graphite ${metric}`, want[key] ?? [], foundIndices(values), true));
      }
    } else {
      console.log(`  (not a detection case: ${c.file} — ${c.column ?? c.kind})`);
    }
  }
  return out;
}

function printOtava(rows: Scored[]): void {
  console.log('\n## Otava test suite (±1 index)\n');
  console.log('| case | expected | found | matched | missed | extra | counted |');
  console.log('|---|---|---|---|---|---|---|');
  const short = (xs: number[]) =>
    xs.length > 12 ? `${xs.slice(0, 12).join(' ')} … (${xs.length})` : xs.join(' ') || '—';
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${short(r.expected)} | ${short(r.found)} | ${r.matched} | ${short(r.missed)} | ${short(r.extra)} | ${r.headline ? 'yes' : 'no'} |`,
    );
  }
  const sum = (rs: Scored[], f: (r: Scored) => number) => rs.reduce((a, r) => a + f(r), 0);
  const head = rows.filter((r) => r.headline);
  console.log(
    `\nHeadline (issue's count): ${sum(head, (r) => r.matched)} of ${sum(head, (r) => r.expected.length)} expected change points matched, ` +
      `${sum(head, (r) => r.missed.length)} missed, ${sum(head, (r) => r.extra.length)} extra.`,
  );
  console.log(
    `All ${rows.length} scored cases: ${sum(rows, (r) => r.matched)} of ${sum(rows, (r) => r.expected.length)} matched, ` +
      `${sum(rows, (r) => r.missed.length)} missed, ${sum(rows, (r) => r.extra.length)} extra.`,
  );
}

// ---- real histories ----------------------------------------------------------------------------------

const HISTORIES: { name: string; specs: string[] }[] = [
  { name: 'django asv', specs: [path.join(REAL, 'asv_django/results')] },
  {
    name: 'tokio (github-action-benchmark)',
    specs: [path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js')],
  },
  {
    name: 'github-action-benchmark demo',
    specs: [
      path.join(REAL, 'github_action_benchmark/benchmark-action_github-action-benchmark_gh-pages/dev/bench/data.js'),
    ],
  },
  {
    name: 'mountpoint-s3 (3 data.js)',
    specs: [path.join(REAL, 'github_action_benchmark/awslabs_mountpoint-s3_gh-pages/dev')],
  },
  {
    name: 'ipfs_accelerate runner results',
    specs: [path.join(IPFS, 'measured/test/benchmark_results/**/benchmark_results.json')],
  },
];

/** The detection window before issue 13, now a narrowing filter. */
const RECENT = { regressionDays: 14 };
const DEFAULTS = {};

function summarise(r: AnalysisResult): Record<string, string | number> {
  const statuses = new Map<string, number>();
  for (const g of r.regressions) statuses.set(g.status, (statuses.get(g.status) ?? 0) + 1);
  const incidents = r.incidents
    ? r.incidents.length
    : new Set(r.regressions.map((g) => g.firstBad.commit ?? g.firstBad.ts)).size;
  return {
    series: r.seriesAnalysed,
    changePoints: r.changePoints.length,
    regressions: r.regressions.length,
    statuses: [...statuses].map(([s, n]) => `${s} ${n}`).join(', ') || '—',
    incidents,
    unstable: r.unstable?.length ?? '—',
    latestOutOfLine: r.latest
      ? `${r.latest.filter((l) => l.worse).length} worse, ${r.latest.filter((l) => !l.worse).length} better of ${r.latestChecked}`
      : '—',
    hiddenOlder: r.hiddenOlderChanges ?? '—',
    outliers: r.outliers.length,
  };
}

async function histories(): Promise<void> {
  console.log('\n## Real histories (engine, change-point method)\n');
  console.log(
    '| history | window | series | change points | regressions | statuses | incidents | unstable | newest run out of line | older changes hidden | outliers |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const h of HISTORIES) {
    const engine = await Engine.create(await openNodeDb(), loadSqlLibrary());
    const opened = await openSources(engine, h.specs);
    if (opened.sources.length === 0) {
      console.log(`| ${h.name} | — | could not open: ${opened.failures.map((f) => f.message).join('; ')} |`);
      continue;
    }
    for (const [window, settings] of [
      ['defaults (whole history)', DEFAULTS],
      ['14-day detection window', RECENT],
    ] as const) {
      const r = await engine.analyse({ settings });
      const s = summarise(r);
      console.log(
        `| ${h.name} | ${window} | ${s.series} | ${s.changePoints} | ${s.regressions} | ${s.statuses} | ${s.incidents} | ${s.unstable} | ${s.latestOutOfLine} | ${s.hiddenOlder} | ${s.outliers} |`,
      );
      if (verbose && settings === DEFAULTS) {
        for (const g of r.regressions.slice(0, 40))
          console.error(
            `   ${g.status.padEnd(10)} ${g.changePct.toFixed(1).padStart(7)} % ${g.label} · ${g.metric} @${g.firstBad.commit?.slice(0, 8) ?? new Date(g.firstBad.ts).toISOString().slice(0, 10)}`,
          );
      }
    }
  }
}

if (!args.has('--histories-only')) printOtava(otava());
if (!args.has('--otava-only')) await histories();
