// Loads the benchmark-tool fixtures under tests/fixtures/artifacts/<format>/… as the engine would hand
// them to the importers: the path inside the format folder as a dropped folder's relative name, the
// text, the parsed JSON when the text is strict JSON, and a fixed modification time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect } from 'vitest';
import type {
  ArtifactImporter,
  ArtifactInput,
  MeasurementRecord,
  ParsedRun,
} from '../../../src/lib/sources/records.ts';

export const FIXTURE_ROOT = join(import.meta.dirname, '../../fixtures/artifacts');
/** The modification time given to every fixture (2024-06-01T12:00:00Z). */
export const MTIME = Date.UTC(2024, 5, 1, 12, 0, 0);

export interface Fixture {
  /** Format folder: pytest-benchmark, go, … */
  format: string;
  /** Path inside the format folder, e.g. target/criterion/fib/recursive/20/new/estimates.json. */
  path: string;
  input: ArtifactInput;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = join(dir, entry);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

export function toInput(name: string, text: string, lastModified: number | undefined = MTIME): ArtifactInput {
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { name, text, json, lastModified };
}

export function allFixtures(): Fixture[] {
  return walk(FIXTURE_ROOT)
    .filter((file) => !file.endsWith('.md'))
    .map((file) => {
      const [format, ...rest] = relative(FIXTURE_ROOT, file).split(sep);
      const path = rest.join('/');
      return { format, path, input: toInput(path, readFileSync(file, 'utf8')) };
    });
}

export function fixture(format: string, path: string): ArtifactInput {
  const found = allFixtures().find((f) => f.format === format && f.path === path);
  if (!found) throw new Error(`no fixture ${format}/${path}`);
  return found.input;
}

/** detect() accepts every fixture of its own format folder and rejects every other fixture. */
export function expectDetection(importer: ArtifactImporter, format: string): void {
  const fixtures = allFixtures();
  expect(fixtures.some((f) => f.format === format)).toBe(true);
  for (const f of fixtures) {
    expect({ fixture: `${f.format}/${f.path}`, detected: importer.detect(f.input) }).toEqual({
      fixture: `${f.format}/${f.path}`,
      detected: f.format === format,
    });
  }
}

/** The record of a metric whose dims include all the given pairs. */
export function pick(run: ParsedRun, metric: string, ...dims: [string, string | null][]): MeasurementRecord {
  const found = run.records.filter(
    (r) => r.metric === metric && dims.every(([k, v]) => r.dims.some(([dk, dv]) => dk === k && dv === v)),
  );
  if (found.length !== 1)
    throw new Error(`expected one ${metric} record for ${JSON.stringify(dims)}, found ${found.length}`);
  return found[0];
}

/** Compare number lists with a relative tolerance (unit conversions are floating point). */
export function expectClose(actual: number[] | undefined, expected: number[]): void {
  expect(actual).toBeDefined();
  expect(actual!.length).toBe(expected.length);
  actual!.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
}
