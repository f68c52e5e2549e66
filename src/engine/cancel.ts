// The page's Cancel: every download started for an import listens to the current signal; cancelling aborts them all
// and starts a new signal for what comes next. Data already loaded is not touched (a failed load drops only what
// it created).
import { SourceError } from '../lib/sources/errors.ts';

let current = new AbortController();

export function importSignal(): AbortSignal {
  return current.signal;
}

export function cancelImports(): void {
  current.abort();
  current = new AbortController();
}

export class ImportCancelled extends SourceError {
  constructor(what: string) {
    super(`Cancelled: ${what} was not opened.`, 'Data opened before stays loaded.');
  }
}

export class QueryCancelled extends SourceError {
  constructor() {
    super('Cancelled: the query was stopped.', 'Data opened before stays loaded.');
  }
}

/** Throw when `signal` (taken when the import started) has been cancelled since. */
export function throwIfCancelled(signal: AbortSignal, what: string): void {
  if (signal.aborted) throw new ImportCancelled(what);
}
