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

/** The names in a WebAssembly binary's export and import sections. */
export function wasmNames(bytes: Uint8Array): { exports: string[]; imports: { module: string; name: string }[] } {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error('not a WebAssembly module');
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  const decoder = new TextDecoder();
  const name = () => {
    const length = leb();
    at += length;
    return decoder.decode(bytes.subarray(at - length, at));
  };
  const limits = () => {
    const flags = bytes[at++];
    leb();
    if (flags & 1) leb();
  };
  const exports: string[] = [];
  const imports: { module: string; name: string }[] = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        const entry = { module: name(), name: name() };
        const kind = bytes[at++];
        if (kind === 0) leb();
        else if (kind === 1) (at++, limits());
        else if (kind === 2) limits();
        else if (kind === 3) at += 2;
        else if (kind === 4) (at++, leb());
        else throw new Error(`unknown import kind ${kind}`);
        imports.push(entry);
      }
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        exports.push(name());
        at++;
        leb();
      }
    }
    at = end;
  }
  return { exports, imports };
}

/** The module with only the `kept` exports (the export section rewritten; every other section as it was). */
export function withExports(bytes: Uint8Array, kept: readonly string[]): Uint8Array<ArrayBuffer> {
  const keep = new Set(kept);
  const out: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id !== 7) {
      out.push(bytes.subarray(start, end));
      at = end;
      continue;
    }
    const entries: Uint8Array[] = [];
    for (let n = leb(); n > 0; n--) {
      const from = at;
      const length = leb();
      const name = new TextDecoder().decode(bytes.subarray(at, at + length));
      at += length + 1;
      leb();
      if (keep.has(name)) entries.push(bytes.subarray(from, at));
    }
    const content = concat([uleb(entries.length), ...entries]);
    out.push(Uint8Array.of(7), uleb(content.length), content);
    at = end;
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
