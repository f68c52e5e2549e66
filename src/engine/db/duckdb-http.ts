// DuckDB's own HTTP reads. DuckDB-WASM reads a remote database with synchronous XMLHttpRequests from inside its
// worker, which nothing outside that worker can abort or watch while they run, and which have no timeout of their
// own. The page starts DuckDB's worker through a small script (boundedHttpWorkerUrl) that gives each of those
// requests a deadline (readDeadline: the stall limit, or the time its range takes at the minimum rate of downloads),
// fails the requests that follow a late or cancelled one until the query has ended, and reports every request (URL,
// bytes) to the app worker. HttpReads, on the app worker's side, turns those reports into progress for the page
// and a failed query into a message that names the host, the rule and what to do.
import type { RemoteReadStatus } from '../../lib/model/api.ts';
import { formatBytes } from '../../lib/format/format.ts';
import { SourceError } from '../../lib/sources/errors.ts';
import { ImportCancelled } from '../cancel.ts';
import { duration, type DownloadLimits } from '../remote.ts';

/** What bounds DuckDB's reads: a synchronous request can only be given a timeout, so no window of its own. */
export type ReadLimits = Pick<DownloadLimits, 'stallMs' | 'minRate'>;

/** A read's timeout: the bytes its range asks for, and `minRate` when their time at that rate set the timeout. */
export interface ReadDeadline {
  wanted: number;
  ms: number;
  minRate: number | null;
}

/** The stall limit, or the time the range takes at `minRate` when longer (a HEAD or an open range: the stall
 *  limit). Runs alone in DuckDB's worker too (serialised as text: it may use nothing from outside its body). */
export function readDeadline(range: string | null, limits: ReadLimits): ReadDeadline {
  const bounds = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
  const wanted = bounds ? Number(bounds[2]) - Number(bounds[1]) + 1 : 0;
  const atRate = Math.ceil((wanted / limits.minRate) * 1000);
  return atRate > limits.stallMs
    ? { wanted, ms: atRate, minRate: limits.minRate }
    : { wanted, ms: limits.stallMs, minRate: null };
}

/** Sent by the script in DuckDB's worker, one per request and stage. */
export interface HttpReadEvent {
  /** `stalled`: past its deadline. `refused`: failed at once, because an earlier request of the query was past its
   *  deadline (`reason` stalled; `deadline` is that request's) or the app cancelled it (`reason` cancelled). */
  perftrackHttp: {
    url: string;
    stage: 'start' | 'done' | 'failed' | 'stalled' | 'refused';
    bytes: number;
    reason?: 'stalled' | 'cancelled' | null;
    deadline?: ReadDeadline;
  };
}

/** Sent to the script in DuckDB's worker: fail the requests of the query under way, resume normal reads, or use
 *  other limits from now on. */
export type HttpControl =
  { perftrackHttpControl: 'cancel' | 'resume' } | { perftrackHttpControl: 'limits'; limits: ReadLimits };

/**
 * Runs first in DuckDB's worker (serialised as text: it may use nothing from outside its own body). Patches
 * XMLHttpRequest so that every synchronous request DuckDB makes has a deadline (`deadlineOf`, readDeadline);
 * reports each request; and, once a request is past its deadline or the app asked to cancel, fails every request
 * at once until the app says "resume".
 */
function installBoundedHttp(initial: ReadLimits, deadlineOf: typeof readDeadline): void {
  const scope = self as unknown as {
    postMessage(m: unknown): void;
    addEventListener(t: string, f: (e: MessageEvent) => void): void;
  };
  let limits = initial;
  let tripped: 'stalled' | 'cancelled' | null = null;
  let missed: ReadDeadline | undefined;
  scope.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { perftrackHttpControl?: string; limits?: ReadLimits } | null;
    const control = data?.perftrackHttpControl;
    if (!control) return;
    event.stopImmediatePropagation();
    if (control === 'cancel') tripped = 'cancelled';
    if (control === 'resume') tripped = null;
    if (control === 'limits' && data.limits) limits = data.limits;
  });
  const proto = XMLHttpRequest.prototype as XMLHttpRequest & {
    perftrackUrl?: string;
    perftrackSync?: boolean;
    perftrackRange?: string;
  };
  const open = proto.open as (this: XMLHttpRequest, ...args: unknown[]) => void;
  const setHeader = proto.setRequestHeader;
  const send = proto.send;
  proto.open = function (this: typeof proto, ...args: unknown[]) {
    this.perftrackUrl = String(args[1]);
    this.perftrackSync = args[2] === false;
    this.perftrackRange = undefined;
    open.apply(this, args);
  } as typeof proto.open;
  proto.setRequestHeader = function (this: typeof proto, name: string, value: string) {
    if (name.toLowerCase() === 'range') this.perftrackRange = value;
    setHeader.call(this, name, value);
  };
  proto.send = function (this: typeof proto, body?: XMLHttpRequestBodyInit | null) {
    if (!this.perftrackSync) return send.call(this, body);
    const url = this.perftrackUrl ?? '';
    const report = (stage: string, bytes = 0, deadline?: ReadDeadline) =>
      scope.postMessage({ perftrackHttp: { url, stage, bytes, reason: tripped, deadline } });
    if (tripped) {
      report('refused', 0, tripped === 'stalled' ? missed : undefined);
      throw new Error(`perftrack: ${tripped === 'cancelled' ? 'cancelled' : 'an earlier read was too late'} (${url})`);
    }
    const deadline = deadlineOf(this.perftrackRange ?? null, limits);
    this.timeout = deadline.ms;
    report('start');
    try {
      send.call(this, body);
    } catch (error) {
      if ((error as Error)?.name === 'TimeoutError') {
        tripped = 'stalled';
        missed = deadline;
        report('stalled', 0, deadline);
        throw new Error(`perftrack: no answer within ${deadline.ms} ms (${url})`, { cause: error });
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
export function boundedHttpWorkerUrl(workerUrl: string, limits: ReadLimits): string {
  const script = `(${installBoundedHttp.toString()})(${JSON.stringify(limits)}, ${readDeadline.toString()});\nimportScripts(${JSON.stringify(workerUrl)});\n`;
  return URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
}

/** Accumulates the reports of DuckDB's worker during one query at a time; the page sees them through `onStatus`. */
export class HttpReads {
  private bytes = 0;
  private open = 0;
  private last: { url: string; outcome: 'stalled' | 'cancelled'; deadline?: ReadDeadline } | null = null;
  private lastUrl = '';
  private reported = 0;
  private cancelled = false;
  private shown = false;
  private trailing: ReturnType<typeof setTimeout> | undefined;
  onStatus: (status: RemoteReadStatus | null) => void = () => {};
  /** The limits DuckDB's worker holds (it starts with those in force when this is made). */
  private limitsSent: string;

  constructor(
    private readonly post: (message: HttpControl) => void,
    private readonly limits: () => ReadLimits,
  ) {
    this.limitsSent = JSON.stringify(this.readLimits());
  }

  /** A message from DuckDB's worker; true when it was one of ours (the caller then keeps it from DuckDB's client). */
  receive(data: unknown): boolean {
    const event = (data as Partial<HttpReadEvent> | null)?.perftrackHttp;
    if (!event) return false;
    this.lastUrl = event.url;
    if (event.stage === 'start') this.open++;
    else if (event.stage !== 'refused') this.open = Math.max(0, this.open - 1);
    if (event.stage === 'done') this.bytes += event.bytes;
    if (event.stage === 'stalled') this.last ??= { url: event.url, outcome: 'stalled', deadline: event.deadline };
    if (event.stage === 'refused')
      this.last ??= { url: event.url, outcome: event.reason ?? 'stalled', deadline: event.deadline };
    this.report(event.stage === 'stalled' || event.stage === 'refused');
    return true;
  }

  /** Run one query; a failure caused by a stalled or cancelled read becomes a message naming the host. */
  async run<T>(query: () => Promise<T>): Promise<T> {
    const limits = this.readLimits();
    if (JSON.stringify(limits) !== this.limitsSent) this.post({ perftrackHttpControl: 'limits', limits });
    this.limitsSent = JSON.stringify(limits);
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
    const { url, outcome, deadline } = this.last;
    if (outcome === 'cancelled') return new ImportCancelled(url);
    return lateReadError(url, deadline ?? readDeadline(null, this.readLimits()));
  }

  private readLimits(): ReadLimits {
    const { stallMs, minRate } = this.limits();
    return { stallMs, minRate };
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

/** The message for a read that had not arrived by its deadline, naming the rule that set it. */
function lateReadError(url: string, { wanted, ms, minRate }: ReadDeadline): SourceError {
  const what = wanted ? `send the ${formatBytes(wanted)} DuckDB asked for` : 'answer';
  const rule = minRate ? ` (${formatBytes(minRate)}/s, the slowest rate a read may keep)` : '';
  return new SourceError(
    `${hostOf(url)} did not ${what} within ${duration(ms)}${rule} while DuckDB was reading ${url}; the query was stopped. Data already open stays loaded.`,
    minRate
      ? 'The server or the connection is too slow to read this database from here. Try again later, or download the file and open it from disk.'
      : 'The server may be overloaded or the connection lost. Try again later, or download the file and open it from disk.',
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
