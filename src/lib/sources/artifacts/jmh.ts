// JMH's JSON result file (`-rf json`): an array of runs { benchmark, mode (thrpt | avgt | sample | ss),
// threads, forks, jvm, jdkVersion, vmName, params{}, primaryMetric { score, scoreError, scoreUnit,
// rawData [[per-iteration scores of fork 1], [fork 2] …] }, secondaryMetrics { label → metric } }.
// Throughput modes become throughput [ops/s] (higher is better); time modes become time [ns] (lower).
// JMH writes undefined errors as the string "NaN"; the file carries no date.
import { isObject, type ArtifactImporter } from '../records.ts';
import {
  arr,
  buildDims,
  canonicalMetric,
  dimText,
  malformed,
  num,
  obj,
  opsPerSecondFactor,
  perOpTimeFactor,
  readJson,
  resolveTs,
  RunBuilder,
  str,
  type MetricKind,
} from './common.ts';

function looksLikeJmh(doc: unknown): doc is unknown[] {
  return (
    Array.isArray(doc) &&
    doc.length > 0 &&
    doc.some((r) => isObject(r) && typeof r.benchmark === 'string' && isObject(r.primaryMetric))
  );
}

/** The canonical metric for a JMH score: the mode decides the kind, the unit the scale. */
function kindFor(mode: string | null, unit: string): MetricKind | null {
  if (mode === 'thrpt') {
    const f = opsPerSecondFactor(unit);
    if (f !== null) return { metric: 'throughput', unit: 'ops/s', direction: 'higher', factor: f };
  }
  if (mode === 'avgt' || mode === 'sample' || mode === 'ss') {
    const f = perOpTimeFactor(unit);
    if (f !== null) return { metric: 'time', unit: 'ns', direction: 'lower', factor: f };
  }
  return canonicalMetric(unit);
}

function flatten(raw: unknown, factor: number): number[] | undefined {
  const out: number[] = [];
  for (const fork of arr(raw)) {
    for (const v of arr(fork)) {
      const n = num(v);
      if (n !== null && Number.isFinite(n * factor)) out.push(n * factor);
    }
  }
  return out.length ? out : undefined;
}

export const jmhImporter: ArtifactImporter = {
  format: 'JMH',
  detect(input) {
    if (input.json === undefined && !input.text.includes('"primaryMetric"')) return false;
    return looksLikeJmh(readJson(input));
  },
  parse(input) {
    const doc = readJson(input);
    if (!looksLikeJmh(doc))
      malformed('it is not a JMH JSON result (an array of runs with benchmark and primaryMetric is expected).');
    const run = new RunBuilder(this.format);
    const ts = resolveTs(null, input, run.notes);
    let skipped = 0;
    let histogramOnly = 0;
    const ignoredSecondary = new Set<string>();
    for (const entry of doc) {
      if (!isObject(entry)) {
        skipped++;
        continue;
      }
      const benchmark = str(entry.benchmark);
      const primary = obj(entry.primaryMetric);
      const score = num(primary.score);
      const mode = str(entry.mode);
      const kind = kindFor(mode, str(primary.scoreUnit) ?? '');
      if (!benchmark || score === null || !kind) {
        skipped++;
        continue;
      }
      const params = isObject(entry.params)
        ? Object.entries(entry.params).map(([k, v]): [string, string | null] => [k, dimText(v)])
        : [];
      const threads = num(entry.threads);
      const extra: [string, string | null][] = [];
      if (mode) extra.push(['mode', mode]);
      if (threads !== null && threads !== 1) extra.push(['threads', String(threads)]);
      const dims = buildDims(benchmark, params, null, extra);
      const environment = [str(entry.vmName), str(entry.jdkVersion)].filter(Boolean).join(' ') || null;
      const base = { ts, dims, runGroup: input.name, environment };
      const samples = flatten(primary.rawData, kind.factor);
      if (!samples && primary.rawDataHistogram !== undefined) histogramOnly++;
      run.add({
        ...base,
        metric: kind.metric,
        unit: kind.unit,
        direction: kind.direction,
        value: score * kind.factor,
        samples,
      });
      for (const [label, metric] of Object.entries(obj(entry.secondaryMetrics))) {
        const m = obj(metric);
        const value = num(m.score);
        const unit = str(m.scoreUnit) ?? '';
        const name = label.replace(/^[·:.\s]+/, '');
        if (value === null || !name) continue;
        if (/gc\.alloc\.rate\.norm$/.test(name)) {
          const k = canonicalMetric(unit);
          if (k && k.metric === 'bytes_allocated')
            run.add({
              ...base,
              metric: 'bytes_allocated',
              unit: 'B',
              direction: 'lower',
              value: value * k.factor,
              samples: flatten(m.rawData, k.factor),
            });
          continue;
        }
        const k = kindFor(mode, unit);
        if (name.startsWith('gc.') || !k || (k.metric !== 'time' && k.metric !== 'throughput')) {
          ignoredSecondary.add(name);
          continue;
        }
        run.add({
          ...base,
          metric: name,
          unit: k.unit,
          direction: k.direction,
          value: value * k.factor,
          samples: flatten(m.rawData, k.factor),
        });
      }
    }
    if (skipped)
      run.note(`${skipped} run(s) without a benchmark name, a numeric score or a known score unit were skipped.`);
    if (histogramOnly)
      run.note(
        `${histogramOnly} sample-mode run(s) keep their raw data as a histogram only: imported without samples.`,
      );
    if (ignoredSecondary.size) {
      const list = [...ignoredSecondary].slice(0, 6).join(', ');
      run.note(
        `Secondary metrics other than gc.alloc.rate.norm and @AuxCounters were not imported (${list}${ignoredSecondary.size > 6 ? ', …' : ''}).`,
      );
    }
    return run.finish();
  },
};
