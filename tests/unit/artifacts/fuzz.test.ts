// Mutation fuzzing of every importer through findImporter + parse. Each fixture is mutated a few hundred
// times (truncation, character flips, deleted / duplicated / swapped lines, injected NaN-like tokens,
// wrong types and extreme numbers in JSON fields, emptied containers). Whatever the input, a call must
// finish (a hang bound, not a speed test: speed belongs in `npm run bench`), fail only with a plain Error that
// says something, and return only sane records. Besides the fixtures under tests/fixtures/artifacts, the upstream
// console outputs of the text formats (copies in tests/fixtures/real) are mutated too.
// The PRNG is seeded: a failure prints its seed and case number and reproduces exactly.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/analysis/stats.ts';
import { findImporter } from '../../../src/lib/sources/artifacts/index.ts';
import type { ArtifactImporter } from '../../../src/lib/sources/records.ts';
import type { ArtifactInput, ParsedRun } from '../../../src/lib/sources/records.ts';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { REAL } from '../../real-files.ts';
import { allFixtures, toInput, type Fixture } from './fixtures.ts';

const SEED = 0x5eed2024;
const CASES_PER_FIXTURE = 240;
/** A hang bound per call: a tight limit failed on a loaded 2-core machine (187 ms for a 100 ms limit). */
const MAX_MS = 10_000;
/** Upstream console outputs of the text formats (tests/fixtures/real), fuzzed beside our own fixtures. */
const UPSTREAM_TEXT = join(REAL, 'harness_outputs/github-action-benchmark/test/data/extract');
const UPSTREAM_FILES = [
  'cargo_output.txt',
  'criterion_output.txt',
  'catch2_output_v3.txt',
  'benchmarkjs_output.txt',
  'benchmarkluau_output.txt',
  'customBiggerIsBetter_output.json',
];
const BENCHER_CRITERION = join(
  REAL,
  'harness_outputs/bencher_adapter/lib/bencher_adapter/tool_output/rust/criterion/many.txt',
);

function upstreamFixtures(): Fixture[] {
  const files = [...UPSTREAM_FILES.map((f) => join(UPSTREAM_TEXT, f)), BENCHER_CRITERION];
  return files.map((file) => ({
    format: 'upstream',
    path: basename(file),
    input: toInput(basename(file), readFileSync(file, 'utf8')),
  }));
}

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const choose = <T>(rng: Rng, list: readonly T[]): T => list[int(rng, list.length)];

const CHARS = [
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '<',
  '>',
  '/',
  '=',
  '\n',
  '\t',
  ' ',
  '0',
  '9',
  '-',
  '+',
  'e',
  'E',
  '.',
  'a',
  'Z',
  '_',
  '&',
  ';',
  '\\',
  '\u0000',
  '\ufffd',
  'µ',
];
const TOKENS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '-1e999',
  '1e308',
  '-0',
  'null',
  'true',
  '""',
  '[]',
  '{}',
  '</BenchmarkResults>',
  '<mean value="x"/>',
  'Benchmark-8 1 1 ns/op',
  '\u0000',
];
const REPLACEMENTS: (() => unknown)[] = [
  () => 'text',
  () => '',
  () => '12.5',
  () => 'NaN',
  () => 0,
  () => -1,
  () => -1e308,
  () => 1e308,
  () => Number.MAX_VALUE * 10,
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => 1e-320,
  () => true,
  () => null,
  () => undefined,
  () => [],
  () => ({}),
  () => [1, 'x', null, [2]],
  () => ({ a: 1, value: 'v' }),
  () => 'x'.repeat(2000),
  () => '2024-13-45T99:99:99Z',
];

function mutateText(rng: Rng, text: string): string {
  switch (int(rng, 7)) {
    case 0:
      return text.slice(0, int(rng, text.length + 1));
    case 1: {
      const chars = text.split('');
      const flips = 1 + int(rng, 6);
      for (let i = 0; i < flips && chars.length; i++) {
        const at = int(rng, chars.length);
        chars[at] = rng() < 0.7 ? choose(rng, CHARS) : String.fromCharCode(int(rng, 256));
      }
      return chars.join('');
    }
    case 2: {
      const lines = text.split('\n');
      lines.splice(int(rng, lines.length), 1 + int(rng, 3));
      return lines.join('\n');
    }
    case 3: {
      const lines = text.split('\n');
      const at = int(rng, lines.length);
      lines.splice(at, 0, ...Array(1 + int(rng, 3)).fill(lines[at] ?? ''));
      return lines.join('\n');
    }
    case 4: {
      const lines = text.split('\n');
      const a = int(rng, lines.length);
      const b = int(rng, lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 5: {
      const at = int(rng, text.length + 1);
      return text.slice(0, at) + choose(rng, TOKENS) + text.slice(at);
    }
    default: {
      // Replace a number in the text with an extreme or broken one.
      const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
      if (!numbers.length) return text + choose(rng, TOKENS);
      const m = choose(rng, numbers);
      return (
        text.slice(0, m.index) +
        choose(rng, ['NaN', '-1e999', '1e308', '-5', '0', '"12"', 'Infinity', '99999999999999999999']) +
        text.slice(m.index! + m[0].length)
      );
    }
  }
}

/** Every object/array inside a document, to mutate one in place. */
function containers(
  node: unknown,
  out: (Record<string, unknown> | unknown[])[] = [],
  depth = 0,
): (Record<string, unknown> | unknown[])[] {
  if (depth > 40 || node === null || typeof node !== 'object') return out;
  out.push(node as Record<string, unknown> | unknown[]);
  for (const child of Object.values(node)) containers(child, out, depth + 1);
  return out;
}

function mutateJson(rng: Rng, doc: unknown): unknown {
  const copy = structuredClone(doc);
  const edits = 1 + int(rng, 3);
  for (let e = 0; e < edits; e++) {
    const all = containers(copy);
    if (!all.length) return choose(rng, REPLACEMENTS)();
    const target = choose(rng, all);
    const keys = Object.keys(target);
    const op = int(rng, 10);
    if (Array.isArray(target)) {
      if (op === 0) target.length = 0;
      else if (op === 1 && target.length) target.push(...Array(1 + int(rng, 4)).fill(target[int(rng, target.length)]));
      else if (target.length) target[int(rng, target.length)] = choose(rng, REPLACEMENTS)();
      else target.push(choose(rng, REPLACEMENTS)());
    } else if (op === 0) {
      for (const k of keys) delete target[k];
    } else if (op === 1 && keys.length) {
      delete target[choose(rng, keys)];
    } else if (keys.length) {
      target[choose(rng, keys)] = choose(rng, REPLACEMENTS)();
    } else {
      target[choose(rng, ['value', 'name', 'mean', 'results', 'benchmarks'])] = choose(rng, REPLACEMENTS)();
    }
  }
  return copy;
}

function mutate(rng: Rng, fx: Fixture): ArtifactInput {
  const base = fx.input;
  const lastModified = choose(rng, [base.lastModified, base.lastModified, undefined, NaN, 1e20, -1]);
  if (base.json !== undefined && rng() < 0.5) {
    const json = mutateJson(rng, base.json);
    let text: string;
    try {
      text = JSON.stringify(json) ?? 'null';
    } catch {
      text = '';
    }
    // Sometimes only the text reaches the importer (the engine's own JSON.parse failed, say).
    return { name: base.name, text, json: rng() < 0.8 ? json : undefined, lastModified };
  }
  let text = base.text;
  const rounds = 1 + int(rng, 3);
  for (let i = 0; i < rounds; i++) text = mutateText(rng, text);
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const name =
    rng() < 0.9
      ? base.name
      : choose(rng, [
          '',
          'x',
          'base/estimates.json',
          'change/sample.json',
          'a/machine.json',
          'tukey.json',
          '1741000000-20250303_050235.json',
        ]);
  return { name, text, json, lastModified };
}

function problemsOf(run: ParsedRun): string[] {
  const problems: string[] = [];
  if (typeof run.format !== 'string' || !run.format) problems.push('format is not a non-empty string');
  if (!Array.isArray(run.notes) || !run.notes.every((n) => typeof n === 'string' && n.length > 0))
    problems.push('notes are not non-empty strings');
  if (!Array.isArray(run.records)) return [...problems, 'records is not an array'];
  run.records.forEach((r, i) => {
    if (!Number.isFinite(r.value)) problems.push(`record ${i}: value ${r.value}`);
    if (!Number.isFinite(r.ts)) problems.push(`record ${i}: ts ${r.ts}`);
    if (typeof r.metric !== 'string' || !r.metric) problems.push(`record ${i}: metric ${String(r.metric)}`);
    if (typeof r.unit !== 'string') problems.push(`record ${i}: unit ${String(r.unit)}`);
    if (r.direction !== 'higher' && r.direction !== 'lower')
      problems.push(`record ${i}: direction ${String(r.direction)}`);
    const dimsOk =
      Array.isArray(r.dims) &&
      r.dims.every(
        (d) =>
          Array.isArray(d) && d.length === 2 && typeof d[0] === 'string' && (d[1] === null || typeof d[1] === 'string'),
      );
    if (!dimsOk) problems.push(`record ${i}: dims ${JSON.stringify(r.dims)}`);
    if (r.samples !== undefined && !(Array.isArray(r.samples) && r.samples.every((v) => Number.isFinite(v))))
      problems.push(`record ${i}: samples`);
  });
  return problems;
}

describe('artifact importers under mutation', () => {
  const fixtures = [...allFixtures(), ...upstreamFixtures()];

  it(`survive ${fixtures.length} × ${CASES_PER_FIXTURE} mutated inputs`, () => {
    const rng = mulberry32(SEED);
    const failures: string[] = [];
    const stats = { cases: 0, parsed: 0, records: 0, errors: 0, unrecognised: 0, forced: 0, slowest: 0 };
    const messages = new Set<string>();
    const check = (where: string, call: () => ParsedRun) => {
      const started = performance.now();
      try {
        const run = call();
        stats.parsed++;
        stats.records += run.records.length;
        for (const p of problemsOf(run)) failures.push(`${where}: ${p}`);
      } catch (error) {
        stats.errors++;
        if (!(error instanceof Error)) failures.push(`${where}: threw a non-Error ${String(error)}`);
        else if (error.constructor !== Error) failures.push(`${where}: crashed with ${error.name}: ${error.message}`);
        else if (!error.message.trim()) failures.push(`${where}: threw an Error without a message`);
        else messages.add(error.message.replace(/\d+/g, 'N'));
      }
      const ms = performance.now() - started;
      stats.slowest = Math.max(stats.slowest, ms);
      if (ms > MAX_MS) failures.push(`${where}: took ${ms.toFixed(1)} ms`);
    };
    for (const fx of fixtures) {
      const own = findImporter(fx.input) as ArtifactImporter;
      for (let c = 0; c < CASES_PER_FIXTURE; c++) {
        const input = mutate(rng, fx);
        stats.cases++;
        const where = `${fx.format}/${fx.path} case ${c} (seed ${SEED})`;
        const started = performance.now();
        const importer = findImporter(input);
        if (performance.now() - started > MAX_MS) failures.push(`${where}: detection took too long`);
        if (importer) check(where, () => importer.parse(input));
        else {
          stats.unrecognised++;
          // Beyond the contract: the fixture's own parser, handed what it no longer recognises, must fail cleanly too.
          stats.forced++;
          check(`${where} (forced ${own.format})`, () => own.parse(input));
        }
      }
    }
    console.info(`fuzz: ${JSON.stringify({ ...stats, slowest: Number(stats.slowest.toFixed(2)) })}`);
    if (process.env.FUZZ_MESSAGES) console.info([...messages].sort().join('\n'));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(stats.cases).toBeGreaterThanOrEqual(5000);
    // Many mutations must still be recognised and parsed, or the test proves little.
    expect(stats.cases - stats.unrecognised).toBeGreaterThan(stats.cases / 3);
  });
});
