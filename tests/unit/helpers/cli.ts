// Test helper: the perftrack CLI run in-process, its stdout and stderr collected.
import { main, type OpenedEngine } from '../../../src/cli/main.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export function runCli(...argv: string[]): Promise<CliResult> {
  return runCliWith({}, ...argv);
}

/** The same, with `openEngine` in place of the CLI's own opener (one that counts its calls, or alters the engine). */
export async function runCliWith(
  options: { openEngine?: () => Promise<OpenedEngine> },
  ...argv: string[]
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (t) => out.push(t),
    (t) => err.push(t),
    options,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
