// The CLI's table of verbs (src/cli/commands/): every verb is complete, --help lists each one, each verb takes the
// options its help names and no other verb's, and DuckDB is opened only for a verb that needs it.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { openEngine, type OpenedEngine } from '../../src/cli/main.ts';
import { runCliWith } from './helpers/cli.ts';
import { FIXTURES, tempDir } from './helpers/engine.ts';

const CSV = path.join(FIXTURES, 'flat/long-format.csv');

const run = (argv: string[], opener?: () => Promise<OpenedEngine>) => runCliWith({ openEngine: opener }, ...argv);

/** The real opener, counting its calls. */
function countingOpener(): { open: () => Promise<OpenedEngine>; calls: () => number } {
  let calls = 0;
  return {
    open: () => {
      calls++;
      return openEngine();
    },
    calls: () => calls,
  };
}

/** The options a piece of help text names: --name and -x. */
function flagsIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w-])--?([a-z][a-z-]*)/g)].map((m) => m[1]);
}

describe('the command table', () => {
  it('every command has a name, a summary, a usage, options, needsEngine and run', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual([
      'record',
      'baseline',
      'regression',
      'check',
      'comment',
      'changes',
      'backtest',
      'trend',
      'report',
      'publish',
      'import',
    ]);
    for (const c of COMMANDS) {
      expect(c.name).toMatch(/^[a-z]+$/);
      expect(c.summary.trim()).not.toBe('');
      expect(c.usage.trim()).not.toBe('');
      expect(Object.keys(c.options).length).toBeGreaterThan(0);
      expect(['boolean', 'function']).toContain(typeof c.needsEngine);
      expect(typeof c.run).toBe('function');
    }
  });

  it('--help lists every command with its summary and its options', async () => {
    // Without a verb the help goes to stderr, as it always has.
    const { code, err: help } = await run(['--help']);
    expect(code).toBe(0);
    expect(help).toBe((await run(['record', '--help'])).out);
    for (const c of COMMANDS) {
      expect(help).toContain(`\n  ${c.name.padEnd(12)}${c.summary.split('\n')[0]}\n`);
      expect(help).toContain(`\n${`${c.name}:`.padEnd(12)}${c.usage.split('\n')[0]}\n`);
    }
  });

  it("each command's options parse the options its usage and the common options name", async () => {
    const help = (await run(['--help'])).err;
    const start = help.indexOf('Common options:');
    const common = flagsIn(help.slice(start, help.indexOf('\n\n', start))).filter((f) => f !== 'h' && f !== 'help');
    expect(common).toEqual(expect.arrayContaining(['db', 'as-of', 'format', 'model-id', 'filter', 'no-write']));
    for (const c of COMMANDS) {
      for (const flag of [...flagsIn(c.usage), ...common]) {
        const spec = c.options[flag];
        expect(spec, `${c.name} --${flag}`).toBeDefined();
        const args = spec.type === 'string' ? [`--${flag}`, 'x'] : [`--${flag}`];
        expect(() => parseArgs({ args, options: c.options, strict: true }), `${c.name} --${flag}`).not.toThrow();
      }
    }
  });

  it('an option several commands take has one spec (main finds the verb among all of them)', () => {
    const specs = new Map<string, string>();
    for (const c of COMMANDS) {
      for (const [name, spec] of Object.entries(c.options)) {
        const json = JSON.stringify(spec);
        expect(specs.get(name) ?? json, `--${name} of ${c.name}`).toBe(json);
        specs.set(name, json);
      }
    }
  });

  it("another verb's option is refused with exit 2, before any engine is opened", async () => {
    const opener = countingOpener();
    const result = await run(['check', '--db', CSV, '--days', '3'], opener.open);
    expect(result.code).toBe(2);
    expect(result.err).toBe('perftrack: check does not take --days\n(perftrack --help for usage)');
    expect(opener.calls()).toBe(0);
  });
});

describe('DuckDB only for a verb that needs it', () => {
  it('record --out DIR writes its file without opening the engine; record --db FILE opens it', async () => {
    const { needsEngine } = COMMANDS.find((c) => c.name === 'record')!;
    expect(
      typeof needsEngine === 'function' && [needsEngine({ out: 'results' }), needsEngine({ db: ['results.duckdb'] })],
    ).toEqual([false, true]);
    const dir = tempDir();
    const opener = countingOpener();
    const folder = await run(
      [
        'record',
        '--out',
        dir,
        '--model-id',
        '1',
        '--hardware-id',
        '1',
        '--batch-size',
        '4',
        '--throughput',
        '10',
        '--format',
        'json',
      ],
      opener.open,
    );
    expect(folder.code).toBe(0);
    expect(fs.existsSync(JSON.parse(folder.out).file)).toBe(true);
    expect(opener.calls()).toBe(0);

    const file = await run(
      [
        'record',
        '--db',
        path.join(dir, 'results.duckdb'),
        '--model-id',
        '1',
        '--hardware-id',
        '1',
        '--batch-size',
        '4',
        '--throughput',
        '10',
      ],
      opener.open,
    );
    expect(file.code).toBe(0);
    expect(opener.calls()).toBe(1);
  }, 60_000);

  it('baseline --db opens the engine, once', async () => {
    const opener = countingOpener();
    const result = await run(
      ['baseline', '--db', CSV, '--days', '3650', '--min-samples', '1', '--format', 'json'],
      opener.open,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).length).toBeGreaterThan(0);
    expect(opener.calls()).toBe(1);
  }, 60_000);

  it('publish opens the engine only when its inputs changed since the last publish', async () => {
    const app = tempDir();
    fs.writeFileSync(path.join(app, 'index.html'), '<!doctype html>');
    const site = tempDir();
    const opener = countingOpener();
    const argv = ['publish', '--db', CSV, '--out', site, '--app', app, '--format', 'json'];
    expect((await run(argv, opener.open)).code).toBe(0);
    expect(opener.calls()).toBe(1);
    const again = await run(argv, opener.open);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).partitions.every((p: { written: boolean }) => !p.written)).toBe(true);
    expect(opener.calls()).toBe(1);
  }, 60_000);
});
