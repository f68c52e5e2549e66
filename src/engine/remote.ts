// Fetching a remote file: one probing range request tells whether the server supports ranges;
// failures become messages that say what to do (404, CORS, unreachable, empty). Every request, from its start to
// the last byte of its body, is given up on when nothing arrives for `stallMs`, or when any `windowMs` of it brings
// less than `minRate` on average (a server that trickles); the page's Cancel (cancel.ts) aborts every request under
// way.
import { SourceError } from '../lib/sources/errors.ts';
import { formatBytes } from '../lib/format/format.ts';
import type { ByteSource } from './parquet.ts';
import type { ProgressFn } from '../lib/model/api.ts';
import { ImportCancelled, importSignal } from './cancel.ts';

export interface DownloadLimits {
  /** Nothing at all (no answer, no byte) for this long stops a request. */
  stallMs: number;
  /** The slowest average, in bytes per second, a request may keep over any `windowMs` from its start on. */
  minRate: number;
  windowMs: number;
}

/** 16 KiB/s is about the real throughput of a 2G (EDGE) link and a third of Chrome's "Slow 3G": a file of any size
 *  completes on a slow but working link, while a trickle is stopped 30 s after it starts (a small file that has not
 *  arrived in 30 s is stopped then). */
export const DOWNLOAD_LIMITS: DownloadLimits = { stallMs: 15_000, minRate: 16 * 1024, windowMs: 30_000 };

/** The limits in force. The browser tests shorten them by setting `perftrackDownloadLimits` on the worker's global
 *  scope, which only code running in the worker can reach. */
export function downloadLimits(): DownloadLimits {
  const set = (globalThis as { perftrackDownloadLimits?: Partial<DownloadLimits> }).perftrackDownloadLimits;
  return { ...DOWNLOAD_LIMITS, ...set };
}

export interface FetchLimits extends DownloadLimits {
  signal: AbortSignal;
}

export interface RemoteFile {
  url: string;
  size: number | null;
  rangeRequests: boolean;
  /** Bytes received so far, over every request made through this object. */
  bytesRead(): number;
  read(start: number, end: number): Promise<Uint8Array>;
  readAll(onProgress: ProgressFn): Promise<Uint8Array>;
  source(): ByteSource;
}

const PROBE_BYTES = 65536;

/** Open a remote file with one probing request: its first 64 KB, or — for a Parquet footer — its last
 *  `tailBytes` (a suffix range). The response says whether the server honours ranges and how big the file is. */
export async function openRemote(
  url: string,
  onProgress: ProgressFn,
  tailBytes?: number,
  given: Partial<FetchLimits> = {},
): Promise<RemoteFile> {
  // Each request listens to the Cancel current when it starts: a file opened before a Cancel (a published
  // history's partition) still reads the parts later views need.
  const current = (): FetchLimits => limitsOf(given);
  const limits = current();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceError(`"${url}" is not a URL.`, 'Paste a full address starting with https:// or http://.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new SourceError(`Only http and https URLs can be opened (got ${parsed.protocol}).`);

  let received = 0;
  /** The bytes the probe brought, and where in the file they start. */
  const { response, bytes: probe } = await get(
    url,
    { Range: tailBytes ? `bytes=-${tailBytes}` : `bytes=0-${PROBE_BYTES - 1}` },
    limits,
    (answer) => (answer.status === 206 ? () => {} : onProgress),
  );
  received += probe.length;
  let whole: Uint8Array | null = null;
  let probeStart = 0;
  let size: number | null = null;
  const rangeRequests = response.status === 206;
  if (rangeRequests) {
    const range = /(\d+)-(\d+)\/(\d+)\s*$/.exec(response.headers.get('Content-Range') ?? '');
    size = range ? Number(range[3]) : await headSize(url, limits);
    if (size === null && probe.length < PROBE_BYTES && !tailBytes) size = probe.length;
    probeStart = range ? Number(range[1]) : tailBytes && size !== null ? size - probe.length : 0;
  } else {
    whole = probe;
    size = whole.length;
  }
  if (size === 0 || probe.length === 0) throw new SourceError(`${url} is empty (the server sent 0 bytes).`);

  const read = async (start: number, end: number): Promise<Uint8Array> => {
    if (whole) return whole.subarray(start, end);
    if (start >= probeStart && end <= probeStart + probe.length)
      return probe.subarray(start - probeStart, end - probeStart);
    const part = await get(url, { Range: `bytes=${start}-${end - 1}` }, current());
    received += part.bytes.length;
    return part.response.status === 206 ? part.bytes : part.bytes.subarray(start, end);
  };
  return {
    url,
    size,
    rangeRequests,
    bytesRead: () => received,
    read,
    async readAll(progress) {
      if (whole) return whole;
      if (size !== null && probeStart === 0 && probe.length >= size) return probe.subarray(0, size);
      whole = (await get(url, {}, current(), () => progress)).bytes;
      received += whole.length;
      return whole;
    },
    source: () => ({ size: size ?? 0, read }),
  };
}

/** A small text file (JSON) in one plain request, so hosts can send it compressed. */
export async function fetchText(url: string, given: Partial<FetchLimits> = {}): Promise<string> {
  return new TextDecoder().decode((await get(url, {}, limitsOf(given))).bytes);
}

function limitsOf(given: Partial<FetchLimits>): FetchLimits {
  return { ...downloadLimits(), ...given, signal: given.signal ?? importSignal() };
}

/** Watches one request: aborts it on Cancel, when nothing arrives for `stallMs`, or when a window of `windowMs`
 *  brings less than `minRate`; `received(total)` on every piece of the body. */
function watchdog(url: string, limits: FetchLimits) {
  const stopped = new AbortController();
  let fired: SourceError | null = null;
  const fire = (error: () => SourceError) => () => ((fired = error()), stopped.abort());
  /** The bytes every window must bring. */
  const need = (limits.minRate * limits.windowMs) / 1000;
  /** When the body had how many bytes: the first mark is the earliest that is less than `need` before the total,
   *  so if nothing more arrives, the window that starts there is the first to fall short. */
  const marks = [{ at: Date.now(), loaded: 0 }];
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  let rateTimer: ReturnType<typeof setTimeout> | undefined;
  const received = (loaded: number) => {
    clearTimeout(stallTimer);
    clearTimeout(rateTimer);
    stallTimer = setTimeout(
      fire(() => stalled(url, limits)),
      limits.stallMs,
    );
    if (loaded > marks.at(-1)!.loaded) marks.push({ at: Date.now(), loaded });
    while (marks[0].loaded <= loaded - need) marks.shift();
    rateTimer = setTimeout(
      fire(() => tooSlow(url, limits, loaded - marks[0].loaded)),
      marks[0].at + limits.windowMs - Date.now(),
    );
  };
  received(0);
  return {
    signal: AbortSignal.any([limits.signal, stopped.signal]),
    received,
    stop: () => (clearTimeout(stallTimer), clearTimeout(rateTimer)),
    /** The error to report when a fetch or read failed: cancelled, stalled, too slow, or null (another failure). */
    reason: (): SourceError | null => (limits.signal.aborted ? new ImportCancelled(url) : fired),
  };
}

function stalled(url: string, limits: DownloadLimits): SourceError {
  return new SourceError(
    `${url} sent nothing for ${duration(limits.stallMs)}; the download was stopped.`,
    'The server may be overloaded or the connection lost. Try again later, or download the file and drop it here.',
  );
}

function tooSlow(url: string, limits: DownloadLimits, bytes: number): SourceError {
  const rate = `${formatBytes(limits.minRate)}/s`;
  return new SourceError(
    `${url} sent only ${formatBytes(bytes)} in the last ${duration(limits.windowMs)}, below the ${rate} a download must keep up; the download was stopped.`,
    `The server or the connection is too slow to open the file from here (a download must bring ${formatBytes((limits.minRate * limits.windowMs) / 1000)} every ${duration(limits.windowMs)}). Try again later, or download the file and drop it here.`,
  );
}

/** A wait as the messages say it: "15 s", "400 ms". */
export function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** One GET, watched from the request to the last byte of its body; `progress` is chosen once the answer is in. */
async function get(
  url: string,
  headers: Record<string, string>,
  limits: FetchLimits,
  progress: (response: Response) => ProgressFn = () => () => {},
): Promise<{ response: Response; bytes: Uint8Array }> {
  const guard = watchdog(url, limits);
  try {
    const response = await request(url, headers, limits, guard);
    return { response, bytes: await readBody(response, progress(response), guard) };
  } finally {
    guard.stop();
  }
}

async function request(
  url: string,
  headers: Record<string, string>,
  limits: FetchLimits,
  guard: Watchdog,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers, cache: 'no-store', signal: guard.signal });
  } catch (error) {
    throw guard.reason() ?? (await networkFailure(url, error, limits));
  }
  if (response.status === 404 || response.status === 410) {
    throw new SourceError(
      `${url} was not found (HTTP ${response.status}).`,
      'Check the address; the file may have moved or been deleted.',
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new SourceError(
      `${url} refused access (HTTP ${response.status}).`,
      'The file is private. Make it public, or download it and drop it here.',
    );
  }
  if (!response.ok)
    throw new SourceError(
      `${url} answered HTTP ${response.status} ${response.statusText}.`,
      'Try again later, or download the file and drop it here.',
    );
  return response;
}

async function networkFailure(url: string, error: unknown, limits: FetchLimits): Promise<SourceError> {
  // A no-cors request succeeds (opaque) when the server is up but does not allow cross-origin reads.
  let reachable = false;
  if (typeof window !== 'undefined' || typeof WorkerGlobalScope !== 'undefined') {
    try {
      await fetch(url, {
        mode: 'no-cors',
        cache: 'no-store',
        signal: AbortSignal.any([limits.signal, AbortSignal.timeout(limits.stallMs)]),
      });
      reachable = true;
    } catch {
      reachable = false;
    }
  }
  if (reachable) {
    return new SourceError(
      `${url} is online but does not allow this page to read it (no CORS header).`,
      'Ask the host to send "Access-Control-Allow-Origin" (and to allow the Range header), host the file next to this page, or download it and drop it here.',
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SourceError(
    `${url} could not be reached (${reason}).`,
    'Check the address and your connection; if the server is up, it may be refusing cross-origin requests (CORS).',
  );
}

async function headSize(url: string, limits: FetchLimits): Promise<number | null> {
  const guard = watchdog(url, limits);
  try {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store', signal: guard.signal });
    const length = response.headers.get('Content-Length');
    return length ? Number(length) : null;
  } catch {
    if (limits.signal.aborted) throw new ImportCancelled(url);
    return null;
  } finally {
    guard.stop();
  }
}

type Watchdog = ReturnType<typeof watchdog>;

/** The body, with progress; stops with the watchdog's error when it fires or on Cancel. */
async function readBody(response: Response, onProgress: ProgressFn, guard: Watchdog): Promise<Uint8Array> {
  const total = Number(response.headers.get('Content-Length') ?? 0) || null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const abandon = () => void reader.cancel().catch(() => undefined);
  guard.signal.addEventListener('abort', abandon);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (guard.signal.aborted) throw guard.reason();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      guard.received(loaded);
      onProgress({ stage: 'Downloading', fraction: total ? loaded / total : null, bytes: loaded });
    }
  } catch (error) {
    throw guard.reason() ?? error;
  } finally {
    guard.signal.removeEventListener('abort', abandon);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) (bytes.set(chunk, offset), (offset += chunk.length));
  return bytes;
}

declare const WorkerGlobalScope: unknown;
