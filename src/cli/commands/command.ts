// What a perftrack verb is: its name, its lines of --help, its options, whether it needs the engine, and run.
// main.ts finds the verb in commands/index.ts, parses the verb's own options and runs it; nothing else knows a verb.
// A verb's spec (<verb>.ts) holds all but the run, which is in <verb>-run.ts; index.ts pairs them (lazyCommand).
import type { ParseArgsConfig } from 'node:util';
import type { Engine } from '../../engine/engine.ts';

/** A node:util parseArgs option spec. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** What parseArgs gives for a spec (strict): strings or booleans, arrays for repeatable options. */
export type Values<O extends CommandOptions> = {
  -readonly [K in keyof O]?: O[K] extends { type: 'string' }
    ? O[K] extends { multiple: true }
      ? string[]
      : string
    : O[K] extends { type: 'boolean' }
      ? O[K] extends { multiple: true }
        ? boolean[]
        : boolean
      : string | boolean | (string | boolean)[];
};

export interface CommandContext<O extends CommandOptions = CommandOptions> {
  values: Values<O>;
  /** The words after the verb. */
  positionals: string[];
  /** One line to stdout, one line to stderr. */
  out: (text: string) => void;
  err: (text: string) => void;
  /**
   * The engine (native DuckDB and the detector threads), opened at the first call and closed by main. Only a command
   * whose needsEngine is true may call it; one that needs it only sometimes (publish: not when its inputs are
   * unchanged since the last publish) calls it once it knows.
   */
  engine: () => Promise<Engine>;
}

export interface Command<O extends CommandOptions = CommandOptions> {
  name: string;
  /** Its entry in the command list of --help: one line (a second where the help has always had one). */
  summary: string;
  /** Its options in the last part of --help (lines after the first are indented under it). */
  usage: string;
  options: O;
  /** Whether the command may open the engine; a function when that depends on its options (record --out DIR: no). */
  needsEngine: boolean | ((values: Values<O>) => boolean);
  /**
   * Returns the exit code: 0, or 1 for a finding a CI job should fail on; throw UsageError for a usage mistake.
   */
  run(context: CommandContext<O>): Promise<number>;
}

/** A verb without its run: what every start loads. */
export type CommandSpec<O extends CommandOptions = CommandOptions> = Omit<Command<O>, 'run'>;

/** A verb whose run is imported when it is called: a static import would load the verb's code (and the analysis,
 *  the engine, the importers it imports) at every start of every verb. */
export function lazyCommand<O extends CommandOptions>(
  spec: CommandSpec<O>,
  load: () => Promise<{ run: (context: CommandContext<O>) => Promise<number> }>,
): Command<O> {
  return { ...spec, run: async (context) => (await load()).run(context) };
}
