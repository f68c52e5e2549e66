// The CLI as `npm run build` bundles it (scripts/build-cli.mjs), run through bin/perftrack.mjs: the packages' JavaScript
// is inside the bundle and only the listed ones are left in node_modules, and the bundle answers as the sources do.
// Its start loads only the verbs' specs: a verb's run, and what it imports, loads when that verb runs (esbuild's
// metafile says which sources each chunk holds and which chunks it imports statically).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { REAL } from '../real-files.ts';
import { runCli } from './helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
let built: string;
let meta: Metafile;

interface Metafile {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      inputs: Record<string, unknown>;
      imports: { path: string; kind: string; external?: boolean }[];
    }
  >;
}

/** The sources a chunk loads before its code runs: its own and those of every chunk it imports statically. */
function staticSources(chunk: string): string[] {
  const seen = new Set<string>();
  const pending = [chunk];
  while (pending.length) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const i of meta.outputs[next].imports) if (i.kind === 'import-statement' && !i.external) pending.push(i.path);
  }
  return [...seen].flatMap((o) => Object.keys(meta.outputs[o].inputs));
}

/** The chunk that holds a source (each source is in exactly one). */
function chunkOf(source: string): string {
  const chunks = Object.keys(meta.outputs).filter((o) => source in meta.outputs[o].inputs);
  expect(chunks, source).toHaveLength(1);
  return chunks[0];
}

beforeAll(() => {
  // Inside the package, as dist-cli/ is: the bundle finds package.json, sql/ and node_modules above itself.
  fs.mkdirSync(path.join(ROOT, 'node_modules/.cache'), { recursive: true });
  built = fs.mkdtempSync(path.join(ROOT, 'node_modules/.cache/perftrack-cli-'));
  const metafile = path.join(built, '..', `${path.basename(built)}.json`);
  execFileSync('node', ['scripts/build-cli.mjs', built, '--metafile', metafile], { cwd: ROOT, stdio: 'ignore' });
  meta = JSON.parse(fs.readFileSync(metafile, 'utf8')) as Metafile;
  fs.rmSync(metafile);
}, 120_000);

afterAll(() => fs.rmSync(built, { recursive: true, force: true }));

function runBuilt(...argv: string[]) {
  const result = spawnSync('node', [path.join(ROOT, 'bin/perftrack.mjs'), ...argv], {
    cwd: ROOT,
    env: { ...process.env, PERFTRACK_CLI: 'built', PERFTRACK_CLI_DIR: built },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('the built CLI', () => {
  it('imports from node_modules only DuckDB, Plot and linkedom', () => {
    const packages = new Set<string>();
    for (const file of fs.readdirSync(built)) {
      const text = fs.readFileSync(path.join(built, file), 'utf8');
      const specifiers = [
        ...text.matchAll(/^(?:import|export|\})[^\n]*? from "([^"]+)";$/gm),
        ...text.matchAll(/^import "([^"]+)";$/gm),
        ...text.matchAll(/\bimport\("([^"]+)"\)/g),
      ];
      for (const m of specifiers) if (!m[1].startsWith('.')) packages.add(m[1]);
    }
    const outside = [...packages].filter((p) => !p.startsWith('node:') && !builtinModules.includes(p));
    expect(outside.length).toBeGreaterThan(0);
    for (const p of outside) expect(p).toMatch(/^(@duckdb\/|@observablehq\/plot$|linkedom$)/);
    // @duckdb/node-api is inside the bundle (its hundred CommonJS files cost a second node start to load one by one);
    // only its native addon's package is left outside, required by it.
    expect(outside).not.toContain('@duckdb/node-api');
    const bundled = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(bundled).toContain('node_modules/@duckdb/node-api/lib/DuckDBInstance.js');
    expect(bundled.some((s) => s.startsWith('node_modules/@duckdb/node-bindings'))).toBe(false);
  });

  it("starts with the verbs' specs alone, and record --to DIR loads the importers but no engine or analysis", () => {
    const start = staticSources(chunkOf('src/cli/main.ts'));
    expect(start).toContain('src/cli/commands/record.ts');
    const heavy = /^(src\/engine\/|src\/lib\/(analysis|report|notify|api|charts|sources\/artifacts)\/|node_modules\/)/;
    expect(start.filter((s) => heavy.test(s) || s.endsWith('-run.ts'))).toEqual([]);
    for (const c of COMMANDS) expect(start).not.toContain(`src/cli/commands/${c.name}-run.ts`);

    const record = staticSources(chunkOf('src/cli/commands/record-run.ts'));
    expect(record).toContain('src/lib/sources/artifacts/google-benchmark.ts');
    expect(record.filter((s) => /^(src\/engine\/|src\/lib\/(analysis|report|notify)\/)/.test(s))).toEqual([]);
    expect(record.some((s) => s.includes('apache-arrow'))).toBe(false);
  });

  it("names backtest's default alpha in its help (written out there so that the start loads no analysis)", () => {
    const backtest = COMMANDS.find((c) => c.name === 'backtest')!;
    expect(backtest.usage).toContain(`[--alpha ${DEFAULT_SETTINGS.changepoint.alpha}]`);
  });

  it('prints --help, and check on a real history gives what the sources give', async () => {
    const help = runBuilt('--help');
    expect(help.code, help.err).toBe(0);
    expect(help.err).toMatch(/^perftrack — benchmark history/);
    const built = runBuilt('check', '--db', TOKIO, '--format', 'json');
    expect(built.code, built.err).toBe(0);
    const source = await runCli('check', '--db', TOKIO, '--format', 'json');
    expect(source.code, source.err).toBe(0);
    expect(JSON.parse(built.out)).toEqual(JSON.parse(source.out));
    expect(JSON.parse(built.out).series).toBeGreaterThan(20);
  }, 120_000);
});
