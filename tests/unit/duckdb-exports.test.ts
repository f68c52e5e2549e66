// The build's trimmed DuckDB module (scripts/duckdb-exports.ts): the export names read from the binary match
// WebAssembly's own reading, the kept set holds what DuckDB's JavaScript names, and the trimmed module is the same
// module with fewer exports.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usedExports, wasmNames, withExports } from '../../scripts/duckdb-exports.ts';

const DIST = path.resolve('node_modules/@duckdb/duckdb-wasm/dist');
const WASM = path.join(DIST, 'duckdb-eh.wasm');
const GLUE = path.join(DIST, 'duckdb-browser-eh.worker.js');

describe('DuckDB-WASM module exports', () => {
  const bytes = new Uint8Array(fs.readFileSync(WASM));
  const original = new WebAssembly.Module(bytes);

  it('reads the export and import names as WebAssembly does', () => {
    const names = wasmNames(bytes);
    expect(names.exports).toEqual(WebAssembly.Module.exports(original).map((e) => e.name));
    expect(names.imports).toEqual(
      WebAssembly.Module.imports(original).map((i) => ({ module: i.module, name: i.name })),
    );
  });

  it("keeps the exports DuckDB's JavaScript names and those the module takes back through its GOT", () => {
    const kept = usedExports(WASM, GLUE);
    const all = wasmNames(bytes);
    for (const name of ['duckdb_web_open', 'duckdb_web_query_run', 'malloc', 'free', '__wasm_call_ctors'])
      expect(kept).toContain(name);
    // In 1.32's eh build every GOT import is one of the script's own functions; any the module exports is kept.
    const fromGot = all.imports.filter((i) => i.module.startsWith('GOT.') && all.exports.includes(i.name));
    for (const { name } of fromGot) expect(kept).toContain(name);
    expect(kept.filter((n) => n.startsWith('dynCall_'))).toEqual(all.exports.filter((n) => n.startsWith('dynCall_')));
    expect(kept.length).toBeLessThan(all.exports.length / 50);
    const glue = fs.readFileSync(GLUE, 'utf8');
    const dropped = all.exports.find((n) => !kept.includes(n))!;
    expect(new RegExp(`\\b${dropped.replace(/\$/g, '\\$')}\\b`).test(glue)).toBe(false);
  });

  it('trims the module to the kept exports and leaves everything else as it was', () => {
    const kept = usedExports(WASM, GLUE);
    const trimmed = withExports(bytes, kept);
    const module = new WebAssembly.Module(trimmed);
    const before = new Map(WebAssembly.Module.exports(original).map((e) => [e.name, e.kind]));
    const after = WebAssembly.Module.exports(module);
    expect(after.map((e) => e.name)).toEqual(kept);
    for (const e of after) expect(e.kind).toBe(before.get(e.name));
    expect(WebAssembly.Module.imports(module)).toEqual(WebAssembly.Module.imports(original));
    const dylink = (m: WebAssembly.Module) =>
      WebAssembly.Module.customSections(m, 'dylink.0').map((b) => [...new Uint8Array(b)]);
    expect(dylink(module)).toEqual(dylink(original));
    expect(trimmed.length).toBeLessThan(bytes.length);
  });

  it('says so when the bytes are not a WebAssembly module', () => {
    expect(() => wasmNames(new TextEncoder().encode('<!doctype html>'))).toThrow('not a WebAssembly module');
    expect(() => withExports(new TextEncoder().encode('<!doctype html>'), [])).toThrow('not a WebAssembly module');
  });

  it('says so when the module ends inside a section', () => {
    // The header, then an export section whose size (a LEB128 byte with its continuation bit) is cut short.
    const truncated = Uint8Array.from([...bytes.subarray(0, 8), 7, 0x85]);
    expect(() => wasmNames(truncated)).toThrow('truncated WebAssembly module');
    expect(() => withExports(truncated, [])).toThrow('truncated WebAssembly module');
  });
});
