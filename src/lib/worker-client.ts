// The only place the app creates its worker. Everything else asks this client by name.
import * as Comlink from 'comlink';
import type { WorkerApi } from '../worker/worker.ts';
import type { LoadProgress, WorkerError } from './model/api.ts';
import { SourceError } from './sources/errors.ts';

type Remote = Comlink.Remote<WorkerApi>;

export interface EngineClient {
  remote: Remote;
  call<T>(work: (remote: Remote) => Promise<T>): Promise<T>;
  progress<T = LoadProgress>(fn: (p: T) => void): (p: T) => void;
}

export function createEngineClient(): EngineClient {
  const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<WorkerApi>(worker);
  return {
    remote,
    async call(work) {
      try {
        return await work(remote);
      } catch (error) {
        const e = error as WorkerError;
        // The worker's error, rebuilt on this side of Comlink with its message and hint.
        throw new SourceError(e?.message ?? String(error), e?.hint ?? '');
      }
    },
    progress: <T>(fn: (p: T) => void) => Comlink.proxy(fn),
  };
}
