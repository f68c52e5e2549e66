// Our parse of other projects' benchmark outputs, compared file by file with what those projects' own tests
// expect (their harness_outputs folders, under a root the caller names: the tests pass the copies in
// tests/fixtures/real, the ingest scoreboard the projects' files beside the checkout). Used by the Vitest suites under
// tests/unit/artifacts and by scripts/eval-real-ingest.ts. Values are compared in the unit model's base units
// (ns, B, ops/s …), with a relative tolerance of 1e-9 (text outputs round-trip decimal numbers through a unit factor).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { findImporter, parseArtifact } from '../../src/lib/sources/artifacts/index.ts';
import { lookalike } from '../../src/lib/sources/artifacts/lookalikes.ts';
import type { ArtifactInput, MeasurementRecord } from '../../src/lib/sources/records.ts';
import { toBase } from '../../src/lib/units/units.ts';

/** Fixed modification time for inputs read here (2024-06-01T12:00:00Z): the outputs carry no date. */
const MTIME = Date.UTC(2024, 5, 1, 12, 0, 0);

export interface FileCheck {
  /** The upstream data set, e.g. "github-action-benchmark". */
  upstream: string;
  /** Path of the input from its upstream folder on (harness_outputs/…). */
  file: string;
  /** The format we recognised, or why not. */
  format: string;
  expected: number;
  matched: number;
  mismatches: string[];
}

export interface Expected {
  name: string;
  value: number;
  unit: string;
}

/** A path from its upstream folder on: the same name whichever copy of the files is read. */
function upstreamPath(path: string): string {
  const at = path.lastIndexOf('harness_outputs/');
  return at < 0 ? basename(path) : path.slice(at);
}

export function readInput(path: string): ArtifactInput {
  const text = readFileSync(path, 'utf8');
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { name: upstreamPath(path), text, json, lastModified: MTIME };
}

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The names a record may carry upstream: the benchmark name, and the spellings the upstream tools build from our
 * dimensions (github-action-benchmark: "name (package)" for Go names repeated across packages, "name ( {params} )"
 * for JMH parameters; Bencher: "test case: name" for Catch2, "name-procs" for Go, Namespace.Method for
 * BenchmarkDotNet).
 */
function namesOf(r: MeasurementRecord): string[] {
  const dims = new Map(r.dims);
  const name = dims.get('benchmark') ?? '';
  const names = [name];
  if (dims.get('package')) names.push(`${name} (${dims.get('package')})`);
  if (dims.get('procs')) names.push(`${name}-${dims.get('procs')}`);
  if (dims.get('test_case')) names.push(`${dims.get('test_case')}: ${name}`);
  const params = r.dims.filter(
    ([k]) => !['benchmark', 'mode', 'machine', 'threads', 'forks', 'jvm', 'suite'].includes(k),
  );
  if (params.length) names.push(`${name} ( ${JSON.stringify(Object.fromEntries(params))} )`);
  // Bencher names a BenchmarkDotNet result Namespace.Method, without the type.
  const parts = name.split('.');
  if (parts.length >= 3) names.push([...parts.slice(0, -2), parts[parts.length - 1]].join('.'));
  return names;
}

/** Metrics tried in order when a name has several of one base unit (Google Benchmark: real_time before cpu_time). */
const METRIC_PREFERENCE = ['time', 'real_time', 'mean', 'throughput'];

/**
 * Compares expected values with the records of one parse. Differences documented here, not counted as mismatches:
 * an expected rate in ops/s met by a time per operation (pytest-benchmark: upstream reports 1/mean in iter/sec, we
 * store the mean time).
 */
export function compareRecords(
  records: MeasurementRecord[],
  expected: Expected[],
): { matched: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let matched = 0;
  for (const e of expected) {
    const want = toBase(e.value, e.unit);
    const candidates = records.filter((r) => namesOf(r).includes(e.name));
    if (!candidates.length) {
      mismatches.push(`${e.name}: not found (expected ${e.value} ${e.unit})`);
      continue;
    }
    const inBase = candidates.map((r) => ({ r, got: toBase(r.value, r.unit) }));
    const sameUnit = inBase.filter((c) => c.got.unit === want.unit).sort((a, b) => rank(a.r.metric) - rank(b.r.metric));
    let got: number | null = sameUnit[0]?.got.value ?? null;
    if (got === null && want.unit === 'ops/s') {
      const time = inBase.find((c) => c.got.unit === 'ns');
      if (time) got = 1e9 / time.got.value;
    }
    if (got === null)
      mismatches.push(
        `${e.name}: unit ${e.unit} (${want.unit}) not among ours: ${inBase.map((c) => `${c.r.metric} [${c.r.unit}]`).join(', ')}`,
      );
    else if (!close(got, want.value))
      mismatches.push(`${e.name}: ${got} ${want.unit}, expected ${want.value} ${want.unit}`);
    else matched++;
  }
  return { matched, mismatches };
}

function rank(metric: string): number {
  const i = METRIC_PREFERENCE.indexOf(metric);
  return i < 0 ? METRIC_PREFERENCE.length : i;
}

/** Parse one file the way the engine does (importers by content), or say why it is not read. */
export function parseFile(path: string): { format: string; records: MeasurementRecord[] } {
  const input = readInput(path);
  const importer = findImporter(input);
  if (!importer) {
    const tool = lookalike(input);
    return { format: tool ? `unrecognised (looks like ${tool})` : 'unrecognised', records: [] };
  }
  try {
    return { format: importer.format, records: parseArtifact(input)?.records ?? [] };
  } catch (error) {
    return { format: `${importer.format}: ${(error as Error).message}`, records: [] };
  }
}

function check(upstream: string, path: string, expected: Expected[]): FileCheck {
  const { format, records } = parseFile(path);
  const { matched, mismatches } = compareRecords(records, expected);
  return { upstream, file: upstreamPath(path), format, expected: expected.length, matched, mismatches };
}

// ---- github-action-benchmark: test/__snapshots__/extract.spec.ts.snap ------------------------------------------

const GAB = 'harness_outputs/github-action-benchmark/test';

/**
 * The snapshot's benches per input file. Jest writes strings unescaped, so the objects are read line by line:
 * `"name": …`, `"unit": …`, `"value": …` at the bench level. Normalised like the action's own later versions:
 * an old Go unit with the rest of the line in it ("ns/op\t 3.000 auxMetricUnits") is the unit plus further
 * (value, unit) pairs, and a name "X - ns/op" for a Go metric is X with that unit; duplicates are dropped.
 */
export function githubActionBenchmarkSnapshot(root: string): Map<string, Expected[]> {
  const text = readFileSync(join(root, GAB, '__snapshots__/extract.spec.ts.snap'), 'utf8');
  const out = new Map<string, Expected[]>();
  const block = /^exports\[`extractResult\(\) extracts benchmark output from \S+ - (\S+) 1`\] = `\n([\s\S]*?)\n`;$/gm;
  for (const [, file, body] of text.matchAll(block)) {
    const benches = body
      .split(/^ {4}\{$/m)
      .slice(1)
      .map((b) => b.split(/^ {4}\},?$/m)[0]);
    const list: Expected[] = [];
    const seen = new Set<string>();
    for (const bench of benches) {
      const field = (key: string) => new RegExp(`^ {6}"${key}": (.*?),?$`, 'm').exec(bench)?.[1];
      const rawName = field('name')?.replace(/^"|"$/g, '');
      const rawUnit = field('unit')?.replace(/^"|"$/g, '');
      const value = Number(field('value'));
      if (rawName === undefined || rawUnit === undefined || !Number.isFinite(value)) continue;
      const [unit, ...aux] = rawUnit.split(/\s+/);
      const name = rawName.endsWith(` - ${unit}`) ? rawName.slice(0, -(unit.length + 3)) : rawName;
      const pairs: [number, string][] = [[value, unit]];
      for (let i = 0; i + 1 < aux.length; i += 2) pairs.push([Number(aux[i]), aux[i + 1]]);
      for (const [v, u] of pairs) {
        const key = `${name}\u0000${u}\u0000${v}`;
        if (seen.has(key)) continue;
        seen.add(key);
        list.push({ name, value: v, unit: u });
      }
    }
    out.set(file, list);
  }
  return out;
}

export function checkGithubActionBenchmark(root: string): FileCheck[] {
  return [...githubActionBenchmarkSnapshot(root)].map(([file, expected]) =>
    check('github-action-benchmark', join(root, GAB, 'data/extract', file), expected),
  );
}

// ---- Bencher: expected_from_rust_tests.json ------------------------------------------------------------------

const BENCHER = 'harness_outputs/bencher_adapter';

/**
 * Which tool output each Bencher test function reads. A shared validator (`validate_adapter_…`) is called by the
 * test of the file named here (from the Rust test functions); `adapter_…_<stem>` and `issue_<n>` name their file.
 * The `_median` variants use Bencher's median averaging, which we do not offer, and are left out.
 */
const VALIDATOR_FILES: Record<string, string> = {
  'cpp/catch2': 'four.txt',
  'cpp/google': 'two.txt',
  'go/bench': 'five.txt',
  'js/benchmark': 'four.txt',
  'rust/bench': 'many.txt',
  'rust/criterion': 'many.txt',
  'java/jmh': 'six.json',
  'shell/hyperfine': 'two.json',
  'c_sharp/dot_net': 'two.json',
  'python/pytest': 'four.json',
};

interface BencherMetric {
  fn: string;
  bench: string;
  validator: string;
  args: string[];
}

/** `adapter_rust_failed` reads failed.txt, `issue_390` reads issue_390.txt. */
function fnReads(fn: string, file: string): boolean {
  const stem = file.replace(/\.\w+$/, '');
  return fn === stem || fn.endsWith(`_${stem}`);
}

/** The expected values per tool output file, for the adapters of formats we read. Values in ns (latency) or ops/s. */
export function bencherExpectations(root: string): Map<string, Expected[]> {
  const doc = JSON.parse(readFileSync(join(root, BENCHER, 'expected_from_rust_tests.json'), 'utf8')) as {
    adapters: Record<string, { expected_metrics: BencherMetric[] }>;
  };
  const out = new Map<string, Expected[]>();
  for (const [source, adapter] of Object.entries(doc.adapters)) {
    const tool = /adapters\/(.+)\.rs$/.exec(source)?.[1];
    if (!tool || !(tool in VALIDATOR_FILES)) continue;
    const folder = join(root, BENCHER, 'lib/bencher_adapter/tool_output', tool);
    const files = readdirSync(folder);
    for (const m of adapter.expected_metrics) {
      if (m.fn.endsWith('_median')) continue;
      const file = m.fn.startsWith('validate_') ? VALIDATOR_FILES[tool] : files.find((f) => fnReads(m.fn, f));
      if (!file) continue;
      const numbers = m.args.map((a) => Number(/^(?:Some\()?([-\d.e+]+)\)?$/.exec(a)?.[1] ?? NaN));
      // "number" stands for a value the Rust test computes: the middle of its symmetric bounds.
      const value = Number.isFinite(numbers[0]) ? numbers[0] : (numbers[1] + numbers[2]) / 2;
      if (!Number.isFinite(value)) continue;
      const unit = m.validator === 'validate_throughput' ? 'ops/s' : 'ns';
      const key = join(tool, file);
      out.set(key, [...(out.get(key) ?? []), { name: m.bench, value, unit }]);
    }
  }
  return out;
}

export function checkBencher(root: string): FileCheck[] {
  return [...bencherExpectations(root)].map(([file, expected]) =>
    check('bencher', join(root, BENCHER, 'lib/bencher_adapter/tool_output', file), expected),
  );
}

export function realAvailable(root: string): boolean {
  return existsSync(join(root, GAB)) && existsSync(join(root, BENCHER));
}

// ---- Google Benchmark: compare.py deltas (expected_report_py.json) ------------------------------------------

const GBENCH = 'harness_outputs/google_benchmark';

interface GbenchClass {
  class: string;
  inputs: string[];
  tests: Record<string, { value: unknown }>;
}

/** Per-benchmark relative change (new − old) / old of real_time and cpu_time between two files, and their geomean. */
export function googleBenchmarkDeltas(oldPath: string, newPath: string): Map<string, [number, number]> {
  const byName = (path: string) => {
    const out = new Map<string, { time?: number; cpu?: number }>();
    for (const r of parseFile(path).records) {
      const name = namesOf(r)[0];
      const entry = out.get(name) ?? {};
      if (r.metric === 'real_time') entry.time = toBase(r.value, r.unit).value;
      if (r.metric === 'cpu_time') entry.cpu = toBase(r.value, r.unit).value;
      out.set(name, entry);
    }
    return out;
  };
  const before = byName(oldPath);
  const after = byName(newPath);
  const deltas = new Map<string, [number, number]>();
  const logs: [number[], number[]] = [[], []];
  for (const [name, a] of before) {
    const b = after.get(name);
    if (!b || a.time === undefined || a.cpu === undefined || b.time === undefined || b.cpu === undefined) continue;
    deltas.set(name, [(b.time - a.time) / a.time, (b.cpu - a.cpu) / a.cpu]);
    logs[0].push(Math.log(b.time / a.time));
    logs[1].push(Math.log(b.cpu / a.cpu));
  }
  const geomean = (list: number[]) => Math.exp(list.reduce((s, v) => s + v, 0) / list.length) - 1;
  if (logs[0].length) deltas.set('OVERALL_GEOMEAN', [geomean(logs[0]), geomean(logs[1])]);
  return deltas;
}

/**
 * The compare tool's pretty-printed rows for pairs of runs with one result per benchmark (TestReportDifference:
 * test1_run1 → test1_run2), deltas printed with 4 decimals. Left out: families compared within one file (test2), and
 * repetitions with U tests (test3, test5), whose rows are per repetition while we keep repetitions as one series'
 * samples; percentage aggregates (test4).
 */
export function checkGoogleBenchmark(root: string): FileCheck[] {
  const doc = JSON.parse(readFileSync(join(root, GBENCH, 'expected_report_py.json'), 'utf8')) as {
    classes: GbenchClass[];
  };
  const checks: FileCheck[] = [];
  for (const c of doc.classes.filter((k) => k.class === 'TestReportDifference')) {
    const rows = c.tests.test_json_diff_report_pretty_printing.value as string[][];
    const [oldFile, newFile] = c.inputs.map((f) => join(root, GBENCH, 'tools/gbench/Inputs', f));
    const ours = googleBenchmarkDeltas(oldFile, newFile);
    const mismatches: string[] = [];
    let matched = 0;
    for (const [name, time, cpu] of rows) {
      const got = ours.get(name);
      const printed = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(4);
      if (!got) mismatches.push(`${name}: not found`);
      else if (printed(got[0]) !== time || printed(got[1]) !== cpu)
        mismatches.push(`${name}: time ${printed(got[0])} cpu ${printed(got[1])}, expected ${time} ${cpu}`);
      else matched++;
    }
    checks.push({
      upstream: 'google-benchmark compare',
      file: `${upstreamPath(oldFile)} → ${c.inputs[1]}`,
      format: parseFile(oldFile).format,
      expected: rows.length,
      matched,
      mismatches,
    });
  }
  return checks;
}

// ---- pytest-benchmark: compare values (expected.json) ---------------------------------------------------------

const PYTEST = 'harness_outputs/pytest-benchmark';

/**
 * The compare table rows of test_compare_1/2 (baseline and current run: mean in ns and ops in Mops, 4 decimals).
 * pytest-benchmark's other columns (min, max, stddev, median, iqr) are summary statistics the saved files hold but
 * perftrack does not keep (a run is its mean, plus raw samples when the file saved them): they are not compared.
 */
export function checkPytestBenchmark(root: string): FileCheck[] {
  const doc = JSON.parse(readFileSync(join(root, PYTEST, 'expected.json'), 'utf8')) as {
    asserted: { test: string; expected_table_rows_ns?: Record<string, { mean: number; ops_Mops: number }> }[];
  };
  const folder = join(root, PYTEST, 'tests/test_storage');
  const files = readdirSync(folder);
  const checks: FileCheck[] = [];
  for (const a of doc.asserted) {
    if (!a.expected_table_rows_ns) continue;
    for (const [label, row] of Object.entries(a.expected_table_rows_ns)) {
      const id = /(\d{4})/.exec(label)?.[1];
      const file = files.find((f) => f.startsWith(`${id}_`));
      if (!file) continue;
      const { format, records } = parseFile(join(folder, file));
      const mismatches: string[] = [];
      let matched = 0;
      const time = records.find((r) => r.metric === 'time');
      if (!time) mismatches.push('no time record');
      else {
        const ns = toBase(time.value, time.unit).value;
        if (ns.toFixed(4) === row.mean.toFixed(4)) matched++;
        else mismatches.push(`mean ${ns.toFixed(4)} ns, expected ${row.mean}`);
        const mops = 1e3 / ns;
        if (mops.toFixed(4) === row.ops_Mops.toFixed(4)) matched++;
        else mismatches.push(`ops ${mops.toFixed(4)} Mops/s, expected ${row.ops_Mops}`);
      }
      checks.push({
        upstream: `pytest-benchmark ${a.test.split('::')[1]}`,
        file: upstreamPath(join(folder, file)),
        format,
        expected: 2,
        matched,
        mismatches,
      });
    }
  }
  return checks;
}
