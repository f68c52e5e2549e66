// `go test -bench` text output (the benchfmt line format): header lines `goos:`, `goarch:`, `pkg:`,
// `cpu:` (repeated per package), result lines
//   BenchmarkName/sub=1/other-8   <iterations>   <value> <unit>   <value> <unit> …
// (ns/op, B/op and allocs/op with -benchmem, MB/s with b.SetBytes, custom b.ReportMetric units), and
// PASS / ok / FAIL lines. With -count N the same name appears N times: the repetitions become samples.
// The trailing -N is GOMAXPROCS (a `procs` dimension); the rest is the benchmark's name as Go writes it,
// sub-benchmarks included (`BenchmarkFib/my/tabled/benchmark_-_20,var1=13,var2=14`): `key=value` parts are not
// split into dimensions, as a part's text does not say where a key starts (the upstream tools keep the name whole).
import type { ArtifactImporter } from '../records.ts';
import {
  buildDims,
  canonicalMetric,
  inferDirectionFor,
  malformed,
  mean,
  resolveTs,
  RunBuilder,
  type Dims,
  type MetricKind,
} from './common.ts';

const RESULT_LINE = /^(Benchmark\S*)\s+(\d+)((?:\s+[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s+\S+)+)\s*$/;
const HEADER_LINE = /^(goos|goarch|pkg|cpu):\s*(.*)$/;

export function isGoBenchText(text: string): boolean {
  const head = text.slice(0, 1 << 16);
  const lines = head.split(/\r?\n/, 2000);
  return lines.some((line) => RESULT_LINE.test(line.trim()));
}

/** BenchmarkSort/size=100-8 → name BenchmarkSort/size=100, procs 8. */
export function splitGoName(full: string): { name: string; procs: string | null } {
  const procsMatch = /-(\d+)$/.exec(full);
  return procsMatch
    ? { name: full.slice(0, -procsMatch[0].length), procs: procsMatch[1] }
    : { name: full, procs: null };
}

interface Series {
  dims: Dims;
  metric: string;
  unit: string;
  direction: 'higher' | 'lower';
  values: number[];
}

export const goBenchImporter: ArtifactImporter = {
  format: 'go test -bench',
  detect(input) {
    if (input.json !== undefined) return false;
    const start = input.text
      .slice(0, 4096)
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (start.startsWith('{') || start.startsWith('[') || start.startsWith('<')) return false;
    return isGoBenchText(input.text);
  },
  parse(input) {
    const run = new RunBuilder(this.format);
    const header: Record<string, string> = {};
    const series = new Map<string, Series>();
    const dimsByKey = new Map<string, Dims>();
    const kinds = new Map<string, MetricKind | null>();
    const order: string[] = [];
    let results = 0;
    let failed = 0;
    let unknownUnits = 0;
    for (const raw of input.text.split(/\r?\n/)) {
      const line = raw.trim();
      const h = HEADER_LINE.exec(line);
      if (h) {
        header[h[1]] = h[2].trim();
        continue;
      }
      if (/^(--- FAIL|FAIL\b)/.test(line)) failed++;
      const m = RESULT_LINE.exec(line);
      if (!m) continue;
      results++;
      const seriesKey = `${m[1]}\u0000${header.pkg ?? ''}\u0000${header.cpu ?? ''}`;
      let dims = dimsByKey.get(seriesKey);
      if (!dims) {
        const { name, procs } = splitGoName(m[1]);
        const extra: [string, string | null][] = [];
        if (procs) extra.push(['procs', procs]);
        if (header.pkg) extra.push(['package', header.pkg]);
        dims = buildDims(name, [], header.cpu || null, extra);
        dimsByKey.set(seriesKey, dims);
      }
      const fields = m[3].trim().split(/\s+/);
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const value = Number(fields[i]);
        const unit = fields[i + 1];
        if (!Number.isFinite(value)) continue;
        let kind = kinds.get(unit);
        if (kind === undefined) kinds.set(unit, (kind = canonicalMetric(unit)));
        let metric: string, outUnit: string, direction: 'higher' | 'lower', scaled: number;
        if (kind) {
          ({ metric, unit: outUnit, direction } = kind);
          scaled = value * kind.factor;
        } else {
          unknownUnits++;
          metric = unit;
          outUnit = unit;
          direction = inferDirectionFor(unit, unit);
          scaled = value;
        }
        const key = `${seriesKey}\u0000${metric}`;
        let s = series.get(key);
        if (!s) {
          series.set(key, (s = { dims, metric, unit: outUnit, direction, values: [] }));
          order.push(key);
        }
        s.values.push(scaled);
      }
    }
    if (!results) malformed('no benchmark result lines ("BenchmarkName-8  1000  123 ns/op") were found.');
    const ts = resolveTs(null, input, run.notes);
    const environment = [header.goos, header.goarch].filter(Boolean).join('/') || null;
    for (const key of order) {
      const s = series.get(key)!;
      const finite = s.values.filter((v) => Number.isFinite(v));
      if (!finite.length) continue;
      run.add({
        ts,
        dims: s.dims,
        metric: s.metric,
        unit: s.unit,
        direction: s.direction,
        value: mean(finite),
        samples: finite.length > 1 ? finite : undefined,
        runGroup: input.name,
        environment,
      });
    }
    if (failed)
      run.note('The output reports failures (FAIL): benchmarks that failed have no result line and are missing.');
    if (unknownUnits) run.note('Custom metrics (b.ReportMetric) were imported under their own unit as metric name.');
    return run.finish();
  },
};
