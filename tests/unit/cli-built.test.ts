// The CLI as `npm run build` bundles it (scripts/build-cli.mjs), run through bin/perftrack.mjs: the packages' JavaScript
// is inside the bundle and only the listed ones are left in node_modules, and the bundle answers as the sources do.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL } from '../real-files.ts';
import { runCli } from './helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');
let built: string;

beforeAll(() => {
  // Inside the package, as dist-cli/ is: the bundle finds package.json, sql/ and node_modules above itself.
  fs.mkdirSync(path.join(ROOT, 'node_modules/.cache'), { recursive: true });
  built = fs.mkdtempSync(path.join(ROOT, 'node_modules/.cache/perftrack-cli-'));
  execFileSync('node', ['scripts/build-cli.mjs', built], { cwd: ROOT, stdio: 'ignore' });
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
    // The native addon's package is loaded by require (native-columns.ts), not imported.
    expect(outside).not.toContain('@duckdb/node-api');
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
