// Google Benchmark's JSON (`--benchmark_format=json` / `--benchmark_out=…`): context (date, host_name,
// num_cpus, mhz_per_cpu, library_build_type) and benchmarks[] rows. Iteration rows of one run_name are
// its repetitions (→ samples); aggregate rows (mean/median/stddev/cv, BigO, RMS) are used only when a
// run has no iteration rows. The library writes NaN/Infinity for undefined counters, so the text may
// not be strict JSON; the tolerant reader maps those to null.
import { isObject, type ArtifactImporter } from '../records.ts';
import {
  arr,
  buildDims,
  contentTime,
  inferDirectionFor,
  malformed,
  mean,
  num,
  obj,
  readJson,
  resolveTs,
  RunBuilder,
  str,
  timeFactor,
} from './common.ts';

/** Keys of a benchmark row that are not user counters. */
const ROW_KEYS = new Set([
  'name',
  'family_index',
  'per_family_instance_index',
  'run_name',
  'run_type',
  'repetitions',
  'repetition_index',
  'threads',
  'aggregate_name',
  'aggregate_unit',
  'iterations',
  'real_time',
  'cpu_time',
  'time_unit',
  'error_occurred',
  'error_message',
  'label',
  'big_o',
  'cpu_coefficient',
  'real_coefficient',
  'rms',
  'items_per_second',
  'bytes_per_second',
  'allocs_per_iter',
  'max_bytes_used',
  'total_allocated_bytes',
  'net_heap_growth',
  'memory_iterations',
  'skipped',
  'skip_message',
]);
/** Segments of a run name that are run options, not parameters of the benchmark. */
const RUN_OPTIONS = new Set(['min_time', 'min_warmup_time', 'repeats', 'iterations']);
const TIMERS = new Set(['real_time', 'manual_time', 'process_time']);

function looksLikeGoogle(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || !Array.isArray(doc.benchmarks)) return false;
  // Without its context, a report is still recognised by the keys only Google Benchmark writes on every entry.
  if (!isObject(doc.context))
    return (
      doc.benchmarks.length > 0 &&
      doc.benchmarks.every((b) => isObject(b) && typeof b.name === 'string' && 'run_type' in b && 'family_index' in b)
    );
  const ctx = doc.context;
  const contextish = 'library_build_type' in ctx || 'num_cpus' in ctx || 'mhz_per_cpu' in ctx || 'host_name' in ctx;
  if (!contextish) return false;
  return (
    doc.benchmarks.length === 0 ||
    doc.benchmarks.some(
      (b) =>
        isObject(b) &&
        typeof b.name === 'string' &&
        ('real_time' in b || 'cpu_time' in b || 'run_type' in b || 'rms' in b),
    )
  );
}

interface Parsed {
  name: string;
  params: [string, string | null][];
}

/** BM_Sort/size:64/8/threads:4/real_time → BM_Sort, size=64, arg1=8, threads=4, timer=real_time. */
export function splitRunName(runName: string): Parsed {
  const [family, ...parts] = runName.split('/');
  const nameParts = [family];
  const params: [string, string | null][] = [];
  const timers: string[] = [];
  let positional = 0;
  for (const part of parts) {
    const named = /^([A-Za-z_]\w*):(.*)$/.exec(part);
    if (named) {
      if (!RUN_OPTIONS.has(named[1])) params.push([named[1], named[2]]);
      positional++;
    } else if (/^-?\d+(\.\d+)?$/.test(part)) {
      params.push([`arg${positional}`, part]);
      positional++;
    } else if (TIMERS.has(part)) timers.push(part);
    else nameParts.push(part);
  }
  if (timers.length) params.push(['timer', timers.join('+')]);
  return { name: nameParts.join('/'), params };
}

interface Group {
  runName: string;
  iterations: Record<string, unknown>[];
  aggregates: Record<string, unknown>[];
}

export const googleBenchmarkImporter: ArtifactImporter = {
  format: 'Google Benchmark',
  detect(input) {
    if (
      input.json === undefined &&
      !((input.text.includes('"context"') || input.text.includes('"run_type"')) && input.text.includes('"benchmarks"'))
    )
      return false;
    return looksLikeGoogle(readJson(input));
  },
  parse(input) {
    const doc = readJson(input);
    if (!looksLikeGoogle(doc))
      malformed('it is not a Google Benchmark JSON report (a context object and a benchmarks list are expected).');
    const run = new RunBuilder(this.format);
    const ctx = obj(doc.context);
    const ts = resolveTs(contentTime(ctx.date), input, run.notes);
    const machine = str(ctx.host_name);
    const cpus = num(ctx.num_cpus);
    const mhz = num(ctx.mhz_per_cpu);
    const build = str(ctx.library_build_type);
    const environment =
      [cpus !== null ? `${cpus} CPUs` : '', mhz !== null ? `${mhz} MHz` : '', build ? `${build} build` : '']
        .filter(Boolean)
        .join(', ') || null;
    if (build === 'debug')
      run.note('The benchmark library was built in debug mode: timings may not be representative.');
    if (ctx.cpu_scaling_enabled === true)
      run.note('CPU frequency scaling was enabled during the run: timings may be noisy.');

    const groups = new Map<string, Group>();
    let errors = 0;
    let skippedRows = 0;
    for (const row of arr(doc.benchmarks)) {
      if (!isObject(row)) {
        skippedRows++;
        continue;
      }
      const name = str(row.name);
      if (!name) {
        skippedRows++;
        continue;
      }
      if (
        row.error_occurred === true ||
        row.skipped === true ||
        (typeof row.skipped === 'string' && row.skipped !== '')
      ) {
        errors++;
        continue;
      }
      const aggregate =
        row.run_type === 'aggregate' || (row.run_type === undefined && typeof row.aggregate_name === 'string');
      const runName = str(row.run_name) ?? (aggregate ? name.replace(/_(mean|median|stddev|cv|BigO|RMS)$/, '') : name);
      let group = groups.get(runName);
      if (!group) groups.set(runName, (group = { runName, iterations: [], aggregates: [] }));
      (aggregate ? group.aggregates : group.iterations).push(row);
    }

    let fromAggregates = 0;
    for (const group of groups.values()) {
      let rows = group.iterations;
      if (!rows.length) {
        const preferred =
          group.aggregates.find((r) => r.aggregate_name === 'mean') ??
          group.aggregates.find((r) => r.aggregate_name === 'median');
        if (!preferred) {
          skippedRows += group.aggregates.length;
          continue;
        }
        rows = [preferred];
        fromAggregates++;
      }
      const { name, params } = splitRunName(group.runName);
      const threads = num(rows[0].threads);
      if (threads !== null && threads !== 1 && !params.some(([k]) => k === 'threads'))
        params.push(['threads', String(threads)]);
      const dims = buildDims(name, params, machine);
      const base = { ts, dims, runGroup: input.name, environment };
      const series = (key: string, factorOf: (row: Record<string, unknown>) => number | null) => {
        const values: number[] = [];
        for (const row of rows) {
          const v = num(row[key]);
          const f = factorOf(row);
          if (v !== null && f !== null && Number.isFinite(v * f)) values.push(v * f);
        }
        return values;
      };
      const timeNs = (row: Record<string, unknown>) => timeFactor(str(row.time_unit) ?? 'ns');
      const one = () => 1;
      const emit = (metric: string, unit: string, direction: 'higher' | 'lower', values: number[]) => {
        if (!values.length) return;
        run.add({
          ...base,
          metric,
          unit,
          direction,
          value: mean(values),
          samples: rows.length > 1 ? values : undefined,
        });
      };
      emit('real_time', 'ns', 'lower', series('real_time', timeNs));
      emit('cpu_time', 'ns', 'lower', series('cpu_time', timeNs));
      emit('items_per_second', 'items/s', 'higher', series('items_per_second', one));
      emit('bytes_per_second', 'B/s', 'higher', series('bytes_per_second', one));
      emit('allocs', 'allocs', 'lower', series('allocs_per_iter', one));
      emit('peak_memory', 'B', 'lower', series('max_bytes_used', one));
      const counters = new Set<string>();
      for (const row of rows)
        for (const key of Object.keys(row)) if (!ROW_KEYS.has(key) && num(row[key]) !== null) counters.add(key);
      for (const key of counters) emit(key, '', inferDirectionFor(key), series(key, one));
    }
    if (errors) run.note(`${errors} benchmark run(s) that reported an error or were skipped were left out.`);
    if (fromAggregates)
      run.note(
        `${fromAggregates} benchmark(s) had only aggregate rows: their mean (or median) was used, without samples.`,
      );
    if (skippedRows)
      run.note(
        `${skippedRows} row(s) without a usable name or value (or only stddev/cv/BigO/RMS aggregates) were skipped.`,
      );
    return run.finish();
  },
};
