// DuckDB's own HTTP reads. DuckDB-WASM reads a remote database with synchronous XMLHttpRequests from inside its
// worker, which nothing outside that worker can abort, and which have no timeout of their own. The page starts
// DuckDB's worker through a small script (boundedHttpWorkerUrl) that gives each of those requests a timeout, fails
// the requests that follow a stalled or cancelled one until the query has ended, and reports every request (URL,
// bytes) to the app worker. HttpReads, on the app worker's side, turns those reports into progress for the page
// and a failed query into a message that names the host and says what to do.
import type { RemoteReadStatus } from '../../lib/model/api.ts';
import { SourceError } from '../../lib/sources/errors.ts';
import { ImportCancelled } from '../cancel.ts';

/** Sent by the script in DuckDB's worker, one per request and stage. */
export interface HttpReadEvent {
  /** `refused`: failed at once, because an earlier request of the query stalled (`reason` stalled) or the app
   *  cancelled it (`reason` cancelled). */
  perftrackHttp: {
    url: string;
    stage: 'start' | 'done' | 'failed' | 'stalled' | 'refused';
    bytes: number;
    reason?: 'stalled' | 'cancelled';
  };
}

/** Sent to the script in DuckDB's worker: fail the requests of the query under way, or resume normal reads. */
export type HttpControl = { perftrackHttpControl: 'cancel' | 'resume' };

/**
 * Runs first in DuckDB's worker (serialised as text: it may use nothing from outside its own body). Patches
 * XMLHttpRequest so that every synchronous request DuckDB makes has a timeout; reports each request; and, once a
 * request has stalled or the app asked to cancel, fails every request at once until the app says "resume".
 */
function installBoundedHttp(timeoutMs: number): void {
  const scope = self as unknown as {
    postMessage(m: unknown): void;
    addEventListener(t: string, f: (e: MessageEvent) => void): void;
  };
  let tripped: 'stalled' | 'cancelled' | null = null;
  scope.addEventListener('message', (event: MessageEvent) => {
    const control = (event.data as { perftrackHttpControl?: string } | null)?.perftrackHttpControl;
    if (!control) return;
    event.stopImmediatePropagation();
    if (control === 'cancel') tripped = 'cancelled';
    if (control === 'resume') tripped = null;
  });
  const proto = XMLHttpRequest.prototype as XMLHttpRequest & { perftrackUrl?: string; perftrackSync?: boolean };
  const open = proto.open as (this: XMLHttpRequest, ...args: unknown[]) => void;
  const send = proto.send;
  proto.open = function (this: typeof proto, ...args: unknown[]) {
    this.perftrackUrl = String(args[1]);
    this.perftrackSync = args[2] === false;
    open.apply(this, args);
  } as typeof proto.open;
  proto.send = function (this: typeof proto, body?: XMLHttpRequestBodyInit | null) {
    if (!this.perftrackSync) return send.call(this, body);
    const url = this.perftrackUrl ?? '';
    const report = (stage: string, bytes = 0) =>
      scope.postMessage({ perftrackHttp: { url, stage, bytes, reason: tripped } });
    if (tripped) {
      report('refused');
      throw new Error(
        `perftrack: ${tripped === 'cancelled' ? 'cancelled' : `no answer within ${timeoutMs} ms`} (${url})`,
      );
    }
    this.timeout = timeoutMs;
    report('start');
    try {
      send.call(this, body);
    } catch (error) {
      if ((error as Error)?.name === 'TimeoutError') {
        tripped = 'stalled';
        report('stalled');
        throw new Error(`perftrack: no answer within ${timeoutMs} ms (${url})`, { cause: error });
      }
      report('failed');
      throw error;
    }
    const response = this.response as ArrayBuffer | string | null;
    report(
      'done',
      response instanceof ArrayBuffer ? response.byteLength : typeof response === 'string' ? response.length : 0,
    );
  } as typeof proto.send;
}

/** A script URL that starts DuckDB's worker (`workerUrl`, absolute) with bounded HTTP reads. */
export function boundedHttpWorkerUrl(workerUrl: string, timeoutMs: number): string {
  const script = `(${installBoundedHttp.toString()})(${JSON.stringify(timeoutMs)});\nimportScripts(${JSON.stringify(workerUrl)});\n`;
  return URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
}

/** Accumulates the reports of DuckDB's worker during one query at a time; the page sees them through `onStatus`. */
export class HttpReads {
  private bytes = 0;
  private open = 0;
  private last: { url: string; outcome: 'stalled' | 'cancelled' } | null = null;
  private lastUrl = '';
  private reported = 0;
  private cancelled = false;
  private shown = false;
  private trailing: ReturnType<typeof setTimeout> | undefined;
  onStatus: (status: RemoteReadStatus | null) => void = () => {};

  constructor(
    private readonly post: (message: HttpControl) => void,
    readonly timeoutMs: number,
  ) {}

  /** A message from DuckDB's worker; true when it was one of ours (the caller then keeps it from DuckDB's client). */
  receive(data: unknown): boolean {
    const event = (data as Partial<HttpReadEvent> | null)?.perftrackHttp;
    if (!event) return false;
    this.lastUrl = event.url;
    if (event.stage === 'start') this.open++;
    else if (event.stage !== 'refused') this.open = Math.max(0, this.open - 1);
    if (event.stage === 'done') this.bytes += event.bytes;
    if (event.stage === 'stalled') this.last ??= { url: event.url, outcome: 'stalled' };
    if (event.stage === 'refused') this.last ??= { url: event.url, outcome: event.reason ?? 'stalled' };
    this.report(event.stage === 'stalled' || event.stage === 'refused');
    return true;
  }

  /** Run one query; a failure caused by a stalled or cancelled read becomes a message naming the host. */
  async run<T>(query: () => Promise<T>): Promise<T> {
    this.bytes = 0;
    this.open = 0;
    this.last = null;
    try {
      return await query();
    } catch (error) {
      throw this.explain() ?? error;
    } finally {
      // DuckDB's worker reads messages in order: this one arrives after the query has ended.
      const last = this.last as { outcome: string } | null;
      if (last?.outcome === 'stalled' && !this.cancelled) this.post({ perftrackHttpControl: 'resume' });
      this.clearTrailing();
      if (this.shown) this.onStatus(null);
      this.shown = false;
    }
  }

  /** The page's Cancel: DuckDB's worker refuses every remote read from the moment it sees this (between two steps
   *  of a query, or when the statement under way ends; a request already waiting ends at its timeout) until
   *  `resume`, which the caller sends when the work under way at the Cancel has ended. */
  cancel(): void {
    this.cancelled = true;
    this.post({ perftrackHttpControl: 'cancel' });
  }

  resume(): void {
    this.cancelled = false;
    this.post({ perftrackHttpControl: 'resume' });
  }

  private explain(): SourceError | null {
    if (!this.last) return null;
    const { url, outcome } = this.last;
    if (outcome === 'cancelled') return new ImportCancelled(url);
    return stalledReadError(url, this.timeoutMs);
  }

  /** At most ten reports a second (the last one of a burst is sent at the end of its tenth of a second), and every
   *  stall or refusal at once. */
  private report(now: boolean): void {
    const wait = this.reported + 100 - Date.now();
    if (!now && wait > 0) {
      this.trailing ??= setTimeout(() => this.report(true), wait);
      return;
    }
    this.clearTrailing();
    this.reported = Date.now();
    this.shown = true;
    this.onStatus({ host: hostOf(this.lastUrl), url: this.lastUrl, bytes: this.bytes, active: this.open > 0 });
  }

  private clearTrailing(): void {
    clearTimeout(this.trailing);
    this.trailing = undefined;
  }
}

/** The message for a range read that got no answer in time. */
export function stalledReadError(url: string, timeoutMs: number): SourceError {
  const seconds = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
  return new SourceError(
    `${hostOf(url)} did not answer for ${seconds} while DuckDB was reading ${url}; the query was stopped. Data already open stays loaded.`,
    'The server may be overloaded or the connection lost. Try again later, or download the file and open it from disk.',
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
