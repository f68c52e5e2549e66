// Test helper: runs a composite GitHub Action's steps the way the runner does. Each step's `env:` values have their
// `${{ }}` expressions evaluated (inputs, github, env, steps.<id>.outputs), its `run:` goes to
// `bash --noprofile --norc -eo pipefail` in the workspace with the variables GitHub sets, its GITHUB_OUTPUT file is
// read back as the step's outputs, and the job stops at the first failing step. Only what action.yml uses is
// supported: a step with `uses:`, `if:` or another shell is refused, as is any other expression.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
  if?: string;
}

export interface ActionDefinition {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepResult {
  name: string;
  id: string | undefined;
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** How long the step took (for reports; never asserted). */
  ms: number;
}

export interface ActionRun {
  steps: StepResult[];
  /** The first failing step's exit code, else 0. */
  code: number;
  /** The action's outputs, evaluated from its steps' outputs. */
  outputs: Record<string, string>;
  /** Every step's GITHUB_STEP_SUMMARY, in order. */
  summary: string;
  /** Every step's stdout and stderr, in order. */
  log: string;
}

export interface RunActionOptions {
  /** The folder holding action.yml (GITHUB_ACTION_PATH). */
  actionPath: string;
  /** The `with:` values. */
  inputs: Record<string, string>;
  /** The `github` context: token, event_name, sha, ref, … and event (the payload). */
  github: Record<string, unknown> & { event: unknown };
  /** The variables the runner sets for every step (GITHUB_*, RUNNER_*), and the job's own env. */
  env: Record<string, string>;
  /** A temporary folder for the step files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). */
  temp: string;
}

export function loadAction(file: string): ActionDefinition {
  const action = parse(fs.readFileSync(file, 'utf8')) as ActionDefinition;
  if (action.runs?.using !== 'composite') throw new Error(`${file} is not a composite action`);
  return action;
}

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;

/** `text` with each `${{ path }}` replaced by its value in `contexts` (missing values are empty, as on GitHub). */
export function evaluate(text: string, contexts: Record<string, unknown>): string {
  return text.replace(EXPRESSION, (_, expression: string) => {
    if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(expression))
      throw new Error(`unsupported expression: \${{ ${expression} }}`);
    const [root, ...keys] = expression.split('.');
    if (!(root in contexts)) throw new Error(`unknown context in \${{ ${expression} }}`);
    let value: unknown = contexts[root];
    for (const key of keys)
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** The outputs a step wrote: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]);
      if (i >= lines.length) throw new Error(`output ${heredoc[1]}: no closing ${heredoc[2]}`);
      outputs[heredoc[1]] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`malformed output line: ${line}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

function runBash(
  script: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

/** Runs action.yml's steps in order; stops at the first that fails, as a job does. */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const action = loadAction(path.join(options.actionPath, 'action.yml'));
  const github = { ...options.github };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    const given = options.inputs[name];
    if (given === undefined && spec.required) throw new Error(`input ${name} is required`);
    inputs[name] = given ?? evaluate(spec.default ?? '', { github });
  }
  for (const name of Object.keys(options.inputs))
    if (!(name in inputs)) throw new Error(`action.yml has no input ${name}`);

  const steps: StepResult[] = [];
  const stepOutputs: Record<string, { outputs: Record<string, string> }> = {};
  const workspace = options.env.GITHUB_WORKSPACE;
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.uses || step.if || step.shell !== 'bash' || !step.run)
      throw new Error(`step ${index + 1}: only bash run: steps without if: are supported`);
    const dir = fs.mkdtempSync(path.join(options.temp, `step${index + 1}-`));
    const files = {
      GITHUB_OUTPUT: path.join(dir, 'output'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
      GITHUB_ENV: path.join(dir, 'env'),
      GITHUB_PATH: path.join(dir, 'path'),
    };
    for (const file of Object.values(files)) fs.writeFileSync(file, '');
    const contexts = { inputs, github, env: options.env, steps: stepOutputs };
    const env: Record<string, string> = { ...options.env, ...files, GITHUB_ACTION_PATH: options.actionPath };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = evaluate(String(value), contexts);
    const script = path.join(dir, 'script.sh');
    fs.writeFileSync(script, step.run);
    const start = performance.now();
    const result = await runBash(script, env, workspace);
    const ms = performance.now() - start;
    const outputs = parseOutputFile(fs.readFileSync(files.GITHUB_OUTPUT, 'utf8'));
    if (step.id) stepOutputs[step.id] = { outputs };
    steps.push({
      name: step.name ?? `step ${index + 1}`,
      id: step.id,
      ...result,
      outputs,
      summary: fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      ms,
    });
    if (result.code !== 0) {
      code = result.code;
      break;
    }
  }
  const outputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.outputs ?? {}))
    outputs[name] = evaluate(spec.value, { steps: stepOutputs });
  return {
    steps,
    code,
    outputs,
    summary: steps.map((s) => s.summary).join(''),
    log: steps.map((s) => `## ${s.name} (exit ${s.code}, ${Math.round(s.ms)} ms)\n${s.stdout}${s.stderr}`).join('\n'),
  };
}
