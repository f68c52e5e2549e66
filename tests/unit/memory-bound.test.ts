// The CLI's stated memory bound (docs/security.md), measured: every hostile or oversized input is fed to a real
// `perftrack` process, which reports its peak resident set size (the kernel's rusage, through helpers/peak-rss.mjs)
// when it exits. Each must end with its limit's message and stay under the bound.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHostileInputs, type HostileInput } from './helpers/hostile-inputs.ts';

const MB = 2 ** 20;
/** The bound docs/security.md states for the CLI: peak RSS of the process, whatever the input. */
export const CLI_PEAK_RSS_BOUND = 1024 * MB;
/** Above the CLI's own baseline, an input may cost what the reader must hold of it, plus this. */
const OVERHEAD = 128 * MB;

const HOOK = path.resolve('tests/unit/helpers/peak-rss.mjs');
const CLI = path.resolve('bin/perftrack.mjs');

let dir = '';
let inputs: HostileInput[] = [];

async function runCli(file: string): Promise<{ code: number; stderr: string; peak: number }> {
  const peakFile = path.join(dir, `peak-${path.basename(file)}.txt`);
  const child = spawn(process.execPath, ['--import', HOOK, CLI, 'regression', '--db', file, '--no-write'], {
    env: { ...process.env, PERFTRACK_PEAK_RSS_FILE: peakFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stderr, peak: Number(fs.readFileSync(peakFile, 'utf8')) };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftrack-hostile-'));
  inputs = await writeHostileInputs(dir);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the CLI under hostile input', () => {
  it("every bomb and oversized input ends with its limit's message, within the stated peak memory", async () => {
    const ok = path.join(dir, 'ok.csv');
    fs.writeFileSync(ok, 'ts,bench,latency_ms\n2026-01-01T00:00:00Z,parse,12\n2026-01-02T00:00:00Z,parse,13\n');
    const baseline = await runCli(ok);
    expect(baseline.code, baseline.stderr).toBe(0);
    const measured: string[] = [`baseline (a 2-row CSV): ${(baseline.peak / MB).toFixed(0)} MB`];
    for (const input of inputs) {
      const run = await runCli(input.file);
      measured.push(`${input.label}: ${(run.peak / MB).toFixed(0)} MB`);
      expect(run.code, `${input.label}: ${run.stderr}`).toBe(input.refused ? 2 : 0);
      expect(run.stderr, input.label).toMatch(input.cliMessage ?? input.message);
      expect(run.peak, `${input.label}: peak RSS`).toBeLessThan(CLI_PEAK_RSS_BOUND);
      expect(run.peak - baseline.peak, `${input.label}: peak RSS above the baseline`).toBeLessThan(
        input.readBytes + OVERHEAD,
      );
    }
    console.log(`CLI peak RSS — ${measured.join('; ')}`);
  }, 180_000);
});
