#!/usr/bin/env node
// `npm start`: install when needed, build (demo database + app), serve on http://127.0.0.1:5173/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const step = (command, args) => {
  const status = spawnSync(command, args, { stdio: 'inherit' }).status;
  if (status !== 0) process.exit(status ?? 1);
};
if (!fs.existsSync('node_modules/.package-lock.json')) step('npm', ['ci', '--no-audit', '--no-fund']);
step('npm', ['run', 'build']);
step('node', [
  'scripts/serve.mjs',
  'dist',
  '--port',
  process.env.PORT ?? '5173',
  '--host',
  process.env.HOST ?? '127.0.0.1',
]);
