// The names lists show: shared parts said once, long names shortened in the middle without making two alike, on the
// issue's examples and on the label sets of real histories (django's asv results, tokio's data.js).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { sharedPrefix, sharedSuffix, shortNames, withoutShared } from '../../src/lib/format/names.ts';
import { REAL } from '../real-files.ts';
import { newEngine, readBytes } from './helpers/engine.ts';

describe('shared name prefixes', () => {
  it('cuts asv names at the last shared separator', () => {
    const labels = [
      'query_benchmarks.query_delete_related.benchmark.QueryDeleteRel.time_query_del_rel',
      'query_benchmarks.query_delete.benchmark.QueryDelete.time_query_delete',
    ];
    expect(sharedPrefix(labels)).toBe('query_benchmarks.');
    expect(withoutShared(labels[1], sharedPrefix(labels))).toBe(
      '…query_delete.benchmark.QueryDelete.time_query_delete',
    );
  });

  it('keeps short or whole-name prefixes', () => {
    expect(sharedPrefix(['fib/10', 'fib/20'])).toBe('');
    expect(sharedPrefix(['bert-base-uncased', 'bert-base-uncased · cpu'])).toBe('');
    expect(sharedPrefix(['only one name is here'])).toBe('');
    expect(sharedPrefix(['bert-base-uncased · cuda · A100', 'bert-base-uncased · cpu'])).toBe('bert-base-uncased · ');
  });

  it('says a shared environment suffix once', () => {
    const labels = [
      'form_benchmarks.FormCreate.time_form_create · conda-py3.8 · ubuntu-latest',
      'url_benchmarks.UrlResolve.time_resolve · conda-py3.8 · ubuntu-latest',
    ];
    const suffix = sharedSuffix(labels);
    expect(suffix).toBe(' · conda-py3.8 · ubuntu-latest');
    expect(withoutShared(labels[1], sharedPrefix(labels), suffix)).toBe('url_benchmarks.UrlResolve.time_resolve…');
  });

  it('leaves labels alone without a prefix', () => {
    expect(withoutShared('abc', '')).toBe('abc');
  });
});

describe('names shortened in the middle', () => {
  const lengths = (m: Map<string, string>, max: number) => [...m.values()].every((t) => t.length <= max);

  it("keeps the end that tells django's QueryComplexFilter benchmarks apart", () => {
    const names = [
      'query_benchmarks.query_complex_filter.benchmark.QueryComplexFilter.time_query_complex_filter',
      'query_benchmarks.query_complex_filter.benchmark.QueryComplexFilter.time_query_complex_filter_exclude',
    ];
    const short = shortNames(names, 40);
    expect(lengths(short, 40)).toBe(true);
    expect(short.get(names[0])).toMatch(/^query_benchmarks.*…[^…]*query_complex_filter$/);
    expect(short.get(names[1])).toMatch(/^query_benchmarks.*…[^…]*filter_exclude$/);
  });

  it('keeps fp16 / fp32 and the batch size of the demo rows', () => {
    const names = ['fp16', 'fp32'].flatMap((p) =>
      [1, 8].map((b) => `bert-base-uncased · webgpu · Chrome WebGPU · batch_size=${b} · ${p}`),
    );
    const short = shortNames(names, 32);
    expect(new Set(short.values()).size).toBe(4);
    for (const name of names) {
      const text = short.get(name)!;
      expect(text.startsWith('bert-base')).toBe(true);
      expect(text.endsWith(name.slice(-8))).toBe(true); // "1 · fp16"
      expect(text).toContain('…');
      expect(text.length).toBeLessThanOrEqual(32);
    }
  });

  it('keeps the hardware and the precision of the demo names that differ in both', () => {
    const names = ['cuda · NVIDIA A100', 'webgpu · Chrome WebGPU'].flatMap((hw) =>
      ['fp16', 'fp32'].map((p) => `bert-base-uncased · ${hw} · batch_size=1 · sequence_length=128 · ${p}`),
    );
    const short = shortNames(names, 64);
    const texts = names.map((n) => short.get(n)!);
    expect(new Set(texts).size).toBe(4);
    for (const [i, text] of texts.entries()) {
      expect(text.length).toBeLessThanOrEqual(64);
      expect(text).toContain('…');
      expect(text).toContain(i < 2 ? 'cuda' : 'webgpu');
      expect(text.endsWith(i % 2 ? 'fp32' : 'fp16')).toBe(true);
    }
  });

  it("tells django's two form_render chips apart", () => {
    const names = [
      'form_benchmarks.form_render.benchmark.FormRender.time_form_render',
      'form_benchmarks.form_render_many.benchmark.FormRenderMany.time_form_render_many',
    ];
    const short = [...shortNames(names, 28).values()];
    expect(short[0]).not.toBe(short[1]);
    expect(short[0].endsWith('form_render')).toBe(true);
    expect(short[1].endsWith('render_many')).toBe(true);
    for (const t of short) expect(t.startsWith('form') && t.length <= 28, t).toBe(true);
  });

  it('shows the middle where names differ only there', () => {
    const names = ['x'.repeat(40) + 'A1' + 'y'.repeat(40), 'x'.repeat(40) + 'B2' + 'y'.repeat(40)];
    const short = [...shortNames(names, 30).values()];
    expect(short[0]).toContain('A1');
    expect(short[1]).toContain('B2');
    expect(short.every((t) => t.length <= 30)).toBe(true);
  });

  it('leaves names that fit whole, and refuses a place too small for a name', () => {
    expect([...shortNames(['fib/10', 'fib/20'], 20).values()]).toEqual(['fib/10', 'fib/20']);
    expect(() => shortNames(['a'], 3)).toThrow(/at least 8/);
  });

  it('keeps names whole rather than make two alike', () => {
    // One name is the other's start: no short form can keep both apart within 10 characters of the first's head.
    const names = ['abcdefghij_klmnopqrstuvwxyz', 'abcdefghij_klmnopqrstuvwxyz_2'];
    const short = shortNames(names, 12);
    expect(new Set(short.values()).size).toBe(2);
  });
});

describe('names of real histories', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await newEngine();
  }, 120_000);

  async function labels(files: { name: string; bytes: Uint8Array }[]): Promise<string[][]> {
    const result = await engine.openFiles(files);
    const catalog = await engine.catalog();
    const sets: string[][] = [];
    for (const { metric } of catalog.metrics) {
      const series = await engine.listSeries({ metric, filter: {}, search: '', limit: 100_000 });
      sets.push(series.map((s) => s.label));
    }
    // Filter chips: the values of each dimension are shown together too.
    for (const dim of catalog.dimensions) sets.push(dim.values.map((v) => v.value ?? '(none)'));
    for (const source of result.sources) await engine.removeSource(source.id);
    return sets;
  }

  /** Every set at every width: one text per name, within the width, made of the name's start and end. How many
   *  names were shortened, and how many too long for the width had to stay whole (names alike at both ends). */
  function expectTellsApart(sets: string[][]): { shortened: number; whole: number } {
    let shortened = 0;
    let whole = 0;
    for (const names of sets) {
      for (const max of [26, 44, 56, 64]) {
        // the widths of chips, Compare, Overview and list rows
        const short = shortNames(names, max);
        const texts = [...new Set(names)].map((n) => short.get(n)!);
        expect(new Set(texts).size, `${max}: ${names.slice(0, 3).join(', ')}`).toBe(texts.length);
        for (const name of new Set(names)) {
          const text = short.get(name)!;
          if (name.length > max && text === name) whole++;
          if (text !== name) {
            shortened++;
            expect(text.length).toBeLessThanOrEqual(max);
            expect(name.startsWith(text.slice(0, text.indexOf('…')))).toBe(true);
          }
        }
      }
    }
    return { shortened, whole };
  }

  it("django's asv results: every label and chip stays distinct when shortened", async () => {
    const folder = path.join(REAL, 'asv_django');
    const files = (fs.readdirSync(folder, { recursive: true }) as string[])
      .map((f) => path.join(folder, f))
      .filter((f) => fs.statSync(f).isFile())
      .map((f) => ({ name: path.relative(folder, f), bytes: readBytes(f) }));
    const sets = await labels(files);
    expect(sets.flat().length).toBeGreaterThan(50);
    const { shortened, whole } = expectTellsApart(sets);
    expect(shortened).toBeGreaterThan(100);
    expect(whole / shortened).toBeLessThan(0.02);
  }, 240_000);

  it("tokio's data.js: every label stays distinct when shortened", async () => {
    const file = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
    const sets = await labels([{ name: 'data.js', bytes: readBytes(file) }]);
    expect(sets.flat().length).toBeGreaterThan(10);
    const { shortened, whole } = expectTellsApart(sets);
    expect(shortened).toBeGreaterThan(0);
    // Only at chip width do four read_concurrent_* names, alike at both ends, stay whole.
    expect(whole).toBeLessThanOrEqual(4);
  }, 120_000);
});
