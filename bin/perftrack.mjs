#!/usr/bin/env node
// The perftrack command line: the built JavaScript in dist-cli/ (npm run build) when it is there and newer than every
// source file; else the TypeScript sources through tsx, so a clone works before its first build and an edit is never
// run stale. PERFTRACK_CLI=built or =source chooses. Either way the CLI and the page share one engine.
import fs from 'node:fs';

const bundle = new URL('../dist-cli/main.mjs', import.meta.url);
const sources = new URL('../src/', import.meta.url);

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const url = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(url) : fs.statSync(url).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return fs.statSync(bundle).mtimeMs >= newestSource(sources);
  } catch {
    return false;
  }
}

const choice = process.env.PERFTRACK_CLI;
let main;
if (choice === 'built' || (choice !== 'source' && bundleIsFresh())) ({ main } = await import(bundle.href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2), undefined, undefined, { exiting: true });
