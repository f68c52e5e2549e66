// Generated pytest-benchmark nightlies in the shape `pytest --benchmark-autosave --benchmark-save-data` writes
// (.benchmarks/<machine>/<NNNN>_<commit>_<datetime>.json: machine_info, commit_info, benchmarks with params,
// options, stats and raw round times, datetime, version), one file per nightly run, with seeded noise and an
// optional step in one benchmark. Used by the browser tests, the unit tests and scripts/bench-import.ts.
import fs from 'node:fs';
import { mulberry32 } from '../../src/lib/analysis/stats.ts';
import path from 'node:path';

export interface NightlyOptions {
  /** Number of nightly runs (one file each). */
  runs: number;
  /** Benchmarks per run (≥ 1), or per run index (a suite that grows or skips some). */
  benchmarks?: number | ((run: number) => number);
  /** First run (0-based) of the step, and its size in percent of the mean time. */
  stepAt?: number;
  stepPct?: number;
  /** Index of the benchmark that steps. */
  stepBenchmark?: number;
  /** Half-width of the uniform noise on each mean, in percent. */
  noisePct?: number;
  /** Raw round times per benchmark (`stats.data`); 0 leaves them out, as without --benchmark-save-data. */
  rounds?: number;
  /** Time of the first commit (epoch ms, UTC); runs are a day apart. */
  start?: number;
  seed?: number;
  /** Folder of the files inside the generated tree. */
  folder?: string;
}

export interface NightlyRun {
  /** Relative path, e.g. `Linux-CPython-3.11-64bit/0001_<commit>_20250101_020000.json`. */
  path: string;
  commit: string;
  /** The commit time, which is the run's time for pytest-benchmark (clean working tree). */
  ts: number;
  text: string;
}

export const STEPPED = 'tests/bench_core.py::test_json_roundtrip';

const NAMES = [
  STEPPED,
  'tests/bench_core.py::test_sort_ints',
  'tests/bench_core.py::test_regex_scan',
  'tests/bench_core.py::test_hash',
  'tests/bench_io.py::test_csv_write',
  'tests/bench_io.py::test_csv_read',
  'tests/bench_io.py::test_gzip_roundtrip',
  'tests/bench_core.py::test_dict_merge',
  'tests/bench_core.py::test_list_comprehension',
  'tests/bench_core.py::test_decimal_sum',
  'tests/bench_io.py::test_path_walk',
  'tests/bench_core.py::test_dataclass_init',
  'tests/bench_core.py::test_str_format',
  'tests/bench_io.py::test_json_dump_file',
  'tests/bench_core.py::test_heapq_merge',
  'tests/bench_core.py::test_bisect',
  'tests/bench_io.py::test_tempfile',
  'tests/bench_core.py::test_re_sub',
  'tests/bench_core.py::test_struct_pack',
  'tests/bench_core.py::test_counter',
];

/** A small deterministic generator, so fixtures and their expected findings never change. */
export const random = mulberry32;

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const compact = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);

/** The runs' files, oldest first. Benchmark `stepBenchmark` is `stepPct` % slower from run `stepAt` on. */
export function pytestNightlies(options: NightlyOptions): NightlyRun[] {
  const {
    runs,
    benchmarks = 6,
    stepAt = Infinity,
    stepPct = 15,
    stepBenchmark = 0,
    noisePct = 1.5,
    rounds = 12,
    seed = 7,
    folder = 'Linux-CPython-3.11-64bit',
  } = options;
  const start = options.start ?? Date.UTC(2025, 0, 1, 1, 30);
  const rand = random(seed);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  // Mean seconds per call of each benchmark: 20 µs … 4 ms.
  const base = (b: number) => 2e-5 * Math.pow(1.9, b % 9) * (1 + (b % 3) / 7);
  const out: NightlyRun[] = [];
  for (let r = 0; r < runs; r++) {
    const commit = hex(40);
    const commitTs = start + r * 86_400_000 + Math.floor(rand() * 600_000);
    const runTs = commitTs + 1_800_000 + Math.floor(rand() * 300_000);
    const list = [];
    const count = typeof benchmarks === 'function' ? benchmarks(r) : benchmarks;
    for (let b = 0; b < count; b++) {
      const name = NAMES[b % NAMES.length] + (b >= NAMES.length ? `_${Math.floor(b / NAMES.length)}` : '');
      const withParam = b % 4 === 3;
      const fullname = withParam ? `${name}[sha256]` : name;
      const level = base(b) * (b === stepBenchmark && r >= stepAt ? 1 + stepPct / 100 : 1);
      const mean = level * (1 + ((rand() * 2 - 1) * noisePct) / 100);
      const data = Array.from({ length: rounds }, () => mean * (1 + (rand() * 2 - 1) * 0.03));
      const sorted = [...data].sort((x, y) => x - y);
      const q = (p: number) =>
        sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : mean;
      const stddev = mean * 0.012;
      list.push({
        group: null,
        name: fullname.split('::')[1],
        fullname,
        params: withParam ? { algo: 'sha256' } : null,
        param: withParam ? 'sha256' : null,
        extra_info: {},
        options: {
          disable_gc: false,
          timer: 'perf_counter',
          min_rounds: 5,
          max_time: 1.0,
          min_time: 5e-6,
          warmup: false,
        },
        stats: {
          min: sorted[0] ?? mean * 0.97,
          max: sorted[sorted.length - 1] ?? mean * 1.03,
          mean,
          stddev,
          rounds: Math.max(rounds, 5),
          median: q(0.5),
          iqr: q(0.75) - q(0.25),
          q1: q(0.25),
          q3: q(0.75),
          iqr_outliers: 0,
          stddev_outliers: 2,
          outliers: '2;0',
          ld15iqr: sorted[0] ?? mean,
          hd15iqr: sorted[sorted.length - 1] ?? mean,
          ops: 1 / mean,
          total: mean * Math.max(rounds, 5),
          iterations: 1,
          ...(rounds > 0 ? { data } : {}),
        },
      });
    }
    const doc = {
      machine_info: {
        node: 'ci-runner-3',
        processor: 'x86_64',
        machine: 'x86_64',
        python_compiler: 'GCC 12.2.0',
        python_implementation: 'CPython',
        python_implementation_version: '3.11.9',
        python_version: '3.11.9',
        python_build: ['main', 'Apr  2 2024 08:55:36'],
        release: '6.1.0-18-amd64',
        system: 'Linux',
        cpu: {
          python_version: '3.11.9.final.0 (64 bit)',
          cpuinfo_version: [9, 0, 0],
          arch: 'X86_64',
          bits: 64,
          count: 4,
          arch_string_raw: 'x86_64',
          vendor_id_raw: 'AuthenticAMD',
          brand_raw: 'AMD EPYC 7763 64-Core Processor',
          hz_advertised_friendly: '2.4500 GHz',
          l2_cache_size: 1048576,
          flags: ['avx', 'avx2', 'sse4_2'],
        },
      },
      commit_info: {
        id: commit,
        time: iso(commitTs),
        author_time: iso(commitTs),
        dirty: false,
        project: 'corelib',
        branch: 'main',
      },
      benchmarks: list,
      datetime: new Date(runTs).toISOString().replace('Z', ''),
      version: '4.0.0',
    };
    const file = `${String(r + 1).padStart(4, '0')}_${commit}_${compact(runTs)}.json`;
    out.push({ path: folder ? `${folder}/${file}` : file, commit, ts: commitTs, text: JSON.stringify(doc, null, 4) });
  }
  return out;
}

/** Write runs (and extra files, path → content) under `root`; returns the written paths. */
export function writeTree(root: string, runs: NightlyRun[], extra: Record<string, string | Uint8Array> = {}): string[] {
  const written: string[] = [];
  const put = (rel: string, content: string | Uint8Array) => {
    const file = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    written.push(file);
  };
  for (const run of runs) put(run.path, run.text);
  for (const [rel, content] of Object.entries(extra)) put(rel, content);
  return written;
}
