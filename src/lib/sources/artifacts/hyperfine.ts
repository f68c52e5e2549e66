// hyperfine's `--export-json`: results[] with command, mean/stddev/median/min/max/user/system (seconds),
// times[] (every run, seconds), memory_usage_byte[] (newer releases), exit_codes[] and parameters{} for
// --parameter-scan / --parameter-list. Newer builds also write metadata {hyperfine_version,
// start_time, platform} and per-run measurements[] of {value, unit} quantities; both shapes are read.
import { isObject, type ArtifactImporter } from '../records.ts';
import {
  arr,
  buildDims,
  bytesFactor,
  contentTime,
  dimText,
  malformed,
  mean,
  num,
  obj,
  readJson,
  resolveTs,
  RunBuilder,
  samplesOf,
  str,
  timeFactor,
} from './common.ts';

function looksLikeHyperfine(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || !Array.isArray(doc.results) || 'benchmarks' in doc) return false;
  if (doc.results.length === 0) return isObject(doc.metadata) && 'hyperfine_version' in doc.metadata;
  return doc.results.some(
    (r) =>
      isObject(r) &&
      typeof r.command === 'string' &&
      ('mean' in r || Array.isArray(r.times) || Array.isArray(r.measurements)),
  );
}

/** The command with each parameter's value (as a whole token) replaced by {name}: the benchmark without its parameters. */
export function templateCommand(command: string, params: [string, string | null][]): string {
  let out = command;
  for (const [key, value] of params) {
    if (!value) continue;
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![\\w.])${escaped}(?![\\w.])`, 'g'), `{${key}}`);
  }
  return out;
}

/** A {value, unit} quantity of the newer JSON, in ns (times) or bytes. */
function quantity(q: unknown, kind: 'time' | 'bytes'): number | null {
  if (typeof q === 'number') return kind === 'time' ? q * 1e9 : q;
  if (!isObject(q)) return null;
  const v = num(q.value);
  const unit = str(q.unit) ?? (kind === 'time' ? 'second' : 'byte');
  const f = kind === 'time' ? timeFactor(unit) : bytesFactor(unit);
  return v === null || f === null ? null : v * f;
}

export const hyperfineImporter: ArtifactImporter = {
  format: 'hyperfine',
  detect(input) {
    if (input.json === undefined && !input.text.includes('"results"')) return false;
    return looksLikeHyperfine(readJson(input));
  },
  parse(input) {
    const doc = readJson(input);
    if (!looksLikeHyperfine(doc))
      malformed('it is not a hyperfine JSON export (a results list of commands is expected).');
    const run = new RunBuilder(this.format);
    const metadata = obj(doc.metadata);
    const ts = resolveTs(contentTime(metadata.start_time), input, run.notes);
    const platform = obj(metadata.platform);
    const environment = [str(platform.os), str(platform.architecture)].filter(Boolean).join(' ') || null;
    let failedRuns = 0;
    let skipped = 0;
    for (const result of arr(doc.results)) {
      if (!isObject(result) || !str(result.command)) {
        skipped++;
        continue;
      }
      const params = isObject(result.parameters)
        ? Object.entries(result.parameters).map(([k, v]): [string, string | null] => [k, dimText(v)])
        : [];
      const dims = buildDims(templateCommand(str(result.command)!, params), params, null);
      const base = { ts, dims, runGroup: input.name, environment };
      const measurements = arr(result.measurements).filter(isObject);
      let wall: number[] | undefined;
      let user: number | null = null;
      let system: number | null = null;
      let memory: number[] | undefined;
      if (measurements.length) {
        wall = measurements
          .map((m) => quantity(m.time_wall_clock, 'time'))
          .filter((v): v is number => v !== null && Number.isFinite(v));
        const users = measurements.map((m) => quantity(m.time_user, 'time')).filter((v): v is number => v !== null);
        const systems = measurements.map((m) => quantity(m.time_system, 'time')).filter((v): v is number => v !== null);
        user = users.length ? mean(users) : null;
        system = systems.length ? mean(systems) : null;
        memory = measurements
          .map((m) => quantity(m.peak_memory_usage, 'bytes'))
          .filter((v): v is number => v !== null && Number.isFinite(v));
        failedRuns += measurements.filter((m) => m.exit_code !== undefined && m.exit_code !== 0).length;
      } else {
        wall = samplesOf(result.times, 1e9);
        const u = num(result.user);
        const s = num(result.system);
        user = u === null ? null : u * 1e9;
        system = s === null ? null : s * 1e9;
        memory = samplesOf(result.memory_usage_byte);
        failedRuns += arr(result.exit_codes).filter((c) => c !== 0).length;
      }
      const meanSeconds = num(result.mean);
      const wallMean = meanSeconds !== null ? meanSeconds * 1e9 : wall && wall.length ? mean(wall) : null;
      if (wallMean === null) {
        skipped++;
        continue;
      }
      run.add({ ...base, metric: 'time', unit: 'ns', direction: 'lower', value: wallMean, samples: wall });
      if (user !== null) run.add({ ...base, metric: 'user_time', unit: 'ns', direction: 'lower', value: user });
      if (system !== null) run.add({ ...base, metric: 'system_time', unit: 'ns', direction: 'lower', value: system });
      if (memory && memory.length)
        run.add({
          ...base,
          metric: 'peak_memory',
          unit: 'B',
          direction: 'lower',
          value: mean(memory),
          samples: memory,
        });
    }
    if (failedRuns)
      run.note(
        `${failedRuns} run(s) exited with a non-zero code (hyperfine was told to ignore failures): their times are included.`,
      );
    if (skipped) run.note(`${skipped} result(s) without a command or a time were skipped.`);
    return run.finish();
  },
};
