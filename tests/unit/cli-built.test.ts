// The CLI as `npm run build` bundles it (scripts/build-cli.mjs), run through bin/perftrack.mjs: the packages' JavaScript
// is inside the bundle and only the listed ones are left in node_modules, and the bundle answers as the sources do.
// Its start loads only the verbs' specs: a verb's run, and what it imports, loads when that verb runs (esbuild's
// metafile says which sources each chunk holds and which chunks it imports statically).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
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

/** An input's path from the package's root: a symlinked node_modules (a clone that links the project's) makes
 *  esbuild name its files by their real path (../../elsewhere/node_modules/…), so they are matched by their end. */
function fromRoot(input: string): string {
  const at = input.indexOf('node_modules/');
  return at > 0 ? input.slice(at) : input;
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
  return [...seen].flatMap((o) => Object.keys(meta.outputs[o].inputs).map(fromRoot));
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
    const bundled = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs).map(fromRoot));
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
    // fflate builds its tables when it is evaluated: its CommonJS build is bundled to be required at the first
    // inflation, and its ES module (which evaluates at load) is not among what record loads.
    expect(record).toContain('node_modules/fflate/lib/node.cjs');
    expect(record.filter((s) => s.startsWith('node_modules/fflate/esm/'))).toEqual([]);
  });

  it("check without --head loads neither the pull request check nor GitHub's API", () => {
    const check = staticSources(chunkOf('src/cli/commands/check-run.ts'));
    expect(check).toContain('src/cli/inputs.ts');
    for (const source of [
      'src/cli/commands/check-pr-run.ts',
      'src/cli/commands/comment-run.ts',
      'src/lib/analysis/pr-check.ts',
      'src/node/github.ts',
    ])
      expect(check).not.toContain(source);
  });

  it('records a gzip file through the fflate it requires when it meets one', () => {
    const gbench = path.join(REAL, 'harness_outputs/google_benchmark/tools/gbench/Inputs/test1_run1.json');
    const work = fs.mkdtempSync(path.join(built, 'gzip-'));
    const gz = path.join(work, 'test1_run1.json.gz');
    fs.writeFileSync(gz, gzipSync(fs.readFileSync(gbench)));
    const results = (file: string) => {
      const run = runBuilt('record', file, '--to', work, '--commit', 'abc', '--branch', 'main', '--format', 'json');
      expect(run.code, run.err).toBe(0);
      const { results: count, file: written } = JSON.parse(run.out) as { results: number; file: string };
      const records = (JSON.parse(fs.readFileSync(written, 'utf8')) as { records: unknown[] }).records;
      return { count, records };
    };
    const plain = results(gbench);
    expect(plain.count).toBeGreaterThan(10);
    expect(results(gz)).toEqual(plain);
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
