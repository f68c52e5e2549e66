#!/usr/bin/env node
// The perftrack command line. TypeScript sources run through tsx, so the CLI and the page share one engine.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), undefined, undefined, { exiting: true });
