// Which of DuckDB-WASM's module exports its own JavaScript uses (read at build time by vite.config.ts). DuckDB-WASM
// is linked as a dynamic loader's main module: at start its JavaScript gives every export (75,011 in 1.32's eh
// build) a GOT entry and a table slot, so that an extension could link against it — most of a second of the
// worker's start. perftrack loads no extension (file-lock.ts forbids it), so the page hands DuckDB's JavaScript
// the exports it names and those the module itself imports back through its GOT (engine/db/browser.ts).
import fs from 'node:fs';

/** The export names the glue script needs: every export whose name appears as a word in the script, the dynCall_
 *  helpers (looked up by a name built at run time) and the module's own exports it imports back through its GOT (the
 *  other GOT imports are the script's own functions). */
export function usedExports(wasmPath: string, glueScriptPath: string): string[] {
  const { exports, imports } = wasmNames(fs.readFileSync(wasmPath));
  const words = new Set(fs.readFileSync(glueScriptPath, 'utf8').match(/[A-Za-z_$][\w$]*/g) ?? []);
  const fromGot = new Set(imports.filter((i) => i.module.startsWith('GOT.')).map((i) => i.name));
  const kept = exports.filter((name) => words.has(name) || fromGot.has(name) || name.startsWith('dynCall_'));
  return kept;
}

/** A cursor over a WebAssembly binary, past its 8-byte header: single bytes, unsigned LEB128 numbers and
 *  length-prefixed UTF-8 names. */
class WasmReader {
  at = 8;
  private readonly decoder = new TextDecoder();

  constructor(readonly bytes: Uint8Array) {
    if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
      throw new Error('not a WebAssembly module');
  }

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  byte(): number {
    if (this.done) throw new Error('truncated WebAssembly module');
    return this.bytes[this.at++];
  }

  leb(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  }

  name(): string {
    const length = this.leb();
    this.at += length;
    return this.decoder.decode(this.bytes.subarray(this.at - length, this.at));
  }

  /** Skips a table's or memory's limits: a flags byte, the minimum and, with flag 1, the maximum. */
  limits(): void {
    const flags = this.byte();
    this.leb();
    if (flags & 1) this.leb();
  }
}

/** The names in a WebAssembly binary's export and import sections. */
export function wasmNames(bytes: Uint8Array): { exports: string[]; imports: { module: string; name: string }[] } {
  const r = new WasmReader(bytes);
  const exports: string[] = [];
  const imports: { module: string; name: string }[] = [];
  while (!r.done) {
    const id = r.byte();
    const size = r.leb();
    const end = r.at + size;
    if (id === 2) {
      for (let n = r.leb(); n > 0; n--) {
        const entry = { module: r.name(), name: r.name() };
        const kind = r.byte();
        if (kind === 0) r.leb();
        else if (kind === 1) (r.byte(), r.limits());
        else if (kind === 2) r.limits();
        else if (kind === 3) r.at += 2;
        else if (kind === 4) (r.byte(), r.leb());
        else throw new Error(`unknown import kind ${kind}`);
        imports.push(entry);
      }
    } else if (id === 7) {
      for (let n = r.leb(); n > 0; n--) {
        exports.push(r.name());
        r.byte();
        r.leb();
      }
    }
    r.at = end;
  }
  return { exports, imports };
}

/** The module with only the `kept` exports (the export section rewritten; every other section as it was). */
export function withExports(bytes: Uint8Array, kept: readonly string[]): Uint8Array<ArrayBuffer> {
  const keep = new Set(kept);
  const r = new WasmReader(bytes);
  const out: Uint8Array[] = [bytes.subarray(0, 8)];
  while (!r.done) {
    const start = r.at;
    const id = r.byte();
    const size = r.leb();
    const end = r.at + size;
    if (id !== 7) {
      out.push(bytes.subarray(start, end));
      r.at = end;
      continue;
    }
    const entries: Uint8Array[] = [];
    for (let n = r.leb(); n > 0; n--) {
      const from = r.at;
      const name = r.name();
      r.byte();
      r.leb();
      if (keep.has(name)) entries.push(bytes.subarray(from, r.at));
    }
    const content = concat([uleb(entries.length), ...entries]);
    out.push(Uint8Array.of(7), uleb(content.length), content);
    r.at = end;
  }
  return concat(out);
}

function uleb(value: number): Uint8Array {
  const out: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}
