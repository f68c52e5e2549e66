// Entry of a detector worker thread: Node 20 does not give worker threads the TypeScript loader the CLI registered,
// so the worker registers tsx itself before it loads detect-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./detect-worker.ts');
