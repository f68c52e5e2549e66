// A data.js history is read once however many times it is asked for: detect, parse and import's authors share the
// parse of its text (a tokio history is 3 MB), and the units and names it repeats are looked up once per parse.
// What it gives is the same as a fresh parse of the same text.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  documentOf,
  githubActionBenchmarkImporter as importer,
} from '../../src/lib/sources/artifacts/github-action-benchmark.ts';
import { findImporter } from '../../src/lib/sources/artifacts/index.ts';
import type { ArtifactInput } from '../../src/lib/sources/records.ts';
import { REAL } from '../real-files.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
const input = (text: string): ArtifactInput => ({ name: 'data.js', text, json: undefined, lastModified: 0 });

afterEach(() => vi.restoreAllMocks());

describe('a data.js history', () => {
  const text = fs.readFileSync(TOKIO, 'utf8');

  it('is parsed once for detect, parse and its authors', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const one = input(text);
    expect(findImporter(one)).toBe(importer);
    const run = importer.parse(one);
    documentOf(one);
    expect(parse.mock.calls.filter(([t]) => typeof t === 'string' && t.length > 1_000_000)).toHaveLength(1);
    expect(run.records.length).toBe(10_698);
  });

  it('gives the same records and notes as a fresh parse of the same text', () => {
    const first = importer.parse(input(text));
    const again = importer.parse(input(text));
    expect(again).toEqual(first);
    // Records share no dims list: each is its own, as RunBuilder makes them.
    expect(first.records[0].dims).not.toBe(first.records[1].dims);
    const suites = new Set(first.records.map((r) => r.dims.find(([k]) => k === 'suite')?.[1]));
    expect(suites.size).toBeGreaterThan(1);
  });

  it('a text that is not a history is read as undefined, once', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const cut = input(text.slice(0, 200_000));
    expect(documentOf(cut)).toBeUndefined();
    expect(documentOf(cut)).toBeUndefined();
    expect(parse.mock.calls.filter(([t]) => typeof t === 'string' && t.length > 100_000)).toHaveLength(1);
    expect(() => importer.parse(cut)).toThrow(/cut short or damaged/);
  });
});
