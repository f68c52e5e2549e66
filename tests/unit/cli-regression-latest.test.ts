// `regression --latest` is `check` without --head: the same options built by one helper (check-run.ts's
// checkOptions), so the same stdout, stderr and exit code on a history whose newest run is 20 % slower in one
// benchmark.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { tempDir } from './helpers/engine.ts';
import { recordSlowerNewest } from './helpers/recorded-history.ts';

describe('regression --latest', () => {
  const history = path.join(tempDir(), 'history');

  beforeAll(() => recordSlowerNewest(history, 12, 11), 300_000);

  it('answers as check does: text, json, --metric and --fail-on-regression', async () => {
    let worse = 0;
    for (const args of [[], ['--format', 'json'], ['--metric', 'time'], ['--fail-on-regression']]) {
      const check = await runCli('check', '--db', history, ...args);
      const latest = await runCli('regression', '--latest', '--db', history, ...args);
      expect(latest, args.join(' ')).toEqual(check);
      if (args[0] === '--format')
        worse = (JSON.parse(check.out) as { out_of_line: { worse: boolean }[] }).out_of_line.filter(
          (l) => l.worse,
        ).length;
    }
    // The slower newest run is found, and --fail-on-regression fails on it in both.
    expect(worse).toBe(1);
    expect((await runCli('regression', '--latest', '--db', history, '--fail-on-regression')).code).toBe(1);
  }, 300_000);
});
