// perftrack: the command line for CI, mirroring the seed guide's CLI, on the same engine code and SQL as the page,
// run by native DuckDB (the page runs DuckDB-WASM). Exit codes: 0 ok, 1 regressions found with --fail-on-regression, 2 bad input or usage.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DimensionFilter } from '../lib/model/api.ts';
import { TimeSeriesPerformance, type NotificationConfig } from '../lib/api/time-series-performance.ts';
import { METHODS, SEED_THRESHOLDS, type DetectionMethod } from '../lib/analysis/settings.ts';
import type { Baseline, Regression, Trend } from '../lib/analysis/types.ts';
import { formatP, formatPercent, formatTime, formatValue, shortCommit } from '../lib/format/format.ts';
import { openNativeDb, type NativeDb } from '../engine/db/native.ts';
import { normaliseCommitTemplate } from '../lib/format/commit-link.ts';
import { Engine } from '../engine/engine.ts';
import { loadSqlLibrary } from '../engine/sql-files-node.ts';
import { nodePlatform, recordResult, recordToFolder } from '../node/platform.ts';
import { detectorPool, type DetectorPool } from '../node/detect-pool.ts';
import { describeSource, expandSource, openSources } from '../node/sources.ts';
import { describeError, cliText } from './messages.ts';
import { loadNotificationConfig, notifyFromCli } from './notify.ts';
import { runChanges } from './changes.ts';
import { runCheck } from './check.ts';
import { inputFingerprint, keepUnchangedSite, publish, type Granularity, type PublishOptions, type PublishReport } from '../node/publish.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

class UsageError extends Error {}

const USAGE = `perftrack — benchmark history: record results, baselines, regressions, trends, reports.

Usage: perftrack <command> [options]

Commands:
  record      Append one result to a .duckdb file in the seed schema (created when missing), or with --out DIR
              write it as a file of its own in DIR (for many CI jobs at once; --db DIR reads the folder)
  baseline    Baselines per configuration (mean over --days with at least --min-samples results)
  regression  Detect regressions in the last --days (default method: change points; --method percent for the seed's)
  check       Is the newest run of each series out of line with its history? [--fail-on-regression] exits 1 when worse
              (also: regression --latest)
  changes     Every level shift in the whole history, better and worse, per series (--format json gives run indices)
  trend       Trends of a metric over --days; --visualize --output FILE.svg draws them
  report      A Markdown or HTML report of the last --days
  publish     A static site (the app + the data, range-readable) that opens this history by default

Common options:
  --db PATH          .duckdb/.parquet/.csv/.json file, folder or glob of benchmark outputs, or URL (repeatable;
                     default: $BENCHMARK_DB_PATH, else ./benchmark_db.duckdb)
  --as-of TIME       analyse as of this time (ISO 8601) instead of the newest measurement
  --format FORMAT    text (default) or json; report: markdown (default) or html
  --model-id N --hardware-id N --model NAME --hardware NAME --batch-size N --precision P --filter dim=value
                     restrict to matching series (repeatable --filter)
  --no-write         do not store results in the database's seed tables (baselines, regressions, trends)
  -h, --help         this help

record:     [--db FILE.duckdb | --out DIR] --model-id N --hardware-id N --batch-size N [--sequence-length N] [--precision fp32] [--throughput X]
            [--latency X] [--memory X] [--power X] [--version-tag T] [--run-group G] [--commit SHA]
            [--lock-timeout SECONDS (how long to wait for another writer's lock, default 30)]
baseline:   [--all] [--days 7] [--min-samples 3]
regression: [--days 1] [--latest (= check)] [--method changepoint|percent] [--threshold metric=pct] [--baseline-days 7] [--min-samples 3]
            [--notify] [--notify-config FILE] [--fail-on-regression]
check:      [--metric NAME] [--fail-on-regression] — the newest run against its series' history (unconfirmed until a level)
changes:    [--metric NAME] — level shifts of the change-point method in the whole history, and the unstable series
trend:      [--metric NAME (throughput, else the first)] [--days 30] [--min-samples 5] [--visualize --output FILE.svg]
report:     [--days 30] [--format markdown|html] [--output FILE] [--title TEXT]
            [--commit-url 'https://github.com/org/repo/commit/{commit}'] (commits become links)
publish:    --out DIR [--base-path /repo/] [--title TEXT] [--partition month|quarter|year] [--app DIR (the built app, default: dist/)]
`;

const OPTIONS = {
  db: { type: 'string', multiple: true },
  'commit-url': { type: 'string' },
  'as-of': { type: 'string' },
  format: { type: 'string' },
  'model-id': { type: 'string' },
  'hardware-id': { type: 'string' },
  model: { type: 'string' },
  hardware: { type: 'string' },
  'batch-size': { type: 'string' },
  'sequence-length': { type: 'string' },
  precision: { type: 'string' },
  filter: { type: 'string', multiple: true },
  throughput: { type: 'string' },
  latency: { type: 'string' },
  memory: { type: 'string' },
  power: { type: 'string' },
  'version-tag': { type: 'string' },
  'run-group': { type: 'string' },
  commit: { type: 'string' },
  'lock-timeout': { type: 'string' },
  all: { type: 'boolean' },
  days: { type: 'string' },
  'baseline-days': { type: 'string' },
  'min-samples': { type: 'string' },
  method: { type: 'string' },
  threshold: { type: 'string', multiple: true },
  notify: { type: 'boolean' },
  'notify-config': { type: 'string' },
  'fail-on-regression': { type: 'boolean' },
  latest: { type: 'boolean' },
  metric: { type: 'string' },
  visualize: { type: 'boolean' },
  output: { type: 'string' },
  title: { type: 'string' },
  out: { type: 'string' },
  'base-path': { type: 'string' },
  app: { type: 'string' },
  partition: { type: 'string' },
  'no-write': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function number(values: Values, name: keyof Values, fallback?: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${String(name)} must be a number (got "${String(raw)}")`);
  return n;
}

function integer(values: Values, name: keyof Values, fallback?: number): number | undefined {
  const n = number(values, name, fallback);
  if (n !== undefined && !Number.isInteger(n)) throw new UsageError(`--${String(name)} must be a whole number`);
  return n;
}

function asOf(values: Values): number | null {
  if (!values['as-of']) return null;
  const text = values['as-of'];
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/\d\d:\d\d/.test(text) ? text : text + 'Z');
  if (!Number.isFinite(ms)) throw new UsageError(`--as-of must be a date or time (ISO 8601), got "${text}"`);
  return ms;
}

function method(values: Values): DetectionMethod | undefined {
  if (values.method === undefined) return undefined;
  if (values.method === 'changepoint' || values.method === 'percent') return values.method;
  throw new UsageError(`--method must be one of ${METHODS.map((m) => m.id).join(', ')}`);
}

function granularity(value: string | undefined): Granularity {
  if (value === undefined) return 'quarter';
  if (value === 'month' || value === 'quarter' || value === 'year') return value;
  throw new UsageError(`--partition must be month, quarter or year (got "${value}")`);
}

function printPublishReport(report: PublishReport, json: boolean, out: (text: string) => void): void {
  if (json) {
    out(JSON.stringify(report, null, 2));
    return;
  }
  const written = report.partitions.filter((p) => p.written);
  out(`published ${report.partitions.length} partitions to ${report.outDir} (${written.length} written, ${report.partitions.length - written.length} unchanged${report.removed.length ? `, ${report.removed.length} removed` : ''})`);
  out(`data: ${(report.dataBytes / 2 ** 20).toFixed(1)} MB in partitions + ${(report.summaryBytes / 2 ** 10).toFixed(0)} KB summary; serve ${report.outDir} with any static host`);
  const share = (bytes: number) => `${(bytes / 2 ** 10).toFixed(0)} KB (${((100 * bytes) / (report.dataBytes + report.summaryBytes)).toFixed(1)} %)`;
  out(`a first view reads about ${share(report.firstViewBytes)} of it; each series shown adds at most ${share(report.seriesViewBytes)}`);
}

function thresholds(values: Values): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of values.threshold ?? []) {
    const match = /^([^=]+)=(-?[\d.]+)$/.exec(item);
    if (!match || !Number.isFinite(Number(match[2]))) throw new UsageError(`--threshold expects metric=percent, e.g. latency=5 (got "${item}")`);
    out[match[1]] = Number(match[2]);
  }
  return out;
}

/** Seed ids (--model-id, --hardware-id) become names through the opened databases' own tables. */
async function seriesFilter(engine: Engine, values: Values): Promise<DimensionFilter> {
  const filter: DimensionFilter = {};
  const add = (dim: string, value: string | null) => (filter[dim] = [...(filter[dim] ?? []), value]);
  for (const [option, dim, table, column, idColumn] of [
    ['model-id', 'model', 'models', 'model_name', 'model_id'],
    ['hardware-id', 'hardware', 'hardware_platforms', 'hardware_type', 'hardware_id'],
  ] as const) {
    const id = integer(values, option);
    if (id === undefined) continue;
    const names = await engine.seedNames(table, column, idColumn, id);
    if (names.length === 0) throw new UsageError(`--${option} ${id}: no such id in the opened database(s)`);
    for (const name of names) add(dim, name);
  }
  if (values.model) add('model', values.model);
  if (values.hardware) add('hardware', values.hardware);
  if (values['batch-size'] !== undefined) add('batch_size', String(integer(values, 'batch-size')));
  if (values['sequence-length'] !== undefined) add('sequence_length', String(integer(values, 'sequence-length')));
  if (values.precision) add('precision', values.precision);
  for (const item of values.filter ?? []) {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`--filter expects dimension=value (got "${item}")`);
    add(item.slice(0, i), item.slice(i + 1));
  }
  return filter;
}

// ---- output -------------------------------------------------------------------------------------

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function regressionJson(r: Regression): Record<string, unknown> {
  return {
    metric: r.metric,
    change_pct: r.changePct,
    severity: r.severity,
    method: r.method,
    series: r.series,
    series_label: r.label,
    unit: r.unit,
    direction: r.direction,
    before: r.before,
    after: r.after,
    p_value: r.pValue,
    noise_pct: r.noisePct,
    status: r.status,
    first_bad: { ts: new Date(r.firstBad.ts).toISOString(), commit: r.firstBad.commit, version_tag: r.firstBad.versionTag, run_group: r.firstBad.runGroup, value: r.firstBad.value, result_id: r.firstBad.resultId },
    last_good: r.lastGood ? { ts: new Date(r.lastGood.ts).toISOString(), commit: r.lastGood.commit, version_tag: r.lastGood.versionTag, value: r.lastGood.value } : null,
    samples_test: r.samplesTest,
    explanation: r.explanation,
    fingerprint: r.fingerprint,
  };
}

function baselineJson(b: Baseline): Record<string, unknown> {
  return {
    series: b.series, series_label: b.label, metric: b.metric, unit: b.unit, count: b.count, mean: b.mean, median: b.median, stddev: b.stddev, mad: b.mad,
    baseline_date: new Date(b.lastTs).toISOString(), version_tag: b.versionTag, commit: b.commit,
  };
}

function trendJson(t: Trend): Record<string, unknown> {
  return {
    series: t.series, series_label: t.label, metric: t.metric, unit: t.unit, direction: t.trend, magnitude_pct: t.magnitudePct, confidence: t.confidence,
    count: t.count, cv: t.cv, r2: t.r2, theil_sen_pct_per_week: t.theilSenPctPerWeek, mann_kendall_p: t.mannKendallP,
    start: new Date(t.startTs).toISOString(), end: new Date(t.endTs).toISOString(),
  };
}

// ---- commands -----------------------------------------------------------------------------------

/** `exiting`: the process ends when main returns (bin/perftrack.mjs), so DuckDB's memory is not freed first. */
export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t + '\n'),
  err: (text: string) => void = (t) => process.stderr.write(t + '\n'),
  { exiting = false }: { exiting?: boolean } = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    err(`perftrack: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    (command ? out : err)(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (!['record', 'baseline', 'regression', 'check', 'changes', 'trend', 'report', 'publish'].includes(command)) {
    err(`perftrack: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const format = values.format ?? (command === 'report' ? 'markdown' : 'text');
  const json = format === 'json';
  let native: NativeDb | null = null;
  let detector: DetectorPool | null = null;
  try {
    if (command === 'publish' && !values.out) throw new UsageError('publish needs --out DIR');
    if (command === 'report' ? !['markdown', 'html'].includes(format) : !['text', 'json'].includes(format)) {
      throw new UsageError(`--format for ${command} must be ${command === 'report' ? 'markdown or html' : 'text or json'}`);
    }
    const dbs = values.db?.length ? values.db : [process.env.BENCHMARK_DB_PATH ?? './benchmark_db.duckdb'];
    const publishOptions: PublishOptions | null = command === 'publish' ? {
      outDir: path.resolve(values.out!),
      title: values.title ?? 'Benchmark history',
      basePath: values['base-path'] ?? '/',
      appDir: path.resolve(values.app ?? path.join(PACKAGE_ROOT, 'dist')),
      granularity: granularity(values.partition),
    } : null;
    if (publishOptions && dbs.every((spec) => !/^https?:\/\//i.test(spec))) {
      // Inputs unchanged since the last publish: nothing to open.
      publishOptions.input = inputFingerprint(dbs.flatMap(expandSource), publishOptions);
      const kept = keepUnchangedSite(publishOptions.input, publishOptions);
      if (kept) {
        printPublishReport(kept, json, out);
        return 0;
      }
    }
    native = await openNativeDb();
    detector = detectorPool({ threads: Number(process.env.PERFTRACK_THREADS) || undefined });
    const engine = await Engine.create(native, loadSqlLibrary(), { findInHistories: detector.find });

    if (command === 'record') {
      const required = (name: 'model-id' | 'hardware-id' | 'batch-size') => {
        const v = integer(values, name);
        if (v === undefined) throw new UsageError(`record needs --${name}`);
        return v;
      };
      const result = {
        modelId: required('model-id'), hardwareId: required('hardware-id'), batchSize: required('batch-size'),
        sequenceLength: integer(values, 'sequence-length') ?? null, precision: values.precision ?? 'fp32',
        throughput: number(values, 'throughput') ?? null, latency: number(values, 'latency') ?? null,
        memory: number(values, 'memory') ?? null, power: number(values, 'power') ?? null,
        versionTag: values['version-tag'] ?? null, runGroupId: values['run-group'] ?? null, gitCommitHash: values.commit ?? null,
        timestamp: asOf(values) ?? undefined,
      };
      if (values.out) {
        if (values.db?.length) throw new UsageError('record writes either to a database (--db FILE.duckdb) or to a folder (--out DIR), not both');
        const file = recordToFolder(values.out, result);
        if (json) out(JSON.stringify({ file }));
        else out(`recorded result in ${file}`);
        return 0;
      }
      if (dbs.length !== 1 || !/\.(duckdb|db)$/i.test(dbs[0])) throw new UsageError('record writes to one .duckdb file (--db PATH.duckdb) or to a folder of result files (--out DIR)');
      const id = await recordResult(engine, dbs[0], result, {
        lockTimeoutMs: number(values, 'lock-timeout', 30)! * 1000,
        onWait: (message) => err(`perftrack: ${message}`),
      });
      if (json) out(JSON.stringify({ id, db: dbs[0] }));
      else out(`recorded result ${id} in ${dbs[0]}`);
      return 0;
    }

    const stage = (text: string) => err(`perftrack: ${text}`);
    const opened = await openSources(engine, dbs, json ? undefined : stage);
    for (const f of opened.failures) err(`perftrack: ${cliText(f.message)}${f.hint ? `\n  ${cliText(f.hint)}` : ''}`);
    if (opened.skippedSummary) err(`perftrack: ${cliText(opened.skippedSummary)}`);
    if (opened.sources.length === 0) {
      if (opened.failures.length === 0) err(`perftrack: nothing to analyse in ${dbs.join(', ')}`);
      return 2;
    }
    if (!json && command !== 'report') for (const s of opened.sources) err(`opened ${describeSource(s)}`);
    const measurements = opened.sources.reduce((n, s) => n + s.rows, 0);
    if (!json && measurements >= 1_000_000) stage(`analysing ${measurements.toLocaleString('en-US')} measurements…`);
    const seedSource = opened.sources.find((s) => s.schema === 'seed-timeseries') ?? null;
    const platform = nodePlatform(engine, { databaseFile: opened.databaseFile, seedSourceId: seedSource?.id ?? null, write: !values['no-write'] });
    const notificationConfig: NotificationConfig | undefined = values.notify ? loadNotificationConfig(values['notify-config']) : undefined;
    const api = new TimeSeriesPerformance(engine, platform, { regressionThresholds: { ...SEED_THRESHOLDS, ...thresholds(values) }, notificationConfig });
    const filter = await seriesFilter(engine, values);
    const as = asOf(values);

    if (command === 'changes') return await runChanges(engine, { filter, asOf: as ?? null, metric: values.metric, json }, out);
    if (command === 'check' || (command === 'regression' && values.latest)) return await runCheck(engine, { filter, asOf: as ?? null, metric: values.metric, json, failOnRegression: !!values['fail-on-regression'] }, out);

    if (command === 'baseline') {
      const baselines = await api.setBaseline({
        filter, daysLookback: number(values, 'days', 7), minSamples: integer(values, 'min-samples', 3),
      });
      if (json) out(JSON.stringify(baselines.map(baselineJson), null, 2));
      else {
        out(`${baselines.length} baselines (mean of the last ${number(values, 'days', 7)} days, at least ${integer(values, 'min-samples', 3)} results)`);
        out(table(['Series', 'Metric', 'Mean', 'Median', 'MAD', 'n', 'Date', 'Commit'], baselines.map((b) => [b.label, b.metric, formatValue(b.mean, b.unit), formatValue(b.median, b.unit), formatValue(b.mad, b.unit), String(b.count), formatTime(b.lastTs), shortCommit(b.commit)])));
      }
      return 0;
    }

    if (command === 'regression') {
      api.settings.baselineDays = number(values, 'baseline-days', 7)!;
      api.settings.minSamples = integer(values, 'min-samples', 3)!;
      const regressions = await api.detectRegressions({ daysLookback: number(values, 'days', 1), method: method(values), filter, asOf: as, metric: values.metric });
      if (json) out(JSON.stringify(regressions.map(regressionJson), null, 2));
      else if (regressions.length === 0) out(`no regressions in the last ${number(values, 'days', 1)} day(s) (${api.settings.method === 'percent' ? 'percent method' : 'change-point method'})`);
      else {
        out(`${regressions.length} regression(s):`);
        out(table(['Severity', 'Change', 'Metric', 'Series', 'Since', 'Commit', 'p'], regressions.map((r) => [r.severity, formatPercent(r.changePct), r.metric, r.label, formatTime(r.firstBad.ts), shortCommit(r.firstBad.commit), formatP(r.pValue)])));
        for (const r of regressions.slice(0, 20)) out(`- ${r.explanation}`);
      }
      if (values.notify) {
        const report = await notifyFromCli(regressions, notificationConfig!, err, { engine, databaseFile: seedSource && !values['no-write'] ? opened.databaseFile : null });
        if (!json) out(report);
      }
      return values['fail-on-regression'] && regressions.some((r) => r.status === 'active') ? 1 : 0;
    }

    if (command === 'trend') {
      const known = (await engine.catalog()).metrics.map((m) => m.metric);
      const metric = values.metric ?? (known.includes('throughput') || known.length === 0 ? 'throughput' : known[0]);
      if (known.length && !known.includes(metric)) throw new UsageError(`there is no metric "${metric}"; the data has ${known.join(', ')}`);
      const days = number(values, 'days', 30);
      const trends = await api.analyzeTrends({ metric, daysLookback: days, minSamples: integer(values, 'min-samples', 5), filter, asOf: as });
      if (values.visualize) {
        const output = values.output ?? `${metric}_trend.svg`;
        await api.generateTrendVisualization({ metric, daysLookback: days, filter, outputPath: output });
        err(`wrote ${output}`);
      }
      if (json) out(JSON.stringify(trends.map(trendJson), null, 2));
      else {
        const counts = ['improving', 'degrading', 'stable', 'volatile'].map((d) => `${trends.filter((t) => t.trend === d).length} ${d}`).join(', ');
        out(`${trends.length} trends of ${metric} over ${days} days: ${counts}`);
        out(table(['Series', 'Direction', 'Magnitude', 'Confidence', 'Theil–Sen/week', 'Mann–Kendall p'], trends.map((t) => [t.label, t.trend, formatPercent(t.magnitudePct), t.confidence.toFixed(2), t.theilSenPctPerWeek === null ? '—' : formatPercent(t.theilSenPctPerWeek, 2), t.mannKendallP === null ? '—' : t.mannKendallP.toPrecision(2)])));
      }
      return 0;
    }

    if (publishOptions) {
      if (!json) publishOptions.onStage = stage;
      printPublishReport(await publish(engine, publishOptions), json, out);
      return 0;
    }

    // report
    const commitUrl = normaliseCommitTemplate(values['commit-url'] ?? '');
    if (values['commit-url'] && !commitUrl) throw new UsageError(`--commit-url must be an http(s) address holding {commit}, got "${values['commit-url']}"`);
    const text = await api.exportPerformanceReport({
      daysLookback: number(values, 'days', 30), format: format as 'markdown' | 'html', outputPath: values.output, title: values.title, filter, commitUrl,
    });
    if (values.output) err(`wrote ${values.output}`);
    else out(text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`perftrack: ${error.message}\n(perftrack --help for usage)`);
      return 2;
    }
    err(describeError(error));
    return 2;
  } finally {
    native?.close({ exiting });
    await detector?.close();
  }
}
