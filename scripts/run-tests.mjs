#!/usr/bin/env node
// `npm test`: build, type-check, format and lint checks, unit tests (Vitest, Node, real DuckDB-WASM) and browser tests
// (Playwright, real Chromium), then one summary line "N passed, N failed" over every runner.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const results = [];
const run = (name, command, args) => {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const status = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC', FORCE_COLOR: '0' },
  }).status;
  console.log(`=== ${name}: exit ${status} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return status;
};
const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

fs.rmSync('test-results', { recursive: true, force: true });
fs.mkdirSync('test-results', { recursive: true });

const built = run('build', 'npm', ['run', 'build']) === 0;
results.push({ name: 'build', passed: built ? 1 : 0, failed: built ? 0 : 1 });

const typed = run('typecheck', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings']) === 0;
results.push({ name: 'typecheck', passed: typed ? 1 : 0, failed: typed ? 0 : 1 });

const formatted = run('format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']) === 0;
results.push({ name: 'format (prettier)', passed: formatted ? 1 : 0, failed: formatted ? 0 : 1 });

const linted = run('lint', 'npx', ['eslint', '--max-warnings', '0', '.']) === 0;
results.push({ name: 'lint (eslint)', passed: linted ? 1 : 0, failed: linted ? 0 : 1 });

const unitStatus = run('unit', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=test-results/unit.json',
]);
const unit = readJson('test-results/unit.json');
results.push(
  unit
    ? {
        name: 'unit',
        passed: unit.numPassedTests,
        failed: unit.numFailedTests + (unitStatus !== 0 && unit.numFailedTests === 0 ? 1 : 0),
      }
    : { name: 'unit', passed: 0, failed: 1 },
);

if (built) {
  const e2eStatus = run('e2e', 'npx', ['playwright', 'test']);
  const e2e = readJson('test-results/e2e.json');
  results.push(
    e2e
      ? {
          name: 'e2e',
          passed: e2e.stats.expected + e2e.stats.flaky,
          failed: e2e.stats.unexpected + (e2eStatus !== 0 && e2e.stats.unexpected === 0 ? 1 : 0),
        }
      : { name: 'e2e', passed: 0, failed: 1 },
  );
} else {
  results.push({ name: 'e2e (not run: build failed)', passed: 0, failed: 1 });
}

console.log('');
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
