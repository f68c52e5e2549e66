// perftrack: the command line for CI, mirroring the seed guide's CLI, on the same engine code and SQL as the page,
// run by native DuckDB (the page runs DuckDB-WASM). Exit codes: 0 ok, 1 regressions found with --fail-on-regression, 2 bad input or usage.
// Each verb is a file in commands/ (listed in commands/index.ts); main finds the verb, parses its options, runs it
// with the engine only if it needs one, and closes the engine.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Engine } from '../engine/engine.ts';
import type { CommandOptions } from './commands/command.ts';
import { COMMANDS } from './commands/index.ts';
import { helpText } from './help.ts';
import { describeError } from './messages.ts';
import { UsageError } from './options.ts';
import { removeStaleTempFiles } from '../node/temp-files.ts';

const USAGE = helpText(COMMANDS);

/** Every verb's options and --help: the verb is found wherever it stands among them, with the same messages for
 *  an option no verb has. */
const ALL_OPTIONS: CommandOptions = Object.assign(
  { help: { type: 'boolean', short: 'h' } },
  ...COMMANDS.map((c) => c.options),
);

export interface OpenedEngine {
  engine: Engine;
  /** `exiting`: the process ends next, so DuckDB's memory is not freed first. */
  close(options: { exiting: boolean }): Promise<void>;
}

/** Native DuckDB with the engine's SQL, and the change-point detector on a pool of worker threads. Loaded here, not
 *  at start: a verb that needs no database (--help, record --out) never loads DuckDB's native module. */
export async function openEngine(): Promise<OpenedEngine> {
  const [{ openNativeDb }, { Engine }, { loadSqlLibrary }, { detectorPool }, { PACKAGE_ROOT }] = await Promise.all([
    import('../engine/db/native.ts'),
    import('../engine/engine.ts'),
    import('../engine/sql-files-node.ts'),
    import('../node/detect-pool.ts'),
    import('../node/package-root.ts'),
  ]);
  const native = await openNativeDb();
  const detector = detectorPool({ threads: Number(process.env.PERFTRACK_THREADS) || undefined });
  const close = async ({ exiting }: { exiting: boolean }) => {
    native.close({ exiting });
    await detector.close();
  };
  try {
    return {
      engine: await Engine.create(native, loadSqlLibrary(path.join(PACKAGE_ROOT, 'sql')), {
        findInHistories: detector.find,
      }),
      close,
    };
  } catch (error) {
    await close({ exiting: false });
    throw error;
  }
}

/** The engine opened at the first call of `get`, once; `close` closes it if it was opened. */
function engineOnDemand(open: () => Promise<OpenedEngine>) {
  let opening: Promise<OpenedEngine> | null = null;
  return {
    get: async () => (await (opening ??= open())).engine,
    close: async (options: { exiting: boolean }) => {
      const opened = await opening?.catch(() => null);
      await opened?.close(options);
    },
  };
}

/** `exiting`: the process ends when main returns (bin/perftrack.mjs). `openEngine`: how the engine is opened (tests). */
export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t + '\n'),
  err: (text: string) => void = (t) => process.stderr.write(t + '\n'),
  {
    exiting = false,
    openEngine: open = openEngine,
  }: { exiting?: boolean; openEngine?: () => Promise<OpenedEngine> } = {},
): Promise<number> {
  // Whatever a killed run left behind goes now, whichever verb runs.
  removeStaleTempFiles();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: ALL_OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    err(`perftrack: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const verb = parsed.positionals[0];
  if (parsed.values.help || !verb) {
    (verb ? out : err)(USAGE);
    return verb || parsed.values.help ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === verb);
  if (!command) {
    err(`perftrack: unknown command "${verb}"\n\n${USAGE}`);
    return 2;
  }
  const foreign = parsed.tokens.find((t) => t.kind === 'option' && !Object.hasOwn(command.options, t.name));
  if (foreign?.kind === 'option') {
    err(`perftrack: ${verb} does not take ${foreign.rawName}\n(perftrack --help for usage)`);
    return 2;
  }

  const engine = engineOnDemand(open);
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    const needsEngine = typeof command.needsEngine === 'function' ? command.needsEngine(values) : command.needsEngine;
    const noEngine = () =>
      Promise.reject(new Error(`${verb} asked for the engine, but its needsEngine says it needs none`));
    return await command.run({
      values,
      positionals: positionals.slice(1),
      out,
      err,
      engine: needsEngine ? engine.get : noEngine,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      err(`perftrack: ${error.message}\n(perftrack --help for usage)`);
      return 2;
    }
    err(describeError(error));
    return 2;
  } finally {
    await engine.close({ exiting });
  }
}
